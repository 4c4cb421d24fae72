package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hatch/internal/store"
)

// Filling a database through the service (the demo seed passes 实名认证,
// fills and renders every 申报书) takes seconds; copying its rows takes
// milliseconds. A template is filled once per test binary and key, then
// copied into each fresh store that asks for it, so that hundreds of tests
// can each start from the same filled database of their own.

// opened remembers how each fresh store was opened, so that a template can
// be copied into it with a connection of its own.
var opened sync.Map // *store.Store → store.Options

type template struct {
	once  sync.Once
	opts  store.Options
	files string // a directory for what fill writes beside the database
	err   error
}

var (
	templatesMu sync.Mutex
	templates   = map[string]*template{}
	cleanups    []func()
)

// Fill makes dst, a fresh store from New, a copy of the database that fill
// builds: fill runs once per key and engine in the test binary, on a store
// of its own whose clock reads what dst's read when Fill was called; dst is
// then given the same rows. The key must name everything fill depends on.
// fill may write files (attachments) into the directory it is given, which
// Fill returns: copying them is the caller's business.
func Fill(t testing.TB, dst *store.Store, key string, fill func(src *store.Store, files string) error) string {
	t.Helper()
	opts, ok := opened.Load(dst)
	if !ok {
		t.Fatal("storetest.Fill: the store was not made by storetest.New")
	}
	tpl := templateFor(dst, key)
	tpl.once.Do(func() { tpl.opts, tpl.files, tpl.err = build(dst, fill) })
	if tpl.err != nil {
		t.Fatalf("fill template %q on %s: %v", key, dst.Engine(), tpl.err)
	}
	if err := copyRows(t.Context(), dst.Engine(), tpl.opts, opts.(store.Options)); err != nil {
		t.Fatalf("copy template %q on %s: %v", key, dst.Engine(), err)
	}
	return tpl.files
}

// templateFor returns the template of key for dst's engine and clock.
func templateFor(dst *store.Store, key string) *template {
	k := fmt.Sprintf("%s|%s|%s", dst.Engine(), dst.Now().Format("2006-01-02T15:04:05.999999999Z07:00"), key)
	templatesMu.Lock()
	defer templatesMu.Unlock()
	if templates[k] == nil {
		templates[k] = &template{}
	}
	return templates[k]
}

// build makes a database that outlives the test that first asks for it,
// fills it and closes it, so that SQLite has checkpointed its log.
func build(like *store.Store, fill func(*store.Store, string) error) (store.Options, string, error) {
	opts, drop, err := lasting(like.Engine())
	if err != nil {
		return opts, "", err
	}
	files, err := os.MkdirTemp("", "hatch-template-files-")
	templatesMu.Lock()
	cleanups = append(cleanups, drop, func() { os.RemoveAll(files) })
	templatesMu.Unlock()
	if err != nil {
		return opts, "", err
	}
	now := like.Now()
	opts.Now = func() time.Time { return now }
	ctx := context.Background()
	src, err := store.Open(ctx, opts)
	if err != nil {
		return opts, files, err
	}
	defer src.Close()
	if err := src.Migrate(ctx); err != nil {
		return opts, files, err
	}
	return opts, files, fill(src, files)
}

// lasting creates an empty database for a template and the func that
// removes it.
func lasting(engine string) (store.Options, func(), error) {
	if engine == "sqlite" {
		dir, err := os.MkdirTemp("", "hatch-template-")
		return store.Options{Dir: dir}, func() { os.RemoveAll(dir) }, err
	}
	base := os.Getenv("HATCH_TEST_POSTGRES_URL")
	if base == "" {
		return store.Options{}, nil, fmt.Errorf("HATCH_TEST_POSTGRES_URL is not set")
	}
	u, drop, err := newSchema(base)
	return store.Options{URL: u}, drop, err
}

// Cleanup removes the templates; call it from TestMain after m.Run.
func Cleanup() {
	templatesMu.Lock()
	defer templatesMu.Unlock()
	for _, f := range cleanups {
		f()
	}
	cleanups = nil
}

// copyRows replaces every row of dst's database with src's. Both were
// migrated by the same code, so their tables and columns agree. The job
// queue's tables (river_*) are left as they are: a template holds no jobs,
// and on PostgreSQL their enum types belong to each schema.
func copyRows(ctx context.Context, engine string, src, dst store.Options) error {
	if engine == "sqlite" {
		return copySQLite(ctx, src.Dir, dst.Dir)
	}
	return copyPostgres(ctx, src.URL, dst.URL)
}

func copySQLite(ctx context.Context, srcDir, dstDir string) error {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dstDir, "hatch.db")+
		"?_pragma=foreign_keys(0)&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // ATTACH belongs to one connection
	if _, err := db.ExecContext(ctx, "ATTACH DATABASE ? AS tpl", filepath.Join(srcDir, "hatch.db")); err != nil {
		return err
	}
	// A full-text table is copied through itself, which rebuilds its
	// index, and never through the shadow tables that hold that index.
	tables, err := names(ctx, db,
		`SELECT name FROM tpl.sqlite_master t WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name NOT LIKE 'river_%' AND NOT EXISTS (SELECT 1 FROM tpl.sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%'
			AND t.name LIKE v.name || '\_%' ESCAPE '\')
		ORDER BY rowid`)
	if err != nil {
		return err
	}
	virtual, err := names(ctx, db, `SELECT name FROM tpl.sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'`)
	if err != nil {
		return err
	}
	tables = append(tables, "sqlite_sequence")
	return inTx(ctx, db, func(tx *sql.Tx) error {
		for _, tb := range tables {
			var err error
			if slices.Contains(virtual, tb) {
				err = replaceVirtual(ctx, tx, tb)
			} else {
				err = replace(ctx, tx, `"main"."`+tb+`"`, `"tpl"."`+tb+`"`)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func copyPostgres(ctx context.Context, srcURL, dstURL string) error {
	db, err := sql.Open("pgx", dstURL)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // the session setting below belongs to one connection
	from, to := searchPath(srcURL), searchPath(dstURL)
	tables, err := names(ctx, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'river_%'
		ORDER BY table_name`, from)
	if err != nil {
		return err
	}
	return inTx(ctx, db, func(tx *sql.Tx) error {
		// Rows go in table by table, not in the order their references
		// need: the triggers that check references wait for the end.
		if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
			return err
		}
		for _, tb := range tables {
			if err := replace(ctx, tx, to+`."`+tb+`"`, from+`."`+tb+`"`); err != nil {
				return err
			}
		}
		return resetIdentities(ctx, tx, to)
	})
}

// replace empties dst and copies src's rows into it.
func replace(ctx context.Context, tx *sql.Tx, dst, src string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+dst); err != nil {
		return fmt.Errorf("empty %s: %w", dst, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO "+dst+" SELECT * FROM "+src); err != nil {
		return fmt.Errorf("copy into %s: %w", dst, err)
	}
	return nil
}

// replaceVirtual copies the rows of a full-text table, with their ids.
func replaceVirtual(ctx context.Context, tx *sql.Tx, table string) error {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?, 'tpl') ORDER BY cid`, table)
	if err != nil {
		return err
	}
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, `"`+c+`"`)
	}
	rows.Close()
	list := "rowid, " + strings.Join(cols, ", ")
	if _, err := tx.ExecContext(ctx, `DELETE FROM "main"."`+table+`"`); err != nil {
		return fmt.Errorf("empty %s: %w", table, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO "main"."`+table+`" (`+list+`) SELECT `+list+` FROM "tpl"."`+table+`"`)
	return err
}

// resetIdentities moves each identity column of schema past its highest
// copied value, so the next row does not take a copied row's id.
func resetIdentities(ctx context.Context, tx *sql.Tx, schema string) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = $1 AND is_identity = 'YES' ORDER BY table_name`, schema)
	if err != nil {
		return err
	}
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		if err := rows.Scan(&c[0], &c[1]); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, c)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, c := range cols {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s."%s"', '%s'), COALESCE(MAX("%s"), 0) + 1, false) FROM %s."%s"`,
			schema, c[0], c[1], c[1], schema, c[0])
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("identity of %s.%s: %w", c[0], c[1], err)
		}
	}
	return nil
}

func names(ctx context.Context, db *sql.DB, q string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
