package service_test

import (
	"maps"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// ruleWorld is the demo's complete application of one type, whose every
// condition holds, and the means to break one: the round's thresholds,
// a section's value or a column of every row, each put back after.
type ruleWorld struct {
	c     *chain
	admin domain.Actor
	app   domain.Application
}

// threshold sets the round's threshold key to v; it returns the undo.
func (w *ruleWorld) threshold(t *testing.T, key, v string) func() {
	t.Helper()
	r, err := w.c.svc.Round(ctx, w.app.RoundID)
	wantOK(t, err)
	in := service.RoundInputOf(r)
	was := maps.Clone(in.Params)
	in.Params[key] = v
	wantOK(t, w.c.svc.UpdateRound(ctx, w.admin, r.ID, in, r.Revision))
	return func() {
		r, err := w.c.svc.Round(ctx, w.app.RoundID)
		wantOK(t, err)
		in := service.RoundInputOf(r)
		in.Params = was
		wantOK(t, w.c.svc.UpdateRound(ctx, w.admin, r.ID, in, r.Revision))
	}
}

// field sets a section's field as the stored data (the application is
// submitted, so no page would); it returns the undo.
func (w *ruleWorld) field(t *testing.T, section string, kv ...string) func() {
	t.Helper()
	secs, err := w.c.st.Sections(ctx, w.app.ID)
	wantOK(t, err)
	was := secs[section]
	now := maps.Clone(was.Data)
	for i := 0; i < len(kv); i += 2 {
		now[kv[i]] = kv[i+1]
	}
	rev := w.saveSection(t, section, now, was.Revision)
	return func() { w.saveSection(t, section, was.Data, rev) }
}

func (w *ruleWorld) saveSection(t *testing.T, section string, v domain.Values, rev int64) (next int64) {
	t.Helper()
	wantOK(t, w.c.st.InTx(ctx, func(tx *store.Tx) (err error) {
		next, err = tx.SaveSection(ctx, w.app.ID, section, v, rev, 0)
		return err
	}))
	return next
}

// column sets columns of every row of a table (col, value, …); it returns
// the undo.
func (w *ruleWorld) column(t *testing.T, table string, kv ...string) func() {
	t.Helper()
	all, err := w.c.st.AllRows(ctx, w.app.ID)
	wantOK(t, err)
	rows := all[table]
	if len(rows) == 0 {
		t.Fatalf("the demo's %s has no rows", table)
	}
	revs := make([]int64, len(rows))
	w.eachRow(t, rows, func(i int, r domain.Row) domain.Values {
		d := maps.Clone(r.Data)
		for i := 0; i < len(kv); i += 2 {
			d[kv[i]] = kv[i+1]
		}
		return d
	}, revs)
	return func() {
		w.eachRow(t, rows, func(i int, r domain.Row) domain.Values { return r.Data }, revs)
	}
}

// eachRow writes data(i, row) over each row at revs[i] (the rows' own the
// first time) and keeps the new revisions in revs.
func (w *ruleWorld) eachRow(t *testing.T, rows []domain.Row, data func(int, domain.Row) domain.Values, revs []int64) {
	t.Helper()
	wantOK(t, w.c.st.InTx(ctx, func(tx *store.Tx) error {
		for i, r := range rows {
			rev := revs[i]
			if rev == 0 {
				rev = r.Revision
			}
			next, err := tx.UpdateRow(ctx, w.app.ID, r.ID, data(i, r), rev, 0)
			if err != nil {
				return err
			}
			revs[i] = next
		}
		return nil
	}))
}

// outcomes are the application's conditions as the service evaluates them.
func (w *ruleWorld) outcomes(t *testing.T) map[string]form.Outcome {
	t.Helper()
	v, err := w.c.svc.Application(ctx, w.c.applicant, w.app.ID)
	wantOK(t, err)
	out := map[string]form.Outcome{}
	for _, c := range v.Conditions {
		out[c.Code] = c.Outcome
	}
	return out
}

type ruleBreak struct {
	code  string
	name  string
	apply func(t *testing.T, w *ruleWorld) func()
}

// breakEach breaks each rule in turn through the stored data or the
// round, and checks through the service that the rule then fails and
// that everything holds again once it is put back.
func breakEach(t *testing.T, w *ruleWorld, cases []ruleBreak) {
	for code, o := range w.outcomes(t) {
		if o != form.Met {
			t.Fatalf("the demo's %s is not met before anything is broken: %v", code, o)
		}
	}
	for _, tc := range cases {
		t.Run(tc.code+" fails when "+tc.name, func(t *testing.T) {
			undo := tc.apply(t, w)
			got := w.outcomes(t)
			undo()
			if got[tc.code] == form.Met {
				t.Errorf("%s still holds: %v", tc.code, got)
			}
			if again := w.outcomes(t); again[tc.code] != form.Met {
				t.Errorf("%s does not hold again once put back: %v", tc.code, again[tc.code])
			}
		})
	}
}

func newRuleWorld(t *testing.T, st *store.Store, typeCode string) *ruleWorld {
	c0 := newChain(t, st)
	c, app := demoOfType(t, c0, typeCode)
	return &ruleWorld{c: c, admin: c.login(t, "admin"), app: app}
}

// TestIncubatorRulesThroughTheService breaks each 认定条件 of the demo's
// complete 孵化器 on both engines, by its data or by the round's
// threshold, and reads the result as the pages do.
func TestIncubatorRulesThroughTheService(t *testing.T) {
	th := func(key, v string) func(*testing.T, *ruleWorld) func() {
		return func(t *testing.T, w *ruleWorld) func() { return w.threshold(t, key, v) }
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		breakEach(t, newRuleWorld(t, st, form.Incubator.Code), []ruleBreak{
			{"K1", "a text section is empty", func(t *testing.T, w *ruleWorld) func() { return w.field(t, "system", "text", "") }},
			{"K2", "it began operating after the round's day", func(t *testing.T, w *ruleWorld) func() {
				return w.field(t, "basic", "operating_since", "2020-06-01")
			}},
			{"K3", "fewer years of statistics than the round asks", th("stat_years_min", "30")},
			{"K4", "the round asks more area", th("area_min", "1000000")},
			{"K5", "the round asks a higher share of area", th("area_share", "1")},
			{"K6", "the round asks more funds", th("fund_min", "1000000")},
			{"K7", "no firm was financed", func(t *testing.T, w *ruleWorld) func() { return w.column(t, "firms", "financed", "否") }},
			{"K8", "the round asks more cases", th("cases_min", "100")},
			{"K9", "the round asks a higher share of staff", th("staff_share", "1")},
			{"K10", "the round asks a mentor for every firm", th("per_firms", "1")},
			{"K11", "no firm applied for a patent or holds IP", func(t *testing.T, w *ruleWorld) func() {
				return w.column(t, "firms", "patent_applied", "否", "ip_count", "0")
			}},
			{"K12", "the round asks more firms", th("firms_min", "1000")},
			{"K13", "the round asks more graduates", th("graduates_min", "1000")},
		})
	})
}

// TestExemptionRulesThroughTheService breaks each 免税条件 of the demo's
// complete 免税资格申请 on both engines.
func TestExemptionRulesThroughTheService(t *testing.T) {
	field := func(section string, kv ...string) func(*testing.T, *ruleWorld) func() {
		return func(t *testing.T, w *ruleWorld) func() { return w.field(t, section, kv...) }
	}
	column := func(table, col, v string) func(*testing.T, *ruleWorld) func() {
		return func(t *testing.T, w *ruleWorld) func() { return w.column(t, table, col, v) }
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		breakEach(t, newRuleWorld(t, st, form.Exemption.Code), []ruleBreak{
			{"E1", "the 文号 is missing", field("basic", "designation_no", "")},
			{"E2", "the designation comes after the 申请年度", field("basic", "designated_on", "2026-12-31")},
			{"E3", "it was cancelled before the period", field("basic", "cancelled", "是", "cancelled_on", "2023-06-30")},
			{"E4", "every property is let to others", column("property", "use", "其他")},
			{"E5", "every income is from non-incubation services", column("income", "service", "非孵化服务")},
			{"E6", "the income is not accounted apart", field("basic", "ledger", "否", "ledger_note", "")},
			{"E7", "no agreement overlaps the 申请年度", column("incubatees", "agreement_to", "2021-12-31")},
			{"E8", "the round asks a higher share of area", func(t *testing.T, w *ruleWorld) func() {
				return w.threshold(t, "area_share", "1")
			}},
			{"E9", "the area at designation differs from the list", field("basic", "site_area", "99999")},
		})
	})
}
