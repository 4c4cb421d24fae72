package blob_test

import (
	"runtime"
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
