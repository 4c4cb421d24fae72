package store

import (
	"context"
	"time"
)

// PoolStat is one connection pool's use at an instant, for the operators'
// metrics.
type PoolStat struct {
	Name         string // writer, reader (SQLite); main, jobs (PostgreSQL)
	MaxOpen      int
	InUse, Idle  int
	WaitCount    int64
	WaitDuration time.Duration
}

// PoolStats reads the pools' counters, which costs no query: SQLite's
// writer and readers, or PostgreSQL's pool and river's pgx pool beside it.
func (s *Store) PoolStats() []PoolStat {
	if s.jobs != nil {
		j := s.jobs.Stat()
		return []PoolStat{sqlStat("main", s.w), {Name: "jobs", MaxOpen: int(j.MaxConns()),
			InUse: int(j.AcquiredConns()), Idle: int(j.IdleConns()),
			WaitCount: j.EmptyAcquireCount(), WaitDuration: j.EmptyAcquireWaitTime()}}
	}
	return []PoolStat{sqlStat("writer", s.w), sqlStat("reader", s.r)}
}

func sqlStat(name string, p *pool) PoolStat {
	st := p.Stats()
	return PoolStat{Name: name, MaxOpen: st.MaxOpenConnections, InUse: st.InUse, Idle: st.Idle,
		WaitCount: st.WaitCount, WaitDuration: st.WaitDuration}
}

// JobsWaiting counts the jobs of a queue ready to run and not yet taken by
// a worker, from every process. Like JobsAhead it reads river's table,
// on its (state, queue, …) index.
func (s *Store) JobsWaiting(ctx context.Context, queue string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM river_job
		WHERE state = 'available' AND queue = $1`, queue).Scan(&n)
	return n, err
}
