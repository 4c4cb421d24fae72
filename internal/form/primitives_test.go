package form_test

import (
	"strconv"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/form"
)

func date(s string) time.Time {
	t, ok := form.ParseDate(s)
	if !ok && s != "" {
		panic("bad date " + s)
	}
	return t
}

func TestMonthArithmetic(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		months   int
		within24 bool
	}{
		{"the same day is 0 months", "2020-03-15", "2020-03-15", 0, true},
		{"a day short of a month is 0", "2020-03-15", "2020-04-14", 0, true},
		{"the same day next month is 1", "2020-03-15", "2020-04-15", 1, true},
		{"exactly 24 months is within 24", "2019-06-30", "2021-06-30", 24, true},
		{"24 months and a day is beyond 24", "2019-06-30", "2021-07-01", 24, false},
		{"the 31st to the end of February is a month", "2020-01-31", "2020-02-29", 1, true},
		{"from a leap day to the 28th next year is 12", "2020-02-29", "2021-02-28", 12, true},
		{"a later start counts backwards", "2021-05-01", "2021-03-01", -2, true},
		{"30 months is beyond 24", "2018-01-10", "2020-07-10", 30, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := date(tt.from), date(tt.to)
			if got := form.WholeMonths(from, to); got != tt.months {
				t.Errorf("WholeMonths = %d, want %d", got, tt.months)
			}
			if got := form.WithinMonths(from, to, 24); got != tt.within24 {
				t.Errorf("WithinMonths 24 = %v, want %v", got, tt.within24)
			}
		})
	}
}

func TestAddMonthsStaysInTheTargetMonth(t *testing.T) {
	tests := []struct {
		name, from string
		n          int
		want       string
	}{
		{"the 31st plus one month is the end of February", "2021-01-31", 1, "2021-02-28"},
		{"the 31st plus one month in a leap year is the 29th", "2024-01-31", 1, "2024-02-29"},
		{"48 months ahead keeps the day", "2018-10-31", 48, "2022-10-31"},
		{"minus 36 months crosses years", "2022-10-31", -36, "2019-10-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := form.FormatDate(form.AddMonths(date(tt.from), tt.n)); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// probe is a small type that exercises every primitive on data alone.
var probe = &form.Type{Code: "probe", Name: "规则样例",
	Defaults: form.Params{"span": 24, "stay": 48, "stay_long": 60, "min": 50, "min_pro": 30, "cut": 0.2, "over": 500},
	Sections: []form.Section{
		{Key: "basic", Title: "基础信息", Fields: []form.Field{
			{Key: "kind", Label: "类型", Kind: form.Enum, Options: []string{"综合", "专业"}},
			{Key: "hard", Label: "艰苦边远地区", Kind: form.YesNo},
			{Key: "main", Label: "主导产业", Kind: form.Text},
			{Key: "firms", Label: "企业数", Kind: form.Int, Computed: &form.Computed{Count: "firms"}}}},
		{Key: "firms", Title: "企业", Tables: []string{"firms", "more"}},
		{Key: "platforms", Title: "平台", Tables: []string{"platforms"},
			ShownWhen: &form.On{Section: "basic", When: form.When{Field: "kind", In: []string{"专业"}}}},
	},
	Tables: []form.Table{
		{Key: "firms", Title: "企业", Section: "firms", Columns: []form.Field{
			{Key: "name", Label: "名称", Kind: form.Text, Required: true},
			{Key: "founded", Label: "成立日期", Kind: form.Date}, {Key: "joined", Label: "入孵日期", Kind: form.Date},
			{Key: "field", Label: "领域", Kind: form.Text}, {Key: "on_site", Label: "在场地内", Kind: form.YesNo},
			{Key: "area", Label: "面积", Kind: form.Decimal}, {Key: "ip", Label: "知识产权", Kind: form.Int},
			{Key: "financed", Label: "获投", Kind: form.YesNo}},
			RowRules: []form.RowRule{
				{Code: "R3", Label: "成立至入孵", Months: &form.MonthsRule{From: form.DateRef{Field: "founded"},
					To: form.DateRef{Field: "joined"}, Max: form.Limit{Param: "span"}}},
				{Code: "R4", Label: "入孵至截止日", Months: &form.MonthsRule{From: form.DateRef{Field: "joined"},
					To: form.DateRef{Round: form.RoundCutoff}, Max: form.Limit{Param: "stay", Cases: []form.LimitCase{
						{On: form.On{When: form.When{Field: "field", In: []string{"生物医药"}}}, Param: "stay_long"}}}}},
				{Code: "R2", Must: &form.When{Field: "on_site", In: []string{"是"}}, Reason: "注册地不在孵化场地内"},
			}},
		{Key: "more", Title: "其他企业", Section: "firms", Columns: []form.Field{
			{Key: "name", Label: "名称", Kind: form.Text}, {Key: "area", Label: "面积", Kind: form.Decimal},
			{Key: "financed", Label: "获投", Kind: form.YesNo}}},
		{Key: "platforms", Title: "平台", Section: "platforms", Columns: []form.Field{
			{Key: "name", Label: "名称", Kind: form.Text, Required: true}}},
		{Key: "grads", Title: "毕业企业", Section: "firms", Columns: []form.Field{
			{Key: "criteria", Label: "毕业条件", Kind: form.MultiEnum, Options: []string{"G1", "G2"}},
			{Key: "a", Label: "投资1", Kind: form.Decimal}, {Key: "b", Label: "投资2", Kind: form.Decimal}},
			RowRules: []form.RowRule{{Code: "G2", Label: "累计获得投资", Applies: &form.When{Field: "criteria", In: []string{"G2"}, Any: true},
				Over: &form.Over{Fields: []string{"a", "b"}, Limit: form.Limit{Param: "over"}, Unit: "万元"}}}},
	},
}

var round2022 = form.DatesOf(domain.Round{CutoffOn: "2022-10-31", OperatingFrom: "2019-10-31"},
	time.Date(2022, 11, 10, 0, 0, 0, 0, time.UTC))

func probeApp(basic domain.Values, rows map[string][]domain.Row) *form.App {
	return form.NewApp(probe, round2022, form.Org{}, "", map[string]domain.Values{"basic": basic}, rows, nil)
}

func TestRowRulesExcludeRowsWithTheirReason(t *testing.T) {
	ok := []string{"name", "甲", "founded", "2019-01-01", "joined", "2020-01-01", "field", "电子信息", "on_site", "是"}
	with := func(kv ...string) domain.Row {
		r := row(1, ok...)
		for i := 0; i+1 < len(kv); i += 2 {
			r.Data[kv[i]] = kv[i+1]
		}
		return r
	}
	tests := []struct {
		name string
		row  domain.Row
		want string // the note; "" when the row counts
	}{
		{"a row meeting every rule counts", with(), ""},
		{"founded 25 months before entry is left out", with("founded", "2017-12-01"),
			"不计入：成立至入孵 25 个月，超过 24 个月。"},
		{"48 months to the cut-off still counts", with("joined", "2018-10-31", "founded", "2018-01-01"), ""},
		{"49 months to the cut-off is left out", with("joined", "2018-09-30", "founded", "2018-01-01"),
			"不计入：入孵至截止日 49 个月，超过 48 个月。"},
		{"49 months in 生物医药 counts under its 60", with("joined", "2018-09-30", "founded", "2018-01-01", "field", "生物医药"), ""},
		{"61 months in 生物医药 is left out", with("joined", "2017-09-30", "founded", "2017-01-01", "field", "生物医药"),
			"不计入：入孵至截止日 61 个月，超过 60 个月。"},
		{"a missing date cannot be checked and is left out", with("founded", ""),
			"不计入：成立至入孵无法核对（日期未填写或格式不正确）。"},
		{"registered outside the site is left out", with("on_site", "否"), "不计入：注册地不在孵化场地内。"},
		{"two broken rules give both reasons", with("founded", "2017-12-01", "on_site", "否"),
			"不计入：成立至入孵 25 个月，超过 24 个月；注册地不在孵化场地内。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := probeApp(nil, map[string][]domain.Row{"firms": {tt.row}})
			excludedWithNote(t, a, "firms", tt.row, form.FieldRef{Section: "basic", Field: "firms"}, 1, tt.want)
			warned := false
			for _, is := range a.Issues(false) {
				warned = warned || (is.Field == "counted" && is.Warning && is.Message == tt.want)
			}
			if warned != (tt.want != "") {
				t.Errorf("row warning shown = %v", warned)
			}
		})
	}
}

// excludedWithNote asserts a row's note and that the computed count of
// its table, of all rows, counts it only without a note.
func excludedWithNote(t *testing.T, a *form.App, table string, r domain.Row, count form.FieldRef, all int, note string) {
	t.Helper()
	if got := form.ExcludedNote(a.Excluded(a.Type.Table(table), r)); got != note {
		t.Fatalf("note %q, want %q", got, note)
	}
	if note != "" {
		all--
	}
	if got := a.Value(count.Section, count.Field); got != strconv.Itoa(all) {
		t.Errorf("%s = %s, want %d", count.Field, got, all)
	}
}

func TestOverNeedsStrictlyMoreOnlyWhenChosen(t *testing.T) {
	tests := []struct {
		name     string
		criteria string
		a, b     string
		counts   bool
	}{
		{"G2 with 300 + 201 counts", "G1、G2", "300", "201", true},
		{"G2 with exactly 500 is not more than 500", "G2", "300", "200", false},
		{"without G2 the sum is not checked", "G1", "0", "0", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := row(1, "criteria", tt.criteria, "a", tt.a, "b", tt.b)
			a := probeApp(nil, map[string][]domain.Row{"grads": {r}})
			if got := a.Counts(probe.Table("grads"), r); got != tt.counts {
				t.Fatalf("counts = %v (%v)", got, a.Excluded(probe.Table("grads"), r))
			}
		})
	}
}

func TestLimitsChosenByAFieldAndCut(t *testing.T) {
	limit := form.Limit{Param: "min", Cases: []form.LimitCase{
		{On: form.On{Section: "basic", When: form.When{Field: "kind", In: []string{"专业"}}}, Param: "min_pro"}},
		Cuts: []form.LimitCase{{On: form.On{Section: "basic", When: form.When{Field: "hard", In: []string{"是"}}}, Param: "cut"}}}
	tests := []struct {
		name   string
		basic  domain.Values
		params form.Params
		want   float64
	}{
		{"综合 takes the default", domain.Values{"kind": "综合"}, nil, 50},
		{"专业 takes its own", domain.Values{"kind": "专业"}, nil, 30},
		{"综合 in a hardship area is cut by 20 %", domain.Values{"kind": "综合", "hard": "是"}, nil, 40},
		{"专业 in a hardship area is cut by 20 %", domain.Values{"kind": "专业", "hard": "是"}, nil, 24},
		{"the round's own value replaces the default", domain.Values{"kind": "综合"}, form.Params{"min": 60}, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := probeApp(tt.basic, nil).WithParams(tt.params)
			if got := a.Limit(limit, nil); got != tt.want {
				t.Fatalf("limit = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSharesAndSumsOverCountedRows(t *testing.T) {
	firm := func(id int64, founded, area, ip, financed string) domain.Row {
		return row(id, "name", "企业", "founded", founded, "joined", "2021-01-01", "on_site", "是", "area", area, "ip", ip, "financed", financed)
	}
	a := probeApp(nil, map[string][]domain.Row{
		"firms": {firm(1, "2020-01-01", "100", "2", "是"), firm(2, "2020-06-01", "50", "0", "否"),
			firm(3, "2010-01-01", "1000", "5", "是")}, // founded too early: left out
		"more": {row(4, "area", "30", "financed", "是"), row(5, "area", "x", "financed", "否")},
	})
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"a sum across tables leaves out excluded rows", a.SumOf(form.Col{Table: "firms", Column: "area"}, form.Col{Table: "more", Column: "area"}), 180.0},
		{"a share over one table counts counted rows only", a.ShareOf(form.RowMatch{{Field: "ip", Positive: true}}, "firms").String(), "1/2（50.0%）"},
		{"a share over two tables", a.ShareOf(form.RowMatch{{Field: "financed", In: []string{"是"}}}, "firms", "more").String(), "2/4（50.0%）"},
		{"all matches must hold", a.CountWhere(form.RowMatch{{Field: "financed", In: []string{"是"}}, {Field: "ip", Positive: true}}, "firms"), 1},
		{"a share of nothing is zero", form.RatioOf(0, 0).Share, 0.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestSameAsComparesWithASectionField(t *testing.T) {
	a := probeApp(domain.Values{"main": "生物医药"}, map[string][]domain.Row{"more": {
		row(1, "name", "生物医药"), row(2, "name", "电子信息"), row(3, "name", "")}})
	m := form.RowMatch{{Field: "name", SameAs: &form.FieldRef{Section: "basic", Field: "main"}}}
	if got := a.ShareOf(m, "more").String(); got != "1/3（33.3%）" {
		t.Fatalf("share %s", got)
	}
}

func TestCeilDiv(t *testing.T) {
	tests := []struct {
		name string
		n, d int
		want int
	}{
		{"no companies need nobody", 0, 10, 0},
		{"one company needs one", 1, 10, 1},
		{"ten companies need one", 10, 10, 1},
		{"eleven companies need two", 11, 10, 2},
		{"a zero divisor gives zero", 5, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := form.CeilDiv(tt.n, tt.d); got != tt.want {
				t.Fatalf("CeilDiv(%d, %d) = %d, want %d", tt.n, tt.d, got, tt.want)
			}
		})
	}
}

func TestSectionShownWhenAFieldHasAValue(t *testing.T) {
	platform := map[string][]domain.Row{"platforms": {row(1, "name", "")}} // a required cell left empty
	tests := []struct {
		name  string
		kind  string
		shown bool
	}{
		{"专业 shows the platform section and checks it", "专业", true},
		{"综合 hides it: not listed, not checked", "综合", false},
		{"an empty type hides it", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := probeApp(domain.Values{"kind": tt.kind}, platform)
			listed := false
			for _, st := range a.Statuses() {
				listed = listed || st.Section.Key == "platforms"
			}
			checked := false
			for _, is := range a.Issues(true) {
				checked = checked || is.Table == "platforms"
			}
			if a.Shown(probe.Section("platforms")) != tt.shown || listed != tt.shown || checked != tt.shown ||
				a.TableShown(probe.Table("platforms")) != tt.shown {
				t.Fatalf("shown %v, listed %v, checked %v; want %v", a.Shown(probe.Section("platforms")), listed, checked, tt.shown)
			}
		})
	}
}

// TestBenefitMonths follows 42号 (E2, E3): the benefit runs 2024-01 to
// 2027-12, from the month after designation and through the month of
// cancellation.
func TestBenefitMonths(t *testing.T) {
	from, to := date("2024-01-01"), date("2027-12-31")
	tests := []struct {
		name                  string
		designated, cancelled string
		first, last           string // "" when no month is left
	}{
		{"designated in 2018 starts with the period", "2018-12-31", "", "2024-01", "2027-12"},
		{"designated on the last day of 2023 starts with the period", "2023-12-31", "", "2024-01", "2027-12"},
		{"designated on the period's first day starts the month after", "2024-01-01", "", "2024-02", "2027-12"},
		{"designated mid-2025 starts the month after", "2025-06-15", "", "2025-07", "2027-12"},
		{"designated in the period's last month has none", "2027-12-01", "", "", ""},
		{"designated on its last day has none", "2027-12-31", "", "", ""},
		{"cancelled mid-2026 ends with that month", "2020-03-01", "2026-05-20", "2024-01", "2026-05"},
		{"cancelled after the period ends with the period", "2020-03-01", "2028-03-01", "2024-01", "2027-12"},
		{"cancelled before the period has none", "2020-03-01", "2023-11-30", "", ""},
		{"cancelled in the period's first month keeps that month", "2020-03-01", "2024-01-31", "2024-01", "2024-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ok := form.BenefitMonths(date(tt.designated), date(tt.cancelled), from, to)
			if ok != (tt.first != "") {
				t.Fatalf("ok = %v, span %v", ok, b)
			}
			if ok && (form.FormatMonth(b.First) != tt.first || form.FormatMonth(b.Last) != tt.last) {
				t.Fatalf("span %s to %s, want %s to %s", form.FormatMonth(b.First), form.FormatMonth(b.Last), tt.first, tt.last)
			}
		})
	}
}
