package form_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// fixture is an application that meets every filing condition: 20 teams
// (10 converted, each with its enterprise), 3 financed direct enterprises,
// 12 activities in the window, 3 full-time staff and 3 mentors, 600 m².
type fixture struct {
	sections map[string]domain.Values
	rows     map[string][]domain.Row
	files    []domain.AppFile
	nextID   int64
}

func newFixture() *fixture {
	f := &fixture{rows: map[string][]domain.Row{}, nextID: 1}
	f.sections = map[string]domain.Values{
		"basic": {"region": "350200", "address": "软件园二期", "founded_on": "2018-03-01", "operating_since": "2018-05-01",
			"contact": "李晓雯", "contact_title": "主任", "contact_mobile": "13800000001", "contact_email": "a@example.com",
			"direction": "“投资+孵化”，链接资本市场", "tech_fields": "电子信息、新材料", "stat_reports": "2020年半年报、2020年年报、2021年半年报"},
		"capability":  {"text": "完善的服务体系。"},
		"performance": {"text": "三个典型案例……", "cases": "3"},
		"brand":       {"text": "品牌建设。"},
		"plan":        {"text": "三年目标。"},
	}
	for i := 0; i < 20; i++ {
		state := "在孵"
		if i < 10 {
			state = "已注册为企业"
		}
		code := validUSCC(i)
		id := f.add("teams", completeTeam(0, state, "company_uscc", code, "name", fmt.Sprintf("团队%d", i)).Data, "agreement")
		_ = id
		if state == "已注册为企业" {
			f.add("enterprises", enterprise(0, "团队转化", "uscc", code).Data, "license", "agreement")
		} else {
			delete(f.rows["teams"][len(f.rows["teams"])-1].Data, "company_uscc")
		}
	}
	for i := 0; i < 3; i++ {
		f.add("enterprises", enterprise(0, "直接入驻", "uscc", validUSCC(50+i), "financed", "是", "financed_on", "2021-06-01",
			"amount", "200", "finance_type", "天使投资").Data, "license", "agreement", "finance_proof")
	}
	for i := 0; i < 12; i++ {
		f.add("activities", activity(0, "2021-03-01").Data, "proof")
	}
	for _, c := range []string{"专职服务人员", "专职服务人员", "专职服务人员", "兼职创业导师", "专职创业导师", "兼职创业导师"} {
		f.add("staff", staffRow(0, c).Data, "proof")
	}
	f.add("venues", venue(0).Data, "proof")
	f.files = append(f.files, domain.AppFile{Slot: "pledge"})
	return f
}

func (f *fixture) add(table string, v domain.Values, slots ...string) int64 {
	id := f.nextID
	f.nextID++
	f.rows[table] = append(f.rows[table], domain.Row{ID: id, Table: table, Data: v})
	for _, s := range slots {
		f.files = append(f.files, domain.AppFile{RowID: id, Slot: s})
	}
	return id
}

func (f *fixture) app() *form.App {
	return form.NewApp(form.Makerspace, round2021, form.Org{Name: "厦门鹭创孵化器管理有限公司", USCC: "91350200MA2Y0DEM69", Rep: "陈海峰"},
		"鹭创众创空间", f.sections, f.rows, f.files)
}

// validUSCC makes distinct valid codes by fixing the check characters.
func validUSCC(i int) string {
	base := fmt.Sprintf("91350200MA2Y%04d", i)
	const cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	w := []int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for j := 0; j < 8; j++ {
		c := base[8+j]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * w[j]
	}
	c17 := byte('0' + (11-sum%11)%11)
	if (11-sum%11)%11 == 10 {
		c17 = 'X'
	}
	if 11-sum%11 == 11 {
		c17 = '0'
	}
	code := base + string(c17)
	ws := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum = 0
	for j := 0; j < 17; j++ {
		sum += strings.IndexByte(cs, code[j]) * ws[j]
	}
	return code + string(cs[(31-sum%31)%31])
}

func outcomes(a *form.App) map[string]form.Outcome {
	m := map[string]form.Outcome{}
	for _, r := range a.Conditions() {
		m[r.Code] = r.Outcome
	}
	return m
}

func TestFixtureMeetsEveryConditionAndIsComplete(t *testing.T) {
	a := newFixture().app()
	for code, o := range outcomes(a) {
		if o != form.Met {
			t.Errorf("%s: %s", code, o)
		}
	}
	complete(t, a)
}

// complete asserts that an application has no issue and every section of
// its task list is complete.
func complete(t *testing.T, a *form.App) {
	t.Helper()
	for _, is := range a.Issues(true) {
		t.Errorf("unexpected issue %s: %s", is.Path(), is.Message)
	}
	for _, st := range a.Statuses() {
		if st.State != form.Complete {
			t.Errorf("%s is %s with %d problems", st.Section.Title, st.State, st.Problems)
		}
	}
}

func TestEachConditionFailsOnItsOwnFigure(t *testing.T) {
	tests := []struct {
		code   string
		break_ func(f *fixture)
		want   form.Outcome
		also   string // another condition that shares the figure
	}{
		{"C1", func(f *fixture) { f.sections["plan"]["text"] = "" }, form.Missing, ""},
		{"C3", func(f *fixture) { f.sections["basic"]["operating_since"] = "2020-05-01" }, form.NotMet, ""},
		{"C3", func(f *fixture) { f.sections["basic"]["founded_on"] = "" }, form.Missing, ""},
		{"C4a", func(f *fixture) {
			f.rows["venues"][0].Data["area"] = "499"
			f.rows["venues"][0].Data["stations"] = "29"
		}, form.NotMet, ""},
		{"C4a", func(f *fixture) { f.rows["venues"] = nil }, form.Missing, "C4b"},
		{"C4b", func(f *fixture) { f.rows["venues"][0].Data["public_area"] = "0" }, form.NotMet, ""},
		{"C4b", func(f *fixture) { f.rows["venues"][0].Data["station_area"] = "100" }, form.NotMet, ""},
		{"C5", func(f *fixture) { // 20 teams + 3 direct enterprises settled; move 4 teams out of the window
			for _, r := range f.rows["teams"][:4] {
				r.Data["joined_on"] = "2019-01-01"
			}
		}, form.NotMet, ""},
		{"C5", func(f *fixture) { // an agreement file missing means the row does not count
			f.files = f.files[:0]
			f.files = append(f.files, domain.AppFile{Slot: "pledge"})
		}, form.NotMet, ""},
		{"C6", func(f *fixture) {
			f.rows["teams"][0].Data["registered_on"] = "2020-10-01"
			f.rows["enterprises"][len(f.rows["enterprises"])-1].Data["financed_on"] = "2020-01-01"
		}, form.NotMet, ""},
		{"C7", func(f *fixture) { f.sections["performance"]["cases"] = "2" }, form.NotMet, ""},
		{"C8", func(f *fixture) { f.rows["staff"][0].Data["category"] = "兼职服务人员" }, form.NotMet, ""},
		{"C9", func(f *fixture) { f.rows["activities"] = f.rows["activities"][:9] }, form.NotMet, ""},
		{"C10", func(f *fixture) { f.sections["basic"]["stat_reports"] = "2020年年报" }, form.NotMet, ""},
	}
	for _, tt := range tests {
		t.Run(tt.code+" "+string(tt.want), func(t *testing.T) {
			f := newFixture()
			tt.break_(f)
			brokenAlone(t, f.app(), tt.code, tt.also, tt.want)
		})
	}
}

// brokenAlone asserts that the condition code has the outcome want and that
// every other condition but also is still met.
func brokenAlone(t *testing.T, a *form.App, code, also string, want form.Outcome) {
	t.Helper()
	got := outcomes(a)
	if got[code] != want {
		t.Fatalf("%s = %s, want %s", code, got[code], want)
	}
	for c, o := range got {
		if c != code && c != also && o != form.Met {
			t.Errorf("breaking %s also changed %s to %s", code, c, o)
		}
	}
}

func TestC10IsAWarningNotABlock(t *testing.T) {
	f := newFixture()
	f.sections["basic"]["stat_reports"] = "2020年年报"
	for _, r := range f.app().Conditions() {
		if r.Code == "C10" && r.Blocks() {
			t.Fatal("C10 blocks submission")
		}
		if r.Code != "C10" && r.Blocks() {
			t.Fatalf("%s blocks", r.Code)
		}
	}
}

func TestComputedFields(t *testing.T) {
	f := newFixture()
	f.add("media", row(0, "title", "报道").Data)
	f.add("media", row(0, "title", "报道2").Data)
	f.add("venues", venue(0, "area", "120.5", "stations", "5").Data)
	a := f.app()
	tests := []struct{ section, key, want string }{
		{"basic", "media_count", "2"},
		{"basic", "honor_count", "0"},
		{"basic", "name", "鹭创众创空间"},
		{"basic", "uscc", "91350200MA2Y0DEM69"},
		{"basic", "months", "41"},
		{"venues", "total_area", "720.50"},
		{"venues", "stations", "45"},
		{"staff", "headcount", "6"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := a.Value(tt.section, tt.key); got != tt.want {
				t.Fatalf("%s = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestTaskListStates(t *testing.T) {
	f := newFixture()
	f.sections["brand"] = nil
	f.rows["activities"][0].Data["participants"] = "很多"
	states := map[string]form.Status{}
	for _, st := range f.app().Statuses() {
		states[st.Section.Key] = st
	}
	if states["brand"].State != form.NotStarted {
		t.Errorf("brand = %s", states["brand"].State)
	}
	if st := states["incubation"]; st.State != form.InProgress || st.Problems != 1 {
		t.Errorf("incubation = %s with %d problems", st.State, st.Problems)
	}
	if states["venues"].State != form.Complete {
		t.Errorf("venues = %s", states["venues"].State)
	}
}

// TestASecondTypeNeedsOnlyADeclaration declares a tiny 免税资格申请 and runs
// the same engine over it: no code changes, only data.
func TestASecondTypeNeedsOnlyADeclaration(t *testing.T) {
	tax := &form.Type{Code: "tax", Name: "创业孵化机构免税资格申请",
		Sections: []form.Section{{Key: "props", Title: "房产土地清单", Tables: []string{"props"}}},
		Tables: []form.Table{{Key: "props", Title: "房产土地清单", Section: "props", Columns: []form.Field{
			{Key: "place", Label: "坐落", Kind: form.Text, Required: true},
			{Key: "value", Label: "原值", Unit: "万元", Kind: form.Decimal, Required: true},
		}, Files: []form.FileSlot{{Key: "deed", Label: "权属资料", Required: true}}}},
		Conditions: []form.Condition{{Code: "T1", Title: "有房产", Kind: form.Hard, Eval: func(a *form.App) form.Result {
			if len(a.Rows["props"]) > 0 {
				return form.Result{Outcome: form.Met}
			}
			return form.Result{Outcome: form.Missing}
		}}},
	}
	a := form.NewApp(tax, round2021, form.Org{}, "", nil,
		map[string][]domain.Row{"props": {row(1, "place", "某路1号", "value", "很多")}}, nil)
	got := issueFields(a.Issues(true))
	if !strings.Contains(got["value"], "数字") || !strings.Contains(got["deed"], "权属资料") {
		t.Fatalf("issues %v", got)
	}
	if a.Statuses()[0].State != form.InProgress || a.Conditions()[0].Outcome != form.Met {
		t.Fatal("status or condition not computed for the second type")
	}
}

// TestNoConditionShowsMoreThanIsPossible: whatever a draft holds, a share
// never passes 100 %: a venue whose parts exceed its area counts its area.
func TestNoConditionShowsMoreThanIsPossible(t *testing.T) {
	share := regexp.MustCompile(`占 ([0-9.]+)%`)
	venues := [][3]string{ // 场地面积, 创业工位面积, 公共服务场地面积
		{"1200", "600", "700"},
		{"100", "100", "100"},
		{"-50", "30", "30"},
		{"abc", "10", "10"},
		{"500", "-200", "900"},
	}
	for i := range venues {
		t.Run("venues up to row "+strconv.Itoa(i+1)+" stay within 100 %", func(t *testing.T) {
			f := newFixture()
			f.rows["venues"] = nil
			for _, v := range venues[:i+1] {
				f.add("venues", domain.Values{"name": "场地", "address": "地址", "area": v[0], "station_area": v[1],
					"public_area": v[2], "stations": "10", "tenure": "自有产权"})
			}
			for _, c := range f.app().Conditions() {
				if m := share.FindStringSubmatch(c.Figure); m != nil {
					if p, _ := strconv.ParseFloat(m[1], 64); p > 100 {
						t.Errorf("%s shows %s", c.Code, c.Figure)
					}
				}
			}
		})
	}
}

// TestC6CountsOneFinancingOnce: a team that became an enterprise and that
// enterprise are one entity; both rows carrying the same financing count
// once, and the panel names the rows behind each one counted.
func TestC6CountsOneFinancingOnce(t *testing.T) {
	finance := func(r domain.Row) {
		r.Data["financed"], r.Data["financed_on"], r.Data["amount"], r.Data["finance_type"] = "是", "2021-06-01", "100", "天使投资"
	}
	c6 := func(f *fixture) form.CondResult {
		for _, c := range f.app().Conditions() {
			if c.Code == "C6" {
				return c
			}
		}
		t.Fatal("no C6")
		return form.CondResult{}
	}
	f := newFixture()
	f.rows["teams"][0].Data["registered_on"] = "2020-10-01" // 9 conversions in the window: C6 rests on financing
	team := f.rows["teams"][1]                              // converted into validUSCC(1)
	finance(team)
	for _, e := range f.rows["enterprises"] {
		if e.Data["uscc"] == validUSCC(1) {
			finance(e)
		}
	}
	t.Run("a converted team and its enterprise, both financed, are one", func(t *testing.T) {
		got := c6(f)
		if got.Outcome != form.NotMet || !strings.Contains(got.Figure, "获得投融资 4 家") || len(got.Basis) != 4 {
			t.Fatalf("C6 = %s %q with %d counted, want 不符合 with 4", got.Outcome, got.Figure, len(got.Basis))
		}
		if !strings.HasPrefix(got.Basis[0], "团队第 2 行“团队1”与企业第 2 行") {
			t.Errorf("the shared financing is named %q", got.Basis[0])
		}
	})
	t.Run("the team's code typed in lower case and full width is still its enterprise's", func(t *testing.T) {
		code := team.Data["company_uscc"]
		defer func() { team.Data["company_uscc"] = code }()
		team.Data["company_uscc"] = fullWidthLower(code)
		if got := c6(f); len(got.Basis) != 4 || !strings.HasPrefix(got.Basis[0], "团队第 2 行“团队1”与企业第 2 行") {
			t.Fatalf("C6 counted %d: %q", len(got.Basis), got.Basis)
		}
	})
	t.Run("a fifth entity financed meets it", func(t *testing.T) {
		finance(f.rows["teams"][15]) // still 在孵
		if got := c6(f); got.Outcome != form.Met || len(got.Basis) != 5 {
			t.Fatalf("C6 = %s %q, want 符合 with 5", got.Outcome, got.Figure)
		}
	})
}

// fullWidthLower is a code as an input method in full-width mode types it,
// in lower case.
func fullWidthLower(code string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(code) {
		b.WriteRune(r + '０' - '0')
	}
	return b.String()
}
