package form_test

import (
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// spans is a small type for the primitives a 免税 declaration needs: spans
// that must overlap a year, values that must name a row of another table,
// sums over every row or the rows left out, a percentage of two fields, a
// bound the round sets, a file one state does not need, and a section with
// nothing to fill.
var spans = &form.Type{Code: "spans", Name: "区间样例",
	Defaults: form.Params{"year_max": 2027},
	Sections: []form.Section{
		{Key: "basic", Title: "基础信息", Fields: []form.Field{
			{Key: "year", Label: "申请年度", Unit: "年", Kind: form.Int, MaxParam: "year_max"}}},
		{Key: "lists", Title: "清单", Tables: []string{"people", "sales"}},
		{Key: "totals", Title: "合计", Fields: []form.Field{
			{Key: "all", Label: "全部", Unit: "万元", Kind: form.Decimal,
				Computed: &form.Computed{Sum: [2]string{"sales", "amount"}, Rows: form.AllRows}},
			{Key: "in", Label: "计入", Unit: "万元", Kind: form.Decimal, Computed: &form.Computed{Sum: [2]string{"sales", "amount"}}},
			{Key: "out", Label: "不计入", Unit: "万元", Kind: form.Decimal,
				Computed: &form.Computed{Sum: [2]string{"sales", "amount"}, Rows: form.LeftOutRows}},
			{Key: "share", Label: "计入占比", Unit: "%", Kind: form.Decimal, Computed: &form.Computed{Percent: [2]string{"in", "all"}}}}},
	},
	Tables: []form.Table{
		{Key: "people", Title: "人员", Section: "lists", Columns: []form.Field{
			{Key: "name", Label: "名称", Kind: form.Text, Required: true},
			{Key: "kind", Label: "类别", Kind: form.Enum, Options: []string{"房产", "土地"}},
			{Key: "tenure", Label: "权属", Kind: form.Enum, Options: []string{"自有", "租入"}},
			{Key: "from", Label: "起", Kind: form.Date, Future: true}, {Key: "to", Label: "止", Kind: form.Date, Future: true}},
			RowRules: []form.RowRule{{Code: "O1", Label: "协议期限", Overlaps: &form.Overlaps{
				From: form.DateRef{Field: "from"}, To: form.DateRef{Field: "to"}, SpanLabel: "申请年度",
				SpanFrom: form.DateRef{Section: "basic", Field: "year", Edge: form.FirstDay},
				SpanTo:   form.DateRef{Section: "basic", Field: "year", Edge: form.LastDay}}}},
			Files: []form.FileSlot{{Key: "cost", Label: "原值资料", RequiredWhen: &form.When{Field: "tenure", In: []string{"自有"}},
				Unless: &form.When{Field: "kind", In: []string{"土地"}}}}},
		{Key: "sales", Title: "收入", Section: "lists", Columns: []form.Field{
			{Key: "client", Label: "对象", Kind: form.Text}, {Key: "amount", Label: "金额", Unit: "万元", Kind: form.Decimal}},
			RowRules: []form.RowRule{{Code: "A1", Among: &form.Among{Field: "client", Table: "people", Column: "name"},
				Reason: "对象不在人员表中"}}},
	},
}

func spansApp(year string, people, sales []domain.Row) *form.App {
	return form.NewApp(spans, round2022, form.Org{}, "", map[string]domain.Values{"basic": {"year": year}},
		map[string][]domain.Row{"people": people, "sales": sales}, nil)
}

func TestOverlapsAYearField(t *testing.T) {
	tests := []struct {
		name, from, to, note string
	}{
		{"a span inside the year counts", "2025-03-01", "2025-09-30", ""},
		{"a span ending on 1 January counts", "2023-01-01", "2025-01-01", ""},
		{"a span starting on 31 December counts", "2025-12-31", "2028-12-31", ""},
		{"a span ended the year before is left out", "2022-01-01", "2024-12-31",
			"不计入：协议期限 2022-01-01 至 2024-12-31 与申请年度（2025-01-01 至 2025-12-31）没有重叠。"},
		{"a span starting the year after is left out", "2026-01-01", "2026-12-31",
			"不计入：协议期限 2026-01-01 至 2026-12-31 与申请年度（2025-01-01 至 2025-12-31）没有重叠。"},
		{"a span without its end cannot be checked", "2025-01-01", "", "不计入：协议期限无法核对（日期未填写或格式不正确）。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := row(1, "name", "甲", "from", tt.from, "to", tt.to)
			a := spansApp("2025", []domain.Row{r}, nil)
			if got := form.ExcludedNote(a.Excluded(spans.Table("people"), r)); got != tt.note {
				t.Fatalf("note %q, want %q", got, tt.note)
			}
		})
	}
	t.Run("without a year no span can be checked", func(t *testing.T) {
		r := row(1, "name", "甲", "from", "2025-01-01", "to", "2025-12-31")
		if spansApp("", []domain.Row{r}, nil).Counts(spans.Table("people"), r) {
			t.Fatal("counted without a year")
		}
	})
}

func TestSumsOverRowSetsAndAPercentage(t *testing.T) {
	people := []domain.Row{row(1, "name", "甲", "from", "2025-01-01", "to", "2025-12-31"),
		row(2, "name", "乙", "from", "2020-01-01", "to", "2020-12-31")} // 乙 is left out: its sales do not count
	sales := []domain.Row{row(3, "client", " 甲 ", "amount", "30"), row(4, "client", "乙", "amount", "10"),
		row(5, "client", "丙", "amount", "50.5"), row(6, "client", "", "amount", "9.5")}
	a := spansApp("2025", people, sales)
	tests := []struct{ key, want string }{
		{"all", "100.00"}, {"in", "30.00"}, {"out", "70.00"}, {"share", "30.00"},
	}
	for _, tt := range tests {
		t.Run(tt.key+" is "+tt.want, func(t *testing.T) {
			if got := a.Value("totals", tt.key); got != tt.want {
				t.Fatalf("%s = %s, want %s", tt.key, got, tt.want)
			}
		})
	}
	t.Run("a row naming a left-out row says why", func(t *testing.T) {
		if got := form.ExcludedNote(a.Excluded(spans.Table("sales"), sales[1])); got != "不计入：对象不在人员表中。" {
			t.Fatalf("note %q", got)
		}
	})
	t.Run("a percentage of nothing is empty", func(t *testing.T) {
		if got := spansApp("2025", nil, nil).Value("totals", "share"); got != "" {
			t.Fatalf("share %q", got)
		}
	})
}

func TestABoundTheRoundSets(t *testing.T) {
	tests := []struct {
		name, year string
		params     form.Params
		want       string
	}{
		{"the last year of the period passes", "2027", nil, ""},
		{"a year after it is refused", "2028", nil, "申请年度不能大于2027年。"},
		{"a round with a later period allows it", "2028", form.Params{"year_max": 2030}, ""},
		{"a value that is no number is named once", "明年", nil, "申请年度应为整数，当前为“明年”。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := spansApp(tt.year, nil, nil).WithParams(tt.params)
			var got []string
			for _, is := range a.SectionFieldIssues(spans.Section("basic")) {
				got = append(got, is.Message)
			}
			if strings.Join(got, "|") != tt.want {
				t.Fatalf("issues %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAFileOneStateDoesNotNeed(t *testing.T) {
	slot := spans.Table("people").Files[0]
	tests := []struct {
		name         string
		kind, tenure string
		required     bool
	}{
		{"owned building needs it", "房产", "自有", true},
		{"owned land does not", "土地", "自有", false},
		{"a leased building does not", "房产", "租入", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slot.IsRequired(domain.Values{"kind": tt.kind, "tenure": tt.tenure}); got != tt.required {
				t.Fatalf("required = %v", got)
			}
		})
	}
}

func TestASectionWithNothingToFillIsComplete(t *testing.T) {
	states := map[string]form.State{}
	for _, st := range spansApp("2025", nil, nil).Statuses() {
		states[st.Section.Key] = st.State
	}
	if states["totals"] != form.Complete || states["lists"] != form.NotStarted {
		t.Fatalf("states %v", states)
	}
}
