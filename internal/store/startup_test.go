package store_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestStartupRunsOneAtATime starts four callers together: each finds
// itself alone inside, as two instances starting on one database must.
func TestStartupRunsOneAtATime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		var inside, most, ran atomic.Int32
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				err := st.Startup(ctx, func() error {
					n := inside.Add(1)
					if n > most.Load() {
						most.Store(n)
					}
					time.Sleep(30 * time.Millisecond)
					inside.Add(-1)
					ran.Add(1)
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if ran.Load() != 4 || most.Load() != 1 {
			t.Errorf("%d callers ran, at most %d at once; want 4, one at a time", ran.Load(), most.Load())
		}
	})
}
