package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"hatch/internal/blob"
	"hatch/internal/domain"
	"hatch/internal/testkit"
)

var ctx = context.Background()

var all = []blob.Kind{blob.PDF, blob.JPEG, blob.PNG}

func newDir(t *testing.T) (*blob.Dir, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "blobs")
	d, err := blob.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	return d, root
}

// files lists the regular files under root, temporary ones included.
func files(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSave(t *testing.T) {
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 2000)...)
	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{1}, 100)...)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{2}, 100)...)
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0}, 1000)...)
	const limit = 4096

	tests := []struct {
		name     string
		body     []byte
		allowed  []blob.Kind
		wantKind blob.Kind
		wantMsg  string // part of the message when refused; "" when accepted
	}{
		{"a PDF is accepted by its content", pdf, all, blob.PDF, ""},
		{"a JPEG is accepted by its content", jpeg, all, blob.JPEG, ""},
		{"a PNG is accepted by its content", png, all, blob.PNG, ""},
		{"a file of exactly the limit is accepted", append([]byte("%PDF-"), bytes.Repeat([]byte("y"), limit-5)...), all, blob.PDF, ""},
		{"an exe renamed .pdf is refused", exe, all, blob.Kind{}, "文件格式不符"},
		{"plain text is refused", []byte("hello, this is not a PDF"), all, blob.Kind{}, "文件格式不符"},
		{"a PNG where only PDF is allowed is refused", png, []blob.Kind{blob.PDF}, blob.Kind{}, "只接受 PDF"},
		{"an empty file is refused", nil, all, blob.Kind{}, "空"},
		{"a file one byte over the limit is refused", append([]byte("%PDF-"), bytes.Repeat([]byte("z"), limit-4)...), all, blob.Kind{}, "4 KB"},
		{"a file far over the limit is refused", append([]byte("%PDF-"), bytes.Repeat([]byte("z"), 10*limit)...), all, blob.Kind{}, "大小上限"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, root := newDir(t)
			saved, err := blob.Save(ctx, d, bytes.NewReader(tt.body), tt.allowed, limit)
			if tt.wantMsg != "" {
				if domain.KindOf(err) != domain.Invalid || !strings.Contains(domain.Message(err), tt.wantMsg) {
					t.Fatalf("err = %v, want Invalid mentioning %q", err, tt.wantMsg)
				}
				if left := files(t, root); len(left) != 0 {
					t.Fatalf("refused upload left files behind: %q", left)
				}
				return
			}
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			sum := sha256.Sum256(tt.body)
			if saved.Kind != tt.wantKind || saved.Size != int64(len(tt.body)) || saved.SHA256 != hex.EncodeToString(sum[:]) {
				t.Fatalf("saved = %+v", saved)
			}
			rc, err := d.Open(ctx, saved.Key)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Equal(got, tt.body) {
				t.Fatal("stored bytes differ")
			}
			if left := files(t, root); len(left) != 1 {
				t.Fatalf("want exactly one stored file, have %q", left)
			}
		})
	}
}

// trickle returns at most n bytes per Read, like a slow network body.
type trickle struct {
	r io.Reader
	n int
}

func (t trickle) Read(p []byte) (int, error) {
	if len(p) > t.n {
		p = p[:t.n]
	}
	return t.r.Read(p)
}

func TestSaveSniffsBodiesThatArriveInSmallReads(t *testing.T) {
	d, _ := newDir(t)
	body := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("a"), 3000)...)
	saved, err := blob.Save(ctx, d, trickle{bytes.NewReader(body), 3}, all, 1<<20)
	if err != nil || saved.Kind != blob.PDF || saved.Size != int64(len(body)) {
		t.Fatalf("saved = %+v, %v", saved, err)
	}
}

// failing returns an error after some bytes, like a dropped connection.
type failing struct{ n int }

func (f *failing) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	if f.n == 1000 {
		n := copy(p, "%PDF-")
		f.n -= n
		return n, nil
	}
	m := min(len(p), f.n)
	clear(p[:m])
	f.n -= m
	return m, nil
}

func TestSaveLeavesNothingWhenTheBodyBreaks(t *testing.T) {
	d, root := newDir(t)
	_, err := blob.Save(ctx, d, &failing{n: 1000}, all, 1<<20)
	if err == nil {
		t.Fatal("Save succeeded on a broken body")
	}
	if domain.Message(err) == "" || strings.Contains(domain.Message(err), "connection reset") {
		t.Fatalf("message leaks the cause: %q", domain.Message(err))
	}
	if left := files(t, root); len(left) != 0 {
		t.Fatalf("broken upload left files behind: %q", left)
	}
}

// generated is a PDF header followed by zeros, made on the fly.
type generated struct {
	header []byte
	left   int64
}

func (g *generated) Read(p []byte) (int, error) {
	if g.left <= 0 {
		return 0, io.EOF
	}
	n := 0
	if len(g.header) > 0 {
		n = copy(p, g.header)
		g.header = g.header[n:]
	}
	m := int64(len(p) - n)
	if m > g.left-int64(n) {
		m = g.left - int64(n)
	}
	clear(p[n : n+int(m)])
	n += int(m)
	g.left -= int64(n)
	return n, nil
}

func TestSaveStreams100MBInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 MB")
	}
	const size = 100 << 20
	d, root := newDir(t)

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)

	// Sample the heap while the upload runs, to catch a peak that a
	// before/after comparison would miss.
	stop := testkit.PeakHeap()
	saved, err := blob.Save(ctx, d, &generated{header: []byte("%PDF-1.4\n"), left: size}, all, 200<<20)
	peak := stop()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)

	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	if saved.Size != size || saved.Kind != blob.PDF {
		t.Fatalf("saved = %+v", saved)
	}
	const budget = 32 << 20
	t.Logf("peak heap growth %d KB, allocated %d KB", (int64(peak)-int64(base.HeapAlloc))>>10, (after.TotalAlloc-base.TotalAlloc)>>10)
	if grew := int64(peak) - int64(base.HeapAlloc); grew > budget {
		t.Fatalf("heap grew by %d MB at peak, budget 32 MB", grew>>20)
	}
	if allocated := after.TotalAlloc - base.TotalAlloc; allocated > budget {
		t.Fatalf("allocated %d MB in total while streaming, budget 32 MB", allocated>>20)
	}
	if left := files(t, root); len(left) != 1 {
		t.Fatalf("want one stored file, have %q", left)
	}
}

func TestDirKeys(t *testing.T) {
	d, root := newDir(t)
	key, err := d.Put(ctx, strings.NewReader("内容"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a key from Put is 32 lower-case hex digits and opens", func(t *testing.T) {
		if len(key) != 32 || strings.Trim(key, "0123456789abcdef") != "" {
			t.Fatalf("key %q", key)
		}
		rc, err := d.Open(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if string(b) != "内容" {
			t.Fatalf("read %q", b)
		}
	})

	bad := []struct{ name, key string }{
		{"a path traversal is refused", "../../etc/passwd"},
		{"a traversal padded to 32 characters is refused", "../../../../../../../etc/passwd0"},
		{"an empty key is refused", ""},
		{"a 31-character key is refused", key[:31]},
		{"upper-case hex is refused", strings.ToUpper(key)},
		{"an absolute path is refused", "/" + key[1:]},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if rc, err := d.Open(ctx, tt.key); err == nil {
				rc.Close()
				t.Fatalf("Open(%q) succeeded", tt.key)
			}
			if err := d.Delete(ctx, tt.key); err == nil {
				t.Fatalf("Delete(%q) succeeded", tt.key)
			}
		})
	}

	t.Run("deleting removes the file and deleting again is not an error", func(t *testing.T) {
		if err := d.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		if err := d.Delete(ctx, key); err != nil {
			t.Fatalf("second delete: %v", err)
		}
		if left := files(t, root); len(left) != 0 {
			t.Fatalf("files left: %q", left)
		}
		if _, err := d.Open(ctx, key); err == nil {
			t.Fatal("deleted key still opens")
		}
	})
}
