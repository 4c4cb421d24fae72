package backup

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// digest is what a copy is checked by.
type digest struct {
	size int64
	sum  string // SHA-256, hex
}

// hashFile reads a whole file for its size and SHA-256.
func hashFile(path string) (digest, error) {
	f, err := os.Open(path)
	if err != nil {
		return digest{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return digest{n, hex.EncodeToString(h.Sum(nil))}, err
}

// copyFile copies src to dst through a temporary file that is read back
// before it takes dst's name, so dst is never a half copy and holds what
// src held: the returned digest is both. When want is given,
// a copy that differs from it is refused (a *mismatch) and never named.
func copyFile(src, dst string, want *digest) (digest, error) {
	in, err := os.Open(src)
	if err != nil {
		return digest{}, err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return digest{}, err
	}
	tmp := dst + ".copying"
	got, err := writeFile(tmp, in)
	if err == nil {
		err = checkReadBack(tmp, got)
	}
	if err == nil && want != nil && got != *want {
		err = &mismatch{got: got, want: *want}
	}
	if err == nil {
		err = keepModTime(in, tmp)
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.Remove(tmp)
		return got, err
	}
	return got, nil
}

// copiers is how many files are copied or checked at once: each waits on
// the disk more than on a core.
const copiers = 4

// inParallel runs fn(0) … fn(n-1) on a few goroutines and returns their
// errors by index, so that the caller reports the first in order.
func inParallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(copiers, n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				errs[i] = fn(i)
			}
		})
	}
	wg.Wait()
	return errs
}

// mismatch is a file whose bytes are not the ones recorded.
type mismatch struct{ got, want digest }

func (m *mismatch) Error() string {
	return fmt.Sprintf("%d 字节、SHA-256 %s，应为 %d 字节、%s", m.got.size, m.got.sum, m.want.size, m.want.sum)
}

// writeFile writes r to the new file path and returns its digest. It does
// not flush it to the disk: a flusher does that for all files at the end.
func writeFile(path string, r io.Reader) (digest, error) {
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return digest{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), r)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return digest{n, hex.EncodeToString(h.Sum(nil))}, err
}

// checkReadBack reads path again and compares it with what was written.
func checkReadBack(path string, want digest) error {
	got, err := hashFile(path)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("写入后读回的内容不一致（SHA-256 %s，应为 %s）：请检查磁盘", got.sum, want.sum)
	}
	return nil
}

// keepModTime gives the copy its original's time: the attachment sweep
// judges a file's age by it.
func keepModTime(src *os.File, dst string) error {
	fi, err := src.Stat()
	if err != nil {
		return err
	}
	return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
}

// flusher flushes the files written to the disk together, once all are
// written: flushing each as it is written waits for the disk once per
// file (about 10 ms each), while by the end most are on the disk already.
type flusher struct {
	files []string
	dirs  map[string]bool
}

// add notes a file written, and its directory, whose entry changed.
func (f *flusher) add(path string) {
	if f.dirs == nil {
		f.dirs = map[string]bool{}
	}
	f.files = append(f.files, path)
	f.dirs[filepath.Dir(path)] = true
}

// flush syncs every file noted, a few at once (the file system commits
// their journal together), then every directory.
func (f *flusher) flush() error {
	errs := inParallel(len(f.files), func(i int) error { return syncFile(f.files[i]) })
	if err := firstOf(errs); err != nil {
		return err
	}
	for d := range f.dirs {
		if err := syncFile(d); err != nil {
			return err
		}
	}
	return nil
}

// syncFile flushes a file, or a directory's entries, to the disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
