package form_test

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// round2021 are the 2021 round's dates, with "today" just after the cut-off.
var round2021 = form.DatesOf(domain.Round{CutoffOn: "2021-10-31", WindowFrom: "2020-11-01", WindowTo: "2021-10-31",
	OperatingFrom: "2020-04-30"}, time.Date(2021, 11, 10, 0, 0, 0, 0, time.UTC))

// row builds a row from alternating keys and values.
func row(id int64, kv ...string) domain.Row {
	v := domain.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v[kv[i]] = kv[i+1]
	}
	return domain.Row{ID: id, Data: v}
}

func table(key string) *form.Table { return form.Makerspace.Table(key) }

// fieldsWith returns the issue fields of a row's check.
func issueFields(issues []form.Issue) map[string]string {
	m := map[string]string{}
	for _, i := range issues {
		m[i.Field] = i.Message
	}
	return m
}

func TestNotFillableCellsAreRefused(t *testing.T) {
	tests := []struct {
		name    string
		table   string
		values  []string
		refused []string // fields the server must refuse
	}{
		{"team in the space may not have a registration date", "teams",
			[]string{"state", "在孵", "registered_on", "2021-01-01"}, []string{"registered_on"}},
		{"team in the space may not have a move-out date", "teams",
			[]string{"state", "在孵", "moved_out_on", "2021-01-01"}, []string{"moved_out_on"}},
		{"converted team may not have a member count", "teams",
			[]string{"state", "已注册为企业", "members", "5"}, []string{"members"}},
		{"converted team may not have a move-out date", "teams",
			[]string{"state", "已注册为企业", "moved_out_on", "2021-01-01"}, []string{"moved_out_on"}},
		{"moved-out team may not have a member count", "teams",
			[]string{"state", "已迁出", "members", "3"}, []string{"members"}},
		{"moved-out team may not have a registration date", "teams",
			[]string{"state", "已迁出", "registered_on", "2021-01-01"}, []string{"registered_on"}},
		{"team in the space may have members", "teams",
			[]string{"state", "在孵", "members", "4", "joined_on", "2021-01-01"}, nil},
		{"converted team may have a registration date", "teams",
			[]string{"state", "已注册为企业", "registered_on", "2021-03-01"}, nil},
		{"moved-out team may have a move-out date", "teams",
			[]string{"state", "已迁出", "moved_out_on", "2021-03-01"}, nil},
		{"enterprise converted from a team may not have an entry date", "enterprises",
			[]string{"source", "团队转化", "joined_on", "2021-01-01"}, []string{"joined_on"}},
		{"direct enterprise may have an entry date", "enterprises",
			[]string{"source", "直接入驻", "joined_on", "2021-01-01"}, nil},
		{"moved-out enterprise may not have a headcount", "enterprises",
			[]string{"state", "已迁出", "employees", "12"}, []string{"employees"}},
		{"enterprise in the space may have a headcount", "enterprises",
			[]string{"state", "在孵", "employees", "12"}, nil},
		{"unfinanced team may not have a financing amount", "teams",
			[]string{"financed", "否", "amount", "100"}, []string{"amount"}},
		{"own premises have no lease dates", "venues",
			[]string{"tenure", "自有产权", "lease_from", "2019-01-01"}, []string{"lease_from"}},
		{"a computed value may not be sent", "venues", []string{"total_area", "1000"}, []string{"total_area"}},
		{"an unknown key is refused", "teams", []string{"password", "x"}, []string{"password"}},
		{"an empty not-fillable cell is harmless", "teams", []string{"state", "在孵", "registered_on", ""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := issueFields(form.Refused(table(tt.table).Columns, row(1, tt.values...).Data))
			if len(got) != len(tt.refused) {
				t.Fatalf("refused %v, want %v", got, tt.refused)
			}
			for _, f := range tt.refused {
				if got[f] == "" {
					t.Fatalf("%s not refused; got %v", f, got)
				}
			}
		})
	}
}

// completeTeam is a team row that passes every rule in its state.
func completeTeam(id int64, state string, extra ...string) domain.Row {
	kv := []string{"name", "星火团队", "leader", "张三", "state", state, "project", "智能硬件", "field", "电子信息",
		"joined_on", "2021-01-15", "financed", "否"}
	switch state {
	case "在孵":
		kv = append(kv, "members", "5")
	case "已注册为企业":
		kv = append(kv, "company", "星火科技有限公司", "company_uscc", "91350200MA2Y0DEM69", "registered_on", "2021-06-01")
	case "已迁出":
		kv = append(kv, "moved_out_on", "2021-08-01")
	}
	return row(id, append(kv, extra...)...)
}

func TestRowRules(t *testing.T) {
	tests := []struct {
		name    string
		table   string
		row     domain.Row
		files   []string // slots that have a file
		problem string   // the field with a problem; "" = none
		message string
	}{
		{"complete team in the space passes", "teams", completeTeam(1, "在孵"), []string{"agreement"}, "", ""},
		{"a venue's parts that together exceed its area are its problem", "venues", domain.Row{ID: 1, Table: "venues",
			Data: domain.Values{"name": "孵化区", "address": "北京市", "area": "1200", "station_area": "600", "public_area": "700",
				"stations": "60", "tenure": "自有产权"}}, []string{"proof"}, "public_area",
			"创业工位面积与公共服务场地面积之和（1300.00 m²）不能大于本行的场地面积（1200.00 m²）"},
		{"a venue's parts that fill its area exactly pass", "venues", domain.Row{ID: 1, Table: "venues",
			Data: domain.Values{"name": "孵化区", "address": "北京市", "area": "1200", "station_area": "500", "public_area": "700",
				"stations": "60", "tenure": "自有产权"}}, []string{"proof"}, "", ""},
		{"complete converted team passes", "teams", completeTeam(1, "已注册为企业"), []string{"agreement"}, "", ""},
		{"complete moved-out team passes", "teams", completeTeam(1, "已迁出"), []string{"agreement"}, "", ""},
		{"every team uploads its agreement", "teams", completeTeam(1, "在孵"), nil, "agreement", "入驻协议"},
		{"converted team needs its registration date", "teams", completeTeam(1, "已注册为企业", "registered_on", ""), []string{"agreement"}, "registered_on", "请填写"},
		{"moved-out team needs its move-out date", "teams", completeTeam(1, "已迁出", "moved_out_on", ""), []string{"agreement"}, "moved_out_on", "请填写"},
		{"team in the space needs its member count", "teams", completeTeam(1, "在孵", "members", ""), []string{"agreement"}, "members", "请填写"},
		{"financed team fills the date", "teams", completeTeam(1, "在孵", "financed", "是", "amount", "100", "finance_type", "天使投资"),
			[]string{"agreement", "finance_proof"}, "financed_on", "请填写"},
		{"financed team fills the amount", "teams", completeTeam(1, "在孵", "financed", "是", "financed_on", "2021-05-01", "finance_type", "天使投资"),
			[]string{"agreement", "finance_proof"}, "amount", "请填写"},
		{"financed team uploads proof", "teams", completeTeam(1, "在孵", "financed", "是", "financed_on", "2021-05-01", "amount", "100", "finance_type", "天使投资"),
			[]string{"agreement"}, "finance_proof", "投融资佐证材料"},
		{"team joining after the cut-off is refused", "teams", completeTeam(1, "在孵", "joined_on", "2021-11-01"), []string{"agreement"}, "joined_on", "2021-10-31"},
		{"registration before joining is refused", "teams", completeTeam(1, "已注册为企业", "registered_on", "2020-12-01"), []string{"agreement"}, "registered_on", "不能早于"},
		{"converted team's company code is checked", "teams", completeTeam(1, "已注册为企业", "company_uscc", "91350200MA2Y0DEM68"), []string{"agreement"}, "company_uscc", "校验位"},
		{"team of zero people is refused", "teams", completeTeam(1, "在孵", "members", "0"), []string{"agreement"}, "members", "不能小于"},
		{"member count must be whole", "teams", completeTeam(1, "在孵", "members", "2.5"), []string{"agreement"}, "members", "整数"},
		{"enterprise needs its licence copy", "enterprises", enterprise(1, "直接入驻"), []string{"agreement"}, "license", "营业执照"},
		{"enterprise needs its agreement", "enterprises", enterprise(1, "直接入驻"), []string{"license"}, "agreement", "入驻协议"},
		{"complete enterprise passes", "enterprises", enterprise(1, "直接入驻"), []string{"license", "agreement"}, "", ""},
		{"converted enterprise passes without an entry date", "enterprises", enterprise(1, "团队转化", "joined_on", ""), []string{"license", "agreement"}, "", ""},
		{"direct enterprise needs an entry date", "enterprises", enterprise(1, "直接入驻", "joined_on", ""), []string{"license", "agreement"}, "joined_on", "请填写"},
		{"financed enterprise fills date and amount", "enterprises", enterprise(1, "直接入驻", "financed", "是", "finance_type", "风险投资"),
			[]string{"license", "agreement", "finance_proof"}, "financed_on", "请填写"},
		{"enterprise code checksum", "enterprises", enterprise(1, "直接入驻", "uscc", "91110000600037341M"), []string{"license", "agreement"}, "uscc", "校验位"},
		{"activity inside the window passes", "activities", activity(1, "2021-03-01"), []string{"proof"}, "", ""},
		{"activity before the window is refused", "activities", activity(1, "2020-10-31"), []string{"proof"}, "start_on", "2020-11-01"},
		{"activity after the window is refused", "activities", activity(1, "2021-11-01"), []string{"proof"}, "start_on", "2021-10-31"},
		{"workstation area above the venue area is refused", "venues", venue(1, "area", "100", "station_area", "150"), []string{"proof"}, "station_area", "场地面积"},
		{"leased venue needs its lease dates", "venues", venue(1, "tenure", "租赁"), []string{"proof"}, "lease_from", "请填写"},
		{"lease ending before it starts is refused", "venues", venue(1, "tenure", "租赁", "lease_from", "2020-01-01", "lease_to", "2019-01-01"), []string{"proof"}, "lease_to", "不能早于"},
		{"staff ID number is checked", "staff", staffRow(1, "专职服务人员", "id_number", "110105194912310021"), []string{"proof"}, "id_number", "校验位"},
		{"an enum value not in the list is refused", "staff", staffRow(1, "保安"), []string{"proof"}, "category", "不是可选项"},
		{"media date after the cut-off is refused", "media", row(1, "title", "报道", "outlet", "人民日报", "level", "中央", "date", "2021-11-02"), []string{"proof"}, "date", "截止日"},
		{"media link must be a web address", "media", row(1, "title", "报道", "outlet", "人民日报", "level", "中央", "date", "2021-01-02", "url", "javascript:alert(1)"), []string{"proof"}, "url", "http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := form.NewApp(form.Makerspace, round2021, form.Org{}, "", nil, nil, files(tt.row.ID, tt.files...))
			got := issueFields(app.RowIssues(table(tt.table), tt.row, true))
			if tt.problem == "" {
				if len(got) > 0 {
					t.Fatalf("unexpected problems: %v", got)
				}
				return
			}
			if !strings.Contains(got[tt.problem], tt.message) {
				t.Fatalf("problem on %s = %q, want it to mention %q (all: %v)", tt.problem, got[tt.problem], tt.message, got)
			}
		})
	}
}

func files(rowID int64, slots ...string) []domain.AppFile {
	var out []domain.AppFile
	for _, s := range slots {
		out = append(out, domain.AppFile{RowID: rowID, Slot: s})
	}
	return out
}

func enterprise(id int64, source string, extra ...string) domain.Row {
	kv := []string{"name", "海蓝科技有限公司", "uscc", "91440101MA5CJQ4N59", "registered_on", "2020-12-01", "source", source,
		"state", "在孵", "employees", "12", "field", "新材料", "financed", "否"}
	if source == "直接入驻" {
		kv = append(kv, "joined_on", "2021-02-01")
	}
	return row(id, append(kv, extra...)...)
}

func activity(id int64, start string) domain.Row {
	return row(id, "name", "创业沙龙", "type", "创业沙龙", "start_on", start, "end_on", start, "place", "路演厅",
		"mode", "主办", "participants", "50")
}

func venue(id int64, extra ...string) domain.Row {
	kv := []string{"name", "A座", "address", "软件园", "area", "600", "station_area", "300", "public_area", "200",
		"stations", "40", "tenure", "自有产权"}
	return row(id, append(kv, extra...)...)
}

func staffRow(id int64, category string, extra ...string) domain.Row {
	kv := []string{"name", "李四", "gender", "男", "id_number", "11010519491231002X", "education", "大学本科",
		"title", "运营经理", "category", category, "trained", "否", "experience", "五年孵化服务经验"}
	return row(id, append(kv, extra...)...)
}

// declared are the application types whose declarations the tests below
// hold to the same standards.
var declared = []*form.Type{form.Makerspace, form.Incubator, form.Exemption}

// allTables are the tables of every declared type.
func allTables() []form.Table {
	var out []form.Table
	for _, ty := range declared {
		out = append(out, ty.Tables...)
	}
	return out
}

func TestEveryNumberColumnShowsItsUnit(t *testing.T) {
	for _, tb := range allTables() {
		for _, c := range tb.Columns {
			if (c.Kind == form.Int || c.Kind == form.Decimal) && c.Unit == "" {
				t.Errorf("%s.%s (%s) has no unit for its header", tb.Key, c.Key, c.Label)
			}
			if c.Unit != "" && !strings.Contains(c.Header(), "（"+c.Unit+"）") {
				t.Errorf("%s header %q lacks its unit", c.Key, c.Header())
			}
		}
	}
}

// TestEveryTableSaysWhichRowAnImportUpdates: an import matches its rows to
// the table's by MatchBy, so every table declares columns that every row
// must fill (a column a row may leave empty could not name it).
func TestEveryTableSaysWhichRowAnImportUpdates(t *testing.T) {
	for _, tb := range allTables() {
		if len(tb.MatchBy) == 0 {
			t.Errorf("%s declares no MatchBy columns", tb.Key)
		}
		for _, k := range tb.MatchBy {
			if c := tb.Column(k); c == nil || !c.Required || c.NotFillableWhen != nil || !c.Input() {
				t.Errorf("%s matches by %q, which is not a column every row fills", tb.Key, k)
			}
		}
	}
}

func TestCanonical(t *testing.T) {
	date := &form.Field{Kind: form.Date}
	num := &form.Field{Kind: form.Decimal}
	text := &form.Field{Kind: form.Text}
	uscc := &form.Field{Kind: form.USCC}
	idNumber := &form.Field{Kind: form.IDNumber}
	tests := []struct {
		name string
		f    *form.Field
		in   string
		want string
	}{
		{"a date with slashes is stored with dashes", date, "2021/3/1", "2021-03-01"},
		{"a date in Chinese is stored with dashes", date, "2021年3月1日", "2021-03-01"},
		{"a date with dots is stored with dashes", date, " 2021.3.1 ", "2021-03-01"},
		{"a date that is no date is kept to be named", date, "去年春天", "去年春天"},
		{"thousands separators and full-width digits go", num, "１,２００.５", "1200.5"},
		{"a number that is no number is kept to be named", num, "约1200", "约1200"},
		{"text is only trimmed", text, "  星火 团队 ", "星火 团队"},
		{"a lower-case 统一社会信用代码 is stored in capitals", uscc, "91110108ma0h01072t", "91110108MA0H01072T"},
		{"a full-width 统一社会信用代码 is stored in ASCII", uscc, "９１１１０１０８ＭＡ０Ｈ０１０７２Ｔ", "91110108MA0H01072T"},
		{"a grouped 统一社会信用代码 loses its spaces and dashes", uscc, " 911101-08MA 0H01 072T ", "91110108MA0H01072T"},
		{"the letter O stays a letter, to be named", uscc, "91110108MAo1DEMA94", "91110108MAO1DEMA94"},
		{"a 身份证号码 ends in a capital X", idNumber, "１１０１０５ １９４９１２３１ ００２ｘ", "11010519491231002X"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := form.Canonical(tt.f, tt.in); got != tt.want {
				t.Fatalf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCanonicalIdentifiers: a save stores the table's codes in their
// canonical form and every other value as typed.
func TestCanonicalIdentifiers(t *testing.T) {
	in := domain.Values{"name": " 海蓝科技 ", "uscc": "９１４４０１０１ｍａ５ｃｊｑ４ｎ５９", "registered_on": "2020/12/1"}
	got := form.CanonicalIdentifiers(table("enterprises").Columns, in)
	want := domain.Values{"name": " 海蓝科技 ", "uscc": "91440101MA5CJQ4N59", "registered_on": "2020/12/1"}
	if !maps.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if in["uscc"] != "９１４４０１０１ｍａ５ｃｊｑ４ｎ５９" {
		t.Fatal("the values given were changed")
	}
	staff := form.CanonicalIdentifiers(table("staff").Columns, domain.Values{"id_number": "11010519491231002x"})
	if staff["id_number"] != "11010519491231002X" {
		t.Fatalf("staff id_number %q", staff["id_number"])
	}
}

func TestCrossTableRules(t *testing.T) {
	conv := completeTeam(1, "已注册为企业")
	tests := []struct {
		name  string
		teams []domain.Row
		firms []domain.Row
		want  []string // "table.field" with problems
	}{
		{"converted team with its enterprise passes", []domain.Row{conv},
			[]domain.Row{enterprise(10, "团队转化", "uscc", "91350200MA2Y0DEM69")}, nil},
		{"converted team without its enterprise is flagged", []domain.Row{conv}, nil, []string{"teams.company_uscc"}},
		{"enterprise listed as direct while the team converted is flagged", []domain.Row{conv},
			[]domain.Row{enterprise(10, "直接入驻", "uscc", "91350200MA2Y0DEM69")}, []string{"teams.company_uscc"}},
		{"converted enterprise without a team is flagged", nil,
			[]domain.Row{enterprise(10, "团队转化")}, []string{"enterprises.source"}},
		{"the same enterprise twice is flagged on the second row", nil,
			[]domain.Row{enterprise(10, "直接入驻"), enterprise(11, "直接入驻")}, []string{"enterprises.uscc"}},
		{"the same enterprise in lower case is the same enterprise", nil,
			[]domain.Row{enterprise(10, "直接入驻"), enterprise(11, "直接入驻", "uscc", "91440101ma5cjq4n59")}, []string{"enterprises.uscc"}},
		{"the same enterprise in full width is the same enterprise", nil,
			[]domain.Row{enterprise(10, "直接入驻"), enterprise(11, "直接入驻", "uscc", "９１４４０１０１ＭＡ５ＣＪＱ４Ｎ５９")}, []string{"enterprises.uscc"}},
		{"a converted team finds its enterprise typed in another case and width", []domain.Row{conv},
			[]domain.Row{enterprise(10, "团队转化", "uscc", "９１３５０２００ma２y０dem６９")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := form.NewApp(form.Makerspace, round2021, form.Org{}, "", nil,
				map[string][]domain.Row{"teams": tt.teams, "enterprises": tt.firms}, nil)
			var got []string
			for _, is := range app.Issues(false) {
				if is.Table == "teams" || is.Table == "enterprises" {
					got = append(got, is.Table+"."+is.Field)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("problems %v, want %v", got, tt.want)
			}
		})
	}
}

// TestIssuesComeInTheSameOrderEveryTime: issues that come from sets (the
// keys of a save, the codes of converted teams) are listed in the order of
// the fields and rows, so that pages and messages do not reshuffle from
// one request to the next. Each case runs many times, since Go varies the
// order of a map on every walk.
func TestIssuesComeInTheSameOrderEveryTime(t *testing.T) {
	const runs = 50
	t.Run("refused keys are listed in order", func(t *testing.T) {
		v := row(1, "state", "已迁出", "members", "5", "registered_on", "2021-01-01", "zeta", "x", "alpha", "y").Data
		want := "alpha,members,registered_on,zeta"
		for range runs {
			if got := joinFields(form.Refused(table("teams").Columns, v)); got != want {
				t.Fatalf("refused %s, want %s", got, want)
			}
		}
	})
	t.Run("conversion problems follow the rows", func(t *testing.T) {
		var teams, firms []domain.Row
		for i, code := range []string{"91350200MA2Y0DEM69", "91110000600037341L", "91350200776049653A", "91440101MA5CJQ4N59"} {
			teams = append(teams, completeTeam(int64(1+i), "已注册为企业", "company_uscc", code))
			firms = append(firms, enterprise(int64(20+i), "团队转化", "uscc", "91110108MA01DEMA94"[:17]+string(rune('0'+i))))
		}
		app := form.NewApp(form.Makerspace, round2021, form.Org{}, "", nil,
			map[string][]domain.Row{"teams": teams, "enterprises": firms}, nil)
		first := rowOrder(app.Issues(false))
		if first != "teams.1,teams.2,teams.3,teams.4,enterprises.20,enterprises.21,enterprises.22,enterprises.23" {
			t.Fatalf("conversion problems in the order %s", first)
		}
		for range runs {
			if got := rowOrder(app.Issues(false)); got != first {
				t.Fatalf("order changed from %s to %s", first, got)
			}
		}
	})
}

func joinFields(issues []form.Issue) string {
	var out []string
	for _, is := range issues {
		out = append(out, is.Field)
	}
	return strings.Join(out, ",")
}

// rowOrder lists the rows with a conversion problem, in the issues' order.
func rowOrder(issues []form.Issue) string {
	var out []string
	for _, is := range issues {
		if (is.Table == "teams" && is.Field == "company_uscc") || (is.Table == "enterprises" && is.Field == "source") {
			out = append(out, is.Table+"."+strconv.FormatInt(is.RowID, 10))
		}
	}
	return strings.Join(out, ",")
}

func TestFileSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{10 << 20, "10 MB"},
		{3 << 19, "1.5 MB"},
		{2048, "2 KB"},
		{512, "512 字节"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := form.FileSize(tt.n); got != tt.want {
				t.Fatalf("FileSize(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

// TestDateLimitsReadTheSameBeforeAndAfter: the hint beside a date field and
// the message after a save that breaks it use one phrase for the limit
// (不晚于 …, not 不晚于 beside the field and 应在…之前 after the save).
func TestDateLimitsReadTheSameBeforeAndAfter(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	d := form.Dates{Cutoff: day("2021-10-31"), WindowFrom: day("2020-11-01"), WindowTo: day("2021-10-31"),
		OperatingFrom: day("2020-04-30"), Today: day("2021-11-15")}
	tests := []struct {
		name  string
		rule  form.DateRule
		value string
		limit string
	}{
		{"after the cut-off", form.UpToCutoff, "2021-11-01", "不晚于 2021-10-31（本批次数据截止日）"},
		{"outside the window", form.InWindow, "2020-10-31", "在 2020-11-01 至 2021-10-31 之间"},
		{"operating too briefly", form.UpToOperating, "2020-05-01", "不晚于 2020-04-30（须已运营满18个月）"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused in the hint's words", func(t *testing.T) {
			f := form.Field{Key: "on", Label: "入驻时间", Kind: form.Date, Dates: tt.rule}
			if got := form.DateLimit(&f, d); got != tt.limit {
				t.Fatalf("limit = %q, want %q", got, tt.limit)
			}
			issues := form.CheckFields([]form.Field{f}, domain.Values{"on": tt.value}, d, false)
			if len(issues) != 1 || issues[0].Message != "入驻时间应"+tt.limit+"。" {
				t.Fatalf("issues = %+v, want one saying 入驻时间应%s。", issues, tt.limit)
			}
		})
	}
}

func TestEveryTypeNamesItsServiceAndThresholds(t *testing.T) {
	placeholder := regexp.MustCompile(`\{([a-z_]+)%?\}`)
	for _, ty := range form.Types() {
		t.Run(ty.Code, func(t *testing.T) {
			if ty.Service == "" || ty.Menu == "" || ty.DocName == "" || ty.Qualification == "" || ty.ListName == "" || ty.ResultName == "" || ty.Letter.Title == "" || ty.CarrierNoun == "" || ty.ConditionsTitle == "" || len(ty.Carriers) == 0 {
				t.Fatalf("%s lacks the names its pages use: %+v", ty.Code, ty)
			}
			documented := map[string]bool{}
			for _, d := range ty.ParamDocs {
				if documented[d.Key] || d.Label == "" || d.Unit == "" {
					t.Errorf("threshold %q is repeated or unnamed", d.Key)
				}
				documented[d.Key] = true
			}
			for key := range ty.Defaults {
				if len(ty.ParamDocs) > 0 && !documented[key] {
					t.Errorf("threshold %q has a default but the round page cannot show it", key)
				}
			}
			for _, c := range ty.Conditions {
				for _, m := range placeholder.FindAllStringSubmatch(c.Rule, -1) {
					if _, ok := ty.Defaults[m[1]]; !ok {
						t.Errorf("%s names threshold %q, which has no value", c.Code, m[1])
					}
				}
			}
		})
	}
}

func TestADesignationFillsFieldsThatTakeIt(t *testing.T) {
	for _, ty := range form.Types() {
		d := ty.Designation
		if d == nil {
			continue
		}
		sec := ty.Sections[0]
		kind, no, on := sec.Field(d.Kind), sec.Field(d.No), sec.Field(d.On)
		if kind == nil || no == nil || on == nil || kind.Kind != form.Enum || on.Kind != form.Date {
			t.Fatalf("%s: the designation's fields are not an enum, a 文号 and a date of %s", ty.Code, sec.Key)
		}
		for _, other := range form.Types() {
			if other.Designates != "" && !slices.Contains(kind.Options, other.Designates) {
				t.Errorf("%s: %s cannot hold %q, what %s makes", ty.Code, kind.Label, other.Designates, other.Code)
			}
		}
	}
}
