package store

import "context"

// Startup runs fn while no other instance runs its own: for the data every
// instance makes sure of when it starts (the rounds, the demo seeded into
// an empty database), which two instances starting together on one
// PostgreSQL database would otherwise both make. On SQLite one process
// owns the database, and a mutex serialises its own callers.
func (s *Store) Startup(ctx context.Context, fn func() error) error {
	if s.dialect.lock == "" {
		s.startMu.Lock()
		defer s.startMu.Unlock()
		return fn()
	}
	return s.dialect.withLock(ctx, s.w.DB, lockStartup, fn)
}
