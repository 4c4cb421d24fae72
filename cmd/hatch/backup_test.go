package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hatch/internal/backup"
	"hatch/internal/blob"
	"hatch/internal/domain"
	"hatch/internal/store"
)

// dataWithFile makes a data directory holding a migrated database and one
// attachment, and returns its environment and the attachment.
func dataWithFile(t *testing.T) (map[string]string, domain.Attachment) {
	t.Helper()
	env := map[string]string{"HATCH_DATA": t.TempDir(), "HATCH_DEMO": "false"}
	if out, err := runHatch(t, env, "migrate"); err != nil {
		t.Fatalf("hatch migrate: %v\n%s", err, out)
	}
	ctx := context.Background()
	files, err := blob.NewDir(filepath.Join(env["HATCH_DATA"], "attachments"))
	if err != nil {
		t.Fatal(err)
	}
	body := "%PDF-1.7 营业执照"
	key, err := files.Put(ctx, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(body))
	att := domain.Attachment{Purpose: "license", BlobKey: key, Name: "营业执照.pdf", ContentType: "application/pdf",
		Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:])}
	st := openData(t, env["HATCH_DATA"])
	defer st.Close()
	if err := st.InTx(ctx, func(tx *store.Tx) (err error) { att.ID, err = tx.AddAttachment(ctx, att); return err }); err != nil {
		t.Fatal(err)
	}
	return env, att
}

func openData(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestBackupRefuses(t *testing.T) {
	env, _ := dataWithFile(t)
	// This directory's file is not the one its database records.
	damaged, att := dataWithFile(t)
	flipByte(t, blob.DirPath(filepath.Join(damaged["HATCH_DATA"], "attachments"), att.BlobKey))
	// This one's file is gone, its row still there.
	lost, lostAtt := dataWithFile(t)
	os.Remove(blob.DirPath(filepath.Join(lost["HATCH_DATA"], "attachments"), lostAtt.BlobKey))
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
	}{
		{"PostgreSQL is backed up with its own tools", map[string]string{"HATCH_DATABASE_URL": "postgres://hatch@db/hatch"},
			[]string{"backup", t.TempDir()}, "请用 pg_dump / pg_restore 备份和恢复数据库"},
		{"a bucket is copied with its own tools", map[string]string{"HATCH_DATA": env["HATCH_DATA"],
			"HATCH_BLOB_URL": "s3://hatch?endpoint=oss.example.gov.cn:443", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"},
			[]string{"backup", t.TempDir()}, "本配置使用的是 对象存储（HATCH_BLOB_URL）"},
		{"a restore is refused on PostgreSQL too", map[string]string{"HATCH_DATABASE_URL": "postgres://hatch@db/hatch"},
			[]string{"restore", t.TempDir()}, "README 的“Backups”一节"},
		{"without a folder it says what to give", env, []string{"backup"}, "请给出一个备份目录"},
		{"a data directory without a database is named", map[string]string{"HATCH_DATA": t.TempDir()},
			[]string{"backup", filepath.Join(t.TempDir(), "b")}, "中没有数据库 hatch.db"},
		{"a folder already holding files is not mixed into", env, []string{"backup", filepath.Dir(env["HATCH_DATA"])},
			"已存在且不是空目录"},
		{"a file that differs from its record stops the backup", damaged, []string{"backup", filepath.Join(t.TempDir(), "b")},
			"与数据库的记录不符"},
		{"a file its database names that is gone is named", lost, []string{"backup", filepath.Join(t.TempDir(), "b")},
			"数据库记录的文件 " + lostAtt.BlobKey + " 在数据目录"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runHatch(t, tt.env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q\n%s", err, tt.wantErr, out)
			}
		})
	}
}

// TestRestore restores one backup, whole or damaged, into data
// directories empty, holding data, or in use.
func TestRestore(t *testing.T) {
	src, att := dataWithFile(t)
	good := filepath.Join(t.TempDir(), "backup")
	if out, err := runHatch(t, src, "backup", good); err != nil {
		t.Fatalf("hatch backup: %v\n%s", err, out)
	}
	// As an older Hatch left it: the newest migration not applied (its
	// record hidden, which is all a restore reads).
	older := backupAfter(t, src, `UPDATE schema_migrations SET version = -version
		WHERE version = (SELECT MAX(version) FROM schema_migrations)`)
	newer := backupAfter(t, src, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)`)
	attFile := filepath.Join("attachments", att.BlobKey[:2], att.BlobKey)
	tests := []struct {
		name    string
		damage  func(dir string)          // done to a copy of the backup
		target  func(t *testing.T) string // the data directory
		args    []string
		wantErr string // "" when the restore works
		wantOut string // what a restore that works says
	}{
		{"a whole backup restores into an empty data directory", nil, emptyData, nil, "", "均已按 SHA-256 核对"},
		{"a data directory with data is replaced when asked, the old data kept", nil, otherData, []string{"-replace"}, "",
			"数据目录中原有的数据已移到"},
		{"a backup of an older Hatch restores and says the next start migrates it", func(d string) { os.RemoveAll(d); copyTree(t, older, d) },
			emptyData, nil, "", "下次启动 hatch（或运行 hatch migrate）时会自动升级"},
		{"a backup without its manifest is not a backup", func(d string) { os.Remove(filepath.Join(d, "manifest.json")) },
			emptyData, nil, "不是完整的备份：其中没有 manifest.json", ""},
		{"a damaged manifest is refused", func(d string) {
			os.WriteFile(filepath.Join(d, "manifest.json"), []byte(`{"format": 1, "files": [`), 0o640)
		},
			emptyData, nil, "备份清单 manifest.json 已损坏", ""},
		{"a missing attachment file is refused", func(d string) { os.Remove(filepath.Join(d, attFile)) },
			emptyData, nil, "备份不完整：缺少附件文件", ""},
		{"an attachment file with other bytes is refused", func(d string) { flipByte(t, filepath.Join(d, attFile)) },
			emptyData, nil, "备份已损坏：附件文件", ""},
		{"a database file with other bytes is refused", func(d string) { flipByte(t, filepath.Join(d, "hatch.db")) },
			emptyData, nil, "备份已损坏：数据库文件", ""},
		{"a data directory with a database is refused without -replace", nil, otherData, nil, "已有数据（数据库 hatch.db 或附件）。确要用备份替换，请加 -replace", ""},
		{"a database a server has open is refused even with -replace", nil, openedData, []string{"-replace"}, "正在被使用：请先停止", ""},
		{"a backup of a newer Hatch is refused", func(d string) { os.RemoveAll(d); copyTree(t, newer, d) },
			emptyData, nil, "这份备份来自较新版本的 Hatch（数据库结构版本 999），本程序只支持到版本", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "backup")
			copyTree(t, good, dir)
			if tt.damage != nil {
				tt.damage(dir)
			}
			data := tt.target(t)
			before := treeSums(t, data)
			out, err := runHatch(t, map[string]string{"HATCH_DATA": data}, append(append([]string{"restore"}, tt.args...), dir)...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q\n%s", err, tt.wantErr, out)
				}
				if after := treeSums(t, data); !maps.Equal(before, after) {
					t.Fatalf("a refused restore changed the data directory:\n%v\nbecame\n%v", before, after)
				}
				return
			}
			if err != nil || !strings.Contains(out, tt.wantOut) {
				t.Fatalf("hatch restore: %v, want it to say %q\n%s", err, tt.wantOut, out)
			}
			m, err := backup.ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			restoredHolds(t, data, att, m)
			keptAside(t, data, before)
		})
	}
}

func emptyData(t *testing.T) string { return t.TempDir() }

// otherData is a data directory with a database and a file of its own,
// made without the store, whose connections this process might keep.
func otherData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db, err := sql.Open("sqlite", filepath.Join(dir, "hatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`CREATE TABLE earlier (note TEXT); INSERT INTO earlier VALUES ('恢复前的数据')`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	path := blob.DirPath(filepath.Join(dir, "attachments"), strings.Repeat("ab", 16))
	os.MkdirAll(filepath.Dir(path), 0o750)
	if err := os.WriteFile(path, []byte("%PDF-1.7 恢复前的文件"), 0o640); err != nil {
		t.Fatal(err)
	}
	return dir
}

// openedData is a data directory whose database a store holds open, as a
// running server does, until the test ends.
func openedData(t *testing.T) string {
	t.Helper()
	dir := otherData(t)
	st := openData(t, dir)
	t.Cleanup(func() { st.Close() })
	return dir
}

// backupAfter runs stmt on the database of src, then backs it up.
func backupAfter(t *testing.T, src map[string]string, stmt string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(src["HATCH_DATA"], "hatch.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(stmt)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backup")
	if out, err := runHatch(t, src, "backup", dir); err != nil {
		t.Fatalf("hatch backup: %v\n%s", err, out)
	}
	return dir
}

// restoredHolds opens the restored data directory and finds the
// attachment's record and its bytes, at the backup's schema version.
func restoredHolds(t *testing.T, data string, att domain.Attachment, m backup.Manifest) {
	t.Helper()
	st := openData(t, data)
	defer st.Close()
	ctx := context.Background()
	got, err := st.Attachment(ctx, att.ID)
	if err != nil || got.BlobKey != att.BlobKey || got.SHA256 != att.SHA256 {
		t.Fatalf("restored attachment %+v, %v; want %+v", got, err, att)
	}
	if v, err := st.SchemaVersion(ctx); err != nil || v != m.SchemaVersion {
		t.Fatalf("restored schema version %d, %v; want %d", v, err, m.SchemaVersion)
	}
	files, _ := blob.NewDir(filepath.Join(data, "attachments"))
	rc, err := files.Open(ctx, att.BlobKey)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	h := sha256.New()
	io.Copy(h, rc)
	if hex.EncodeToString(h.Sum(nil)) != att.SHA256 {
		t.Fatal("the restored file has other bytes")
	}
}

// keptAside finds every file the data directory held before, unchanged,
// in the one replaced-… folder.
func keptAside(t *testing.T, data string, before map[string]string) {
	t.Helper()
	if len(before) == 0 {
		return
	}
	aside, _ := filepath.Glob(filepath.Join(data, "replaced-*"))
	if len(aside) != 1 {
		t.Fatalf("the old data was moved into %v, want one replaced-… folder", aside)
	}
	if kept := treeSums(t, aside[0]); !maps.Equal(before, kept) {
		t.Fatalf("the old data %v was kept as %v", before, kept)
	}
}

// treeSums is every file under dir by its path, with its SHA-256.
func treeSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || strings.HasSuffix(p, "-shm") {
			return err // the -shm file is an index of the -wal, not data
		}
		data, err := os.ReadFile(p)
		sum := sha256.Sum256(data)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = hex.EncodeToString(sum[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// copyTree copies the folder from to the new folder to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o750)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o640)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// flipByte changes a file's last byte, keeping its size.
func flipByte(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || len(data) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	data[len(data)-1] ^= 0xff
	if err := os.WriteFile(path, data, 0o640); err != nil {
		t.Fatal(err)
	}
}
