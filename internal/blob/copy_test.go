package blob_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hatch/internal/blob"
	"hatch/internal/blobtest"
)

// legacy writes files into a data directory's tree as earlier versions
// of Hatch left them: root/ab/ab… per key.
func legacy(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for key, body := range files {
		p := filepath.Join(root, key[:2], key)
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o640); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCopy(t *testing.T) {
	k1, k2, k3 := strings.Repeat("a1", 16), strings.Repeat("b2", 16), strings.Repeat("c3", 16)
	blobtest.Each(t, func(t *testing.T, to blob.Store) {
		root := filepath.Join(t.TempDir(), "attachments")
		legacy(t, root, map[string]string{k1: "%PDF-1 一", k2: "%PDF-1 二", k3: ""})
		// Files that are not blobs stay where they are.
		legacy(t, root, map[string]string{strings.Repeat("d4", 16): "x"})
		os.Rename(filepath.Join(root, "d4", strings.Repeat("d4", 16)), filepath.Join(root, "d4", ".upload-123"))
		from, err := blob.NewDir(root)
		if err != nil {
			t.Fatal(err)
		}

		t.Run("every blob is copied under its key and reads back the same", func(t *testing.T) {
			res, err := blob.Copy(ctx, from, to)
			if err != nil || res.Copied != 3 || res.Present != 0 || len(res.Failed) != 0 {
				t.Fatalf("Copy = %+v, %v", res, err)
			}
			for k, want := range map[string]string{k1: "%PDF-1 一", k2: "%PDF-1 二", k3: ""} {
				if got := read(t, to, k); string(got) != want {
					t.Fatalf("%s reads %q", k, got)
				}
			}
			if keys := list(t, to); len(keys) != 3 {
				t.Fatalf("destination lists %q", keys)
			}
		})
		t.Run("running again copies nothing that is there with the same SHA-256", func(t *testing.T) {
			res, err := blob.Copy(ctx, from, to)
			if err != nil || res.Copied != 0 || res.Present != 3 || len(res.Failed) != 0 {
				t.Fatalf("Copy = %+v, %v", res, err)
			}
		})
		t.Run("a blob that differs in the destination is copied again", func(t *testing.T) {
			legacy(t, root, map[string]string{k2: "%PDF-1 二（改）"})
			res, err := blob.Copy(ctx, from, to)
			if err != nil || res.Copied != 1 || res.Present != 2 || len(res.Failed) != 0 {
				t.Fatalf("Copy = %+v, %v", res, err)
			}
			if got := read(t, to, k2); !bytes.Equal(got, []byte("%PDF-1 二（改）")) {
				t.Fatalf("reads %q", got)
			}
		})
		t.Run("a file that cannot be read fails alone", func(t *testing.T) {
			k4 := strings.Repeat("e5", 16)
			os.MkdirAll(filepath.Join(root, "e5"), 0o750)
			if err := os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "e5", k4)); err != nil {
				t.Fatal(err)
			}
			res, err := blob.Copy(ctx, from, to)
			if err != nil || res.Copied != 0 || res.Present != 3 || len(res.Failed) != 1 || res.Failed[0].Key != k4 {
				t.Fatalf("Copy = %+v, %v", res, err)
			}
		})
	})
}
