package store_test

import (
	"testing"

	"github.com/riverqueue/river"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestStatsOnBothEngines: JobsWaiting counts the jobs of one queue ready
// to run, and PoolStats names each engine's pools with their bounds.
func TestStatsOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, err := st.NewJobClient(&river.Config{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if _, err := c.Insert(ctx, testJob{N: i}, &river.InsertOpts{Queue: "counted"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.Insert(ctx, testJob{N: 9}, nil); err != nil {
			t.Fatal(err)
		}
		t.Run("the waiting jobs of a queue are counted, not another's", func(t *testing.T) {
			for queue, want := range map[string]int{"counted": 2, "elsewhere": 0} {
				if n, err := st.JobsWaiting(ctx, queue); err != nil || n != want {
					t.Errorf("queue %s: %d waiting (%v), want %d", queue, n, err, want)
				}
			}
		})
		t.Run("the pools are named by engine", func(t *testing.T) {
			want := map[string][]string{"sqlite": {"writer", "reader"}, "postgres": {"main", "jobs"}}[st.Engine()]
			got := st.PoolStats()
			if len(got) != len(want) {
				t.Fatalf("pools %+v, want %v", got, want)
			}
			for i, p := range got {
				if p.Name != want[i] || p.MaxOpen < 1 || p.InUse < 0 || p.Idle < 0 {
					t.Errorf("pool %d: %+v, want %s with a bound", i, p, want[i])
				}
			}
		})
	})
}
