package blob_test

import (
	"bytes"
	"errors"
	"io/fs"
	"runtime"
	"slices"
	"testing"

	"hatch/internal/blob"
	"hatch/internal/blobtest"
	"hatch/internal/testkit"
)

// TestS3PutStreams50MBInBoundedMemory: an upload of unknown length goes up
// part by part, so the heap holds a part or two, never the file.
func TestS3PutStreams50MBInBoundedMemory(t *testing.T) {
	const size = 50 << 20
	st := blobtest.S3(t)

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	stop := testkit.PeakHeap()
	saved, err := blob.Save(ctx, st, &generated{header: []byte("%PDF-1.4\n"), left: size}, all, 200<<20)
	peak := stop()
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	if saved.Size != size {
		t.Fatalf("saved %d bytes", saved.Size)
	}
	grew := int64(peak) - int64(base.HeapAlloc)
	t.Logf("peak heap growth %d KB for a %d MB upload in %d KB parts", grew>>10, size>>20, blob.PartSize>>10)
	// Two parts (the one read ahead to choose between one request and a
	// multipart upload, and the client's own), the client's overhead and
	// garbage not yet collected.
	const budget = 6 * blob.PartSize
	if grew > budget {
		t.Fatalf("heap grew by %d MB at peak, budget %d MB", grew>>20, budget>>20)
	}
}

// TestS3SmallPutAllocatesAboutItsSize: a file smaller than a part goes up
// in one request from a buffer sized to it, not a whole part's.
func TestS3SmallPutAllocatesAboutItsSize(t *testing.T) {
	st := blobtest.S3(t)
	body := pseudoRandom(100 << 10)
	put(t, st, body) // the client's first request sets up what it keeps

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	put(t, st, body)
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("a 100 KB put allocated %d KB", allocated>>10)
	if allocated > blob.PartSize/2 {
		t.Fatalf("a 100 KB put allocated %d KB, more than half a part", allocated>>10)
	}
}

// TestS3ServerRestart: while the server is down, puts and reads fail with
// an error that does not claim the file is gone and leave nothing behind;
// once it is back, the same store works again without being reopened.
func TestS3ServerRestart(t *testing.T) {
	srv := blobtest.NewServer(t)
	st := blobtest.S3With(t, srv.Config())
	before := put(t, st, []byte("before"))

	srv.Stop()
	t.Run("a put while the server is down fails", func(t *testing.T) {
		if _, err := st.Put(ctx, bytes.NewReader(pseudoRandom(blob.PartSize+10))); err == nil {
			t.Fatal("Put succeeded with the server down")
		}
	})
	t.Run("a read while the server is down fails without saying the file is gone", func(t *testing.T) {
		rc, err := st.Open(ctx, before)
		if err == nil {
			rc.Close()
			t.Fatal("Open succeeded with the server down")
		}
		if errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("err = %v: a server that is down is not a missing file", err)
		}
	})

	srv.Start()
	t.Run("after the restart the same store reads and writes again", func(t *testing.T) {
		if got := read(t, st, before); string(got) != "before" {
			t.Fatalf("read %q", got)
		}
		after := put(t, st, []byte("after"))
		want := []string{before, after}
		slices.Sort(want)
		if got := list(t, st); !slices.Equal(got, want) {
			t.Fatalf("listed %q, want %q: the failed put left something", got, want)
		}
	})
}
