// Package backup copies the embedded default's data — the SQLite database
// and the attachment files of a data directory — into a backup folder
// while the server runs, and restores such a folder into a data
// directory. Its only user is the command line, so its errors are the
// operator's Chinese sentences.
//
//   - manifest.go: the manifest, written last and checked first;
//   - take.go: Take, the online copy;
//   - restore.go: Check and Restore;
//   - file.go: a file copied, synced and read back with its SHA-256.
//
// A backup folder holds hatch.db (a copy of the database as of one
// commit), attachments/ (each file a row of that copy names, laid out as
// the data directory's), and manifest.json.
package backup

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// ManifestName is the manifest's file in a backup folder.
const ManifestName = "manifest.json"

// format is the manifest's layout version; a restore refuses another.
const format = 1

// Manifest says what a backup holds, so that a restore can check it is
// whole before it touches anything.
type Manifest struct {
	Format        int              `json:"format"`
	MadeAt        time.Time        `json:"made_at"`
	Engine        string           `json:"engine"`
	SchemaVersion int              `json:"schema_version"`
	Counts        map[string]int64 `json:"counts"` // rows per table, for people
	Database      File             `json:"database"`
	Files         []File           `json:"files"` // attachments/, by key
}

// File is one file of the backup with its size and SHA-256 (hex).
type File struct {
	Name   string `json:"name"` // the database's file name, or a blob key
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Bytes is the size of everything the manifest lists.
func (m Manifest) Bytes() int64 {
	n := m.Database.Size
	for _, f := range m.Files {
		n += f.Size
	}
	return n
}

// writeManifest writes the manifest last, atomically: a folder without
// one is a backup that did not finish.
func writeManifest(dir string, m Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, ManifestName+".tmp")
	if err := os.WriteFile(tmp, append(data, '\n'), 0o640); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, ManifestName)); err != nil {
		return err
	}
	return syncFile(dir)
}

// ReadManifest reads a backup folder's manifest.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return m, fmt.Errorf("%s 不是完整的备份：其中没有 %s（备份没有做完，或目录不对）", dir, ManifestName)
	}
	if err != nil {
		return m, fmt.Errorf("读取备份清单 %s：%w", ManifestName, err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("备份清单 %s 已损坏，无法读取（%v）：请换用另一份备份", ManifestName, err)
	}
	if m.Format != format {
		return m, fmt.Errorf("备份清单 %s 的格式版本为 %d，本程序只认识版本 %d：请用做备份时的 hatch 恢复", ManifestName, m.Format, format)
	}
	if m.Engine != "sqlite" || m.Database.Name == "" {
		return m, fmt.Errorf("备份清单 %s 不是内置数据库（SQLite）的备份", ManifestName)
	}
	return m, nil
}
