package store_test

import (
	"context"
	"slices"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// newDept adds a department for the review tables' tests.
func newDept(t *testing.T, st *store.Store, name string, level domain.Level, region string) int64 {
	t.Helper()
	var id int64
	err := st.InTx(context.Background(), func(tx *store.Tx) (err error) {
		id, err = tx.CreateDepartment(context.Background(), domain.Department{Name: name, Level: level, RegionCode: region})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestWithdrawAndNotesTables: a 撤回 step keeps the step it names, sent
// remarks go back to drafts, and each department reads only its notes.
func TestWithdrawAndNotesTables(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newAppWorld(t, st)
		mine, other := newDept(t, st, "北京市科学技术委员会", domain.LevelProvince, "110000"),
			newDept(t, st, "北京市海淀区科学技术和信息化局", domain.LevelCity, "110108")
		var ret, wd int64
		var drafts []int64
		err := st.InTx(ctx, func(tx *store.Tx) (err error) {
			for _, text := range []string{"请核实地址。", "请补充协议。"} {
				if _, err = tx.AddRemark(ctx, domain.Remark{AppID: w.app, DeptID: mine, Section: "basic", Text: text}); err != nil {
					return err
				}
			}
			if drafts, err = tx.DraftRemarkIDs(ctx, w.app, mine); err != nil {
				return err
			}
			step := domain.Step{Action: domain.ActReturn, From: domain.AppProvinceReview, To: domain.AppReturned,
				Role: domain.RoleReviewer, Level: domain.LevelProvince, Comment: "退回"}
			if ret, err = tx.AddStep(ctx, domain.ReviewStep{Step: step, AppID: w.app, DeptID: mine}); err != nil {
				return err
			}
			if _, err = tx.SendRemarks(ctx, w.app, mine, ret); err != nil {
				return err
			}
			undo := domain.Step{Action: domain.ActWithdraw, From: domain.AppReturned, To: domain.AppProvinceReview,
				Role: domain.RoleReviewer, Level: domain.LevelProvince, Comment: "撤回"}
			wd, err = tx.AddStep(ctx, domain.ReviewStep{Step: undo, AppID: w.app, DeptID: mine, Withdraws: ret})
			return err
		})
		if err != nil || len(drafts) != 2 {
			t.Fatalf("setup: %v, drafts %v", err, drafts)
		}
		t.Run("the 撤回 names the step and the log keeps both", func(t *testing.T) {
			steps, err := st.Steps(ctx, w.app)
			if err != nil || len(steps) != 2 || steps[0].ID != ret || steps[1].ID != wd || steps[1].Withdraws != ret || steps[0].Withdraws != 0 {
				t.Fatalf("steps %+v, %v", steps, err)
			}
		})
		t.Run("sent remarks go back to drafts", func(t *testing.T) {
			var n int64
			err := st.InTx(ctx, func(tx *store.Tx) (err error) {
				n, err = tx.UnsendRemarks(ctx, w.app, ret)
				return err
			})
			again, _ := st.DraftRemarkIDs(ctx, w.app, mine)
			if err != nil || n != 2 || !slices.Equal(again, drafts) {
				t.Fatalf("unsent %d (%v); drafts now %v, want %v", n, err, again, drafts)
			}
			if theirs, _ := st.DraftRemarkIDs(ctx, w.app, other); len(theirs) != 0 {
				t.Errorf("another department's drafts: %v", theirs)
			}
		})
		t.Run("each department reads only its own notes", func(t *testing.T) {
			err := st.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.AddNote(ctx, domain.Note{AppID: w.app, DeptID: mine, Section: "basic", Text: "电话核实", UserName: "孙审核"})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			got, err := st.Notes(ctx, w.app, mine)
			if err != nil || len(got) != 1 || got[0].Text != "电话核实" || got[0].Section != "basic" || got[0].At.IsZero() {
				t.Fatalf("notes %+v, %v", got, err)
			}
			if theirs, err := st.Notes(ctx, w.app, other); err != nil || len(theirs) != 0 {
				t.Errorf("another department reads %+v, %v", theirs, err)
			}
			if elsewhere, _ := st.Notes(ctx, w.otherApp, mine); len(elsewhere) != 0 {
				t.Errorf("another application's notes: %+v", elsewhere)
			}
		})
	})
}
