package blob_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"hatch/internal/blob"
	"hatch/internal/blobtest"
)

// conformance is what every Store does alike, run on a Dir and on a real
// S3 server by TestStoreConformance.
var conformance = []struct {
	name string
	run  func(t *testing.T, st blob.Store)
}{
	{"an empty blob round-trips", func(t *testing.T, st blob.Store) { roundTrip(t, st, nil) }},
	{"a small blob round-trips", func(t *testing.T, st blob.Store) { roundTrip(t, st, []byte("内容 %PDF-1.7")) }},
	{"a 20 MB blob round-trips over several parts", func(t *testing.T, st blob.Store) {
		roundTrip(t, st, pseudoRandom(20<<20))
	}},
	{"a key is 32 lower-case hex digits", func(t *testing.T, st blob.Store) {
		key := put(t, st, []byte("x"))
		if len(key) != 32 || strings.Trim(key, "0123456789abcdef") != "" {
			t.Fatalf("key %q", key)
		}
	}},
	{"a key not made by a store is refused", func(t *testing.T, st blob.Store) {
		key := put(t, st, []byte("x"))
		for _, bad := range []string{"../../etc/passwd", "", key[:31], strings.ToUpper(key), "/" + key[1:], key[:2] + "/" + key[3:]} {
			if rc, err := st.Open(ctx, bad); err == nil {
				rc.Close()
				t.Errorf("Open(%q) succeeded", bad)
			}
			if err := st.Delete(ctx, bad); err == nil {
				t.Errorf("Delete(%q) succeeded", bad)
			}
		}
	}},
	{"deleting twice is not an error and the key no longer opens", func(t *testing.T, st blob.Store) {
		key := put(t, st, []byte("gone soon"))
		for i := range 2 {
			if err := st.Delete(ctx, key); err != nil {
				t.Fatalf("delete %d: %v", i+1, err)
			}
		}
		if keys := list(t, st); slices.Contains(keys, key) {
			t.Fatal("deleted key still listed")
		}
		openMissing(t, st, key)
	}},
	{"a key never stored is fs.ErrNotExist", func(t *testing.T, st blob.Store) {
		openMissing(t, st, strings.Repeat("ab", 16))
	}},
	{"concurrent puts get distinct keys and keep their bytes", func(t *testing.T, st blob.Store) {
		const n = 8
		keys := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				k, err := st.Put(ctx, bytes.NewReader(body(i)))
				if err != nil {
					t.Errorf("put %d: %v", i, err)
				}
				keys[i] = k
			})
		}
		wg.Wait()
		for i, k := range keys {
			if got := read(t, st, k); !bytes.Equal(got, body(i)) {
				t.Fatalf("blob %d reads %q", i, got)
			}
		}
		listed := list(t, st)
		for _, k := range keys {
			if !slices.Contains(listed, k) {
				t.Fatalf("key %s not listed", k)
			}
		}
	}},
	{"List gives keys in order with their sizes", func(t *testing.T, st blob.Store) {
		k := put(t, st, []byte("12345"))
		var infos []blob.Info
		if err := st.List(ctx, func(i blob.Info) error { infos = append(infos, i); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.IsSortedFunc(infos, func(a, b blob.Info) int { return strings.Compare(a.Key, b.Key) }) {
			t.Fatal("keys out of order")
		}
		i := slices.IndexFunc(infos, func(i blob.Info) bool { return i.Key == k })
		if i < 0 || infos[i].Size != 5 || infos[i].Modified.IsZero() {
			t.Fatalf("listed %+v", infos)
		}
	}},
	{"List stops at fn's error and returns it", func(t *testing.T, st blob.Store) {
		put(t, st, []byte("a"))
		put(t, st, []byte("b"))
		stop, calls := errors.New("enough"), 0
		err := st.List(ctx, func(blob.Info) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Fatalf("err %v after %d calls", err, calls)
		}
	}},
	{"a put cancelled in its first part leaves nothing", func(t *testing.T, st blob.Store) {
		cancelledPut(t, st, 1<<10)
	}},
	{"a put cancelled after its first part leaves nothing", func(t *testing.T, st blob.Store) {
		cancelledPut(t, st, blob.PartSize+(1<<20))
	}},
	{"a body that breaks leaves nothing", func(t *testing.T, st blob.Store) {
		before := list(t, st)
		r := io.MultiReader(bytes.NewReader(pseudoRandom(blob.PartSize+10)), &failing{n: 0})
		if _, err := st.Put(ctx, r); err == nil {
			t.Fatal("Put succeeded on a broken body")
		}
		leftNothing(t, st, before)
	}},
}

func TestStoreConformance(t *testing.T) {
	blobtest.Each(t, func(t *testing.T, st blob.Store) {
		for _, c := range conformance {
			t.Run(c.name, func(t *testing.T) { c.run(t, st) })
		}
	})
}

func put(t *testing.T, st blob.Store, b []byte) string {
	t.Helper()
	key, err := st.Put(ctx, bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	return key
}

func read(t *testing.T, st blob.Store, key string) []byte {
	t.Helper()
	rc, err := st.Open(ctx, key)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return b
}

func roundTrip(t *testing.T, st blob.Store, b []byte) {
	t.Helper()
	if got := read(t, st, put(t, st, b)); !bytes.Equal(got, b) {
		t.Fatalf("read %d bytes back, put %d, or they differ", len(got), len(b))
	}
}

func openMissing(t *testing.T, st blob.Store, key string) {
	t.Helper()
	rc, err := st.Open(ctx, key)
	if err == nil {
		rc.Close()
		t.Fatalf("missing key %s opens", key)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
}

func list(t *testing.T, st blob.Store) []string {
	t.Helper()
	var keys []string
	if err := st.List(ctx, func(i blob.Info) error { keys = append(keys, i.Key); return nil }); err != nil {
		t.Fatalf("List: %v", err)
	}
	return keys
}

// leftNothing checks that the store lists what it listed before and that
// no multipart upload was left open on an S3 server.
func leftNothing(t *testing.T, st blob.Store, before []string) {
	t.Helper()
	if after := list(t, st); !slices.Equal(after, before) {
		t.Fatalf("listed %q, before %q", after, before)
	}
	if s3, ok := st.(*blob.S3); ok {
		if n, err := s3.Unfinished(ctx); err != nil || n != 0 {
			t.Fatalf("%d unfinished uploads (%v)", n, err)
		}
	}
}

// cancelledPut puts a body whose request is cancelled after at bytes.
func cancelledPut(t *testing.T, st blob.Store, at int) {
	t.Helper()
	before := list(t, st)
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	r := io.MultiReader(bytes.NewReader(pseudoRandom(at)), cancelling{cancel, bytes.NewReader(pseudoRandom(at))})
	if _, err := st.Put(c, r); err == nil {
		t.Fatal("Put succeeded after its context was cancelled")
	}
	leftNothing(t, st, before)
}

// cancelling cancels the request when it is first read, then reads on.
type cancelling struct {
	cancel context.CancelFunc
	r      io.Reader
}

func (c cancelling) Read(p []byte) (int, error) {
	c.cancel()
	return c.r.Read(p)
}

func body(i int) []byte { return []byte(fmt.Sprintf("blob %d %s", i, strings.Repeat("·", i*1000))) }

// pseudoRandom is n bytes that do not compress, the same on every run.
func pseudoRandom(n int) []byte {
	r := rand.New(rand.NewChaCha8([32]byte{1}))
	b := make([]byte, n)
	for i := 0; i < n; i += 8 {
		v := r.Uint64()
		for j := 0; j < 8 && i+j < n; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}
