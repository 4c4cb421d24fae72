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
