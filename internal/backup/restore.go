package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"hatch/internal/blob"
	"hatch/internal/clock"
	"hatch/internal/store"
)

// Options are a restore's choices.
type Options struct {
	// Replace lets a restore go into a data directory that has data: the
	// data is moved into a folder beside it, never deleted.
	Replace bool
	// Now names that folder.
	Now time.Time
}

// Restored is what a restore did.
type Restored struct {
	Manifest Manifest
	Latest   int    // the newest schema version this program knows
	Aside    string // where the data directory's old data went; "" if none
}

// Restore checks the backup folder whole, then the data directory, and
// only then copies the backup into it: the attachments first, the
// database last under its name, so an interrupted restore leaves no
// database that lacks its files.
func Restore(ctx context.Context, backupDir, dataDir string, o Options) (Restored, error) {
	m, latest, err := Check(ctx, backupDir)
	out := Restored{Manifest: m, Latest: latest}
	if err != nil {
		return out, err
	}
	has, err := checkTarget(ctx, dataDir, o.Replace)
	if err != nil {
		return out, err
	}
	if has {
		if out.Aside, err = moveAside(dataDir, o.Now); err != nil {
			return out, fmt.Errorf("移开数据目录中原有的数据：%w", err)
		}
	}
	return out, copyBack(backupDir, dataDir, m)
}

// Check verifies a backup folder against its manifest — the schema
// version this program can run, the database and every file by size and
// SHA-256 — and returns the manifest and the newest schema version known.
func Check(ctx context.Context, dir string) (Manifest, int, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return m, 0, err
	}
	latest, err := store.LatestSchemaVersion()
	if err != nil {
		return m, 0, err
	}
	if m.SchemaVersion > latest {
		return m, latest, fmt.Errorf("这份备份来自较新版本的 Hatch（数据库结构版本 %d），本程序只支持到版本 %d：请用不低于做备份时版本的 hatch 恢复",
			m.SchemaVersion, latest)
	}
	if err := checkFile(filepath.Join(dir, m.Database.Name), m.Database, "数据库文件"); err != nil {
		return m, latest, err
	}
	if err := checkCopiedVersion(ctx, dir, m); err != nil {
		return m, latest, err
	}
	for _, f := range m.Files {
		if !blob.ValidKey(f.Name) {
			return m, latest, fmt.Errorf("备份清单中的附件文件名 %q 不是本系统生成的：清单已损坏", f.Name)
		}
	}
	errs := inParallel(len(m.Files), func(i int) error {
		return checkFile(blob.DirPath(filepath.Join(dir, "attachments"), m.Files[i].Name), m.Files[i], "附件文件")
	})
	return m, latest, firstOf(errs)
}

// checkFile compares one file of the backup with the manifest.
func checkFile(path string, want File, what string) error {
	got, err := hashFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("备份不完整：缺少%s %s（清单中列有它）", what, path)
	}
	if err != nil {
		return fmt.Errorf("读取备份中的%s %s：%w", what, path, err)
	}
	if got != (digest{want.Size, want.SHA256}) {
		return fmt.Errorf("备份已损坏：%s %s 的大小或 SHA-256 与清单不符（%d 字节、%s，清单为 %d 字节、%s）",
			what, path, got.size, got.sum, want.Size, want.SHA256)
	}
	return nil
}

// checkCopiedVersion reads the schema version in the copied database
// itself, which the manifest must agree with.
func checkCopiedVersion(ctx context.Context, dir string, m Manifest) error {
	st, err := store.OpenCopy(ctx, filepath.Join(dir, m.Database.Name))
	if err != nil {
		return fmt.Errorf("备份中的数据库无法打开：%w", err)
	}
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("备份中的数据库无法读取：%w", err)
	}
	if v != m.SchemaVersion {
		return fmt.Errorf("备份清单记录的数据库结构版本 %d 与数据库中的 %d 不符：清单已损坏", m.SchemaVersion, v)
	}
	return nil
}

// checkTarget refuses a data directory with data unless replace, and one
// a server has open; has says it has data. The first check reads only
// names, so a refused restore leaves the directory exactly as it was.
func checkTarget(ctx context.Context, dataDir string, replace bool) (has bool, err error) {
	db := exists(filepath.Join(dataDir, store.FileName))
	entries, _ := os.ReadDir(filepath.Join(dataDir, "attachments"))
	has = db || len(entries) > 0
	if has && !replace {
		return true, fmt.Errorf("数据目录 %s 中已有数据（数据库 %s 或附件）。确要用备份替换，请加 -replace："+
			"原有数据会移到该目录下的 replaced-日期-时间 文件夹中保留，不会删除", dataDir, store.FileName)
	}
	if !db {
		return has, nil
	}
	busy, err := store.InUse(ctx, dataDir)
	if err != nil {
		return true, fmt.Errorf("检查数据目录 %s 中的数据库：%w", dataDir, err)
	}
	if busy {
		return true, fmt.Errorf("数据目录 %s 中的数据库正在被使用：请先停止在这个目录上运行的 hatch（serve 或 worker），再恢复", dataDir)
	}
	return true, nil
}

// aside are the data directory's entries a replacing restore moves away.
var aside = []string{store.FileName, store.FileName + "-wal", store.FileName + "-shm", "attachments"}

// moveAside moves the data directory's data into a new folder inside it,
// named by the time, and returns that folder.
func moveAside(dataDir string, now time.Time) (string, error) {
	name := "replaced-" + now.In(clock.Zone).Format("20060102-150405")
	to := filepath.Join(dataDir, name)
	for i := 2; exists(to); i++ {
		to = filepath.Join(dataDir, name+"-"+strconv.Itoa(i))
	}
	if err := os.Mkdir(to, 0o750); err != nil {
		return "", err
	}
	for _, name := range aside {
		err := os.Rename(filepath.Join(dataDir, name), filepath.Join(to, name))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return to, err
		}
	}
	return to, syncFile(dataDir)
}

// copyBack copies the checked backup into the data directory, each file
// read back against the manifest, and all of it on the disk before the
// database takes its name.
func copyBack(backupDir, dataDir string, m Manifest) error {
	from, to := filepath.Join(backupDir, "attachments"), filepath.Join(dataDir, "attachments")
	errs := inParallel(len(m.Files), func(i int) error {
		f := m.Files[i]
		want := digest{f.Size, f.SHA256}
		if _, err := copyFile(blob.DirPath(from, f.Name), blob.DirPath(to, f.Name), &want); err != nil {
			return fmt.Errorf("恢复附件文件 %s：%w", f.Name, err)
		}
		return nil
	})
	if err := firstOf(errs); err != nil {
		return err
	}
	var fl flusher
	for _, f := range m.Files {
		fl.add(blob.DirPath(to, f.Name))
	}
	want, tmp := digest{m.Database.Size, m.Database.SHA256}, filepath.Join(dataDir, store.FileName+".restoring")
	if _, err := copyFile(filepath.Join(backupDir, m.Database.Name), tmp, &want); err != nil {
		return fmt.Errorf("恢复数据库文件：%w", err)
	}
	fl.add(tmp)
	if err := fl.flush(); err != nil {
		return fmt.Errorf("把恢复的文件写入磁盘：%w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dataDir, store.FileName)); err != nil {
		return fmt.Errorf("恢复数据库文件：%w", err)
	}
	return syncFile(dataDir)
}

// firstOf is the first error in order, or nil.
func firstOf(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
