package domain_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"hatch/internal/domain"
)

// The expectations below are written out by hand from domain.md §3 and
// types.md §A7 and §B5 rather than derived from the chains' tables, so that
// a wrong row fails a test.

// mk is the makerspace chain, the one most tests walk.
var mk = domain.ChainOf(domain.TypeMakerspace)

var (
	allRoles  = []domain.Role{domain.RoleLegal, domain.RoleStaff, domain.RoleReviewer, domain.RoleAdmin}
	allLevels = []domain.Level{"", domain.LevelCity, domain.LevelProvince, domain.LevelTorch}
	allActs   = []domain.Action{
		domain.ActSubmit, domain.ActRecommend, domain.ActReturn, domain.ActReject, domain.ActPaperCheck, domain.ActScore,
		domain.ActPublicity, domain.ActFormalPass, domain.ActFormalFail, domain.ActFile, domain.ActNotFile,
		domain.ActSiteCheck,
	}
	// "bogus" stands for a state written by a newer or broken version.
	allStates = append(domain.Statuses(), domain.AppStatus("bogus"))
)

// allowedCase is one permitted (state, action, actor, chain) combination;
// to "" means the state stays.
type allowedCase struct {
	from  []domain.AppStatus
	act   domain.Action
	roles []domain.Role
	level domain.Level
	city  []bool
	to    domain.AppStatus
}

var (
	both      = []bool{true, false}
	applicant = []domain.Role{domain.RoleLegal, domain.RoleStaff}
	reviewer  = []domain.Role{domain.RoleReviewer}
)

var wantAllowed = []allowedCase{
	{[]domain.AppStatus{domain.AppDraft, domain.AppReturned}, domain.ActSubmit, applicant, "", []bool{true}, domain.AppCityReview},
	{[]domain.AppStatus{domain.AppDraft, domain.AppReturned}, domain.ActSubmit, applicant, "", []bool{false}, domain.AppProvinceReview},

	{[]domain.AppStatus{domain.AppCityReview}, domain.ActRecommend, reviewer, domain.LevelCity, both, domain.AppProvinceReview},
	{[]domain.AppStatus{domain.AppCityReview}, domain.ActReturn, reviewer, domain.LevelCity, both, domain.AppReturned},
	{[]domain.AppStatus{domain.AppCityReview}, domain.ActReject, reviewer, domain.LevelCity, both, domain.AppCityRejected},

	{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActPaperCheck, reviewer, domain.LevelProvince, both, ""},
	{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActScore, reviewer, domain.LevelProvince, both, ""},
	{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActPublicity, reviewer, domain.LevelProvince, both, ""},
	{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActRecommend, reviewer, domain.LevelProvince, both, domain.AppFormalReview},
	{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActReturn, reviewer, domain.LevelProvince, both, domain.AppReturned},
	{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActReject, reviewer, domain.LevelProvince, both, domain.AppProvinceRejected},

	{[]domain.AppStatus{domain.AppFormalReview}, domain.ActFormalPass, reviewer, domain.LevelTorch, both, domain.AppExpertReview},
	{[]domain.AppStatus{domain.AppFormalReview}, domain.ActFormalFail, reviewer, domain.LevelTorch, both, domain.AppFormalFailed},
	{[]domain.AppStatus{domain.AppExpertReview}, domain.ActScore, reviewer, domain.LevelTorch, both, ""},
	{[]domain.AppStatus{domain.AppExpertReview, domain.AppPublicity}, domain.ActPublicity, reviewer, domain.LevelTorch, both, domain.AppPublicity},
	{[]domain.AppStatus{domain.AppPublicity}, domain.ActFile, reviewer, domain.LevelTorch, both, domain.AppFiled},
	{[]domain.AppStatus{domain.AppExpertReview, domain.AppPublicity}, domain.ActNotFile, reviewer, domain.LevelTorch, both, domain.AppNotFiled},
}

// wantIncubator is makerspace's chain with the province's 实地核查, a record.
var wantIncubator = append(slices.Clone(wantAllowed),
	allowedCase{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActSiteCheck, reviewer, domain.LevelProvince, both, ""},
)

// wantExemption: the city 审核s, the province 核定s (a paper copy may be
// registered), 火炬中心 confirms; no experts, no 公示, no formal review.
var wantExemption = []allowedCase{
	{[]domain.AppStatus{domain.AppDraft, domain.AppReturned}, domain.ActSubmit, applicant, "", []bool{true}, domain.AppCityReview},
	{[]domain.AppStatus{domain.AppDraft, domain.AppReturned}, domain.ActSubmit, applicant, "", []bool{false}, domain.AppProvinceReview},

	{[]domain.AppStatus{domain.AppCityReview}, domain.ActRecommend, reviewer, domain.LevelCity, both, domain.AppProvinceReview},
	{[]domain.AppStatus{domain.AppCityReview}, domain.ActReturn, reviewer, domain.LevelCity, both, domain.AppReturned},
	{[]domain.AppStatus{domain.AppCityReview}, domain.ActReject, reviewer, domain.LevelCity, both, domain.AppCityRejected},

	{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActPaperCheck, reviewer, domain.LevelProvince, both, ""},
	{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActRecommend, reviewer, domain.LevelProvince, both, domain.AppFormalReview},
	{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActReturn, reviewer, domain.LevelProvince, both, domain.AppReturned},
	{[]domain.AppStatus{domain.AppProvinceReview}, domain.ActReject, reviewer, domain.LevelProvince, both, domain.AppProvinceRejected},

	{[]domain.AppStatus{domain.AppFormalReview}, domain.ActFile, reviewer, domain.LevelTorch, both, domain.AppFiled},
	{[]domain.AppStatus{domain.AppFormalReview}, domain.ActNotFile, reviewer, domain.LevelTorch, both, domain.AppNotFiled},
}

// chainCase is one chain with its expected matrix.
type chainCase struct {
	c    *domain.Chain
	want []allowedCase
}

var chainCases = []chainCase{
	{domain.ChainOf(domain.TypeMakerspace), wantAllowed},
	{domain.ChainOf(domain.TypeIncubator), wantIncubator},
	{domain.ChainOf(domain.TypeExemption), wantExemption},
}

type combo struct {
	s     domain.AppStatus
	act   domain.Action
	by    domain.By
	city  bool
	to    domain.AppStatus
	found bool
}

// expect returns the next state when the combination is allowed, and
// whether the actor may take the action in some state at all.
func expect(want []allowedCase, s domain.AppStatus, act domain.Action, by domain.By, city bool) (to domain.AppStatus, ok, someState bool) {
	for _, c := range want {
		if c.act != act || c.level != by.Level || !slices.Contains(c.roles, by.Role) {
			continue
		}
		someState = true
		if slices.Contains(c.from, s) && slices.Contains(c.city, city) {
			to = c.to
			if to == "" {
				to = s
			}
			return to, true, true
		}
	}
	return "", false, someState
}

func ptr(v float64) *float64 { return &v }

// goodFacts and goodInput pass every guard and input check, so that the
// combination test sees only role × level × state × action.
func goodFacts(city bool) domain.Facts {
	done := domain.LevelReview{Scored: true, SiteChecked: true, PublicTo: "2021-11-26"}
	return domain.Facts{CityLevel: city, SubmittedVersion: "2021ZC-HW2W-W30Q", Paper: domain.PaperMatched,
		Review: map[domain.Level]domain.LevelReview{domain.LevelProvince: done, domain.LevelTorch: done},
		Today:  "2021-12-01"}
}

// panel is goodFacts with an expert panel at one level.
func panel(l domain.Level, p domain.Panel) domain.Facts {
	f := goodFacts(true)
	f.Experts = map[domain.Level]domain.Panel{l: p}
	return f
}

var goodInput = domain.Input{Comment: "材料齐全。", Version: "2021ZC-HW2W-W30Q", Score: ptr(86.5),
	PublicFrom: "2021-12-06", PublicTo: "2021-12-10", Files: map[string]int{"expert_opinion": 1, "site_report": 1}}

func byName(by domain.By) string {
	if by.Level == "" {
		return string(by.Role)
	}
	return string(by.Role) + "@" + string(by.Level)
}

func TestNextEveryCombination(t *testing.T) {
	for _, cc := range chainCases {
		t.Run(cc.c.Code, func(t *testing.T) {
			for _, s := range allStates {
				for _, act := range allActs {
					for _, role := range allRoles {
						for _, level := range allLevels {
							for _, city := range both {
								checkCombination(t, cc, s, act, domain.By{Role: role, Level: level}, city)
							}
						}
					}
				}
			}
		})
	}
}

func checkCombination(t *testing.T, cc chainCase, s domain.AppStatus, act domain.Action, by domain.By, city bool) {
	to, ok, someState := expect(cc.want, s, act, by, city)
	outcome := "allowed"
	wantKind := domain.Internal
	switch {
	case ok:
	case someState:
		outcome, wantKind = "conflict", domain.Conflict
	case !slices.ContainsFunc(cc.want, func(c allowedCase) bool { return c.act == act }):
		// Another chain's action (实地核查 of a makerspace): not an action here.
		outcome, wantKind = "invalid", domain.Invalid
	default:
		outcome, wantKind = "forbidden", domain.Forbidden
	}
	name := fmt.Sprintf("%s/%s/%s/%s/city=%v", outcome, s, act, byName(by), city)
	t.Run(name, func(t *testing.T) {
		step, err := cc.c.Next(s, act, by, goodFacts(city), goodInput)
		if !ok {
			if err == nil || domain.KindOf(err) != wantKind || domain.Message(err) == "" {
				t.Fatalf("Next = %+v, %v (kind %v); want kind %v", step, err, domain.KindOf(err), wantKind)
			}
			return
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		want := domain.Step{Action: act, From: s, To: to, Role: by.Role, Level: by.Level}
		if step.Action != want.Action || step.From != want.From || step.To != want.To || step.Role != want.Role || step.Level != want.Level {
			t.Fatalf("Next = %+v; want %+v", step, want)
		}
	})
}

// Actions must offer exactly the buttons whose Next succeeds (with the
// guards satisfied), so a 工作台 never shows a dead button or hides one.
func TestActionsMatchNext(t *testing.T) {
	for _, cc := range chainCases {
		checkActionsMatchNext(t, cc)
	}
}

func checkActionsMatchNext(t *testing.T, cc chainCase) {
	for _, s := range allStates {
		for _, role := range allRoles {
			for _, level := range allLevels {
				for _, city := range both {
					by := domain.By{Role: role, Level: level}
					var want, got []domain.Action
					for _, act := range allActs {
						if _, ok, _ := expect(cc.want, s, act, by, city); ok {
							want = append(want, act)
						}
					}
					for _, tr := range cc.c.Actions(s, by, city) {
						got = append(got, tr.Action)
					}
					slices.Sort(got) // Actions keeps table order, want has allActs order
					slices.Sort(want)
					if !slices.Equal(got, want) {
						t.Errorf("%s: Actions(%s, %s, city=%v) = %v; want %v", cc.c.Code, s, byName(by), city, got, want)
					}
				}
			}
		}
	}
}

var (
	cityBy     = domain.By{Role: domain.RoleReviewer, Level: domain.LevelCity}
	provinceBy = domain.By{Role: domain.RoleReviewer, Level: domain.LevelProvince}
	torchBy    = domain.By{Role: domain.RoleReviewer, Level: domain.LevelTorch}
	legalBy    = domain.By{Role: domain.RoleLegal}
	staffBy    = domain.By{Role: domain.RoleStaff}
)

// succeeds marks a guard case that must pass.
const succeeds = domain.Kind(-1)

func TestNextGuards(t *testing.T) {
	with := func(edit func(*domain.Input)) domain.Input {
		in := goodInput
		edit(&in)
		return in
	}
	paper := func(p domain.Paper) domain.Facts { f := goodFacts(true); f.Paper = p; return f }
	tests := []struct {
		name    string
		s       domain.AppStatus
		act     domain.Action
		by      domain.By
		f       domain.Facts
		in      domain.Input
		kind    domain.Kind // succeeds, or the error's kind
		message string      // "" when not checked
		field   string
	}{
		{"refused/return without comment", domain.AppCityReview, domain.ActReturn, cityBy, goodFacts(true), with(func(in *domain.Input) { in.Comment = "" }),
			domain.Invalid, "退回修改须填写审核意见。", "comment"},
		{"refused/return with blank comment", domain.AppProvinceReview, domain.ActReturn, provinceBy, goodFacts(true), with(func(in *domain.Input) { in.Comment = " \n\u3000" }),
			domain.Invalid, "退回修改须填写审核意见。", "comment"},
		{"refused/province recommend without 推荐意见", domain.AppProvinceReview, domain.ActRecommend, provinceBy, goodFacts(true), with(func(in *domain.Input) { in.Comment = " " }),
			domain.Invalid, "推荐至火炬中心须填写推荐意见。", "comment"},
		{"allowed/city recommend without comment", domain.AppCityReview, domain.ActRecommend, cityBy, goodFacts(true), domain.Input{},
			succeeds, "", ""},
		{"refused/city reject without comment", domain.AppCityReview, domain.ActReject, cityBy, goodFacts(true), domain.Input{},
			domain.Invalid, "不推荐须填写审核意见。", "comment"},
		{"refused/province reject without comment", domain.AppProvinceReview, domain.ActReject, provinceBy, goodFacts(true), domain.Input{},
			domain.Invalid, "不推荐须填写审核意见。", "comment"},
		{"refused/formal fail without comment", domain.AppFormalReview, domain.ActFormalFail, torchBy, goodFacts(true), domain.Input{},
			domain.Invalid, "形式审查不通过须填写审核意见。", "comment"},
		{"refused/not filed without comment", domain.AppPublicity, domain.ActNotFile, torchBy, goodFacts(true), domain.Input{},
			domain.Invalid, "备案未通过须填写审核意见。", "comment"},
		{"refused/comment too long", domain.AppCityReview, domain.ActRecommend, cityBy, goodFacts(true), domain.Input{Comment: strings.Repeat("意", domain.MaxComment+1)},
			domain.Invalid, "审核意见不能超过2000字。", "comment"},
		{"allowed/comment at the limit", domain.AppCityReview, domain.ActReturn, cityBy, goodFacts(true), domain.Input{Comment: strings.Repeat("意", domain.MaxComment)},
			succeeds, "", ""},
		{"allowed/city recommend without comment", domain.AppCityReview, domain.ActRecommend, cityBy, goodFacts(true), domain.Input{},
			succeeds, "", ""},
		{"allowed/submit without comment", domain.AppDraft, domain.ActSubmit, staffBy, goodFacts(false), domain.Input{},
			succeeds, "", ""},
		{"allowed/formal pass without comment", domain.AppFormalReview, domain.ActFormalPass, torchBy, goodFacts(true), domain.Input{},
			succeeds, "", ""},

		{"refused/province recommend with paper mismatch", domain.AppProvinceReview, domain.ActRecommend, provinceBy, paper(domain.PaperMismatched), domain.Input{},
			domain.Conflict, "纸质材料的版本号与提交的版本不一致，不能推荐至火炬中心。", ""},
		{"refused/province recommend before paper check", domain.AppProvinceReview, domain.ActRecommend, provinceBy, paper(domain.PaperUnchecked), domain.Input{},
			domain.Conflict, "尚未核验纸质材料的版本号，不能推荐至火炬中心。", ""},
		{"allowed/province return despite paper mismatch", domain.AppProvinceReview, domain.ActReturn, provinceBy, paper(domain.PaperMismatched), goodInput,
			succeeds, "", ""},
		{"allowed/city recommend needs no paper check", domain.AppCityReview, domain.ActRecommend, cityBy, paper(domain.PaperUnchecked), domain.Input{},
			succeeds, "", ""},
		{"refused/paper check without version", domain.AppProvinceReview, domain.ActPaperCheck, provinceBy, paper(domain.PaperUnchecked), domain.Input{Version: "  "},
			domain.Invalid, "请填写纸质材料上的版本号。", "version"},
		{"refused/paper check with nothing submitted", domain.AppProvinceReview, domain.ActPaperCheck, provinceBy, domain.Facts{}, goodInput,
			domain.Internal, "", ""},

		{"refused/score missing", domain.AppProvinceReview, domain.ActScore, provinceBy, goodFacts(true), domain.Input{},
			domain.Invalid, "请填写专家评审分数。", "score"},
		{"refused/score below 0", domain.AppExpertReview, domain.ActScore, torchBy, goodFacts(true), domain.Input{Score: ptr(-0.5)},
			domain.Invalid, "专家评审分数应在0到100之间。", "score"},
		{"refused/score above 100", domain.AppExpertReview, domain.ActScore, torchBy, goodFacts(true), domain.Input{Score: ptr(100.01)},
			domain.Invalid, "专家评审分数应在0到100之间。", "score"},
		{"refused/score NaN", domain.AppProvinceReview, domain.ActScore, provinceBy, goodFacts(true), domain.Input{Score: ptr(math.NaN())},
			domain.Invalid, "专家评审分数应在0到100之间。", "score"},
		{"allowed/score 0", domain.AppProvinceReview, domain.ActScore, provinceBy, goodFacts(true), domain.Input{Score: ptr(0)},
			succeeds, "", ""},
		{"allowed/score 100", domain.AppExpertReview, domain.ActScore, torchBy, goodFacts(true), domain.Input{Score: ptr(100)},
			succeeds, "", ""},

		{"refused/score while an expert has not submitted", domain.AppProvinceReview, domain.ActScore, provinceBy, panel(domain.LevelProvince, domain.Panel{Assigned: 3, Recused: 1, Totals: []float64{80}}), goodInput,
			domain.Conflict, "还有 1 位专家尚未提交评分表，不能记录专家评审结果。", ""},
		{"refused/score when every expert recused", domain.AppExpertReview, domain.ActScore, torchBy, panel(domain.LevelTorch, domain.Panel{Assigned: 2, Recused: 2}), goodInput,
			domain.Conflict, "分配的专家均已回避，尚无评分表，请先分配其他专家。", ""},
		{"allowed/score from sheets ignores the typed one", domain.AppProvinceReview, domain.ActScore, provinceBy, panel(domain.LevelProvince, domain.Panel{Assigned: 2, Totals: []float64{80, 90}}), domain.Input{},
			succeeds, "", ""},
		{"allowed/typed score when only the other level has experts", domain.AppProvinceReview, domain.ActScore, provinceBy, panel(domain.LevelTorch, domain.Panel{Assigned: 1}), goodInput,
			succeeds, "", ""},

		{"refused/publicity dates reversed", domain.AppProvinceReview, domain.ActPublicity, provinceBy, goodFacts(true), domain.Input{PublicFrom: "2021-12-10", PublicTo: "2021-12-06"},
			domain.Invalid, "公示结束日期不能早于开始日期。", "public_to"},
		{"refused/publicity without dates", domain.AppExpertReview, domain.ActPublicity, torchBy, goodFacts(true), domain.Input{},
			domain.Invalid, "请按YYYY-MM-DD填写公示开始日期。", "public_from"},
		{"refused/publicity end not a date", domain.AppExpertReview, domain.ActPublicity, torchBy, goodFacts(true), domain.Input{PublicFrom: "2022-05-09", PublicTo: "2022-5-13"},
			domain.Invalid, "请按YYYY-MM-DD填写公示结束日期。", "public_to"},
		{"refused/publicity start impossible", domain.AppExpertReview, domain.ActPublicity, torchBy, goodFacts(true), domain.Input{PublicFrom: "2022-02-30", PublicTo: "2022-03-04"},
			domain.Invalid, "请按YYYY-MM-DD填写公示开始日期。", "public_from"},
		{"allowed/publicity of one day", domain.AppProvinceReview, domain.ActPublicity, provinceBy, goodFacts(true), domain.Input{PublicFrom: "2021-12-06", PublicTo: "2021-12-06"},
			succeeds, "", ""},

		{"refused/unknown action", domain.AppDraft, domain.Action("approve"), legalBy, goodFacts(true), goodInput,
			domain.Invalid, "未知的操作“approve”。", ""},
		{"refused/applicant may not recommend", domain.AppCityReview, domain.ActRecommend, legalBy, goodFacts(true), goodInput,
			domain.Forbidden, "只有市/区科技局的审核人员或省级科技管理部门的审核人员可以办理“推荐”。", ""},
		{"refused/city may not check paper", domain.AppProvinceReview, domain.ActPaperCheck, cityBy, goodFacts(true), goodInput,
			domain.Forbidden, "只有省级科技管理部门的审核人员可以办理“纸质材料核验”。", ""},
		{"refused/reviewer may not submit", domain.AppDraft, domain.ActSubmit, cityBy, goodFacts(true), goodInput,
			domain.Forbidden, "只有法人账号或经办人可以办理“提交”。", ""},
		{"refused/province acts on the city's queue", domain.AppCityReview, domain.ActRecommend, provinceBy, goodFacts(true), goodInput,
			domain.Conflict, "该申报当前为“待市级初审”，不能办理“推荐至火炬中心”。", ""},
		{"refused/acting on a filed application", domain.AppFiled, domain.ActPublicity, torchBy, goodFacts(true), goodInput,
			domain.Conflict, "该申报已办结（已备案），不能再办理“公示”。", ""},
		{"refused/submitting twice", domain.AppCityReview, domain.ActSubmit, legalBy, goodFacts(true), goodInput,
			domain.Conflict, "该申报当前为“待市级初审”，不能办理“提交”。", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step, err := mk.Next(tt.s, tt.act, tt.by, tt.f, tt.in)
			if tt.kind == succeeds {
				if err != nil {
					t.Fatalf("Next: %v", err)
				}
				return
			}
			if err == nil || domain.KindOf(err) != tt.kind {
				t.Fatalf("Next = %+v, %v; want kind %v", step, err, tt.kind)
			}
			if tt.message != "" && domain.Message(err) != tt.message {
				t.Errorf("message %q; want %q", domain.Message(err), tt.message)
			}
			if tt.field != "" && tt.kind == domain.Invalid && !domain.FieldsOf(err).Has(tt.field) {
				t.Errorf("fields %+v; want a message for %q", domain.FieldsOf(err), tt.field)
			}
		})
	}
}

func TestAllowedReportsTheGuard(t *testing.T) {
	f := goodFacts(true)
	f.Paper = domain.PaperMismatched
	err := mk.Allowed(domain.AppProvinceReview, domain.ActRecommend, provinceBy, f)
	if domain.KindOf(err) != domain.Conflict || !strings.Contains(domain.Message(err), "不一致") {
		t.Fatalf("Allowed = %v; want the paper mismatch", err)
	}
	// Allowed ignores the input: a 退回 without a comment is still a
	// button to show, the comment is asked for in its dialog.
	if err := mk.Allowed(domain.AppProvinceReview, domain.ActReturn, provinceBy, f); err != nil {
		t.Fatalf("Allowed(return) = %v", err)
	}
}

func TestPaperCheckRecords(t *testing.T) {
	f := domain.Facts{SubmittedVersion: "2021ZC-HW2W-W30Q"}
	tests := []struct {
		typed   string
		matched bool
	}{
		{"2021ZC-HW2W-W30Q", true},
		{" 2021zc-hw2w-w30q\n", true},
		{"２０２１zc hw2w w3oq", true}, // full-width digits, spaces, lower case, O for 0
		{"２０２１ＺＣ－ＨＷ２Ｗ－Ｗ３０Ｑ", true}, // all typed with a full-width input method
		{"2021ZC — HW2W — W30Q", true},
		{"https://hatch.example.org/verify?v=2021ZC-HW2W-W30Q", true},
		{"2021ZC-HW2W-W30R", false},
		{"2021ZC-HW2W", false},
		{"二〇二一ZC-HW2W-W30Q", false},
	}
	for _, tt := range tests {
		name := "mismatch"
		if tt.matched {
			name = "match"
		}
		t.Run(name+"/"+tt.typed, func(t *testing.T) {
			step, err := mk.Next(domain.AppProvinceReview, domain.ActPaperCheck, provinceBy, f, domain.Input{Version: tt.typed, Score: ptr(9)})
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			if step.Matched != tt.matched || step.Moved() || step.Version != strings.TrimSpace(tt.typed) || step.Score != 0 {
				t.Fatalf("step %+v; want matched=%v, state kept, typed version kept, no score", step, tt.matched)
			}
		})
	}
	if domain.SameVersion("", "") {
		t.Error("SameVersion(\"\", \"\") = true; an empty version matches nothing")
	}
}

// walker drives an application through the chain the way the service layer
// would: facts from the log, each step appended to it.
type walker struct {
	t       *testing.T
	c       *domain.Chain // nil for makerspace
	s       domain.AppStatus
	city    bool
	version string
	today   string // "" for a day after every 公示
	log     []domain.Step
}

func (w *walker) facts() domain.Facts {
	today := w.today
	if today == "" {
		today = "2099-01-01"
	}
	return domain.Facts{CityLevel: w.city, SubmittedVersion: w.version, Paper: domain.PaperOf(w.log),
		Review: domain.ReviewOf(w.log), Today: today}
}

func (w *walker) chain() *domain.Chain {
	if w.c == nil {
		return mk
	}
	return w.c
}

func (w *walker) do(by domain.By, act domain.Action, in domain.Input, want domain.AppStatus) {
	w.t.Helper()
	step, err := w.chain().Next(w.s, act, by, w.facts(), in)
	if err != nil {
		w.t.Fatalf("%s %s in %s: %v", byName(by), act, w.s, err)
	}
	if step.To != want {
		w.t.Fatalf("%s %s in %s: went to %s; want %s", byName(by), act, w.s, step.To, want)
	}
	w.log, w.s = append(w.log, step), step.To
}

func (w *walker) refused(by domain.By, act domain.Action, in domain.Input, kind domain.Kind) {
	w.t.Helper()
	if _, err := w.chain().Next(w.s, act, by, w.facts(), in); domain.KindOf(err) != kind {
		w.t.Fatalf("%s %s in %s: err %v; want kind %v", byName(by), act, w.s, err, kind)
	}
}

func (w *walker) submit(by domain.By, version string, want domain.AppStatus) {
	w.t.Helper()
	w.version = version
	w.do(by, domain.ActSubmit, domain.Input{}, want)
}

func TestWalkWithCityLevel(t *testing.T) {
	w := &walker{t: t, s: domain.AppDraft, city: true}
	note := domain.Input{Comment: "请补充入驻协议。"}
	w.submit(legalBy, "2021ZC-0000-0001", domain.AppCityReview)
	w.do(cityBy, domain.ActReturn, note, domain.AppReturned)
	if !w.s.Editable() {
		t.Fatal("a returned application must be editable")
	}
	w.submit(staffBy, "2021ZC-0000-0002", domain.AppCityReview)
	w.do(cityBy, domain.ActRecommend, domain.Input{Comment: "同意推荐。"}, domain.AppProvinceReview)

	w.do(provinceBy, domain.ActPaperCheck, domain.Input{Version: "2021ZC-0000-0001"}, domain.AppProvinceReview)
	w.refused(provinceBy, domain.ActRecommend, domain.Input{}, domain.Conflict)
	w.do(provinceBy, domain.ActReturn, domain.Input{Comment: "纸质材料不是最新版本。"}, domain.AppReturned)

	// Resubmitting starts a new round: the city reviews again, and the
	// earlier paper check no longer counts.
	w.submit(legalBy, "2021ZC-0000-0003", domain.AppCityReview)
	w.do(cityBy, domain.ActRecommend, domain.Input{}, domain.AppProvinceReview)
	if p := domain.PaperOf(w.log); p != domain.PaperUnchecked {
		t.Fatalf("PaperOf after resubmission = %v; want unchecked", p)
	}
	w.refused(provinceBy, domain.ActRecommend, domain.Input{}, domain.Conflict)
	w.do(provinceBy, domain.ActPaperCheck, domain.Input{Version: "2021zc 0000 0003"}, domain.AppProvinceReview)
	w.do(provinceBy, domain.ActScore, domain.Input{Score: ptr(88)}, domain.AppProvinceReview)
	w.do(provinceBy, domain.ActPublicity, domain.Input{PublicFrom: "2021-12-06", PublicTo: "2021-12-10"}, domain.AppProvinceReview)
	w.do(provinceBy, domain.ActRecommend, domain.Input{Comment: "经专家评审和公示，推荐备案。"}, domain.AppFormalReview)

	w.do(torchBy, domain.ActFormalPass, domain.Input{}, domain.AppExpertReview)
	w.do(torchBy, domain.ActScore, domain.Input{Score: ptr(91)}, domain.AppExpertReview)
	w.do(torchBy, domain.ActPublicity, domain.Input{PublicFrom: "2022-05-09", PublicTo: "2022-05-13"}, domain.AppPublicity)
	w.do(torchBy, domain.ActPublicity, domain.Input{PublicFrom: "2022-05-09", PublicTo: "2022-05-16"}, domain.AppPublicity)
	w.do(torchBy, domain.ActFile, domain.Input{}, domain.AppFiled)

	if !w.s.Final() || w.s.Editable() || len(mk.Actions(w.s, torchBy, true)) != 0 {
		t.Fatalf("%s: want final, not editable, no actions", w.s)
	}
	w.refused(legalBy, domain.ActSubmit, domain.Input{}, domain.Conflict)
	if got := len(domain.CurrentRound(w.log)); got != 11 {
		t.Errorf("CurrentRound has %d steps; want 11 (from the third 提交)", got)
	}
	if got := mk.StepLabel(w.log[len(w.log)-1]); got != "备案通过" {
		t.Errorf("last step label %q", got)
	}
}

func TestWalkWithoutCityLevel(t *testing.T) {
	w := &walker{t: t, s: domain.AppDraft}
	w.submit(staffBy, "2021ZC-0000-0001", domain.AppProvinceReview)
	w.refused(cityBy, domain.ActRecommend, domain.Input{}, domain.Conflict)
	w.do(provinceBy, domain.ActReturn, domain.Input{Comment: "补充材料。"}, domain.AppReturned)
	w.submit(legalBy, "2021ZC-0000-0002", domain.AppProvinceReview)
	w.do(provinceBy, domain.ActPaperCheck, domain.Input{Version: "2021ZC-0000-0002"}, domain.AppProvinceReview)
	w.refused(provinceBy, domain.ActRecommend, domain.Input{}, domain.Conflict) // no score, no 公示
	w.do(provinceBy, domain.ActScore, domain.Input{Score: ptr(85)}, domain.AppProvinceReview)
	w.refused(provinceBy, domain.ActRecommend, domain.Input{}, domain.Conflict) // no 公示
	w.today = "2021-12-10"
	w.do(provinceBy, domain.ActPublicity, domain.Input{PublicFrom: "2021-12-06", PublicTo: "2021-12-10"}, domain.AppProvinceReview)
	w.refused(provinceBy, domain.ActRecommend, domain.Input{}, domain.Conflict) // its last day is today
	w.today = "2021-12-11"
	w.do(provinceBy, domain.ActRecommend, domain.Input{Comment: "经专家评审和公示，推荐备案。"}, domain.AppFormalReview)
	if got := mk.StepLabel(w.log[len(w.log)-1]); got != "推荐至火炬中心" {
		t.Errorf("province recommend label %q", got)
	}
	w.do(torchBy, domain.ActFormalPass, domain.Input{}, domain.AppExpertReview)
	w.refused(torchBy, domain.ActFile, domain.Input{}, domain.Conflict) // no 备案 without 公示
	if err := mk.Allowed(w.s, domain.ActPublicity, torchBy, w.facts()); err == nil || !strings.Contains(err.Error(), "专家评审分数") {
		t.Errorf("公示 without 火炬中心's own score (the province's is there): %v", err)
	}
	w.do(torchBy, domain.ActNotFile, domain.Input{Comment: "专家评审得分较低。"}, domain.AppNotFiled)
	if !w.s.Final() {
		t.Fatal("未通过 must be final")
	}
}

func TestStatusProperties(t *testing.T) {
	tests := []struct {
		s        domain.AppStatus
		label    string
		final    bool
		editable bool
		level    domain.Level
	}{
		{domain.AppDraft, "填报中", false, true, ""},
		{domain.AppReturned, "退回修改", false, true, ""},
		{domain.AppCityReview, "待市级初审", false, false, domain.LevelCity},
		{domain.AppCityRejected, "市级不推荐", true, false, ""},
		{domain.AppProvinceReview, "待省级审核", false, false, domain.LevelProvince},
		{domain.AppProvinceRejected, "省级不推荐", true, false, ""},
		{domain.AppFormalReview, "待形式审查", false, false, domain.LevelTorch},
		{domain.AppFormalFailed, "形式审查未通过", true, false, ""},
		{domain.AppExpertReview, "专家评审中", false, false, domain.LevelTorch},
		{domain.AppPublicity, "公示中", false, false, domain.LevelTorch},
		{domain.AppFiled, "已备案", true, false, ""},
		{domain.AppNotFiled, "未通过", true, false, ""},
	}
	if got := len(domain.Statuses()); got != len(tests) {
		t.Fatalf("Statuses() has %d states; the test knows %d", got, len(tests))
	}
	for _, tt := range tests {
		t.Run(string(tt.s), func(t *testing.T) {
			if !tt.s.Valid() || tt.s.Label() != tt.label || tt.s.Final() != tt.final || tt.s.Editable() != tt.editable || tt.s.AtLevel() != tt.level {
				t.Fatalf("%s: label %q final %v editable %v level %q", tt.s, tt.s.Label(), tt.s.Final(), tt.s.Editable(), tt.s.AtLevel())
			}
		})
	}
	if domain.AppStatus("bogus").Valid() {
		t.Error("unknown status is valid")
	}
	want := map[domain.Level][]domain.AppStatus{
		domain.LevelCity:     {domain.AppCityReview},
		domain.LevelProvince: {domain.AppProvinceReview},
		domain.LevelTorch:    {domain.AppFormalReview, domain.AppExpertReview, domain.AppPublicity},
		"":                   nil,
	}
	for l, w := range want {
		if got := domain.StatusesAt(l); !slices.Equal(got, w) {
			t.Errorf("StatusesAt(%q) = %v; want %v", l, got, w)
		}
	}
}

func TestActionLabels(t *testing.T) {
	want := map[domain.Action]string{
		domain.ActSubmit: "提交", domain.ActRecommend: "推荐", domain.ActReturn: "退回修改", domain.ActReject: "不推荐",
		domain.ActPaperCheck: "纸质材料核验", domain.ActScore: "专家评审", domain.ActPublicity: "公示",
		domain.ActFormalPass: "形式审查通过", domain.ActFormalFail: "形式审查不通过", domain.ActFile: "备案通过", domain.ActNotFile: "备案未通过",
		domain.ActSiteCheck: "实地核查",
	}
	for _, a := range allActs {
		if !a.Valid() || a.Label() != want[a] {
			t.Errorf("%s: valid %v label %q; want %q", a, a.Valid(), a.Label(), want[a])
		}
	}
	if mk.ActionLabel(domain.ActRecommend, domain.LevelProvince) != "推荐至火炬中心" || mk.ActionLabel(domain.ActRecommend, domain.LevelCity) != "推荐" {
		t.Error("recommend labels by level")
	}
	if domain.Action("approve").Valid() {
		t.Error("unknown action is valid")
	}
}

// The table must have no dead ends: every non-final state has a way out,
// no final state has any, and every state is reachable from 填报中.
func TestWorkflowShape(t *testing.T) {
	table := mk.Transitions()
	out := map[domain.AppStatus]bool{}
	reach := map[domain.AppStatus]bool{domain.AppDraft: true}
	for changed := true; changed; {
		changed = false
		for _, tr := range table {
			for _, from := range tr.From {
				if !from.Valid() || (tr.To != "" && !tr.To.Valid()) {
					t.Fatalf("row %+v names an unknown state", tr)
				}
				if tr.Moves() && tr.To != from {
					out[from] = true
				}
				if reach[from] && tr.To != "" && !reach[tr.To] {
					reach[tr.To], changed = true, true
				}
			}
		}
	}
	for _, s := range domain.Statuses() {
		if out[s] == s.Final() {
			t.Errorf("%s: final %v but has a way out %v", s, s.Final(), out[s])
		}
		if !reach[s] {
			t.Errorf("%s is unreachable", s)
		}
	}
	// Transitions is a copy: editing it must not change the rules.
	table[0].Roles[0], table[0].From[0] = domain.RoleAdmin, domain.AppFiled
	if _, err := mk.Next(domain.AppDraft, domain.ActSubmit, legalBy, goodFacts(true), domain.Input{}); err != nil {
		t.Fatalf("editing the copy changed the table: %v", err)
	}
}

func TestProgress(t *testing.T) {
	// One letter per stage: D done, C current, S stopped, - pending.
	tests := []struct {
		s    domain.AppStatus
		city bool
		want string
	}{
		{domain.AppDraft, true, "C------"},
		{domain.AppReturned, false, "C-----"},
		{domain.AppCityReview, true, "DC-----"},
		{domain.AppCityReview, false, "DC-----"}, // setting switched off after submission
		{domain.AppCityRejected, true, "DS-----"},
		{domain.AppProvinceReview, true, "DDC----"},
		{domain.AppProvinceReview, false, "DC----"},
		{domain.AppProvinceRejected, false, "DS----"},
		{domain.AppFormalReview, true, "DDDC---"},
		{domain.AppFormalFailed, false, "DDS---"},
		{domain.AppExpertReview, false, "DDDC--"},
		{domain.AppPublicity, true, "DDDDDC-"},
		{domain.AppFiled, true, "DDDDDDD"},
		{domain.AppFiled, false, "DDDDDD"},
		{domain.AppNotFiled, false, "DDDS--"},
		{domain.AppStatus("bogus"), true, "-------"},
	}
	letters := map[domain.Mark]string{domain.MarkDone: "D", domain.MarkCurrent: "C", domain.MarkStopped: "S", domain.MarkPending: "-"}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/city=%v", tt.s, tt.city), func(t *testing.T) {
			var got strings.Builder
			for _, st := range mk.Progress(tt.s, tt.city) {
				got.WriteString(letters[st.Mark])
			}
			if got.String() != tt.want {
				t.Fatalf("Progress = %s; want %s", got.String(), tt.want)
			}
		})
	}
	var labels []string
	for _, st := range mk.Stages(true) {
		labels = append(labels, st.Label)
	}
	if got := strings.Join(labels, "→"); got != "填报→市级初审→省级审核→形式审查→专家评审→公示→备案" {
		t.Errorf("Stages(true) = %s", got)
	}
}

func TestActorBy(t *testing.T) {
	r := domain.Actor{User: domain.User{Role: domain.RoleReviewer}, DeptLevel: domain.LevelProvince}
	a := domain.Actor{User: domain.User{Role: domain.RoleStaff}, DeptLevel: domain.LevelProvince}
	if r.By() != provinceBy || a.By() != staffBy {
		t.Fatalf("By() = %+v, %+v", r.By(), a.By())
	}
}

func TestTellsApplicant(t *testing.T) {
	submit := domain.Step{Action: domain.ActSubmit, From: domain.AppDraft, To: domain.AppProvinceReview}
	paper := domain.Step{Action: domain.ActPaperCheck, From: domain.AppProvinceReview, To: domain.AppProvinceReview, Level: domain.LevelProvince}
	score := domain.Step{Action: domain.ActScore, From: domain.AppProvinceReview, To: domain.AppProvinceReview, Level: domain.LevelProvince}
	public := domain.Step{Action: domain.ActPublicity, From: domain.AppProvinceReview, To: domain.AppProvinceReview, Level: domain.LevelProvince}
	back := domain.Step{Action: domain.ActReturn, From: domain.AppProvinceReview, To: domain.AppReturned, Level: domain.LevelProvince}
	for _, tt := range []struct {
		name    string
		history []domain.Step
		want    bool
	}{
		{"a submission is told", []domain.Step{submit}, true},
		{"the round's first paper check is told as the receipt", []domain.Step{submit, paper}, true},
		{"a second paper check is not told", []domain.Step{submit, paper, paper}, false},
		{"a score is not told", []domain.Step{submit, paper, score}, false},
		{"a 公示 record is not told", []domain.Step{submit, paper, score, public}, false},
		{"a return is told", []domain.Step{submit, paper, back}, true},
		{"the first paper check after a resubmission is told again", []domain.Step{submit, paper, back, submit, paper}, true},
		{"nothing is nothing to tell", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.TellsApplicant(tt.history); got != tt.want {
				t.Errorf("TellsApplicant = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestScoreRecordsTheSheetsAverage(t *testing.T) {
	tests := []struct {
		name  string
		p     domain.Panel
		typed *float64
		want  float64
	}{
		{"recorded/average of submitted sheets, recused not counted", domain.Panel{Assigned: 3, Recused: 1, Totals: []float64{81, 86.5}}, ptr(10), 83.75},
		{"recorded/average rounded to two decimals", domain.Panel{Assigned: 3, Totals: []float64{80, 80, 81}}, nil, 80.33},
		{"recorded/typed score without experts", domain.Panel{}, ptr(77.5), 77.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := panel(domain.LevelProvince, tt.p)
			step, err := mk.Next(domain.AppProvinceReview, domain.ActScore, provinceBy, f, domain.Input{Score: tt.typed})
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			if step.Score != tt.want {
				t.Errorf("score %v; want %v", step.Score, tt.want)
			}
		})
	}
}
