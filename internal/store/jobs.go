package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
)

// Background jobs (申报书 renders) go through river, whose tables live in
// the same database as everything else: riversqlite on the embedded SQLite,
// over the one writer connection (river asks for one connection on
// SQLite, and sharing it keeps its fetches in line with the saves instead
// of spinning on SQLite's busy timeout), and riverpgxv5 on PostgreSQL over
// a pgxpool beside the database/sql pool (it needs pgx's own pool, and
// LISTEN/NOTIFY wakes the workers as soon as a job is in).

// JobClient is what Hatch uses of a river client, whichever engine's
// driver it runs on (river's client type depends on the driver's
// transaction type).
type JobClient interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	JobGet(ctx context.Context, id int64) (*rivertype.JobRow, error)
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	Stopped() <-chan struct{}
}

// jobPoolSize bounds the pgx connections river takes on PostgreSQL: a
// worker holds one only to fetch and to finish a job, never while it
// renders.
const jobPoolSize = 4

func openJobPool(url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = jobPoolSize
	return pgxpool.NewWithConfig(context.Background(), cfg) // connects on first use
}

// NewJobClient builds a river client on the store's database. A config
// without Queues makes a client that only inserts and reads jobs.
func (s *Store) NewJobClient(cfg *river.Config) (JobClient, error) {
	if s.jobs != nil {
		return river.NewClient(riverpgxv5.New(s.jobs), cfg)
	}
	return river.NewClient(riversqlite.New(s.w.DB), cfg)
}

// migrateJobs brings river's own tables up to date with its migrator.
func (s *Store) migrateJobs(ctx context.Context) error {
	var err error
	if s.jobs != nil {
		err = migrateRiver(ctx, riverpgxv5.New(s.jobs))
	} else {
		err = migrateRiver(ctx, riversqlite.New(s.w.DB))
	}
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	return nil
}

func migrateRiver[TTx any](ctx context.Context, d riverdriver.Driver[TTx]) error {
	m, err := rivermigrate.New(d, &rivermigrate.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

// JobsAhead counts the jobs of kind waiting to be worked that were queued
// before job id: its place in the queue, shown while it waits. It reads
// river's table directly, since river's client has no such count; the
// (state, queue, priority, scheduled_at, id) index keeps it cheap.
func (s *Store) JobsAhead(ctx context.Context, kind string, id int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM river_job
		WHERE state = 'available' AND kind = $1 AND id < $2`, kind, id).Scan(&n)
	return n, err
}
