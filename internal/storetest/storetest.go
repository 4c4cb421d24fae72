// Package storetest gives tests a fresh, migrated database on each engine:
// a new SQLite file, and a new schema in the PostgreSQL server named by
// HATCH_TEST_POSTGRES_URL (scripts/test.sh starts a throw-away one).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"hatch/internal/store"
	"hatch/internal/testkit"
)

// Engines lists the engines every store test runs on.
var Engines = []string{"sqlite", "postgres"}

// Each runs fn as a subtest on every engine, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, New(t, engine))
		})
	}
}

// New returns a migrated, empty store on engine, closed when t ends. Its
// clock stands at testkit.Now(), so that what a test stores and shows is
// the same on any day it runs.
func New(t testing.TB, engine string) *store.Store {
	t.Helper()
	return NewWithClock(t, engine, testkit.NewClock(testkit.Now()).Now)
}

// NewWithClock is New with the given clock.
func NewWithClock(t testing.TB, engine string, now func() time.Time) *store.Store {
	t.Helper()
	opts := Options(t, engine)
	opts.Now = now
	s, err := store.Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { opened.Delete(s); s.Close() })
	opened.Store(s, opts)
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return s
}

// Options returns store options for a fresh database on engine.
func Options(t testing.TB, engine string) store.Options {
	t.Helper()
	if engine == "sqlite" {
		return store.Options{Dir: t.TempDir()}
	}
	return store.Options{URL: freshSchema(t)}
}

// PostgresURL returns the test server's URL, skipping (or, when
// HATCH_TEST_REQUIRE_ALL is set, failing) if there is none.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("HATCH_TEST_POSTGRES_URL")
	if u == "" {
		testkit.Missing(
			t,
			"PostgreSQL: set HATCH_TEST_POSTGRES_URL, or run scripts/test.sh which starts one",
		)
	}
	return u
}

// freshSchema creates an empty schema, dropped when t ends, and returns a
// URL whose connections use it, so tests share one server yet never see
// each other's rows.
func freshSchema(t testing.TB) string {
	t.Helper()
	u, drop, err := newSchema(PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return u
}

// newSchema creates an empty schema in the server at base and returns a
// URL whose connections use it and the func that drops it.
func newSchema(base string) (string, func(), error) {
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	drop := func() {
		admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	}
	q := u.Query()
	q.Set("search_path", schema) // pgx sends unknown parameters as runtime settings
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// searchPath is the schema a URL from newSchema uses.
func searchPath(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Query().Get("search_path")
}
