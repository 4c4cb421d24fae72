package store_test

import (
	"encoding/json"
	"testing"

	"github.com/riverqueue/river"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

type testJob struct {
	N int `json:"n"`
}

func (testJob) Kind() string { return "test_job" }

// TestJobsQueueOnBothEngines: river's tables come with Migrate, a client
// made by the store queues and reads jobs, and JobsAhead counts the jobs
// of a kind queued before one.
func TestJobsQueueOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, err := st.NewJobClient(&river.Config{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for i := range 3 {
			res, err := c.Insert(ctx, testJob{N: i}, nil)
			if err != nil {
				t.Fatalf("insert: %v", err)
			}
			ids = append(ids, res.Job.ID)
		}
		t.Run("a job is read back as queued", func(t *testing.T) {
			j, err := c.JobGet(ctx, ids[1])
			if err != nil {
				t.Fatal(err)
			}
			var args testJob
			if err := json.Unmarshal(j.EncodedArgs, &args); err != nil || j.Kind != "test_job" || args.N != 1 {
				t.Fatalf("job %s %s, want test_job {n: 1}", j.Kind, j.EncodedArgs)
			}
		})
		t.Run("each job counts those queued before it", func(t *testing.T) {
			for i, id := range ids {
				n, err := st.JobsAhead(ctx, "test_job", id)
				if err != nil || n != i {
					t.Errorf("job %d: %d ahead (%v), want %d", i, n, err, i)
				}
			}
		})
		t.Run("jobs of another kind are not counted", func(t *testing.T) {
			if n, err := st.JobsAhead(ctx, "other", ids[2]+1); err != nil || n != 0 {
				t.Errorf("%d ahead (%v), want 0", n, err)
			}
		})
	})
}
