package store

import "context"

// MigrateTo applies the migrations up to version last, so that a test can
// write the data a later migration mends.
func (s *Store) MigrateTo(ctx context.Context, last int) error { return s.migrateTo(ctx, last) }

// Exec runs a statement as an older version of Hatch would have written
// it: the data a data migration exists for.
func (s *Store) Exec(ctx context.Context, query string, args ...any) error {
	return s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, query, args...)
		return err
	})
}
