package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered file, 0001_name.sql, and its data step if it
// has one.
type migration struct {
	version int
	name    string
	sql     string
	step    dataStep
}

// dataStep is the part of a migration that SQL cannot write once for both
// engines: folding full-width characters, or values inside the JSON of
// table rows. It runs after its file's SQL in the same transaction, and is
// recorded with it in schema_migrations, so it runs once like any other.
type dataStep func(ctx context.Context, tx *Tx) error

// dataSteps are the data steps by migration version; each version has its
// file, which says what the step does.
var dataSteps = map[int]dataStep{
	8:  canonicalIdentifiers,
	14: queueStructures,
}

// Migrate applies the embedded migrations not yet applied, each in its own
// transaction, in version order, then river's (the job queue's). It is
// safe to run from several instances.
func (s *Store) Migrate(ctx context.Context) error { return s.migrateTo(ctx, math.MaxInt) }

// migrateTo applies the migrations up to version last; tests of a data
// migration stop before it to write the data it mends.
func (s *Store) migrateTo(ctx context.Context, last int) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	return s.dialect.withLock(ctx, s.w.DB, lockMigrate, func() error {
		if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		for _, m := range ms {
			if m.version > last {
				break
			}
			if err := s.apply(ctx, m); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
			}
		}
		// river's tables follow its own migrator, under the same lock so
		// that instances starting together do not race on them either.
		return s.migrateJobs(ctx)
	})
}

func (s *Store) apply(ctx context.Context, m migration) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		for _, stmt := range splitStatements(s.dialect.ddl.Replace(m.sql)) {
			if _, err := tx.exec(ctx, stmt); err != nil {
				return fmt.Errorf("%w\n%s", err, stmt)
			}
		}
		if m.step != nil {
			if err := m.step(ctx, tx); err != nil {
				return err
			}
		}
		_, err := tx.exec(
			ctx,
			`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.version,
			m.name,
			ms(tx.now),
		)
		return err
	})
}

// SchemaVersion returns the highest applied migration, 0 if none.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v *int
	err := s.r.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if err != nil || v == nil {
		return 0, err
	}
	return *v, nil
}

func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %q is not named NNNN_name.sql", e.Name())
		}
		body, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(body), step: dataSteps[v]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for v := range dataSteps {
		if !slices.ContainsFunc(out, func(m migration) bool { return m.version == v }) {
			return nil, fmt.Errorf("data step %04d has no migration file", v)
		}
	}
	return out, nil
}

// splitStatements splits a migration on semicolons at line ends. Migrations
// hold only DDL and plain inserts, so no semicolon sits inside a literal.
func splitStatements(sql string) []string {
	var out []string
	for _, part := range strings.Split(sql, ";\n") {
		var lines []string
		for _, l := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
				lines = append(lines, l)
			}
		}
		if stmt := strings.TrimSuffix(strings.TrimSpace(strings.Join(lines, "\n")), ";"); stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}
