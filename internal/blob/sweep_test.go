package blob_test

import (
	"context"
	"slices"
	"testing"
	"time"

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
