package store_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// Saves of two applications at once, in shared batches: each application's
// data_rev counts exactly its stored saves, and a save refused before it
// sent a statement costs the others nothing (no batch is rolled back).
func TestBatchedSavesTouchTheirApplicationOnceEach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		apps, users := []int64{w.app, w.otherApp}, []int64{w.user, w.otherUser}
		before := dataRevs(t, st, w)
		errRefused := errors.New("refused before writing")
		errs := saveAtOnce(t, st, 160, func(tx *store.Tx, i int) error {
			if i%10 == 3 {
				return errRefused
			}
			if _, err := tx.InsertRow(ctx, apps[i%2], "teams", teamNamed(i), users[i%2]); err != nil {
				return err
			}
			return tx.TouchApplication(ctx, apps[i%2], users[i%2])
		})
		stored := storedTeams(t, st, apps)
		for i, err := range errs {
			want := error(nil)
			if i%10 == 3 {
				want = errRefused
			}
			if !errors.Is(err, want) || (stored[i] == 1) != (want == nil) {
				t.Errorf("save %d: err %v, stored %d times; want err %v", i, err, stored[i], want)
			}
		}
		after := dataRevs(t, st, w)
		for k, app := range apps {
			want := int64(0)
			for i := k; i < len(errs); i += 2 {
				want += int64(stored[i])
			}
			if got := after[k].DataRev - before[k].DataRev; got != want || want == 0 {
				t.Errorf("application %d: data_rev rose by %d, want %d (one per stored save)", app, got, want)
			}
			if after[k].UpdatedBy != users[k] || !after[k].UpdatedAt.After(before[k].UpdatedAt.Add(-time.Millisecond)) {
				t.Errorf("application %d: updated by %d at %v; want %d", app, after[k].UpdatedBy, after[k].UpdatedAt, users[k])
			}
		}
		stats := st.BatchStats()
		if stats.Shared == 0 {
			t.Fatal("no save shared a batch: the test did not exercise batching")
		}
		if stats.RunAgain != 0 {
			t.Errorf("%d saves ran again alone; no batch should have been rolled back", stats.RunAgain)
		}
	})
}

// A save that fails after writing, or whose touch finds no application,
// rolls its PostgreSQL batch back; every save of that batch then runs again
// alone and ends as if it had never been batched: stored exactly once, or
// refused with its own error.
func TestRolledBackBatchRunsEachSaveAgainAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		before := dataRevs(t, st, w)
		errAfterWrite := errors.New("refused after writing")
		const n = 120
		var runs [n]atomic.Int32
		errs := saveAtOnce(t, st, n, func(tx *store.Tx, i int) error {
			runs[i].Add(1)
			app := w.app
			if i%10 == 6 {
				app = w.otherApp + 100 // no such application
			} else if _, err := tx.InsertRow(ctx, app, "teams", teamNamed(i), w.user); err != nil {
				return err
			}
			if i%10 == 4 {
				return errAfterWrite
			}
			return tx.TouchApplication(ctx, app, w.user)
		})
		stored := storedTeams(t, st, []int64{w.app})
		want := 0
		for i, err := range errs {
			switch i % 10 {
			case 4:
				if !errors.Is(err, errAfterWrite) || stored[i] != 0 {
					t.Errorf("save %d: err %v, stored %d times; want its own error, nothing stored", i, err, stored[i])
				}
			case 6:
				if domain.KindOf(err) != domain.NotFound {
					t.Errorf("save %d touched no application: err %v, want NotFound", i, err)
				}
			default:
				want++
				if err != nil || stored[i] != 1 {
					t.Errorf("save %d: err %v, stored %d times; want stored once", i, err, stored[i])
				}
			}
		}
		if got := dataRevs(t, st, w)[0].DataRev - before[0].DataRev; got != int64(want) {
			t.Errorf("data_rev rose by %d, want %d (one per stored save)", got, want)
		}
		stats := st.BatchStats()
		if st.Engine() == "postgres" && stats.RunAgain == 0 {
			t.Fatal("no batch was rolled back: the test did not exercise running again")
		}
		again := 0
		for i := range runs {
			if runs[i].Load() > 1 {
				again++
			}
		}
		if int64(again) != stats.RunAgain {
			t.Errorf("%d saves ran more than once, the store counts %d", again, stats.RunAgain)
		}
	})
}

// saveAtOnce starts n saves while every writer InSaveTx has is held, so
// that they queue and run in batches when the writers are let go, and
// returns each save's outcome.
func saveAtOnce(t *testing.T, st *store.Store, n int, save func(tx *store.Tx, i int) error) []error {
	t.Helper()
	release := storetest.HoldSaveWriters(t, st, nil)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = st.InSaveTx(ctx, func(tx *store.Tx) error { return save(tx, i) })
		}()
	}
	time.Sleep(100 * time.Millisecond) // the saves queue behind the held writers
	release()
	wg.Wait()
	return errs
}

func teamNamed(i int) domain.Values { return domain.Values{"name": fmt.Sprintf("团队%d", i)} }

// storedTeams counts, by save number, the rows teamNamed wrote in apps.
func storedTeams(t *testing.T, st *store.Store, apps []int64) map[int]int {
	t.Helper()
	out := map[int]int{}
	for _, app := range apps {
		rows, err := st.Rows(ctx, app, "teams")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			var i int
			if _, err := fmt.Sscanf(r.Data["name"], "团队%d", &i); err != nil {
				t.Fatalf("row %d: %v", r.ID, err)
			}
			out[i]++
		}
	}
	return out
}

// dataRevs reads the world's two applications.
func dataRevs(t *testing.T, st *store.Store, w appWorld) []domain.Application {
	t.Helper()
	a, err := st.Application(ctx, w.org, w.app)
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Application(ctx, w.otherOrg, w.otherApp)
	if err != nil {
		t.Fatal(err)
	}
	return []domain.Application{a, b}
}

// A save whose application was submitted after the caller's check is
// refused by its touch (ErrStale) and leaves nothing; saves of another
// application in the same batches are stored.
func TestBatchedSaveToASubmittedApplicationIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		mustTx(t, st, func(tx *store.Tx) error { return tx.SetStatus(ctx, w.otherApp, domain.AppDraft, domain.AppCityReview) })
		apps, users := []int64{w.app, w.otherApp}, []int64{w.user, w.otherUser}
		errs := saveAtOnce(t, st, 60, func(tx *store.Tx, i int) error {
			if _, err := tx.InsertRow(ctx, apps[i%2], "teams", teamNamed(i), users[i%2]); err != nil {
				return err
			}
			return tx.TouchApplication(ctx, apps[i%2], users[i%2])
		})
		stored := storedTeams(t, st, apps)
		for i, err := range errs {
			if i%2 == 1 && (!errors.Is(err, store.ErrStale) || stored[i] != 0) {
				t.Errorf("save %d to the submitted application: err %v, stored %d times; want ErrStale, nothing stored", i, err, stored[i])
			}
			if i%2 == 0 && (err != nil || stored[i] != 1) {
				t.Errorf("save %d to the draft: err %v, stored %d times; want stored once", i, err, stored[i])
			}
		}
	})
}
