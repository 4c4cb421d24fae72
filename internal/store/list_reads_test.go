package store_test

import (
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

func TestListReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		step := func(app int64, action domain.Action) {
			mustTx(t, st, func(tx *store.Tx) error {
				_, err := tx.AddStep(ctx, domain.ReviewStep{AppID: app, Step: domain.Step{Action: action, From: domain.AppDraft,
					To: domain.AppDraft, Role: domain.RoleLegal}})
				return err
			})
		}
		step(w.app, domain.ActSubmit)
		step(w.otherApp, domain.ActSubmit)
		step(w.app, domain.ActPaperCheck)

		t.Run("StepsOf returns each application's log in order", func(t *testing.T) {
			got, err := st.StepsOf(ctx, []int64{w.app, w.otherApp, w.app})
			wantErr(t, err, nil)
			if len(got) != 2 || len(got[w.app]) != 2 || got[w.app][0].Action != domain.ActSubmit ||
				got[w.app][1].Action != domain.ActPaperCheck || len(got[w.otherApp]) != 1 {
				t.Fatalf("steps %+v", got)
			}
		})
		t.Run("StepsOf of nothing or of applications without steps is empty", func(t *testing.T) {
			got, err := st.StepsOf(ctx, nil)
			wantErr(t, err, nil)
			if len(got) != 0 {
				t.Fatalf("steps %+v", got)
			}
			got, err = st.StepsOf(ctx, []int64{w.app + 1000})
			wantErr(t, err, nil)
			if len(got) != 0 {
				t.Fatalf("steps %+v", got)
			}
		})
		t.Run("OrgNames names each organisation asked for", func(t *testing.T) {
			got, err := st.OrgNames(ctx, []int64{w.otherOrg, w.org, w.org + 1000})
			wantErr(t, err, nil)
			if len(got) != 2 || got[w.org] != "厦门创新工场有限公司" || got[w.otherOrg] != "福州众创空间有限公司" {
				t.Fatalf("names %+v", got)
			}
		})
	})
}
