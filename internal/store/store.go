// Package store keeps Hatch's data in SQL: embedded SQLite by default and
// PostgreSQL for scale-out. Every query is written once, in the subset both
// engines share, with $n placeholders; dialect.go holds the few differences.
// Each exported method is one transaction or one statement. It refuses
// with sentinels (errors.go) and leaves the wording to the service. Its
// files, by table:
//
//   - store.go, pool.go, dialect.go, migrate.go, errors.go: connections,
//     transactions and the reads they share, prepared statements, the
//     engines' differences, migrations, sentinels
//   - migrate_identifiers.go: the data step of migration 0008, which folds
//     the codes stored before to their canonical form
//   - users.go, orgs.go, sessions.go, security.go, certifications.go: accounts,
//     organisations, sessions and tokens, captchas and throttles, 实名认证
//   - carriers.go, departments.go, rounds.go: 载体, departments, 申报批次
//   - applications.go, rows.go, appfiles.go, attachments.go, versions.go: an
//     application, its sections, table rows, files and 申报书 versions
//   - review.go: the review log, remarks, notifications and the 工作台 query;
//     paper_register.go, quotas.go: the 纸质材料登记 and the 名额
//   - audit.go: the audit log and the outbox
//   - backup.go: the SQLite database copied while it is written, a copy
//     opened read-only, and whether a process has the database open
//   - limits.go: each account's use counts and leases, and its jobs not
//     yet finished, behind the per-account limits
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"hatch/internal/clock"
	"hatch/internal/domain"
)

// Store is the database. Writes go through w and reads through r: on SQLite
// these are two pools (one writer connection, several readers, so readers
// never wait behind the write lock); on PostgreSQL they are the same pool.
type Store struct {
	reads   // the reads a transaction shares, on the reader pool
	w, r    *pool
	jobs    *pgxpool.Pool // river's pool on PostgreSQL; nil on SQLite (jobs.go)
	batch   *batcher      // the SQLite writer's batches (batch.go); nil on PostgreSQL
	lanes   *batcher      // PostgreSQL's batches of saves (batch.go, lanes.go); nil on SQLite
	dialect dialect
	now     func() time.Time
	startMu sync.Mutex // Startup on SQLite, which one process owns
	// sessions read lately (session_cache.go)
	sessions sessionCache
}

// Options say where the data lives.
type Options struct {
	// URL is a postgres:// URL; empty means SQLite in Dir.
	URL string
	// Dir is the data directory holding hatch.db when URL is empty.
	Dir string
	// Now is the system's one clock, which the service reads through the
	// store so that what it checks and what it stamps agree; nil means
	// the machine's (clock.System).
	Now func() time.Time
}

// Open connects to the database described by opts. It does not migrate.
func Open(ctx context.Context, opts Options) (*Store, error) {
	now := opts.Now
	if now == nil {
		now = clock.System
	}
	var s *Store
	var err error
	if opts.URL != "" {
		s, err = openPostgres(opts.URL)
	} else {
		s, err = openSQLite(opts.Dir)
	}
	if err != nil {
		return nil, err
	}
	s.reads = reads{s.r}
	s.now = now
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return s, nil
}

func openPostgres(url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	jobs, err := openJobPool(url)
	if err != nil {
		db.Close()
		return nil, err
	}
	p := newPool(db)
	s := &Store{w: p, r: p, jobs: jobs, dialect: postgresDialect}
	s.lanes = newBatcher(s, true, appLanes)
	return s, nil
}

// sqlitePragmas: WAL lets readers run beside the writer; busy_timeout makes a
// second writer wait instead of failing; synchronous=NORMAL is safe in WAL
// (a power cut may lose the last commits, never corrupt the file) and makes
// each save about ten times cheaper than FULL.
const sqlitePragmas = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
	"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"

func openSQLite(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("no data directory given for SQLite")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// _txlock=immediate takes the write lock at BEGIN: a deferred transaction
	// that reads then writes fails with SQLITE_BUSY instead of waiting.
	w, err := sql.Open("sqlite", "file:"+path+"?"+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", "file:"+path+"?"+sqlitePragmas+"&mode=ro")
	if err != nil {
		w.Close()
		return nil, err
	}
	// Every reader stays open: the default keeps two idle, so under load
	// the others were closed after each query and opened again, paying the
	// pragmas, the schema's parse and every prepared statement each time.
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	s := &Store{w: newPool(w), r: newPool(r), dialect: sqliteDialect}
	s.batch = newBatcher(s, false, 1)
	return s, nil
}

// Close releases the connections; a closed store answers nothing, not
// even a session it read a moment ago.
func (s *Store) Close() error {
	s.sessions.changed()
	if s.batch != nil {
		s.batch.close()
	}
	if s.lanes != nil {
		s.lanes.close()
	}
	err := s.w.Close()
	if s.jobs != nil {
		s.jobs.Close()
	}
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.w.PingContext(ctx); err != nil {
		return err
	}
	return s.r.PingContext(ctx)
}

// Engine names the database engine, "sqlite" or "postgres".
func (s *Store) Engine() string { return s.dialect.name }

// Now is the store's clock, exposed so services stamp times consistently.
func (s *Store) Now() time.Time { return s.now() }

// Tx is a write transaction with one fixed time for everything it stamps.
type Tx struct {
	reads    // the same reads as the Store's, inside the transaction
	tx       *sql.Tx
	now      time.Time
	s        *Store
	detached bool // one of a batch: statements ignore the caller's cancellation
	// In a lane's batch (lanes.go): the statements this function sent, and
	// the application touches kept for one UPDATE at the end of the batch.
	inLane     bool
	statements int
	touches    []touch
}

// InTx runs fn in a write transaction, committing if it returns nil. On
// SQLite it may share the database transaction with others waiting at the
// same moment (batch.go); fn's work is committed, or not, as if alone.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	if s.batch != nil {
		return s.batch.run(ctx, fn, false)
	}
	r := &txReq{ctx: ctx, fn: fn}
	err := s.runAlone(r)
	if r.pnc != nil {
		panic(r.pnc)
	}
	return err
}

// InSaveTx is InTx for a short transaction that changes an application's
// data, such as a save, which ends with TouchApplication. Every save bumps
// the application's data_rev, so on PostgreSQL saves of one application
// would wait for each other's row lock: there they share batches in lanes
// (lanes.go), which send the batch's touches together just before COMMIT.
//
// fn may run more than once: when a batch is rolled back (lanes.go), each
// of its functions runs again in a transaction of its own. So fn must
// start from its arguments each time, never from what an earlier run left
// in the variables it shares with its caller.
func (s *Store) InSaveTx(ctx context.Context, fn func(tx *Tx) error) error {
	if s.lanes == nil {
		return s.batch.run(ctx, fn, true)
	}
	return s.lanes.run(ctx, fn, true)
}

// newTx makes tx (its flags set by the caller) a transaction of sqlTx,
// with the store's time of this moment and the shared reads.
func (s *Store) newTx(sqlTx *sql.Tx, tx *Tx) *Tx {
	tx.tx, tx.now, tx.s = sqlTx, s.now(), s
	tx.reads = reads{tx}
	return tx
}

// ctx is the context a statement of this transaction runs under.
func (tx *Tx) ctx(ctx context.Context) context.Context {
	if tx.detached {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// Now is the transaction's timestamp.
func (tx *Tx) Now() time.Time { return tx.now }

// stmt returns the write pool's prepared statement for q bound to this
// transaction, or nil when it is not prepared yet. It must not prepare it
// through the pool: on SQLite the pool's one connection is the one this
// transaction holds, so that would wait forever. Instead the statement runs
// unprepared this once, and the cache is warmed when the connection is free.
func (tx *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	ctx = tx.ctx(ctx)
	if st, ok := tx.s.w.stmts.Load(q); ok {
		return tx.tx.StmtContext(ctx, st.(*sql.Stmt))
	}
	go tx.s.w.stmt(context.Background(), q)
	return nil
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx = tx.ctx(ctx)
	tx.statements++
	if st := tx.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.tx.ExecContext(ctx, q, args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	ctx = tx.ctx(ctx)
	tx.statements++
	if st := tx.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.tx.QueryContext(ctx, q, args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	ctx = tx.ctx(ctx)
	tx.statements++
	if st := tx.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.tx.QueryRowContext(ctx, q, args...)
}

// querier runs reads: the reader pool outside a transaction, the
// transaction inside one.
type querier interface {
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	queryRow(ctx context.Context, q string, args ...any) *sql.Row
}

// reads are the queries that run both on their own and inside a write
// transaction (which must see its own changes). Store and Tx embed them,
// so each is written once.
type reads struct{ q querier }

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// insertID runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// ms converts a time to the integer milliseconds stored in *_at columns.
// Times are integers on both engines so that no driver's idea of a time type
// (SQLite has none) changes what is stored or how it sorts.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMS is the inverse of ms; 0 and NULL become the zero time.
func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid || v.Int64 == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

// nullID turns 0 into NULL for optional foreign keys.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// notFound maps sql.ErrNoRows to the domain sentinel.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ErrNotFound
	}
	return err
}

// likePattern escapes a user's search text for LIKE … ESCAPE '\'.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}
