package blob_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"hatch/internal/blob"
	"hatch/internal/blobtest"
)

// TestSweep: the sweep deletes what is old enough and named by nothing,
// on both stores, whatever their clocks' resolution (S3 keeps seconds).
func TestSweep(t *testing.T) {
	blobtest.Each(t, func(t *testing.T, st blob.Store) {
		named := put(t, st, []byte("named"))
		orphan := put(t, st, []byte("orphan"))
		time.Sleep(1100 * time.Millisecond)
		fresh := put(t, st, []byte("fresh"))
		var cutoff time.Time
		for _, i := range listInfo(t, st) {
			if i.Key == fresh {
				cutoff = i.Modified
			}
		}
		asked := 0
		inUse := func(_ context.Context, keys []string) (map[string]bool, error) {
			asked += len(keys)
			return map[string]bool{named: slices.Contains(keys, named)}, nil
		}

		swept, err := blob.Sweep(ctx, st, cutoff, inUse)
		t.Run("the old unnamed blob is deleted, the named and the fresh are kept", func(t *testing.T) {
			if err != nil || swept != (blob.Swept{Deleted: 1, InUse: 1, Fresh: 1}) {
				t.Fatalf("Sweep = %+v, %v", swept, err)
			}
			want := []string{named, fresh}
			slices.Sort(want)
			if got := list(t, st); !slices.Equal(got, want) {
				t.Fatalf("left %q, want %q", got, want)
			}
			openMissing(t, st, orphan)
		})
		t.Run("only blobs old enough are asked about", func(t *testing.T) {
			if asked != 2 {
				t.Fatalf("asked about %d keys", asked)
			}
		})
		t.Run("a second sweep deletes nothing more", func(t *testing.T) {
			again, err := blob.Sweep(ctx, st, cutoff, inUse)
			if err != nil || again != (blob.Swept{InUse: 1, Fresh: 1}) {
				t.Fatalf("Sweep = %+v, %v", again, err)
			}
		})
	})
}

func listInfo(t *testing.T, st blob.Store) []blob.Info {
	t.Helper()
	var out []blob.Info
	if err := st.List(ctx, func(i blob.Info) error { out = append(out, i); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSweepAbortsAbandonedUploads: a multipart upload its client never
// finished nor aborted is aborted once older than the grace period.
func TestSweepAbortsAbandonedUploads(t *testing.T) {
	cfg := blobtest.Config(t)
	st := blobtest.S3With(t, cfg)
	core, err := minio.NewCore(cfg.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.Secure, Region: cfg.Region, BucketLookup: minio.BucketLookupPath})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := core.NewMultipartUpload(ctx, cfg.Bucket, strings.Repeat("9f", 16), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	none := func(context.Context, []string) (map[string]bool, error) { return map[string]bool{}, nil }
	tests := []struct {
		name           string
		before         time.Time
		want           blob.Swept
		wantUnfinished int
	}{
		{"an upload newer than the grace period is left to finish", time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), blob.Swept{}, 1},
		{"an upload older than the grace period is aborted", time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), blob.Swept{Abandoned: 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			swept, err := blob.Sweep(ctx, st, tt.before, none)
			n, uerr := st.Unfinished(ctx)
			if err != nil || uerr != nil || swept != tt.want || n != tt.wantUnfinished {
				t.Fatalf("Sweep = %+v, %v; %d unfinished (%v)", swept, err, n, uerr)
			}
		})
	}
}

// TestSweepRemovesAbandonedTemporaryFiles: a file a crash left half
// written on disk is removed once older than the grace period.
func TestSweepRemovesAbandonedTemporaryFiles(t *testing.T) {
	d, root := newDir(t)
	key := put(t, d, []byte("kept"))
	temp := filepath.Join(root, key[:2], ".upload-123456")
	if err := os.WriteFile(temp, []byte("half"), 0o640); err != nil {
		t.Fatal(err)
	}
	written := modified(t, d, key)
	if err := os.Chtimes(temp, written, written); err != nil {
		t.Fatal(err)
	}
	named := func(_ context.Context, keys []string) (map[string]bool, error) {
		return map[string]bool{key: slices.Contains(keys, key)}, nil
	}
	tests := []struct {
		name     string
		before   time.Time
		want     blob.Swept
		wantLeft int
	}{
		{"a temporary file newer than the grace period is left", written, blob.Swept{Fresh: 1}, 2},
		{"a temporary file older than the grace period is removed", written.Add(time.Second), blob.Swept{InUse: 1, Abandoned: 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			swept, err := blob.Sweep(ctx, d, tt.before, named)
			if left := files(t, root); err != nil || swept != tt.want || len(left) != tt.wantLeft {
				t.Fatalf("Sweep = %+v, %v; left %q", swept, err, left)
			}
		})
	}
}

// modified is when st says key was stored.
func modified(t *testing.T, st blob.Store, key string) time.Time {
	t.Helper()
	for _, i := range listInfo(t, st) {
		if i.Key == key {
			return i.Modified
		}
	}
	t.Fatalf("%s not listed", key)
	return time.Time{}
}
