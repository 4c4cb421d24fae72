package form_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// exemptionDates: a 免税 application has no round dates yet; today is the
// middle of 2026, the year after the 申请年度.
var exemptionDates = form.DatesOf(domain.Round{}, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))

// exemptionFixture is a 国家级科技企业孵化器 designated in 2018 applying for
// 2025 that meets every condition: A座 (owned, 6000 m², 4000 m² let to
// 在孵对象, 1500 m² public) and B座 (leased, 4000 m², 2500 m² given free,
// 500 m² public) make the 10000 m² of its 认定, with A座's land; 6 在孵企业 of
// 650 m² on A座 and 2 teams and 2 individuals of 500 m² on B座 use 79 %;
// 20.50 万元 of exempt and 8.00 万元 of taxable income.
type exemptionFixture struct{ *fixture }

func newExemption() exemptionFixture {
	f := exemptionFixture{&fixture{rows: map[string][]domain.Row{}, nextID: 1}}
	f.sections = map[string]domain.Values{
		"basic": {"region": "350200", "address": "厦门市思明区软件园二期", "kind": "国家级科技企业孵化器",
			"designation_no": "国科火字〔2018〕226号", "designated_on": "2018-12-05", "cancelled": "否", "year": "2025",
			"site_area": "10000", "ledger": "是", "ledger_note": "设“主营业务收入—孵化服务收入”明细科目单独核算。",
			"contact": "李晓雯", "contact_title": "主任", "contact_mobile": "13800000001", "contact_email": "a@example.com"},
	}
	f.add("property", domain.Values{"address": "软件园二期A座", "category": "房产", "tenure": "自有", "deed_no": "闽(2016)厦门市不动产权第0001号",
		"original_value": "5000", "building_area": "6000", "use": "出租给在孵对象", "incubatee_area": "4000", "public_area": "1500"},
		"title", "value_proof")
	f.add("property", domain.Values{"address": "软件园二期B座", "category": "房产", "tenure": "租入", "lessor": "厦门软件园发展有限公司",
		"lease_from": "2020-01-01", "lease_to": "2030-12-31", "building_area": "4000", "use": "无偿提供给在孵对象",
		"incubatee_area": "2500", "public_area": "500"}, "lease")
	f.add("property", domain.Values{"address": "软件园二期A座", "category": "土地", "tenure": "自有", "deed_no": "闽(2016)厦门市不动产权第0001号",
		"land_area": "3000", "use": "自用"}, "title")
	for i := 0; i < 6; i++ {
		f.addIncubatee(domain.Values{"kind": "企业", "name": fmt.Sprintf("在孵企业%d", i), "uscc": validUSCC(i),
			"property": "软件园二期A座", "area": "650"})
	}
	for i, kind := range []string{"创业团队", "创业团队", "个人", "个人"} {
		f.addIncubatee(domain.Values{"kind": kind, "name": fmt.Sprintf("%s%d", kind, i), "leader": fmt.Sprintf("负责人%d", i),
			"id_number": validID(i), "property": "软件园二期B座", "area": "500"})
	}
	for _, r := range [][4]string{
		{"3", "经营租赁服务", "在孵企业0", "12.5"},
		{"6", "研发和技术服务", "创业团队0", "8"},
		{"9", "非孵化服务", "在孵企业1", "5"},       // taxable: not an 孵化服务
		{"10", "鉴证咨询服务", "厦门某贸易有限公司", "3"}, // taxable: not an 在孵对象
	} {
		f.add("income", domain.Values{"month": r[0], "service": r[1], "client": r[2], "amount": r[3],
			"invoice": "No." + r[0]})
	}
	f.files = append(f.files, domain.AppFile{Slot: "pledge"}, domain.AppFile{Slot: "designation"}, domain.AppFile{Slot: "ledger"})
	return f
}

// addIncubatee adds an 在孵对象 with an agreement over the whole period.
func (f exemptionFixture) addIncubatee(v domain.Values) int64 {
	v["agreement_from"], v["agreement_to"] = "2024-01-01", "2027-12-31"
	return f.add("incubatees", v, "agreement")
}

func (f exemptionFixture) app() *form.App {
	return form.NewApp(form.Exemption, exemptionDates, form.Org{Name: "厦门鹭创孵化器管理有限公司", USCC: "91350200MA2Y0DEM69", Rep: "陈海峰"},
		"鹭创科技企业孵化器", f.sections, f.rows, f.files)
}

func (f exemptionFixture) set(table string, i int, kv ...string) {
	for j := 0; j+1 < len(kv); j += 2 {
		f.rows[table][i].Data[kv[j]] = kv[j+1]
	}
}

func (f exemptionFixture) setAll(table string, kv ...string) {
	for i := range f.rows[table] {
		f.set(table, i, kv...)
	}
}

func (f exemptionFixture) basic(kv ...string) {
	for j := 0; j+1 < len(kv); j += 2 {
		f.sections["basic"][kv[j]] = kv[j+1]
	}
}

// notMet lists the conditions not met, in their order.
func notMet(a *form.App) []string {
	var out []string
	for _, c := range a.Conditions() {
		if c.Outcome != form.Met {
			out = append(out, c.Code)
		}
	}
	return out
}

func conditionsByCode(a *form.App) map[string]form.CondResult {
	out := map[string]form.CondResult{}
	for _, c := range a.Conditions() {
		out[c.Code] = c
	}
	return out
}

func TestExemptionFixtureMeetsEveryConditionAndIsComplete(t *testing.T) {
	a := newExemption().app()
	got := outcomes(a)
	for _, c := range []string{"E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9"} {
		if got[c] != form.Met {
			t.Errorf("%s: %s", c, got[c])
		}
	}
	// The taxable income rows carry their note, as a warning that does
	// not block; nothing else is reported.
	var warned []string
	for _, is := range a.Issues(true) {
		if is.Warning && is.Field == "counted" {
			warned = append(warned, is.Path())
		} else {
			t.Errorf("unexpected issue %s: %s", is.Path(), is.Message)
		}
	}
	if strings.Join(warned, ",") != "income[16].counted,income[17].counted" {
		t.Errorf("rows noted %v", warned)
	}
	for _, st := range a.Statuses() {
		if st.State != form.Complete {
			t.Errorf("%s is %s with %d problems", st.Section.Title, st.State, st.Problems)
		}
	}
}

func TestEachExemptionConditionFailsAlone(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(f exemptionFixture)
		want   form.Outcome
		notMet []string // the condition broken first, then any that share its figure
	}{
		{"E1 without the designation number is missing", func(f exemptionFixture) { f.basic("designation_no", "") }, form.Missing, []string{"E1"}},
		{"E1 without the body's type is missing", func(f exemptionFixture) { f.basic("kind", "") }, form.Missing, []string{"E1"}},
		{"E2 designated in the period's last month has no benefit", func(f exemptionFixture) { f.basic("designated_on", "2027-12-05") },
			form.NotMet, []string{"E2"}},
		{"E2 designated after the application year has not started", func(f exemptionFixture) {
			f.basic("designated_on", "2025-06-15", "year", "2024")
		}, form.NotMet, []string{"E2"}},
		{"E3 cancelled before the application year has stopped", func(f exemptionFixture) {
			f.basic("cancelled", "是", "cancelled_on", "2024-06-30")
		}, form.NotMet, []string{"E3"}},
		{"E3 cancelled before the period has no benefit", func(f exemptionFixture) {
			f.basic("cancelled", "是", "cancelled_on", "2023-06-30")
		}, form.NotMet, []string{"E3"}},
		{"E3 cancelled without its date is missing", func(f exemptionFixture) { f.basic("cancelled", "是") }, form.Missing, []string{"E3"}},
		{"E4 with every property of other use has none exempt (and less public space)", func(f exemptionFixture) {
			f.setAll("property", "use", "其他")
		}, form.NotMet, []string{"E4", "E8"}},
		{"E4 without properties is missing", func(f exemptionFixture) { f.rows["property"] = nil }, form.Missing, []string{"E4", "E8", "E9"}},
		{"E5 with only non-incubation income has none exempt", func(f exemptionFixture) { f.setAll("income", "service", "非孵化服务") },
			form.NotMet, []string{"E5"}},
		{"E5 without income is missing", func(f exemptionFixture) { f.rows["income"] = nil }, form.Missing, []string{"E5"}},
		{"E6 income not accounted separately", func(f exemptionFixture) { f.basic("ledger", "否", "ledger_note", "") },
			form.NotMet, []string{"E6"}},
		{"E7 with every agreement ended before the year (its income and area go too)", func(f exemptionFixture) {
			f.setAll("incubatees", "agreement_from", "2022-01-01", "agreement_to", "2024-12-31")
		}, form.NotMet, []string{"E5", "E7", "E8"}},
		{"E8 below 75 % is a warning", func(f exemptionFixture) { f.set("incubatees", 0, "area", "0") }, form.NotMet, []string{"E8"}},
		{"E9 an area other than at designation is a warning", func(f exemptionFixture) { f.basic("site_area", "9000") },
			form.NotMet, []string{"E9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newExemption()
			tt.break_(f)
			a := f.app()
			if got := outcomes(a)[tt.notMet[0]]; got != tt.want {
				t.Errorf("%s = %s, want %s", tt.notMet[0], got, tt.want)
			}
			want := slices.Clone(tt.notMet)
			slices.Sort(want)
			if got := notMet(a); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("not met %v, want %v", got, want)
			}
		})
	}
}

// TestExemptionBenefitMonths follows 42号 across its first and last day:
// the benefit starts the month after designation (2024-01 at the
// earliest) and ends with the month of cancellation (2027-12 at the
// latest), and the panel says how many months fall in the 申请年度.
func TestExemptionBenefitMonths(t *testing.T) {
	tests := []struct {
		name                  string
		designated, cancelled string
		year                  string
		e2, e3                string // the figures' ends
		notMet                []string
	}{
		{"designated in 2018 starts with the period", "2018-12-05", "", "2025",
			"自 2024-01 起享受", "未被取消资格，享受至 2027-12；申请年度 2025 年享受 12 个月（2025-01 至 2025-12）", nil},
		{"designated on 2023-12-31 starts with the period", "2023-12-31", "", "2024",
			"自 2024-01 起享受", "申请年度 2024 年享受 12 个月（2024-01 至 2024-12）", nil},
		{"designated on 2024-01-01 starts the month after", "2024-01-01", "", "2024",
			"自 2024-02 起享受", "申请年度 2024 年享受 11 个月（2024-02 至 2024-12）", nil},
		{"designated on 2025-06-15 starts in July", "2025-06-15", "", "2025",
			"自 2025-07 起享受", "申请年度 2025 年享受 6 个月（2025-07 至 2025-12）", nil},
		{"cancelled on 2026-03-10 ends with March", "2018-12-05", "2026-03-10", "2026",
			"自 2024-01 起享受", "2026-03-10 取消资格，享受至 2026-03；申请年度 2026 年享受 3 个月（2026-01 至 2026-03）", nil},
		{"the period's last year runs to 2027-12-31", "2018-12-05", "", "2027",
			"自 2024-01 起享受", "申请年度 2027 年享受 12 个月（2027-01 至 2027-12）", nil},
		{"cancelled before the period has no benefit", "2018-12-05", "2023-11-30", "2025",
			"自 2024-01 起享受", "2023-11-30 取消资格，早于享受起始月份 2024-01，没有可享受的月份", []string{"E3"}},
		{"cancelled in 2024 has stopped by 2025", "2018-12-05", "2024-06-30", "2025",
			"自 2024-01 起享受", "2024-06-30 取消资格，享受至 2024-06；申请年度 2025 年已停止享受", []string{"E3"}},
		{"designated in the period's last month has none", "2027-12-01", "", "2027",
			"认定/备案日期 2027-12-01，在政策期间（2024-01 至 2027-12）内没有可享受的月份", "未被取消资格", []string{"E2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newExemption()
			f.basic("designated_on", tt.designated, "year", tt.year)
			if tt.cancelled != "" {
				f.basic("cancelled", "是", "cancelled_on", tt.cancelled)
			}
			a := f.app()
			got := conditionsByCode(a)
			if !strings.HasSuffix(got["E2"].Figure, tt.e2) || !strings.HasSuffix(got["E3"].Figure, tt.e3) {
				t.Errorf("E2 %q\nE3 %q", got["E2"].Figure, got["E3"].Figure)
			}
			if n := notMet(a); strings.Join(n, ",") != strings.Join(tt.notMet, ",") {
				t.Errorf("not met %v, want %v", n, tt.notMet)
			}
		})
	}
}

func TestExemptionPeriodComesFromTheRound(t *testing.T) {
	f := newExemption()
	f.basic("year", "2029")
	a := f.app().WithParams(form.Params{"year_min": 2028, "year_max": 2031})
	got := conditionsByCode(a)
	if !strings.HasSuffix(got["E2"].Figure, "自 2028-01 起享受") || !strings.Contains(got["E2"].Rule, "自 2028-01 起") ||
		!strings.Contains(got["E3"].Figure, "享受至 2031-12") {
		t.Fatalf("E2 %q (%q), E3 %q", got["E2"].Figure, got["E2"].Rule, got["E3"].Figure)
	}
	for _, is := range a.Issues(true) {
		if is.Field == "year" {
			t.Errorf("2029 refused in a round to 2031: %s", is.Message)
		}
	}
}

func TestIncubateeIdentityFollowsItsKind(t *testing.T) {
	tb := form.Exemption.Table("incubatees")
	tests := []struct {
		name     string
		kind     string
		required []string // besides the always-required
		refused  []string // of uscc, leader, id_number all sent
	}{
		{"an enterprise gives its 统一社会信用代码", "企业", []string{"uscc"}, []string{"id_number", "leader"}},
		{"a team gives its leader's ID number", "创业团队", []string{"leader", "id_number"}, []string{"uscc"}},
		{"an individual gives their ID number", "个人", []string{"leader", "id_number"}, []string{"uscc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := domain.Values{"kind": tt.kind, "uscc": validUSCC(1), "leader": "张三", "id_number": validID(1)}
			var required, refused []string
			for _, c := range tb.Columns {
				if c.IsRequired(v) && !c.Required {
					required = append(required, c.Key)
				}
			}
			for _, is := range form.Refused(tb.Columns, v) {
				refused = append(refused, is.Field)
			}
			if strings.Join(required, ",") != strings.Join(tt.required, ",") || strings.Join(refused, ",") != strings.Join(tt.refused, ",") {
				t.Fatalf("required %v refused %v, want %v and %v", required, refused, tt.required, tt.refused)
			}
		})
	}
	t.Run("an individual's ID number is checked by GB 11643", func(t *testing.T) {
		f := newExemption()
		f.set("incubatees", 9, "id_number", "110105194912310021")
		var problems []form.Issue
		for _, is := range f.app().Issues(true) {
			if !is.Warning {
				problems = append(problems, is)
			}
		}
		if len(problems) != 1 || problems[0].Path() != "incubatees[13].id_number" {
			t.Fatalf("problems %+v", problems)
		}
	})
}

func TestExemptAndTaxableIncome(t *testing.T) {
	tests := []struct {
		name            string
		change          func(f exemptionFixture)
		exempt, taxable string
		figure          string
	}{
		{"incubation services to 在孵对象 are exempt, the rest taxable", func(exemptionFixture) {}, "20.50", "8.00",
			"免税收入 20.50 万元（2 笔），应税收入 8.00 万元（2 笔）"},
		{"a client named with other spacing is still the 在孵对象", func(f exemptionFixture) { f.set("income", 3, "client", " 在孵企业5 ") },
			"23.50", "5.00", "免税收入 23.50 万元（3 笔），应税收入 5.00 万元（1 笔）"},
		{"income from an 在孵对象 outside the year is taxable", func(f exemptionFixture) {
			f.set("incubatees", 0, "agreement_from", "2022-01-01", "agreement_to", "2024-12-31")
		}, "8.00", "20.50", "免税收入 8.00 万元（1 笔），应税收入 20.50 万元（3 笔）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newExemption()
			tt.change(f)
			a := f.app()
			if e, x := a.Value("income", "exempt_income"), a.Value("income", "taxable_income"); e != tt.exempt || x != tt.taxable {
				t.Errorf("exempt %s taxable %s, want %s and %s", e, x, tt.exempt, tt.taxable)
			}
			if got := conditionsByCode(a)["E5"].Figure; got != tt.figure {
				t.Errorf("E5 %q", got)
			}
		})
	}
	t.Run("each taxable row says why", func(t *testing.T) {
		f := newExemption()
		a, tb := f.app(), form.Exemption.Table("income")
		notes := []string{form.ExcludedNote(a.Excluded(tb, f.rows["income"][2])), form.ExcludedNote(a.Excluded(tb, f.rows["income"][3]))}
		want := []string{"不计入：非孵化服务收入，应纳税。", "不计入：服务对象不是计入的在孵对象，应纳税。"}
		if !slices.Equal(notes, want) {
			t.Fatalf("notes %q", notes)
		}
	})
}

// TestAreaShareWarnsBelowTheShareOfTheBodysType: 66 % passes for a
// 大学科技园 (60 %) and warns for the others (75 %), never blocking.
func TestAreaShareWarnsBelowTheShareOfTheBodysType(t *testing.T) {
	tests := []struct {
		kind string
		met  bool
		need string
	}{
		{"国家级科技企业孵化器", false, "（应 ≥ 75%）"},
		{"省级科技企业孵化器", false, "（应 ≥ 75%）"},
		{"国家备案众创空间", false, "（应 ≥ 75%）"},
		{"国家级大学科技园", true, "（应 ≥ 60%）"},
		{"省级大学科技园", true, "（应 ≥ 60%）"},
	}
	for _, tt := range tests {
		name := tt.kind + " at 66 % warns"
		if tt.met {
			name = tt.kind + " at 66 % meets"
		}
		t.Run(name, func(t *testing.T) {
			f := newExemption()
			f.basic("kind", tt.kind)
			f.set("incubatees", 0, "area", "0")
			f.set("incubatees", 1, "area", "0")
			a := f.app()
			e8 := conditionsByCode(a)["E8"]
			want := "在孵对象使用 4600.00 m²，公共服务 2000.00 m²，占可自主支配面积 10000.00 m² 的 66.0%" + tt.need
			if (e8.Outcome == form.Met) != tt.met || e8.Figure != want || e8.Blocks() {
				t.Fatalf("E8 %s %q (blocks %v)", e8.Outcome, e8.Figure, e8.Blocks())
			}
			if got := a.Value("area", "used_share"); got != "66.00" {
				t.Errorf("面积核算 shows %s %%", got)
			}
		})
	}
}

func TestExemptionPropertyRowsCountWhenExempt(t *testing.T) {
	tests := []struct {
		name   string
		change []string
		note   string
		exempt string // 免税房产建筑面积
	}{
		{"a building let to 在孵对象 is exempt", nil, "", "10000.00"},
		{"a building let to others is not", []string{"use", "其他"}, "不计入：用途为“其他”（如出租给非在孵对象），不享受免税。", "6000.00"},
		{"a lease ended before the year is not", []string{"lease_from", "2019-01-01", "lease_to", "2024-12-31"},
			"不计入：租赁/使用期限 2019-01-01 至 2024-12-31 与申请年度（2025-01-01 至 2025-12-31）没有重叠。", "6000.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newExemption()
			f.set("property", 1, tt.change...)
			a := f.app()
			if got := form.ExcludedNote(a.Excluded(form.Exemption.Table("property"), f.rows["property"][1])); got != tt.note {
				t.Fatalf("note %q, want %q", got, tt.note)
			}
			if got, all := a.Value("property", "exempt_building_area"), a.Value("property", "building_area"); got != tt.exempt || all != "10000.00" {
				t.Errorf("exempt %s of %s", got, all)
			}
		})
	}
}

func TestPropertyColumnsFollowCategoryAndTenure(t *testing.T) {
	tb := form.Exemption.Table("property")
	tests := []struct {
		name, category, tenure string
		required               []string // besides the always-required
		files                  []string
	}{
		{"an owned building needs its deed and original value", "房产", "自有",
			[]string{"deed_no", "original_value", "building_area", "incubatee_area", "public_area"}, []string{"title", "value_proof"}},
		{"owned land needs its deed, not an original value", "土地", "自有", []string{"deed_no", "land_area"}, []string{"title"}},
		{"a leased building needs its lease", "房产", "租入",
			[]string{"lessor", "lease_from", "lease_to", "building_area", "incubatee_area", "public_area"}, []string{"lease"}},
		{"land used free needs its agreement", "土地", "无偿使用", []string{"lessor", "lease_from", "lease_to", "land_area"}, []string{"lease"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := domain.Values{"category": tt.category, "tenure": tt.tenure}
			var required, files []string
			for _, c := range tb.Columns {
				if c.IsRequired(v) && !c.Required {
					required = append(required, c.Key)
				}
			}
			for _, s := range tb.Files {
				if s.IsRequired(v) {
					files = append(files, s.Key)
				}
			}
			if strings.Join(required, ",") != strings.Join(tt.required, ",") || strings.Join(files, ",") != strings.Join(tt.files, ",") {
				t.Fatalf("required %v files %v, want %v and %v", required, files, tt.required, tt.files)
			}
		})
	}
}

func TestExemptionChecks(t *testing.T) {
	tests := []struct {
		name   string
		change func(f exemptionFixture)
		path   string
	}{
		{"an 在孵对象 on a property not listed", func(f exemptionFixture) { f.set("incubatees", 0, "property", "软件园三期") },
			"incubatees[4].property"},
		{"在孵对象 using more than the property gives them", func(f exemptionFixture) { f.set("incubatees", 6, "area", "1001") },
			"property[2].incubatee_area"},
		{"an application year after the period", func(f exemptionFixture) { f.basic("year", "2028") }, "basic.year"},
		{"an application year before it", func(f exemptionFixture) { f.basic("year", "2023") }, "basic.year"},
		{"a cancellation before the designation", func(f exemptionFixture) { f.basic("cancelled", "是", "cancelled_on", "2018-01-01") },
			"basic.cancelled_on"},
		{"separate accounts without saying how", func(f exemptionFixture) { f.basic("ledger_note", "") }, "basic.ledger_note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newExemption()
			tt.change(f)
			var paths []string
			for _, is := range f.app().Issues(true) {
				if !is.Warning {
					paths = append(paths, is.Path())
				}
			}
			if strings.Join(paths, ",") != tt.path {
				t.Fatalf("problems %v, want %s", paths, tt.path)
			}
		})
	}
}

// TestEveryExemptionThresholdHasADefault: each rule names thresholds the
// 42号 defaults hold, so none reads 0 or a name in braces.
func TestEveryExemptionThresholdHasADefault(t *testing.T) {
	for _, c := range newExemption().app().Conditions() {
		if strings.Contains(c.Rule, "{") || strings.Contains(c.Rule, " 0-") || strings.Contains(c.Rule, "≥ 0%") {
			t.Errorf("%s rule reads %q", c.Code, c.Rule)
		}
	}
}
