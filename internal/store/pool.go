package store

import (
	"context"
	"database/sql"
	"sync"
)

// pool is a *sql.DB whose statements are prepared once and reused. Without
// it SQLite parses every statement again on every call, which was a
// quarter of the cost of a save. The queries are constants, so the cache
// is bounded by the number of queries in this package.
type pool struct {
	*sql.DB
	stmts sync.Map // query text → *sql.Stmt
}

func newPool(db *sql.DB) *pool { return &pool{DB: db} }

// stmt returns the prepared statement for q, preparing it on first use.
func (p *pool) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := p.stmts.Load(q); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := p.DB.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if prev, loaded := p.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

func (p *pool) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.QueryContext(ctx, q, args...)
}

func (p *pool) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return p.QueryRowContext(ctx, q, args...)
}

// QueryContext runs q as a prepared statement.
func (p *pool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := p.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs q as a prepared statement. If preparing fails, the
// plain query reports the same error through the returned row.
func (p *pool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := p.stmt(ctx, q)
	if err != nil {
		return p.DB.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// ExecContext runs q as a prepared statement.
func (p *pool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := p.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// Close closes the statements, then the pool. A cache warm-up still under
// way when the pool closes fails harmlessly.
func (p *pool) Close() error {
	p.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	return p.DB.Close()
}
