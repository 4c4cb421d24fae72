package form_test

import (
	"fmt"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// validID makes distinct valid 居民身份证 numbers (GB 11643 check digit).
func validID(i int) string {
	base := fmt.Sprintf("11010519800101%03d", i)
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for j := range w {
		sum += int(base[j]-'0') * w[j]
	}
	return base + string("10X98765432"[sum%11])
}

// incubatorFixture builds a 综合孵化器 that meets every condition on its
// edge where it can: 2 sites of 5000 m² (1000 m² public each), 50 firms of
// 120 m² (25 with patents, 15 with IP, 5 financed), 500 万元 of funds, 3
// cases, 6 people of whom 5 qualified, 5 mentors, 20 graduates.
type incubatorFixture struct{ *fixture }

func newIncubator(firms, graduates int) incubatorFixture {
	f := incubatorFixture{&fixture{rows: map[string][]domain.Row{}, nextID: 1}}
	f.sections = map[string]domain.Values{
		"basic": {"region": "350200", "address": "厦门市思明区软件园二期", "founded_on": "2015-03-01",
			"operating_since": "2015-06-01", "kind": "综合孵化器", "hardship": "否", "provincial": "否", "stat_years": "3",
			"contact": "李晓雯", "contact_title": "主任", "contact_mobile": "13800000001", "contact_email": "a@example.com"},
		"team":     {"headcount": "6"},
		"system":   {"text": "运营管理体系。"},
		"services": {"text": "孵化服务。"},
		"results":  {"text": "孵化绩效。"},
		"plan":     {"text": "三年目标。"},
	}
	for _, name := range []string{"A座", "B座"} {
		f.add("sites", domain.Values{"name": name, "address": "软件园二期", "tenure": "自有", "deed_no": "闽(2016)厦门市不动产权第0001号",
			"area": "5000", "public_area": "1000"}, "proof", "layout")
	}
	for i := 0; i < firms; i++ {
		f.addFirm(i)
	}
	f.add("funds", domain.Values{"name": "鹭创种子基金", "type": "自有种子资金", "amount": "500", "set_up_on": "2018-01-01"}, "proof")
	for i := 0; i < 3; i++ {
		f.add("fund_cases", domain.Values{"company": fmt.Sprintf("在孵企业%d", i), "date": "2021-05-01", "amount": "100", "mode": "股权"}, "proof")
	}
	for i := 0; i < 5; i++ {
		f.add("pro_staff", domain.Values{"name": "服务人员", "id_number": validID(i), "post": "孵化经理", "full_time": "是",
			"basis": "创业服务培训", "experience": "五年孵化服务经验"}, "contract", "proof")
		f.add("mentors", domain.Values{"name": "导师", "type": "企业家", "appointer": "本孵化器", "expertise": "电子信息"}, "letter")
	}
	for i := 0; i < graduates; i++ {
		f.add("graduates", domain.Values{"name": fmt.Sprintf("毕业企业%d", i), "uscc": validUSCC(500 + i), "joined_on": "2016-01-01",
			"graduated_on": "2020-01-01", "criteria": "高新技术企业", "hte_no": fmt.Sprintf("GR2020350%05d", i), "hte_on": "2020-12-01"}, "hte_proof")
	}
	f.files = append(f.files, domain.AppFile{Slot: "pledge"}, domain.AppFile{Slot: "license"}, domain.AppFile{Slot: "rules"})
	return f
}

// addFirm adds the i-th firm: the first 25 applied for patents, the first
// 15 hold IP, the first 5 were financed.
func (f incubatorFixture) addFirm(i int) int64 {
	v := domain.Values{"name": fmt.Sprintf("在孵企业%d", i), "uscc": validUSCC(i), "founded_on": "2020-01-01", "joined_on": "2020-06-01",
		"tech_field": "电子信息", "industry": "电子信息", "site": "A座", "area": "120", "on_site": "是",
		"tsme_no": fmt.Sprintf("2022350200A%04d", i), "patent_applied": "否", "ip_count": "0", "financed": "否"}
	slots := []string{"license", "agreement"}
	if i < 25 {
		v["patent_applied"] = "是"
		slots = append(slots, "ip_proof")
	}
	if i < 15 {
		v["ip_count"] = "1"
	}
	if i < 5 {
		v["financed"], v["financed_amount"], v["financed_on"], v["investor"], v["own_fund"] = "是", "100", "2021-03-01", "鹭创种子基金", "是"
		slots = append(slots, "finance_proof")
	}
	return f.add("firms", v, slots...)
}

func (f incubatorFixture) app() *form.App {
	return form.NewApp(form.Incubator, round2022, form.Org{Name: "厦门鹭创孵化器管理有限公司", USCC: "91350200MA2Y0DEM69", Rep: "陈海峰"},
		"鹭创科技企业孵化器", f.sections, f.rows, f.files)
}

func (f incubatorFixture) set(table string, i int, kv ...string) {
	for j := 0; j+1 < len(kv); j += 2 {
		f.rows[table][i].Data[kv[j]] = kv[j+1]
	}
}

func TestIncubatorFixtureMeetsEveryConditionAndIsComplete(t *testing.T) {
	a := newIncubator(50, 20).app()
	got := outcomes(a)
	for _, c := range []string{"K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "K10", "K11", "K12", "K13"} {
		if got[c] != form.Met {
			t.Errorf("%s: %s", c, got[c])
		}
	}
	if _, ok := got["K14"]; ok {
		t.Error("a 综合孵化器 lists the 专业 condition K14")
	}
	complete(t, a)
}

func TestEachIncubatorConditionFailsAlone(t *testing.T) {
	tests := []struct {
		code   string
		break_ func(f incubatorFixture)
		want   form.Outcome
		also   string // another condition that shares the figure
	}{
		{"K1", func(f incubatorFixture) { f.sections["system"]["text"] = "" }, form.Missing, ""},
		{"K2", func(f incubatorFixture) { f.sections["basic"]["operating_since"] = "2019-11-01" }, form.NotMet, ""},
		{"K2", func(f incubatorFixture) { f.sections["basic"]["founded_on"] = "" }, form.Missing, ""},
		{"K3", func(f incubatorFixture) { f.sections["basic"]["stat_years"] = "1" }, form.NotMet, ""},
		{"K4", func(f incubatorFixture) { f.set("sites", 0, "area", "4999.99") }, form.NotMet, ""},
		{"K4", func(f incubatorFixture) { // a lease that ended before the cut-off: the site does not count
			f.set("sites", 1, "tenure", "租赁", "deed_no", "", "lessor", "园区公司", "lease_from", "2015-01-01", "lease_to", "2022-10-30")
		}, form.NotMet, ""},
		{"K5", func(f incubatorFixture) { f.set("sites", 0, "public_area", "400") }, form.NotMet, ""},
		{"K6", func(f incubatorFixture) { f.set("funds", 0, "amount", "499.99") }, form.NotMet, ""},
		{"K6", func(f incubatorFixture) { f.rows["funds"] = nil }, form.Missing, ""},
		{"K7", func(f incubatorFixture) {
			f.set("firms", 0, "financed", "否", "financed_amount", "", "financed_on", "", "investor", "", "own_fund", "")
		}, form.NotMet, ""},
		{"K8", func(f incubatorFixture) { f.rows["fund_cases"] = f.rows["fund_cases"][:2] }, form.NotMet, ""},
		{"K9", func(f incubatorFixture) { f.sections["team"]["headcount"] = "7" }, form.NotMet, ""},
		{"K9", func(f incubatorFixture) { f.set("pro_staff", 0, "full_time", "否") }, form.NotMet, "K10"},
		{"K10", func(f incubatorFixture) { f.rows["mentors"] = f.rows["mentors"][:4] }, form.NotMet, ""},
		{"K11", func(f incubatorFixture) {
			f.set("firms", 0, "patent_applied", "否")
			f.set("firms", 1, "ip_count", "0")
		}, form.NotMet, ""},
		{"K12", func(f incubatorFixture) { f.rows["firms"] = f.rows["firms"][:49] }, form.NotMet, ""},
		{"K12", func(f incubatorFixture) { // 50 firms on 16,700 m²: 2.99 per 1000 m²
			f.set("sites", 0, "area", "11700", "public_area", "6000")
		}, form.NotMet, ""},
		{"K12", func(f incubatorFixture) { f.set("firms", 49, "joined_on", "2018-09-30", "founded_on", "2018-01-01") }, form.NotMet, ""},
		{"K13", func(f incubatorFixture) { f.rows["graduates"] = f.rows["graduates"][:19] }, form.NotMet, ""},
		{"K13", func(f incubatorFixture) { // G2 chosen alone with exactly 500 万元: not more than 500
			f.set("graduates", 0, "criteria", "累计获得天使投资或风险投资", "hte_no", "", "hte_on", "", "investment", "500")
		}, form.NotMet, ""},
	}
	for _, tt := range tests {
		t.Run(tt.code+" "+string(tt.want), func(t *testing.T) {
			f := newIncubator(50, 20)
			tt.break_(f)
			brokenAlone(t, f.app(), tt.code, tt.also, tt.want)
		})
	}
}

// TestIncubatorFiguresNameTheApplicantsNumbers: each condition shows the
// applicant's own figure with the round's threshold and links to its rows.
func TestIncubatorFiguresNameTheApplicantsNumbers(t *testing.T) {
	f := newIncubator(50, 20)
	f.set("firms", 49, "joined_on", "2018-09-30", "founded_on", "2018-01-01")
	byCode := map[string]form.CondResult{}
	for _, c := range f.app().Conditions() {
		byCode[c.Code] = c
	}
	tests := []struct {
		code, figure, link, rule string
	}{
		{"K4", "可自主支配面积 10000.00 m²（应 ≥ 10000 m²）", "sites", "可自主支配面积合计 ≥ 10000 m²"},
		{"K5", "在孵企业使用 5880.00 m²，公共服务 2000.00 m²，占 78.8%（应 ≥ 75%）", "sites", "≥ 75%"},
		{"K7", "获得投融资 5/49（10.2%）（应 ≥ 10%）", "firms", "≥ 10%"},
		{"K10", "在孵企业 49 家，专业孵化服务人员 5 名，创业导师 5 名（均应 ≥ 5 名）", "team", "÷ 10"},
		{"K12", "计入的在孵企业 49 家（应 ≥ 50 家），每千平方米 4.90 家（应 ≥ 3 家）；另有 1 家不计入", "firms", "≥ 50 家（专业孵化器 30 家）"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c := byCode[tt.code]
			if c.Figure != tt.figure || c.Link != tt.link || !strings.Contains(c.Rule, tt.rule) || strings.Contains(c.Rule, "{") {
				t.Fatalf("%s: figure %q link %q rule %q", tt.code, c.Figure, c.Link, c.Rule)
			}
		})
	}
}

func TestIncubatorFirmRulesLeaveRowsOutWithTheirReason(t *testing.T) {
	tests := []struct {
		name   string
		change []string
		note   string // "" when the firm counts
	}{
		{"founded 24 months before entry counts", []string{"founded_on", "2018-06-01"}, ""},
		{"founded 25 months before entry is left out", []string{"founded_on", "2018-05-01"},
			"不计入：成立至入孵 25 个月，超过 24 个月。"},
		{"48 months to the cut-off counts", []string{"founded_on", "2018-06-01", "joined_on", "2018-10-31"}, ""},
		{"49 months to the cut-off is left out", []string{"founded_on", "2018-06-01", "joined_on", "2018-09-30"},
			"不计入：入孵至数据截止日 49 个月，超过 48 个月。"},
		{"49 months in 集成电路 counts (60)", []string{"founded_on", "2018-06-01", "joined_on", "2018-09-30", "tech_field", "集成电路"}, ""},
		{"60 months in 现代农业 counts", []string{"founded_on", "2017-06-01", "joined_on", "2017-10-31", "tech_field", "现代农业"}, ""},
		{"61 months in 生物医药 is left out", []string{"founded_on", "2017-06-01", "joined_on", "2017-09-30", "tech_field", "生物医药"},
			"不计入：入孵至数据截止日 61 个月，超过 60 个月。"},
		{"registered outside the site is left out", []string{"on_site", "否"},
			"不计入：注册地和主要研发、办公场所不在本孵化器场地内。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newIncubator(50, 20)
			f.set("firms", 49, tt.change...)
			excludedWithNote(t, f.app(), "firms", f.rows["firms"][49], form.FieldRef{Section: "firms", Field: "firm_count"}, 50, tt.note)
		})
	}
}

func TestIncubatorLimitsTurnWithTheTypeAndTheArea(t *testing.T) {
	// professional makes a 专业孵化器 of n firms (200 m² each, so K5 holds)
	// with g graduates and one platform it controls.
	professional := func(f incubatorFixture) {
		f.sections["basic"]["kind"], f.sections["basic"]["main_industry"] = "专业孵化器", "电子信息"
		for _, r := range f.rows["firms"] {
			r.Data["area"] = "300"
		}
		f.add("platforms", domain.Values{"name": "检测平台", "type": "检验检测", "own": "是", "equipment": "检测设备"}, "proof")
	}
	// hard makes an incubator in a 艰苦边远地区 on the cut thresholds: 8000
	// m², 400 万元, 40 % of the firms with patents and none with IP.
	hard := func(f incubatorFixture) {
		patents := (len(f.rows["firms"])*2 + 4) / 5 // 40 %, rounded up
		f.sections["basic"]["hardship"] = "是"
		f.set("sites", 0, "area", "4000")
		f.set("sites", 1, "area", "4000")
		f.set("funds", 0, "amount", "400")
		for i, r := range f.rows["firms"] {
			r.Data["ip_count"] = "0"
			if i >= patents {
				r.Data["patent_applied"] = "否"
			}
		}
	}
	tests := []struct {
		name             string
		firms, graduates int
		change           func(f incubatorFixture)
		notMet           []string
	}{
		{"专业 with 30 firms and 15 graduates meets every condition", 30, 15, professional, nil},
		{"综合 with 30 firms and 15 graduates fails K12 and K13", 30, 15, func(f incubatorFixture) {
			for _, r := range f.rows["firms"] {
				r.Data["area"] = "200"
			}
		}, []string{"K12", "K13"}},
		{"专业 with 29 firms fails K12", 29, 15, professional, []string{"K12"}},
		{"专业 with 14 graduates fails K13", 30, 14, professional, []string{"K13"}},
		{"专业 whose only platform it does not control fails K14", 30, 15, func(f incubatorFixture) {
			professional(f)
			f.set("platforms", 0, "own", "否")
		}, []string{"K14"}},
		{"专业 with 22 of 30 firms in its industry fails K14", 30, 15, func(f incubatorFixture) {
			professional(f)
			for _, r := range f.rows["firms"][:8] {
				r.Data["industry"] = "新材料"
			}
		}, []string{"K14"}},
		{"专业 in a hardship area needs 24 firms and 12 graduates", 24, 12, func(f incubatorFixture) {
			professional(f)
			f.sections["basic"]["hardship"] = "是"
		}, nil},
		{"a hardship area meets the thresholds cut by 20 %", 40, 16, hard, nil},
		{"without hardship the same figures fail what the cut eased", 40, 16, func(f incubatorFixture) {
			hard(f)
			f.sections["basic"]["hardship"] = "否"
		}, []string{"K4", "K6", "K11", "K12", "K13"}},
		{"a hardship area still needs 10 % financed: 4 of 45 is not cut to pass", 45, 16, func(f incubatorFixture) {
			hard(f)
			f.set("firms", 0, "financed", "否", "financed_amount", "", "financed_on", "", "investor", "", "own_fund", "")
		}, []string{"K7"}},
		{"a hardship area below its cut patents share fails K11", 40, 16, func(f incubatorFixture) {
			hard(f)
			f.set("firms", 0, "patent_applied", "否")
		}, []string{"K11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newIncubator(tt.firms, tt.graduates)
			tt.change(f)
			var notMet []string
			for _, c := range f.app().Conditions() {
				if c.Outcome != form.Met {
					notMet = append(notMet, c.Code)
				}
			}
			if strings.Join(notMet, ",") != strings.Join(tt.notMet, ",") {
				t.Fatalf("not met %v, want %v", notMet, tt.notMet)
			}
		})
	}
}

func TestIncubatorThresholdsComeFromTheRound(t *testing.T) {
	f := newIncubator(50, 20)
	a := f.app().WithParams(form.Params{"firms_min": 60, "area_min": 12000})
	got := map[string]form.CondResult{}
	for _, c := range a.Conditions() {
		got[c.Code] = c
	}
	if got["K12"].Outcome != form.NotMet || !strings.Contains(got["K12"].Rule, "≥ 60 家") {
		t.Errorf("K12 with the round's 60: %s, %q", got["K12"].Outcome, got["K12"].Rule)
	}
	if got["K4"].Outcome != form.NotMet || !strings.Contains(got["K4"].Figure, "应 ≥ 12000 m²") {
		t.Errorf("K4 with the round's 12000: %s, %q", got["K4"].Outcome, got["K4"].Figure)
	}
}

// TestEveryIncubatorThresholdHasADefault: a rule that names a threshold
// finds it in the 2022 round's defaults, so no threshold is 0 by mistake.
func TestEveryIncubatorThresholdHasADefault(t *testing.T) {
	a := newIncubator(50, 20).app()
	for _, c := range a.Conditions() {
		if strings.Contains(c.Rule, "{") || strings.Contains(c.Rule, "≥ 0 ") || strings.Contains(c.Rule, "≥ 0%") {
			t.Errorf("%s rule reads %q", c.Code, c.Rule)
		}
	}
	for _, tb := range form.Incubator.Tables {
		for _, rr := range tb.RowRules {
			for _, key := range ruleParams(rr) {
				if form.Incubator.Defaults[key] == 0 {
					t.Errorf("%s %s names %q, which has no default", tb.Key, rr.Code, key)
				}
			}
		}
	}
}

func ruleParams(rr form.RowRule) []string {
	var out []string
	add := func(l form.Limit) {
		out = append(out, l.Param)
		for _, c := range append(l.Cases, l.Cuts...) {
			out = append(out, c.Param)
		}
	}
	if rr.Months != nil {
		add(rr.Months.Max)
	}
	if rr.Over != nil {
		add(rr.Over.Limit)
	}
	return out
}

func TestIncubatorGraduateFieldsFollowTheirCriteria(t *testing.T) {
	tb := form.Incubator.Table("graduates")
	tests := []struct {
		name     string
		values   []string
		refused  []string
		required []string
	}{
		{"高新技术企业 asks for its certificate", []string{"criteria", "高新技术企业"}, nil, []string{"hte_no", "hte_on"}},
		{"an investment figure without G2 is refused", []string{"criteria", "高新技术企业", "investment", "600"}, []string{"investment"},
			[]string{"hte_no", "hte_on"}},
		{"G2 and G3 together ask for both", []string{"criteria", "累计获得天使投资或风险投资、连续两年营业收入"}, nil,
			[]string{"investment", "revenue_year", "revenue1", "revenue2"}},
		{"a listing asks for the exchange and code", []string{"criteria", "被兼并收购或挂牌上市", "event", "上市"}, nil,
			[]string{"event", "event_on", "exchange", "stock_code"}},
		{"a merger does not ask for a code", []string{"criteria", "被兼并收购或挂牌上市", "event", "兼并"}, nil, []string{"event", "event_on"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := row(1, tt.values...)
			var refused []string
			for _, is := range form.Refused(tb.Columns, r.Data) {
				refused = append(refused, is.Field)
			}
			if strings.Join(refused, ",") != strings.Join(tt.refused, ",") {
				t.Errorf("refused %v, want %v", refused, tt.refused)
			}
			var required []string
			for _, c := range tb.Columns {
				if c.IsRequired(r.Data) && !c.Required {
					required = append(required, c.Key)
				}
			}
			if strings.Join(required, ",") != strings.Join(tt.required, ",") {
				t.Errorf("required besides the always-required %v, want %v", required, tt.required)
			}
		})
	}
}

func TestIncubatorRowChecks(t *testing.T) {
	tests := []struct {
		name    string
		change  func(f incubatorFixture)
		field   string
		warning bool
	}{
		{"a firm on a site not in the site table", func(f incubatorFixture) { f.set("firms", 3, "site", "C座") }, "site", false},
		{"a firm without a 科技型中小企业 number is a warning", func(f incubatorFixture) { f.set("firms", 3, "tsme_no", "") }, "tsme_no", true},
		{"more than 3 sites is a warning", func(f incubatorFixture) {
			for _, n := range []string{"C座", "D座"} {
				f.add("sites", domain.Values{"name": n, "address": "软件园", "tenure": "租赁", "lessor": "园区", "lease_from": "2015-01-01",
					"lease_to": "2030-12-31", "area": "100", "public_area": "0"}, "proof", "layout")
			}
		}, "total_area", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newIncubator(50, 20)
			tt.change(f)
			issues := f.app().Issues(true)
			if len(issues) != 1 || issues[0].Field != tt.field || issues[0].Warning != tt.warning {
				t.Fatalf("issues %+v", issues)
			}
		})
	}
}

func TestIncubatorRulesReadTheRoundsHardshipCut(t *testing.T) {
	tests := []struct {
		name   string
		params form.Params
		want   string
	}{
		{"the 2022 round cuts by 20 %", nil, "可自主支配面积合计 ≥ 10000 m²（艰苦边远地区降低20%）。"},
		{"a round that cuts by 25 % says so", form.Params{"hardship_cut": 0.25}, "可自主支配面积合计 ≥ 10000 m²（艰苦边远地区降低25%）。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newIncubator(50, 20)
			f.sections["basic"]["hardship"] = "是"
			rules := map[string]string{}
			for _, c := range f.app().WithParams(tt.params).Conditions() {
				rules[c.Code] = c.Rule
			}
			if rules["K4"] != tt.want {
				t.Fatalf("K4 rule %q, want %q", rules["K4"], tt.want)
			}
		})
	}
}

func TestIncubatorSiteLeaseMustReachTheCutoff(t *testing.T) {
	tests := []struct {
		name, tenure, leaseTo, note string
	}{
		{"an owned site has no lease to check", "自有", "", ""},
		{"a lease to the cut-off day counts", "租赁", "2022-10-31", ""},
		{"a lease ended the day before is left out", "租赁", "2022-10-30",
			"不计入：租赁/使用期限止 2022-10-30 早于数据截止日 2022-10-31。"},
		{"a lent site without its end date is left out", "无偿使用", "",
			"不计入：租赁/使用期限止无法核对（日期未填写或格式不正确）。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newIncubator(50, 20)
			f.set("sites", 1, "tenure", tt.tenure, "lease_to", tt.leaseTo)
			a := f.app()
			if got := form.ExcludedNote(a.Excluded(form.Incubator.Table("sites"), f.rows["sites"][1])); got != tt.note {
				t.Fatalf("note %q, want %q", got, tt.note)
			}
			area := "10000.00"
			if tt.note != "" {
				area = "5000.00"
			}
			if got := a.Value("sites", "total_area"); got != area {
				t.Errorf("可自主支配面积 = %s, want %s", got, area)
			}
		})
	}
}
