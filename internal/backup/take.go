package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"hatch/internal/blob"
	"hatch/internal/store"
)

// attempts bounds how often Take makes a new copy of the database because
// a file the previous one named was deleted meanwhile.
const attempts = 5

// Take copies the database of the data directory dataDir, and every file
// its rows name, into the new folder dest while a server may be writing,
// and writes the manifest last, stamped now.
//
// The database is copied first, as of one commit; the files after it.
// Every file that copy names was already stored, since a file is stored
// before the row that names it and never changed. Only a file whose row
// was deleted after the copy may be gone by the time it is read (a row is
// deleted before its file): then the database is copied again, and the
// new copy no longer names it. A file the new copy still names and that
// is still missing was lost, and the backup stops.
func Take(ctx context.Context, dataDir, dest string, now time.Time) (Manifest, error) {
	if _, err := os.Stat(filepath.Join(dataDir, store.FileName)); err != nil {
		return Manifest{}, fmt.Errorf("数据目录 %s 中没有数据库 %s（HATCH_DATA / -data 是否正确？）", dataDir, store.FileName)
	}
	if err := prepareDest(dest); err != nil {
		return Manifest{}, err
	}
	m, err := copyAll(ctx, dataDir, dest, now)
	if err != nil {
		return m, fmt.Errorf("%w（%s 中没有写入清单 %s，其中已复制的部分不能用于恢复）", err, dest, ManifestName)
	}
	return m, nil
}

// copyAll copies the database and the files it names, again if a file
// was deleted meanwhile, and writes the manifest.
func copyAll(ctx context.Context, dataDir, dest string, now time.Time) (Manifest, error) {
	copied, gone := map[string]digest{}, map[string]bool{}
	for range attempts {
		m, refs, err := copyDatabase(ctx, dataDir, dest)
		if err != nil {
			return m, err
		}
		missing, err := copyFiles(ctx, dataDir, dest, refs, copied)
		if err != nil {
			return m, err
		}
		if len(missing) == 0 {
			m.MadeAt, m.Files = now, filesOf(refs, copied)
			return m, finish(dest, m, refs, copied)
		}
		for _, key := range missing {
			if gone[key] {
				return m, fmt.Errorf("数据库记录的文件 %s 在数据目录 %s 的 attachments 中不存在：这个文件已经丢失，备份无法包含它", key, dataDir)
			}
			gone[key] = true
		}
	}
	return Manifest{}, fmt.Errorf("数据库复制后，它记录的附件连续 %d 次被删除，备份未完成：请稍后再试", attempts)
}

// finish drops what the last copy of the database does not name, puts
// the rest on the disk, and writes the manifest.
func finish(dest string, m Manifest, refs wanted, copied map[string]digest) error {
	if err := dropUnnamed(dest, refs, copied); err != nil {
		return err
	}
	fl := flusher{}
	fl.add(filepath.Join(dest, store.FileName))
	for key := range copied {
		fl.add(blob.DirPath(filepath.Join(dest, "attachments"), key))
	}
	if err := fl.flush(); err != nil {
		return fmt.Errorf("把备份写入磁盘：%w", err)
	}
	return writeManifest(dest, m)
}

// prepareDest makes the backup folder, which must be new or empty: one
// backup per folder, never mixed with another's files.
func prepareDest(dest string) error {
	entries, err := os.ReadDir(dest)
	if err == nil && len(entries) > 0 {
		return fmt.Errorf("备份目录 %s 已存在且不是空目录：请指定一个新目录（每份备份一个目录）", dest)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("备份目录 %s 无法读取：%w", dest, err)
	}
	if err := os.MkdirAll(filepath.Join(dest, "attachments"), 0o750); err != nil {
		return fmt.Errorf("创建备份目录 %s：%w", dest, err)
	}
	return nil
}

// wanted is what the copied database records of the files it names: a
// size and SHA-256, or nil for an archive kept by a waiting import, which
// the database names but does not describe.
type wanted map[string]*digest

// copyDatabase copies the database into dest and reads from the copy what
// the manifest says of it and which files it names.
func copyDatabase(ctx context.Context, dataDir, dest string) (Manifest, wanted, error) {
	path := filepath.Join(dest, store.FileName)
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Manifest{}, nil, err
	}
	if err := store.CopySQLite(ctx, dataDir, path); err != nil {
		return Manifest{}, nil, fmt.Errorf("复制数据库：%w", err)
	}
	d, err := hashFile(path)
	if err != nil {
		return Manifest{}, nil, err
	}
	m := Manifest{Format: format, Engine: "sqlite", Database: File{Name: store.FileName, Size: d.size, SHA256: d.sum}}
	st, err := store.OpenCopy(ctx, path)
	if err != nil {
		return m, nil, fmt.Errorf("打开数据库副本：%w", err)
	}
	defer st.Close()
	if m.SchemaVersion, err = st.SchemaVersion(ctx); err != nil {
		return m, nil, err
	}
	if m.Counts, err = st.Counts(ctx); err != nil {
		return m, nil, err
	}
	refs, err := namedFiles(ctx, st)
	return m, refs, err
}

// namedFiles is every file the database names: attachments, 申报书
// versions, and archives kept by waiting imports.
func namedFiles(ctx context.Context, st *store.Store) (wanted, error) {
	list, err := st.BlobRefs(ctx)
	if err != nil {
		return nil, err
	}
	out := wanted{}
	for _, r := range list {
		d := &digest{r.Size, r.SHA256}
		if prev, ok := out[r.Key]; ok && *prev != *d {
			return nil, fmt.Errorf("数据库中对同一文件 %s 有两种不同的记录（大小或 SHA-256 不同）", r.Key)
		}
		out[r.Key] = d
	}
	imports, err := st.WaitingImports(ctx, archiveMode)
	if err != nil {
		return nil, err
	}
	for _, im := range imports {
		var kept keptArchive
		if json.Unmarshal(im.Plan, &kept) == nil && kept.Key != "" && out[kept.Key] == nil {
			out[kept.Key] = nil
		}
	}
	for k := range out {
		if !blob.ValidKey(k) {
			return nil, fmt.Errorf("数据库记录的文件名 %q 不是本系统生成的", k)
		}
	}
	return out, nil
}

// archiveMode and keptArchive are how the service records an archive of
// attachments waiting between its preview and its commit (its filesMode
// and filesPlan): the import's plan names the kept archive's key.
const archiveMode = "files"

type keptArchive struct {
	Key string `json:"key"`
}

// copyFiles copies each named file not copied yet, a few at a time, and
// checks it against what the database records; missing lists the files
// no longer there.
func copyFiles(ctx context.Context, dataDir, dest string, refs wanted, copied map[string]digest) (missing []string, err error) {
	from, to := filepath.Join(dataDir, "attachments"), filepath.Join(dest, "attachments")
	var keys []string
	for _, key := range sortedKeys(refs) {
		got, ok := copied[key]
		if !ok {
			keys = append(keys, key)
		} else if want := refs[key]; want != nil && got != *want {
			return nil, fmt.Errorf("数据库中对同一文件 %s 有两种不同的记录（大小或 SHA-256 不同）", key)
		}
	}
	got := make([]digest, len(keys))
	errs := inParallel(len(keys), func(i int) (err error) {
		if err := ctx.Err(); err != nil {
			return err
		}
		got[i], err = copyFile(blob.DirPath(from, keys[i]), blob.DirPath(to, keys[i]), refs[keys[i]])
		return err
	})
	for i, key := range keys {
		var bad *mismatch
		switch err := errs[i]; {
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, key)
		case errors.As(err, &bad):
			return nil, fmt.Errorf("数据目录中的附件文件 %s 与数据库的记录不符（%v）：该文件已损坏", key, bad)
		case err != nil:
			return nil, fmt.Errorf("复制附件文件 %s：%w", key, err)
		default:
			copied[key] = got[i]
		}
	}
	return missing, nil
}

// dropUnnamed removes what an earlier attempt copied that the last copy
// of the database no longer names: the backup holds what it lists.
func dropUnnamed(dest string, refs wanted, copied map[string]digest) error {
	for key := range copied {
		if _, ok := refs[key]; !ok {
			if err := os.Remove(blob.DirPath(filepath.Join(dest, "attachments"), key)); err != nil {
				return err
			}
			delete(copied, key)
		}
	}
	return nil
}

// filesOf lists the copied files in key order.
func filesOf(refs wanted, copied map[string]digest) []File {
	out := make([]File, 0, len(refs))
	for _, key := range sortedKeys(refs) {
		d := copied[key]
		out = append(out, File{Name: key, Size: d.size, SHA256: d.sum})
	}
	return out
}

func sortedKeys(refs wanted) []string {
	keys := make([]string, 0, len(refs))
	for k := range refs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
