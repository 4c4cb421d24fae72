package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"hatch/internal/clock"
)

// What `hatch backup` and `hatch restore` need of the embedded SQLite
// database: a consistent copy made while the server writes, the copy
// opened read-only to list what it names, whether a process has a
// database open, and the newest schema this program knows.

// FileName is the SQLite database's file in a data directory.
const FileName = "hatch.db"

// CopySQLite writes a consistent copy of the SQLite database of the data
// directory dir to the new file dest, while other processes read and
// write it: VACUUM INTO reads inside one read transaction, so the copy is
// the database as of one commit, and it never blocks the writer (WAL).
func CopySQLite(ctx context.Context, dir, dest string) error {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO $1`, dest); err != nil {
		return fmt.Errorf("copy database: %w", err)
	}
	return nil
}

// OpenCopy opens a database file that nothing may change — a backup's
// copy — read only, for the reads a backup records of it.
func OpenCopy(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	// immutable: no locks and no -wal or -shm file beside the copy.
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return nil, err
	}
	p := newPool(db)
	s := &Store{w: p, r: p, dialect: sqliteDialect, now: clock.System}
	s.reads = reads{s.r}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// InUse reports whether a process has the SQLite database of the data
// directory dir open: a running server's connections hold a shared lock
// on it for as long as they live, so an exclusive lock is refused
// (SQLITE_BUSY) until it stops. When none has, the check is the last to
// close the database and so checkpoints its write-ahead log into it: the
// same data, other bytes.
func InUse(ctx context.Context, dir string) (bool, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName)+
		"?_pragma=locking_mode(EXCLUSIVE)&_pragma=busy_timeout(0)")
	if err != nil {
		return false, err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `BEGIN EXCLUSIVE`)
	if isBusy(err) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	_, err = db.ExecContext(ctx, `COMMIT`)
	return false, err
}

// LatestSchemaVersion is the newest migration this program has: a
// database beyond it was written by a newer Hatch.
func LatestSchemaVersion() (int, error) {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 {
		return 0, errors.Join(err, errors.New("no migrations"))
	}
	return ms[len(ms)-1].version, nil
}

// BlobRef is a stored file a row names, with the size and SHA-256 the row
// records of it.
type BlobRef struct {
	Key    string
	Size   int64
	SHA256 string
}

// BlobRefs returns the files attachments and 申报书 versions name. The
// archives waiting imports keep are named inside their plans, which the
// service reads (WaitingImports).
func (s *Store) BlobRefs(ctx context.Context) ([]BlobRef, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT blob_key, size, sha256 FROM attachments
		UNION SELECT blob_key, size, sha256 FROM app_versions ORDER BY 1`)
	return listOf(rows, err, func(r scanner) (BlobRef, error) {
		var b BlobRef
		return b, r.Scan(&b.Key, &b.Size, &b.SHA256)
	})
}

// countedTables are the tables a backup's manifest counts, for people
// to compare with what they expect.
var countedTables = []string{"orgs", "users", "applications", "app_rows", "attachments", "app_versions", "audit_log"}

// Counts returns the number of rows of the tables a backup counts.
func (s *Store) Counts(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range countedTables {
		var n int64
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	var sqErr *sqlite.Error
	return errors.As(err, &sqErr) && sqErr.Code()&0xff == sqlite3.SQLITE_BUSY
}
