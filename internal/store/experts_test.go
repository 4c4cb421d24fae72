package store_test

import (
	"strconv"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// expertWorld is appWorld with two departments' pools of experts.
type expertWorld struct {
	appWorld
	dept, otherDept int64
	expert, other   int64 // experts of dept
	foreign         int64 // an expert of otherDept
	round           time.Time
}

func newExpertWorld(t *testing.T, st *store.Store) expertWorld {
	t.Helper()
	w := expertWorld{appWorld: newAppWorld(t, st), round: time.UnixMilli(1_638_000_000_000)}
	mustTx(t, st, func(tx *store.Tx) error {
		var err error
		if w.dept, err = tx.CreateDepartment(ctx, domain.Department{Name: "福建省科学技术厅", Level: domain.LevelProvince, RegionCode: "350000"}); err != nil {
			return err
		}
		w.otherDept, err = tx.CreateDepartment(ctx, domain.Department{Name: "科技部火炬中心", Level: domain.LevelTorch})
		return err
	})
	w.expert = newExpert(t, st, "expert-a", w.dept, "350200")
	w.other = newExpert(t, st, "expert-b", w.dept, "350100")
	w.foreign = newExpert(t, st, "expert-c", w.otherDept, "110000")
	return w
}

func newExpert(t *testing.T, st *store.Store, login string, dept int64, region string) int64 {
	t.Helper()
	id := newUser(t, st, login, domain.RoleExpert, 0)
	mustTx(t, st, func(tx *store.Tx) error {
		return tx.AddExpert(ctx, domain.Expert{User: domain.User{ID: id}, PoolID: dept,
			Employer: login + "大学", Speciality: "创业投资", RegionCode: region, RegionName: "某地"})
	})
	return id
}

func (w expertWorld) assign(t *testing.T, st *store.Store, app, expert, dept int64, level domain.Level) int64 {
	t.Helper()
	var id int64
	mustTx(t, st, func(tx *store.Tx) error {
		var err error
		id, err = tx.AddAssignment(ctx, domain.Assignment{AppID: app, RoundAt: w.round, Level: level,
			DeptID: dept, ExpertID: expert, AssignedBy: w.user})
		return err
	})
	return id
}

func TestExpertsOfPool(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newExpertWorld(t, st)
		t.Run("listed/only the pool's experts", func(t *testing.T) {
			es, err := st.ExpertsOfPool(ctx, w.dept)
			if err != nil || len(es) != 2 || es[0].Login != "expert-a" || es[1].Login != "expert-b" {
				t.Fatalf("ExpertsOfPool = %+v, %v; want expert-a and expert-b", es, err)
			}
			if es[0].Employer != "expert-a大学" || es[0].RegionCode != "350200" || es[0].PoolID != w.dept || es[0].Role != domain.RoleExpert {
				t.Errorf("profile %+v", es[0])
			}
		})
		t.Run("found/one expert by id", func(t *testing.T) {
			e, err := st.Expert(ctx, w.foreign)
			if err != nil || e.PoolID != w.otherDept {
				t.Fatalf("Expert = %+v, %v", e, err)
			}
		})
		t.Run("not found/an account that is no expert", func(t *testing.T) {
			_, err := st.Expert(ctx, w.user)
			wantErr(t, err, domain.ErrNotFound)
		})
	})
}

func TestAssignments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newExpertWorld(t, st)
		a := w.assign(t, st, w.app, w.expert, w.dept, domain.LevelProvince)
		b := w.assign(t, st, w.app, w.other, w.dept, domain.LevelProvince)
		w.assign(t, st, w.otherApp, w.expert, w.dept, domain.LevelProvince)
		w.assign(t, st, w.app, w.foreign, w.otherDept, domain.LevelTorch)

		t.Run("refused/the same expert twice", func(t *testing.T) {
			err := inTx(t, st, func(tx *store.Tx) error {
				_, err := tx.AddAssignment(ctx, domain.Assignment{AppID: w.app, RoundAt: w.round,
					Level: domain.LevelProvince, DeptID: w.dept, ExpertID: w.expert})
				return err
			})
			wantErr(t, err, store.ErrDuplicate)
		})
		t.Run("listed/per application, level and round", func(t *testing.T) {
			as, err := st.AssignmentsOfApp(ctx, w.app, w.round, domain.LevelProvince)
			if err != nil || len(as) != 2 || as[0].ID != a || as[1].ID != b || as[0].ExpertName != "expert-a" {
				t.Fatalf("AssignmentsOfApp = %+v, %v", as, err)
			}
			old, err := st.AssignmentsOfApp(ctx, w.app, w.round.Add(-time.Hour), domain.LevelProvince)
			if err != nil || len(old) != 0 {
				t.Fatalf("another round = %+v, %v; want none", old, err)
			}
		})
		t.Run("listed/several applications at once", func(t *testing.T) {
			as, err := st.AssignmentsOfApps(ctx, w.dept, []int64{w.app, w.otherApp})
			if err != nil || len(as) != 0 {
				t.Fatalf("AssignmentsOfApps before submission = %+v, %v; want none", as, err)
			}
			for _, app := range []int64{w.app, w.otherApp} {
				mustTx(t, st, func(tx *store.Tx) error {
					v, err := tx.InsertVersion(ctx, domain.Version{AppID: app, Code: "V" + strconv.FormatInt(app, 10), DataRev: 1, BlobKey: "k"}, []byte("{}"))
					if err != nil {
						return err
					}
					return tx.Submit(ctx, app, domain.AppDraft, domain.AppProvinceReview, 1,
						domain.Submission{AcceptorCode: "350000", VersionID: v.ID, At: w.round})
				})
			}
			as, err = st.AssignmentsOfApps(ctx, w.dept, []int64{w.app, w.otherApp})
			if err != nil || len(as) != 3 {
				t.Fatalf("AssignmentsOfApps = %+v, %v; want the department's 3", as, err)
			}
		})
		t.Run("listed/an expert's own", func(t *testing.T) {
			as, err := st.AssignmentsOfExpert(ctx, w.expert)
			if err != nil || len(as) != 2 {
				t.Fatalf("AssignmentsOfExpert = %+v, %v; want 2", as, err)
			}
		})
		t.Run("saved/a draft keeps the revision moving", func(t *testing.T) {
			err := inTx(t, st, func(tx *store.Tx) error {
				return tx.SaveSheet(ctx, a, 1, store.SheetWrite{Scores: map[string]string{"team": "18"}, Comment: "较好", Total: 18})
			})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := st.Assignment(ctx, a)
			if got.Revision != 2 || got.Scores["team"] != "18" || got.Submitted() || got.State() != "评分中" {
				t.Fatalf("after draft %+v", got)
			}
		})
		t.Run("conflict/a save at an old revision", func(t *testing.T) {
			err := inTx(t, st, func(tx *store.Tx) error {
				return tx.SaveSheet(ctx, a, 1, store.SheetWrite{Scores: map[string]string{}})
			})
			wantErr(t, err, store.ErrStale)
		})
		t.Run("submitted/criteria frozen and the sheet read only", func(t *testing.T) {
			sheet := domain.DefaultScoreSheet()
			mustTx(t, st, func(tx *store.Tx) error {
				return tx.SaveSheet(ctx, a, 2, store.SheetWrite{Scores: map[string]string{"team": "18"}, Total: 80.5, Criteria: sheet, Submit: true})
			})
			got, _ := st.Assignment(ctx, a)
			if !got.Submitted() || got.Total != 80.5 || len(got.Criteria) != len(sheet) || got.Criteria[0].Name != sheet[0].Name {
				t.Fatalf("after submit %+v", got)
			}
			err := inTx(t, st, func(tx *store.Tx) error {
				return tx.SaveSheet(ctx, a, got.Revision, store.SheetWrite{Scores: map[string]string{}})
			})
			wantErr(t, err, store.ErrStale)
			wantErr(t, inTx(t, st, func(tx *store.Tx) error { return tx.DeleteAssignment(ctx, a) }), store.ErrStale)
			wantErr(t, inTx(t, st, func(tx *store.Tx) error { return tx.Recuse(ctx, a, got.Revision, "x") }), store.ErrStale)
		})
		t.Run("used/a submitted sheet freezes the round's sheet", func(t *testing.T) {
			mustTx(t, st, func(tx *store.Tx) error { return tx.SetRoundScoreSheet(ctx, w.appWorld.round, `[{"key":"a"}]`) })
			sheet, used, err := st.RoundScoreSheet(ctx, w.appWorld.round)
			if err != nil || !used || sheet != `[{"key":"a"}]` {
				t.Fatalf("RoundScoreSheet = %q, %v, %v", sheet, used, err)
			}
		})
		t.Run("recused/stops counting in the load", func(t *testing.T) {
			mustTx(t, st, func(tx *store.Tx) error { return tx.Recuse(ctx, b, 1, "曾为该单位提供咨询") })
			got, _ := st.Assignment(ctx, b)
			if !got.Recused || got.RecuseReason != "曾为该单位提供咨询" || got.State() != "已回避" {
				t.Fatalf("after 回避 %+v", got)
			}
			load, err := st.ExpertLoads(ctx, w.dept)
			if err != nil || load[w.expert] != 2 || load[w.other] != 0 || load[w.foreign] != 0 {
				t.Fatalf("ExpertLoads = %v, %v", load, err)
			}
		})
		t.Run("removed/an unsubmitted assignment", func(t *testing.T) {
			id := w.assign(t, st, w.otherApp, w.other, w.dept, domain.LevelProvince)
			mustTx(t, st, func(tx *store.Tx) error { return tx.DeleteAssignment(ctx, id) })
			_, err := st.Assignment(ctx, id)
			wantErr(t, err, domain.ErrNotFound)
		})
	})
}

func TestRoundScoreSheetUnused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newExpertWorld(t, st)
		sheet, used, err := st.RoundScoreSheet(ctx, w.appWorld.round)
		if err != nil || used || sheet != "" {
			t.Fatalf("RoundScoreSheet = %q, %v, %v; want the default, unused", sheet, used, err)
		}
		_, _, err = st.RoundScoreSheet(ctx, 999)
		wantErr(t, err, domain.ErrNotFound)
	})
}
