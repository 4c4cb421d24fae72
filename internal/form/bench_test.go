package form_test

import (
	"fmt"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// largeApp is the budget's large application: 800 teams, 400 enterprises,
// 150 activities, 60 staff, 20 venues, every row with its files.
func largeApp() *form.App {
	f := newFixture()
	f.rows = map[string][]domain.Row{}
	f.files = nil
	for i := 0; i < 800; i++ {
		f.add("teams", completeTeam(0, "在孵", "name", fmt.Sprintf("团队%d", i)).Data, "agreement")
	}
	for i := 0; i < 400; i++ {
		f.add("enterprises", enterprise(0, "直接入驻", "uscc", validUSCC(i)).Data, "license", "agreement")
	}
	for i := 0; i < 150; i++ {
		f.add("activities", activity(0, "2021-03-01").Data, "proof")
	}
	for i := 0; i < 60; i++ {
		f.add("staff", staffRow(0, "专职服务人员").Data, "proof")
	}
	for i := 0; i < 20; i++ {
		f.add("venues", venue(0).Data, "proof")
	}
	return f.app()
}

// BenchmarkTaskList is the rule work behind the task list and the 备案条件
// panel of the large application: every rule on every row, plus conditions.
func BenchmarkTaskList(b *testing.B) {
	a := largeApp()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Statuses()
		a.Conditions()
	}
}

// BenchmarkRowCheck is the rule work of saving one team row.
func BenchmarkRowCheck(b *testing.B) {
	a := largeApp()
	r := a.Rows["teams"][0]
	t := form.Makerspace.Table("teams")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		form.Refused(t.Columns, r.Data)
		a.RowIssues(t, r, false)
	}
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{"1,234.5", "６２０", " 7 ", "", "1e400", "-0", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		form.Number(s)
		form.Integer(s)
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2021-10-31", "2021/1/2", "2021年3月4日", "", "2021-02-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := form.ParseDate(s); ok && form.FormatDate(d) == "" {
			t.Fatalf("parsed %q to a zero date", s)
		}
	})
}

// FuzzRowRules throws arbitrary values at every column of the team table:
// the rules must never panic, whatever is typed.
func FuzzRowRules(f *testing.F) {
	f.Add("在孵", "5", "2021-01-01", "是", "100")
	f.Add("已注册为企业", "", "2021-13-01", "否", "-1")
	t := form.Makerspace.Table("teams")
	a := form.NewApp(form.Makerspace, round2021, form.Org{}, "", nil, nil, nil)
	f.Fuzz(func(tt *testing.T, state, members, date, financed, amount string) {
		r := row(1, "state", state, "members", members, "joined_on", date, "registered_on", date,
			"financed", financed, "amount", amount, "company_uscc", amount)
		form.Refused(t.Columns, r.Data)
		a.RowIssues(t, r, true)
	})
}

// BenchmarkIncubatorTaskList is the same work for a large 孵化器: 600 firms
// under their row rules, 200 graduates.
func BenchmarkIncubatorTaskList(b *testing.B) {
	f := newIncubator(600, 200)
	a := f.app()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Statuses()
		a.Conditions()
	}
}

// FuzzIncubatorRowRules throws arbitrary dates, fields and figures at the
// 孵化器's row rules and conditions: they must never panic.
func FuzzIncubatorRowRules(f *testing.F) {
	f.Add("2020-01-01", "2020-06-01", "生物医药", "是", "500")
	f.Add("9999-12-31", "0001-01-01", "", "否", "-1e308")
	f.Fuzz(func(t *testing.T, founded, joined, field, yes, amount string) {
		r := row(1, "founded_on", founded, "joined_on", joined, "tech_field", field, "on_site", yes, "area", amount,
			"financed", yes, "ip_count", amount)
		g := row(2, "criteria", field+"、连续两年营业收入", "revenue1", amount, "revenue2", amount)
		a := form.NewApp(form.Incubator, round2022, form.Org{}, "", map[string]domain.Values{"basic": {"kind": field, "hardship": yes}},
			map[string][]domain.Row{"firms": {r}, "graduates": {g}, "sites": {row(3, "area", amount, "tenure", field, "lease_to", joined)}}, nil)
		a.Conditions()
		a.Issues(true)
	})
}
