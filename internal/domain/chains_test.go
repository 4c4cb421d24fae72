package domain_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"hatch/internal/domain"
)

var (
	inc = domain.ChainOf(domain.TypeIncubator)
	exm = domain.ChainOf(domain.TypeExemption)
)

func TestChainOf(t *testing.T) {
	for _, code := range []string{domain.TypeMakerspace, domain.TypeIncubator, domain.TypeExemption} {
		if c := domain.ChainOf(code); c.Code != code || !domain.HasChain(code) {
			t.Errorf("ChainOf(%q) = %q, HasChain %v", code, c.Code, domain.HasChain(code))
		}
	}
	// Rows made before there were several types carry no code.
	for _, code := range []string{"", "bogus"} {
		if c := domain.ChainOf(code); c != mk || domain.HasChain(code) {
			t.Errorf("ChainOf(%q) = %q; want the makerspace chain, and no chain of its own", code, c.Code)
		}
	}
	if got := len(domain.Chains()); got != 3 || domain.Chains()[0] != mk {
		t.Errorf("Chains() has %d chains, makerspace first: %v", got, domain.Chains()[0].Code)
	}
	app := domain.Application{TypeCode: domain.TypeIncubator, Status: domain.AppFiled}
	if app.Chain() != inc || app.StatusLabel() != "已认定" {
		t.Errorf("an incubator's chain %q, status %q", app.Chain().Code, app.StatusLabel())
	}
}

// Each chain names its states and decisions in its own words; where it
// does not, the generic (makerspace) words stand.
func TestChainWording(t *testing.T) {
	status := []struct {
		c    *domain.Chain
		s    domain.AppStatus
		want string
	}{
		{mk, domain.AppFiled, "已备案"},
		{mk, domain.AppNotFiled, "未通过"},
		{mk, domain.AppProvinceReview, "待省级审核"},
		{inc, domain.AppFiled, "已认定"},
		{inc, domain.AppNotFiled, "未予认定"},
		{inc, domain.AppProvinceReview, "待省级审核"},
		{exm, domain.AppCityReview, "待市级审核"},
		{exm, domain.AppCityRejected, "市级审核不通过"},
		{exm, domain.AppProvinceReview, "待省级核定"},
		{exm, domain.AppProvinceRejected, "省级核定不通过"},
		{exm, domain.AppFormalReview, "待火炬中心确认"},
		{exm, domain.AppFiled, "已纳入免税名单"},
		{exm, domain.AppNotFiled, "不予确认"},
		{exm, domain.AppReturned, "退回修改"},
	}
	for _, tt := range status {
		if got := tt.c.StatusLabel(tt.s); got != tt.want {
			t.Errorf("%s: StatusLabel(%s) = %q; want %q", tt.c.Code, tt.s, got, tt.want)
		}
	}
	actions := []struct {
		c     *domain.Chain
		act   domain.Action
		level domain.Level
		want  string
	}{
		{mk, domain.ActFile, domain.LevelTorch, "备案通过"},
		{mk, domain.ActNotFile, domain.LevelTorch, "备案未通过"},
		{mk, domain.ActRecommend, domain.LevelCity, "推荐"},
		{inc, domain.ActFile, domain.LevelTorch, "认定通过"},
		{inc, domain.ActNotFile, domain.LevelTorch, "未予认定"},
		{inc, domain.ActRecommend, domain.LevelProvince, "推荐至火炬中心"},
		{inc, domain.ActSiteCheck, domain.LevelProvince, "实地核查"},
		{exm, domain.ActRecommend, domain.LevelCity, "审核通过"},
		{exm, domain.ActReject, domain.LevelCity, "审核不通过"},
		{exm, domain.ActRecommend, domain.LevelProvince, "核定通过"},
		{exm, domain.ActReject, domain.LevelProvince, "核定不通过"},
		{exm, domain.ActReturn, domain.LevelProvince, "退回修改"},
		{exm, domain.ActFile, domain.LevelTorch, "确认纳入免税名单"},
		{exm, domain.ActNotFile, domain.LevelTorch, "不予确认"},
	}
	for _, tt := range actions {
		if got := tt.c.ActionLabel(tt.act, tt.level); got != tt.want {
			t.Errorf("%s: ActionLabel(%s, %s) = %q; want %q", tt.c.Code, tt.act, tt.level, got, tt.want)
		}
	}
	site := domain.Step{Action: domain.ActSiteCheck, Level: domain.LevelProvince, Role: domain.RoleReviewer}
	if got := inc.CommentLabel(site); got != "核查意见" {
		t.Errorf("CommentLabel of a 实地核查 = %q", got)
	}
	verify := domain.Step{Action: domain.ActRecommend, Level: domain.LevelProvince, Role: domain.RoleReviewer}
	if got := exm.CommentLabel(verify); got != "核定意见" {
		t.Errorf("CommentLabel of a 核定 = %q", got)
	}
	if !domain.ActSiteCheck.Valid() || domain.ActSiteCheck.Label() != "实地核查" {
		t.Error("site_check must be a known action")
	}
	if string(domain.ActSiteCheck) != "site_check" {
		t.Error("the stored action string changed")
	}
}

// Every chain: rows name known states and are taken at the level whose
// queue the state is in (the store's queues route by AtLevel), every state
// it uses is reachable from 填报中, a state has a way out exactly when it is
// not final, and each stage of 办件进度 is a state the chain uses.
func TestChainShape(t *testing.T) {
	for _, c := range domain.Chains() {
		t.Run(c.Code, func(t *testing.T) {
			used, out := map[domain.AppStatus]bool{domain.AppDraft: true}, map[domain.AppStatus]bool{}
			reach := map[domain.AppStatus]bool{domain.AppDraft: true}
			for _, tr := range c.Transitions() {
				for _, from := range tr.From {
					if !from.Valid() || (tr.To != "" && !tr.To.Valid()) {
						t.Fatalf("row %+v names an unknown state", tr)
					}
					if from.AtLevel() != tr.Level {
						t.Errorf("%s@%s from %s, which waits at %q", tr.Action, tr.Level, from, from.AtLevel())
					}
					used[from] = true
					if tr.Moves() && tr.To != from {
						out[from], used[tr.To] = true, true
					}
				}
			}
			for changed := true; changed; {
				changed = false
				for _, tr := range c.Transitions() {
					for _, from := range tr.From {
						if reach[from] && tr.To != "" && !reach[tr.To] {
							reach[tr.To], changed = true, true
						}
					}
				}
			}
			for s := range used {
				if out[s] == s.Final() {
					t.Errorf("%s: final %v but has a way out %v", s, s.Final(), out[s])
				}
				if !reach[s] {
					t.Errorf("%s is unreachable", s)
				}
			}
			for _, st := range c.Stages(true) {
				if !used[st.Status] {
					t.Errorf("stage %s (%s) is a state the chain never reaches", st.Label, st.Status)
				}
			}
		})
	}
}

// 实地核查: a record of the province with a required 核查意见; recommending to
// 火炬中心 needs it beside the paper check, the score and an ended 公示, and
// the reason names the first thing missing.
func TestIncubatorSiteCheckGuard(t *testing.T) {
	noSite := goodFacts(true)
	noSite.Review = map[domain.Level]domain.LevelReview{domain.LevelProvince: {Scored: true, PublicTo: "2021-11-26"}}
	rec := domain.Input{Comment: "经专家评审、实地核查和公示，推荐认定。"}

	err := inc.Allowed(domain.AppProvinceReview, domain.ActRecommend, provinceBy, noSite)
	if domain.KindOf(err) != domain.Conflict || domain.Message(err) != "尚未记录实地核查意见，不能推荐至火炬中心。" {
		t.Fatalf("recommend without 实地核查: %v", err)
	}
	if _, err := inc.Next(domain.AppProvinceReview, domain.ActRecommend, provinceBy, noSite, rec); domain.KindOf(err) != domain.Conflict {
		t.Fatalf("Next recommend without 实地核查: %v", err)
	}
	st, err := inc.Next(domain.AppProvinceReview, domain.ActRecommend, provinceBy, goodFacts(true), rec)
	if err != nil || st.To != domain.AppFormalReview {
		t.Fatalf("recommend with 实地核查: %+v, %v", st, err)
	}
	// makerspace knows no 实地核查 and does not ask for one.
	if err := mk.Allowed(domain.AppProvinceReview, domain.ActRecommend, provinceBy, noSite); err != nil {
		t.Fatalf("makerspace recommend asked for a 实地核查: %v", err)
	}
	if err := mk.Allowed(domain.AppProvinceReview, domain.ActSiteCheck, provinceBy, noSite); domain.KindOf(err) != domain.Invalid ||
		domain.Message(err) != "该类申报没有“实地核查”这一环节。" {
		t.Fatalf("makerspace 实地核查: %v; want not a step of the chain", err)
	}

	// The score comes first in the level's work, so its reason does.
	bare := goodFacts(true)
	bare.Review = nil
	if err := inc.Allowed(domain.AppProvinceReview, domain.ActRecommend, provinceBy, bare); !strings.Contains(domain.Message(err), "专家评审分数") {
		t.Errorf("recommend with nothing recorded: %v", err)
	}
	// 实地核查 without a 公示 is not enough.
	noPublic := goodFacts(true)
	noPublic.Review = map[domain.Level]domain.LevelReview{domain.LevelProvince: {Scored: true, SiteChecked: true}}
	if err := inc.Allowed(domain.AppProvinceReview, domain.ActRecommend, provinceBy, noPublic); domain.Message(err) != "尚未公示，不能推荐至火炬中心。" {
		t.Errorf("recommend without 公示: %v", err)
	}

	if _, err := inc.Next(domain.AppProvinceReview, domain.ActSiteCheck, provinceBy, noSite, domain.Input{Comment: " ", Files: map[string]int{"site_report": 1}}); domain.Message(err) != "实地核查须填写核查意见。" || !domain.FieldsOf(err).Has("comment") {
		t.Errorf("实地核查 without 核查意见: %v", err)
	}
	site, err := inc.Next(domain.AppProvinceReview, domain.ActSiteCheck, provinceBy, noSite,
		domain.Input{Comment: "场地与申报一致。", Score: ptr(90), Version: "x", Files: map[string]int{"site_report": 1}})
	if err != nil || site.Moved() || site.Comment != "场地与申报一致。" || site.Score != 0 || site.Version != "" {
		t.Fatalf("实地核查 = %+v, %v; want a record of the comment alone", site, err)
	}
	if r := domain.ReviewOf([]domain.Step{{Action: domain.ActSubmit}, site})[domain.LevelProvince]; !r.SiteChecked {
		t.Error("ReviewOf misses the 实地核查")
	}
	// A resubmission starts a new round: the earlier 实地核查 no longer counts.
	if r := domain.ReviewOf([]domain.Step{site, {Action: domain.ActSubmit}})[domain.LevelProvince]; r.SiteChecked {
		t.Error("a 实地核查 of an earlier round still counts")
	}
}

// 核定 at the province needs no experts, no 公示 and no paper copy; 火炬中心
// confirms directly, and both refusals need a reason.
func TestExemptionGuards(t *testing.T) {
	none := domain.Facts{CityLevel: true, SubmittedVersion: "2024MS-0000-0001", Today: "2024-06-01"}
	tests := []struct {
		name    string
		s       domain.AppStatus
		act     domain.Action
		by      domain.By
		in      domain.Input
		to      domain.AppStatus
		message string // "" when it succeeds
	}{
		{"allowed/核定通过 without experts, 公示 or paper", domain.AppProvinceReview, domain.ActRecommend, provinceBy,
			domain.Input{Comment: "名称、运营主体、面积与认定记录一致。"}, domain.AppFormalReview, ""},
		{"refused/核定通过 without 核定意见", domain.AppProvinceReview, domain.ActRecommend, provinceBy,
			domain.Input{}, "", "核定通过须填写核定意见。"},
		{"refused/核定不通过 without 核定意见", domain.AppProvinceReview, domain.ActReject, provinceBy,
			domain.Input{}, "", "核定不通过须填写核定意见。"},
		{"allowed/核定不通过", domain.AppProvinceReview, domain.ActReject, provinceBy,
			domain.Input{Comment: "场地面积与认定记录不符。"}, domain.AppProvinceRejected, ""},
		{"refused/no expert score", domain.AppProvinceReview, domain.ActScore, provinceBy,
			goodInput, "", "该类申报没有“专家评审”这一环节。"},
		{"refused/no 公示", domain.AppProvinceReview, domain.ActPublicity, provinceBy,
			goodInput, "", "该类申报没有“公示”这一环节。"},
		{"allowed/确认纳入免税名单 without experts or 公示", domain.AppFormalReview, domain.ActFile, torchBy,
			domain.Input{}, domain.AppFiled, ""},
		{"refused/不予确认 without reason", domain.AppFormalReview, domain.ActNotFile, torchBy,
			domain.Input{}, "", "不予确认须填写审核意见。"},
		{"allowed/不予确认", domain.AppFormalReview, domain.ActNotFile, torchBy,
			domain.Input{Comment: "不属于免税范围。"}, domain.AppNotFiled, ""},
		{"refused/no formal review", domain.AppFormalReview, domain.ActFormalPass, torchBy,
			domain.Input{}, "", "该类申报没有“形式审查通过”这一环节。"},
		{"refused/a confirmed application is over", domain.AppFiled, domain.ActNotFile, torchBy,
			domain.Input{Comment: "x"}, "", "该申报已办结（已纳入免税名单），不能再办理“不予确认”。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := exm.Next(tt.s, tt.act, tt.by, none, tt.in)
			if tt.message == "" {
				if err != nil || st.To != tt.to {
					t.Fatalf("Next = %+v, %v; want %s", st, err, tt.to)
				}
				return
			}
			if err == nil || domain.Message(err) != tt.message {
				t.Fatalf("Next = %+v, %v; want %q", st, err, tt.message)
			}
		})
	}
}

func TestWalkIncubator(t *testing.T) {
	w := &walker{t: t, c: inc, s: domain.AppDraft, city: true}
	w.submit(legalBy, "2022FH-0000-0001", domain.AppCityReview)
	w.do(cityBy, domain.ActRecommend, domain.Input{Comment: "同意推荐。"}, domain.AppProvinceReview)
	w.do(provinceBy, domain.ActPaperCheck, domain.Input{Version: "2022FH-0000-0001"}, domain.AppProvinceReview)
	w.refused(provinceBy, domain.ActScore, domain.Input{Score: ptr(87)}, domain.Invalid) // no 专家评审意见
	w.do(provinceBy, domain.ActScore, domain.Input{Score: ptr(87), Files: map[string]int{"expert_opinion": 2}}, domain.AppProvinceReview)
	w.do(provinceBy, domain.ActPublicity, domain.Input{PublicFrom: "2022-11-21", PublicTo: "2022-11-25"}, domain.AppProvinceReview)
	w.refused(provinceBy, domain.ActRecommend, domain.Input{Comment: "推荐。"}, domain.Conflict) // no 实地核查
	w.do(provinceBy, domain.ActSiteCheck, domain.Input{Comment: "孵化场地、在孵企业与申报一致。", Files: map[string]int{"site_report": 1}}, domain.AppProvinceReview)
	w.do(provinceBy, domain.ActRecommend, domain.Input{Comment: "推荐。"}, domain.AppFormalReview)
	w.do(torchBy, domain.ActFormalPass, domain.Input{}, domain.AppExpertReview)
	w.do(torchBy, domain.ActScore, domain.Input{Score: ptr(90)}, domain.AppExpertReview)
	w.refused(torchBy, domain.ActFile, domain.Input{}, domain.Conflict)
	w.do(torchBy, domain.ActPublicity, domain.Input{PublicFrom: "2022-12-30", PublicTo: "2023-01-06"}, domain.AppPublicity)
	w.do(torchBy, domain.ActFile, domain.Input{}, domain.AppFiled)
	if got := inc.StepLabel(w.log[len(w.log)-1]); got != "认定通过" {
		t.Errorf("last step %q", got)
	}
	if got := inc.StatusLabel(w.s); got != "已认定" {
		t.Errorf("final state %q", got)
	}
}

func TestWalkExemption(t *testing.T) {
	w := &walker{t: t, c: exm, s: domain.AppDraft, city: true}
	w.submit(staffBy, "2024MS-0000-0001", domain.AppCityReview)
	w.do(cityBy, domain.ActRecommend, domain.Input{}, domain.AppProvinceReview)
	w.do(provinceBy, domain.ActReturn, domain.Input{Comment: "请补充房产原值资料。"}, domain.AppReturned)
	w.submit(legalBy, "2024MS-0000-0002", domain.AppCityReview)
	w.do(cityBy, domain.ActRecommend, domain.Input{}, domain.AppProvinceReview)
	w.do(provinceBy, domain.ActRecommend, domain.Input{Comment: "与认定记录一致。"}, domain.AppFormalReview)
	w.do(torchBy, domain.ActFile, domain.Input{}, domain.AppFiled)
	if got := exm.StepLabel(w.log[len(w.log)-1]); got != "确认纳入免税名单" {
		t.Errorf("last step %q", got)
	}
	if len(exm.Actions(w.s, torchBy, true)) != 0 {
		t.Error("a confirmed application still has actions")
	}
}

// Progress per chain, one letter per stage as TestProgress.
func TestChainProgress(t *testing.T) {
	tests := []struct {
		c      *domain.Chain
		s      domain.AppStatus
		labels string
		want   string
	}{
		{inc, domain.AppFiled, "填报→市级初审→省级审核→形式审查→专家评审→公示→认定", "DDDDDDD"},
		{inc, domain.AppNotFiled, "填报→市级初审→省级审核→形式审查→专家评审→公示→认定", "DDDDS--"},
		{exm, domain.AppProvinceReview, "填报→市级审核→省级核定→火炬中心确认→纳入免税名单", "DDC--"},
		{exm, domain.AppProvinceRejected, "填报→市级审核→省级核定→火炬中心确认→纳入免税名单", "DDS--"},
		{exm, domain.AppFormalReview, "填报→市级审核→省级核定→火炬中心确认→纳入免税名单", "DDDC-"},
		{exm, domain.AppNotFiled, "填报→市级审核→省级核定→火炬中心确认→纳入免税名单", "DDDS-"},
		{exm, domain.AppFiled, "填报→市级审核→省级核定→火炬中心确认→纳入免税名单", "DDDDD"},
	}
	letters := map[domain.Mark]string{domain.MarkDone: "D", domain.MarkCurrent: "C", domain.MarkStopped: "S", domain.MarkPending: "-"}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s", tt.c.Code, tt.s), func(t *testing.T) {
			var got, labels []string
			for _, st := range tt.c.Progress(tt.s, true) {
				got, labels = append(got, letters[st.Mark]), append(labels, st.Label)
			}
			if strings.Join(labels, "→") != tt.labels || strings.Join(got, "") != tt.want {
				t.Fatalf("Progress = %s %s; want %s %s", strings.Join(labels, "→"), strings.Join(got, ""), tt.labels, tt.want)
			}
		})
	}
	// From the log: a pass ends with the step the chain names.
	steps := []domain.ReviewStep{
		{ID: 1, Step: domain.Step{Action: domain.ActSubmit, From: domain.AppDraft, To: domain.AppCityReview}},
		{ID: 2, Step: domain.Step{Action: domain.ActRecommend, From: domain.AppCityReview, To: domain.AppProvinceReview, Level: domain.LevelCity}},
		{ID: 3, Step: domain.Step{Action: domain.ActRecommend, From: domain.AppProvinceReview, To: domain.AppFormalReview, Level: domain.LevelProvince}},
	}
	stages := exm.ProgressOf(domain.AppFormalReview, true, steps)
	i := slices.IndexFunc(stages, func(st domain.Stage) bool { return st.Status == domain.AppProvinceReview })
	if i < 0 || len(stages[i].Passes) != 1 || stages[i].Passes[0].Label != "核定通过" {
		t.Fatalf("省级核定 passes %+v", stages[i].Passes)
	}
}

func TestOnlyChainsWithAScoreHaveExperts(t *testing.T) {
	for _, tt := range []struct {
		code string
		want bool
	}{{domain.TypeMakerspace, true}, {domain.TypeIncubator, true}, {domain.TypeExemption, false}} {
		if got := domain.ChainOf(tt.code).HasExperts(); got != tt.want {
			t.Errorf("%s: HasExperts = %v, want %v", tt.code, got, tt.want)
		}
	}
}
