package service_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// Saves share batches, and on PostgreSQL a batch with a transaction that
// failed after writing is rolled back and each save in it runs again
// alone. A row save that ran twice must answer with the row it finally
// stored, not the one rolled back: every answer names a row holding that
// save's values, and each save is stored once.
func TestRowSavesRunAgainAnswerWithTheRowStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		release := storetest.HoldSaveWriters(t, st, nil)
		const n = 60
		saved := make([]service.Saved, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i%6 == 5 { // a transaction that writes and then fails, queued after the saves
					time.Sleep(50 * time.Millisecond)
					errs[i] = st.InSaveTx(ctx, func(tx *store.Tx) error {
						if _, err := tx.InsertRow(ctx, app, "teams", appTeam("在孵"), e.a.ID); err != nil {
							return err
						}
						return errors.New("refused after writing")
					})
					return
				}
				in := appTeam("在孵")
				in["name"] = teamName(i)
				saved[i], errs[i] = e.svc.SaveRow(ctx, e.a, app, "teams", 0, in, 0)
			}()
		}
		time.Sleep(100 * time.Millisecond) // the saves queue behind the held writers
		release()
		wg.Wait()
		rows, err := st.Rows(ctx, app, "teams")
		wantOK(t, err)
		byID := map[int64]domain.Row{}
		for _, r := range rows {
			byID[r.ID] = r
		}
		if len(rows) != n-n/6 {
			t.Errorf("%d rows stored, want %d", len(rows), n-n/6)
		}
		for i := range n {
			if i%6 == 5 {
				if errs[i] == nil {
					t.Errorf("transaction %d: stored, want refused", i)
				}
				continue
			}
			r, ok := byID[saved[i].ID]
			if errs[i] != nil || !ok || r.Data["name"] != teamName(i) || saved[i].Revision != 1 {
				t.Errorf("save %d: %+v, %v; the row named is %+v", i, saved[i], errs[i], r)
			}
		}
		if st.Engine() == "postgres" && st.BatchStats().RunAgain == 0 {
			t.Fatal("no batch was rolled back: the test did not exercise running again")
		}
	})
}

func teamName(i int) string { return "团队" + string(rune('甲'+i)) }

// A save that passed its check while the application was being submitted
// is refused when the submission commits first: with the lock's own
// message, and nothing stored.
func TestSaveRefusedWhenSubmittedBeforeItsCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		release := storetest.HoldSaveWriters(t, st, func(tx *store.Tx) error {
			return tx.SetStatus(ctx, app, domain.AppDraft, domain.AppCityReview)
		})
		done := make(chan error, 1)
		go func() {
			_, err := e.svc.SaveRow(ctx, e.a, app, "teams", 0, appTeam("在孵"), 0)
			done <- err
		}()
		time.Sleep(100 * time.Millisecond) // checked, and queued behind the submission
		release()
		err := <-done
		if !errors.Is(err, service.ErrLocked) || !strings.Contains(domain.Message(err), "内容不能再修改") {
			t.Fatalf("SaveRow = %v; want refused as locked", err)
		}
		if n := e.rowCount(t, app, "teams"); n != 0 {
			t.Fatalf("%d rows stored, want none", n)
		}
	})
}
