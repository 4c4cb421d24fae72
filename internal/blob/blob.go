// Package blob stores attachment bytes. Files are streamed to storage while
// their SHA-256 and size are computed and their type is sniffed from the
// first bytes, so memory does not grow with file size.
//
//   - blob.go: the Store interface, keys, and Dir, the disk store;
//   - s3.go, s3_url.go: S3, a bucket on an S3-compatible server, and the
//     s3:// address that configures it;
//   - link.go: short-lived download links (presigned GETs);
//   - copy.go: Copy, which moves a Dir's files into another store;
//   - sweep.go: Sweep, which deletes what no row names;
//   - upload.go: Save, the checked upload.
package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Store is where attachment bytes live: a local directory by default, an
// S3-compatible bucket at scale.
type Store interface {
	// Put streams r under a new key and returns the key.
	Put(ctx context.Context, r io.Reader) (key string, err error)
	// Open returns the bytes under key. A missing key is an error that
	// errors.Is(err, fs.ErrNotExist) recognises, on every store.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// List calls fn for every stored blob, in key order, until fn fails.
	List(ctx context.Context, fn func(Info) error) error
}

// Info is a stored blob as List sees it.
type Info struct {
	Key      string
	Size     int64
	Modified time.Time
}

// Dir stores blobs as files in a directory tree.
type Dir struct{ root string }

// NewDir returns a Dir rooted at root, creating it if needed.
func NewDir(root string) (*Dir, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, err
	}
	return &Dir{root: root}, nil
}

// Put writes to a temporary file and renames it into place, so a crash
// mid-upload never leaves a half file under a real key.
func (d *Dir) Put(ctx context.Context, r io.Reader) (string, error) {
	key, err := newKey()
	if err != nil {
		return "", err
	}
	return key, d.write(ctx, key, r)
}

func (d *Dir) write(ctx context.Context, key string, r io.Reader) error {
	path := d.path(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix+"*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, ctxReader{ctx, r}); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Open opens the file under key.
func (d *Dir) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if !validKey(key) {
		return nil, fmt.Errorf("blob: bad key %q", key)
	}
	return os.Open(d.path(key))
}

// Delete removes the file under key.
func (d *Dir) Delete(ctx context.Context, key string) error {
	if !validKey(key) {
		return fmt.Errorf("blob: bad key %q", key)
	}
	err := os.Remove(d.path(key))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// List walks the tree in key order; files that are not blobs (uploads in
// progress, anything else put there) are left out.
func (d *Dir) List(ctx context.Context, fn func(Info) error) error {
	err := filepath.WalkDir(d.root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !validKey(e.Name()) || p != d.path(e.Name()) {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil // deleted while listing
		}
		if err != nil {
			return err
		}
		return fn(Info{Key: e.Name(), Size: fi.Size(), Modified: fi.ModTime()})
	})
	return err
}

// abandon removes the temporary files of uploads begun before `before`
// that a crash left unrenamed: no key names them, so List never shows
// them.
func (d *Dir) abandon(ctx context.Context, before time.Time) (int, error) {
	n := 0
	err := filepath.WalkDir(d.root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasPrefix(e.Name(), tempPrefix) {
			return err
		}
		fi, err := e.Info()
		if err != nil || !fi.ModTime().Before(before) {
			return ctx.Err()
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		n++
		return ctx.Err()
	})
	return n, err
}

// tempPrefix starts the name of a file being written.
const tempPrefix = ".upload-"

func (d *Dir) path(key string) string { return DirPath(d.root, key) }

// DirPath is where a Dir rooted at root keeps key: keys fan out over 256
// directories so no directory grows huge. Backups keep their copies the
// same way, so that a backup's folder is a Dir too.
func DirPath(root, key string) string { return filepath.Join(root, key[:2], key) }

// ValidKey reports whether key is one a store made (32 lower-case hex
// digits), so that a key read from elsewhere can never walk out of a root.
func ValidKey(key string) bool { return validKey(key) }

// ctxReader stops a copy once ctx ends, so an upload whose request was
// cancelled stops and leaves nothing.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func newKey() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// validKey accepts only keys this package made: 32 lower-case hex digits,
// so a key can never walk out of the root.
func validKey(k string) bool {
	if len(k) != 32 {
		return false
	}
	return strings.Trim(k, "0123456789abcdef") == ""
}

// Kind is a file type Hatch accepts, recognised by content.
type Kind struct {
	ContentType string
	Ext         string
	Label       string
}

// The accepted kinds (domain.md §6: PDF, JPG, PNG).
var (
	PDF  = Kind{"application/pdf", ".pdf", "PDF"}
	JPEG = Kind{"image/jpeg", ".jpg", "JPG"}
	PNG  = Kind{"image/png", ".png", "PNG"}
)

// Sniff recognises a file's type from its first bytes. A renamed .exe is
// not a PDF however it is named.
func Sniff(head []byte) (Kind, bool) {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF, true
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG, true
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, true
	}
	return Kind{}, false
}
