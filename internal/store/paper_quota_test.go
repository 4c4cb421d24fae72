package store_test

import (
	"strconv"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// submitTo binds a version and sends an application to a 受理机构's
// province review, as a submission does.
func submitTo(t *testing.T, st *store.Store, appID int64, code string) {
	t.Helper()
	mustTx(t, st, func(tx *store.Tx) error {
		app, err := st.ReviewApplication(ctx, appID)
		if err != nil {
			return err
		}
		v, err := tx.InsertVersion(ctx, domain.Version{AppID: appID, Code: "2021ZC-" + code + "-" + strconv.FormatInt(appID, 10), DataRev: app.DataRev},
			[]byte("{}"))
		if err != nil {
			return err
		}
		return tx.Submit(ctx, appID, domain.AppDraft, domain.AppProvinceReview, app.DataRev,
			domain.Submission{AcceptorCode: code, RegionCode: code, RefNo: "REF", VersionID: v.ID, At: st.Now()})
	})
}

func addStep(t *testing.T, st *store.Store, appID int64, s domain.Step) {
	t.Helper()
	mustTx(t, st, func(tx *store.Tx) error {
		_, err := tx.AddStep(ctx, domain.ReviewStep{Step: s, AppID: appID})
		return err
	})
}

func paperStep(on string, copies int, matched bool) domain.Step {
	return domain.Step{Action: domain.ActPaperCheck, From: domain.AppProvinceReview, To: domain.AppProvinceReview,
		Role: domain.RoleReviewer, Level: domain.LevelProvince, Version: "2021ZC", Matched: matched,
		Receipt: domain.Receipt{ReceivedOn: on, Copies: copies, Required: 5, Receiver: "王敏"}}
}

func TestPaperRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		submitTo(t, st, w.app, "110000")
		submitTo(t, st, w.otherApp, "350000")
		addStep(t, st, w.app, paperStep("2021-11-10", 5, false))
		addStep(t, st, w.app, paperStep("2021-11-12", 3, true))
		addStep(t, st, w.otherApp, paperStep("2021-11-11", 5, true))

		beijing := store.PaperQuery{Level: domain.LevelProvince, Region: "110000"}
		tests := []struct {
			name string
			edit func(q *store.PaperQuery)
			want []string // received dates, in order
		}{
			{"listed/every entry of the province, latest first", func(*store.PaperQuery) {}, []string{"2021-11-12", "2021-11-10"}},
			{"listed/within the dates", func(q *store.PaperQuery) { q.From, q.To = "2021-11-11", "2021-11-12" }, []string{"2021-11-12"}},
			{"listed/mismatched only", func(q *store.PaperQuery) { q.Match = "mismatched" }, []string{"2021-11-10"}},
			{"listed/copies short only", func(q *store.PaperQuery) { q.Short = true }, []string{"2021-11-12"}},
			{"listed/the round", func(q *store.PaperQuery) { q.RoundID = w.round }, []string{"2021-11-12", "2021-11-10"}},
			{"empty/another round", func(q *store.PaperQuery) { q.RoundID = w.round + 99 }, nil},
			{"empty/city level keeps no register", func(q *store.PaperQuery) { q.Level = domain.LevelCity }, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				q := beijing
				tt.edit(&q)
				list, err := st.PaperRegister(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, e := range list {
					got = append(got, e.Receipt.ReceivedOn)
					if e.AppID != w.app || e.CarrierName != "创新工场众创空间" || !strings.HasPrefix(e.Submitted, "2021ZC-110000-") {
						t.Errorf("entry %+v is not the Beijing application's", e)
					}
				}
				if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
					t.Errorf("dates = %v, want %v", got, tt.want)
				}
			})
		}
		steps, err := st.Steps(ctx, w.app)
		if err != nil || steps[len(steps)-1].Receipt != paperStep("2021-11-12", 3, true).Receipt {
			t.Errorf("the log does not keep the receipt: %+v, %v", steps, err)
		}
	})
}

func TestQuotas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		mustTx(t, st, func(tx *store.Tx) error {
			q, err := tx.LockQuota(ctx, w.round, "110000")
			if err != nil || q.Set {
				t.Errorf("a quota never set = %+v, %v; want none", q, err)
			}
			if err := tx.SetQuota(ctx, w.round, "110000", domain.Quota{Limit: 5, Set: true}, w.user); err != nil {
				return err
			}
			return tx.SetQuota(ctx, w.round, "350000", domain.Quota{Limit: 2, Set: true}, w.user)
		})
		mustTx(t, st, func(tx *store.Tx) error {
			return tx.SetQuota(ctx, w.round, "110000", domain.Quota{Limit: 7, Set: true}, w.user)
		})
		got, err := st.Quotas(ctx, w.round)
		if err != nil || len(got) != 2 || got["110000"] != 7 || got["350000"] != 2 {
			t.Fatalf("Quotas = %v, %v; want 110000:7 350000:2", got, err)
		}
		mustTx(t, st, func(tx *store.Tx) error {
			if err := tx.SetQuota(ctx, w.round, "350000", domain.Quota{}, w.user); err != nil {
				return err
			}
			q, err := tx.LockQuota(ctx, w.round, "110000")
			if q != (domain.Quota{Limit: 7, Set: true}) {
				t.Errorf("LockQuota = %+v, want 7", q)
			}
			return err
		})
		if got, _ := st.Quotas(ctx, w.round); len(got) != 1 {
			t.Errorf("a cleared quota stays: %v", got)
		}
	})
}

func TestRecommendLogs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		submitTo(t, st, w.app, "110000")
		submitTo(t, st, w.otherApp, "110000")
		rec := domain.Step{Action: domain.ActRecommend, From: domain.AppProvinceReview, To: domain.AppFormalReview,
			Role: domain.RoleReviewer, Level: domain.LevelProvince}
		addStep(t, st, w.app, paperStep("2021-11-10", 5, true))
		addStep(t, st, w.app, rec)
		addStep(t, st, w.otherApp, paperStep("2021-11-10", 5, true))
		logs, err := st.RecommendLogs(ctx, w.round, "110000")
		if err != nil {
			t.Fatal(err)
		}
		if len(logs) != 1 || len(logs[0]) != 2 || logs[0][1].Action != domain.ActRecommend {
			t.Fatalf("logs = %+v, want the recommended application's two steps", logs)
		}
		if n := domain.Recommended(logs); n != 1 {
			t.Errorf("Recommended = %d, want 1", n)
		}
		if other, _ := st.RecommendLogs(ctx, w.round, "350000"); len(other) != 0 {
			t.Errorf("another province's logs = %+v, want none", other)
		}
	})
}
