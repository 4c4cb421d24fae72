package blob_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"hatch/internal/blob"
	"hatch/internal/blobtest"
)

// tally is an Observer that counts what it hears.
type tally struct {
	mu sync.Mutex
	n  map[string]int // "op outcome" → count
}

func (c *tally) observe(op, outcome string, _ time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[op+" "+outcome]++
}

func (c *tally) count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

// TestObservedStoreConformance: an Observed store does everything a store
// does, and its observer hears every operation with its outcome.
func TestObservedStoreConformance(t *testing.T) {
	blobtest.Each(t, func(t *testing.T, st blob.Store) {
		c := &tally{n: map[string]int{}}
		obs := blob.Observed(st, c.observe)
		for _, tc := range conformance {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, obs) })
		}
		for _, heard := range []string{"put ok", "open ok", "open missing", "delete ok", "delete error", "list ok", "put error"} {
			if c.count(heard) == 0 {
				t.Errorf("the observer never heard %q: %v", heard, c.n)
			}
		}
		if err := blob.Check(context.Background(), obs); err != nil {
			t.Errorf("Check: %v", err)
		}
	})
}

// TestObservedStoreKeepsSweepAndCopy: Sweep still clears the temporary
// files of the store inside, and Copy still writes into it.
func TestObservedStoreKeepsSweepAndCopy(t *testing.T) {
	root := filepath.Join(t.TempDir(), "blobs")
	d, err := blob.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	obs := blob.Observed(d, func(string, string, time.Duration) {})
	t.Run("Sweep removes an abandoned temporary file", func(t *testing.T) {
		if err := os.MkdirAll(filepath.Join(root, "ab"), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "ab", ".upload-1"), []byte("half"), 0o640); err != nil {
			t.Fatal(err)
		}
		none := func(context.Context, []string) (map[string]bool, error) { return map[string]bool{}, nil }
		swept, err := blob.Sweep(ctx, obs, time.Now().Add(time.Hour), none)
		if err != nil || swept.Abandoned != 1 {
			t.Fatalf("Sweep = %+v, %v", swept, err)
		}
	})
	t.Run("Copy writes into it under the same key", func(t *testing.T) {
		from := blobtest.Dir(t)
		key := put(t, from, []byte("copied"))
		got, err := blob.Copy(ctx, from, obs)
		if err != nil || got.Copied != 1 || string(read(t, obs, key)) != "copied" {
			t.Fatalf("Copy = %+v, %v", got, err)
		}
	})
}

// TestCheck: a store answers while its directory or bucket is there.
func TestCheck(t *testing.T) {
	t.Run("a directory that is there answers", func(t *testing.T) {
		if err := blob.Check(ctx, blobtest.Dir(t)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a directory removed does not", func(t *testing.T) {
		root := filepath.Join(t.TempDir(), "gone")
		d, err := blob.NewDir(root)
		if err != nil {
			t.Fatal(err)
		}
		os.RemoveAll(root)
		if err := blob.Check(ctx, d); err == nil {
			t.Fatal("Check of a removed directory succeeded")
		}
	})
	t.Run("a bucket that is there answers", func(t *testing.T) {
		if err := blob.Check(ctx, blobtest.S3(t)); err != nil {
			t.Fatal(err)
		}
	})
}
