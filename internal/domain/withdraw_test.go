package domain_test

import (
	"fmt"
	"slices"
	"testing"

	"hatch/internal/domain"
)

// decisionAfter builds a log ending with one decision: the application was
// submitted and reached from, and by (at case c's level) moved it on.
func decisionAfter(t *testing.T, ch *domain.Chain, c allowedCase, from domain.AppStatus, city bool) []domain.Step {
	t.Helper()
	by := domain.By{Role: c.roles[0], Level: c.level}
	st, err := ch.Next(from, c.act, by, goodFacts(city), goodInput)
	if err != nil {
		t.Fatalf("Next(%s, %s): %v", from, c.act, err)
	}
	submit := domain.Step{Action: domain.ActSubmit, From: domain.AppDraft, To: domain.AppCityReview, Role: domain.RoleLegal}
	return []domain.Step{submit, st}
}

// Every decision of the matrix, withdrawn by every party: only the level
// that took it may, never a final one, and the 撤回 leads back to where the
// decision started. The expectations come from wantAllowed and the rule,
// not from the code.
func TestWithdrawEveryDecision(t *testing.T) {
	for _, cc := range chainCases {
		for _, c := range cc.want {
			if c.to == "" || !slices.Contains(c.roles, domain.RoleReviewer) {
				continue
			}
			for _, from := range c.from {
				if from == c.to {
					continue // a 公示 recorded again does not move
				}
				for _, role := range allRoles {
					for _, level := range allLevels {
						checkWithdraw(t, cc.c, c, from, domain.By{Role: role, Level: level})
					}
				}
			}
		}
	}
}

func checkWithdraw(t *testing.T, ch *domain.Chain, c allowedCase, from domain.AppStatus, by domain.By) {
	want := domain.Conflict
	switch {
	case by.Role != domain.RoleReviewer:
		want = domain.Forbidden
	case by.Level == c.level && !c.to.Final():
		want = succeeds
	}
	outcome := map[domain.Kind]string{succeeds: "allowed", domain.Conflict: "conflict", domain.Forbidden: "forbidden"}[want]
	t.Run(fmt.Sprintf("%s/%s/%s@%s/%s/%s", ch.Code, outcome, c.act, c.level, from, byName(by)), func(t *testing.T) {
		log := decisionAfter(t, ch, c, from, c.city[0])
		st, err := ch.Withdraw(log, by, domain.Facts{}, "误点，撤回重办。")
		if want != succeeds {
			if domain.KindOf(err) != want || domain.Message(err) == "" {
				t.Fatalf("Withdraw = %+v, %v; want kind %v", st, err, want)
			}
			return
		}
		if err != nil {
			t.Fatalf("Withdraw: %v", err)
		}
		if st.Action != domain.ActWithdraw || st.From != c.to || st.To != from || st.Level != by.Level || st.Comment == "" {
			t.Fatalf("Withdraw = %+v; want %s → %s", st, c.to, from)
		}
	})
}

var (
	citySubmit = domain.Step{Action: domain.ActSubmit, From: domain.AppDraft, To: domain.AppCityReview, Role: domain.RoleLegal}
	cityRec    = domain.Step{Action: domain.ActRecommend, From: domain.AppCityReview, To: domain.AppProvinceReview, Role: domain.RoleReviewer, Level: domain.LevelCity}
	provCheck  = domain.Step{Action: domain.ActPaperCheck, From: domain.AppProvinceReview, To: domain.AppProvinceReview, Role: domain.RoleReviewer, Level: domain.LevelProvince, Matched: true}
	provReturn = domain.Step{Action: domain.ActReturn, From: domain.AppProvinceReview, To: domain.AppReturned, Role: domain.RoleReviewer, Level: domain.LevelProvince, Comment: "补充"}
	provRec    = domain.Step{Action: domain.ActRecommend, From: domain.AppProvinceReview, To: domain.AppFormalReview, Role: domain.RoleReviewer, Level: domain.LevelProvince, Comment: "推荐"}
	torchPass  = domain.Step{Action: domain.ActFormalPass, From: domain.AppFormalReview, To: domain.AppExpertReview, Role: domain.RoleReviewer, Level: domain.LevelTorch}
	withdrawn  = func(d domain.Step) domain.Step {
		return domain.Step{Action: domain.ActWithdraw, From: d.To, To: d.From, Role: d.Role, Level: d.Level, Comment: "撤回"}
	}
	resubmitted = domain.Step{Action: domain.ActSubmit, From: domain.AppReturned, To: domain.AppCityReview, Role: domain.RoleStaff}
)

// The history decides: who acted after the decision, whether it was
// withdrawn already, whether the applicant has begun editing.
func TestWithdrawable(t *testing.T) {
	tests := []struct {
		name    string
		log     []domain.Step
		by      domain.By
		f       domain.Facts
		want    domain.Kind
		undoes  domain.Action
		message string
	}{
		{"allowed/city recommend nobody has touched", []domain.Step{citySubmit, cityRec}, cityBy, domain.Facts{}, succeeds, domain.ActRecommend, ""},
		{"refused/city recommend after the province's paper check", []domain.Step{citySubmit, cityRec, provCheck}, cityBy, domain.Facts{}, domain.Conflict, "",
			"省级科技管理部门已在“推荐”之后办理（纸质材料核验），不能撤回。"},
		{"allowed/province recommend with its own records before it", []domain.Step{citySubmit, cityRec, provCheck, provRec}, provinceBy, domain.Facts{}, succeeds, domain.ActRecommend, ""},
		{"refused/province recommend after 火炬中心 passed it", []domain.Step{citySubmit, cityRec, provCheck, provRec, torchPass}, provinceBy, domain.Facts{}, domain.Conflict, "",
			"最近的决定“形式审查通过”由科技部火炬中心作出，本部门不能撤回。"},
		{"refused/a city may not withdraw the province's decision", []domain.Step{citySubmit, cityRec, provRec}, cityBy, domain.Facts{}, domain.Conflict, "",
			"最近的决定“推荐至火炬中心”由省级科技管理部门作出，本部门不能撤回。"},
		{"allowed/return the applicant has not touched", []domain.Step{citySubmit, cityRec, provReturn}, provinceBy, domain.Facts{}, succeeds, domain.ActReturn, ""},
		{"refused/return the applicant has begun to edit", []domain.Step{citySubmit, cityRec, provReturn}, provinceBy, domain.Facts{EditedSinceReturn: true}, domain.Conflict, "",
			"申报单位在退回后已修改申报书，不能撤回“退回修改”；请待其重新提交后再办理。"},
		{"refused/return after the applicant resubmitted", []domain.Step{citySubmit, cityRec, provReturn, resubmitted}, provinceBy, domain.Facts{}, domain.Conflict, "",
			"申报单位已在本部门的决定之后重新提交，不能撤回。"},
		{"refused/a withdrawn decision again", []domain.Step{citySubmit, cityRec, withdrawn(cityRec)}, cityBy, domain.Facts{}, domain.Conflict, "",
			"没有本部门可撤回的决定。"},
		{"refused/the city's decision once the province withdrew its own", []domain.Step{citySubmit, cityRec, provRec, withdrawn(provRec)}, cityBy, domain.Facts{}, domain.Conflict, "",
			"省级科技管理部门已在“推荐”之后办理（推荐至火炬中心），不能撤回。"},
		{"refused/nothing decided yet", []domain.Step{citySubmit}, cityBy, domain.Facts{}, domain.Conflict, "", "没有本部门可撤回的决定。"},
		{"forbidden/the applicant", []domain.Step{citySubmit, cityRec}, legalBy, domain.Facts{}, domain.Forbidden, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := mk.Withdrawable(tt.log, tt.by, tt.f)
			if tt.want == succeeds {
				if err != nil || d.Action != tt.undoes {
					t.Fatalf("Withdrawable = %+v, %v; want %s", d, err, tt.undoes)
				}
				return
			}
			if domain.KindOf(err) != tt.want {
				t.Fatalf("Withdrawable = %+v, %v; want kind %v", d, err, tt.want)
			}
			if tt.message != "" && domain.Message(err) != tt.message {
				t.Errorf("message %q; want %q", domain.Message(err), tt.message)
			}
		})
	}
}

func TestWithdrawNeedsAReason(t *testing.T) {
	_, err := mk.Withdraw([]domain.Step{citySubmit, cityRec}, cityBy, domain.Facts{}, " \u3000")
	if domain.KindOf(err) != domain.Invalid || !domain.FieldsOf(err).Has("comment") || domain.Message(err) != "撤回须填写撤回理由。" {
		t.Fatalf("Withdraw without a reason: %v", err)
	}
}

// Effective drops each 撤回 with the decision it undid, so a withdrawn
// 公示 no longer satisfies 备案通过's guard.
func TestEffective(t *testing.T) {
	pub := domain.Step{Action: domain.ActPublicity, From: domain.AppExpertReview, To: domain.AppPublicity, Role: domain.RoleReviewer, Level: domain.LevelTorch, PublicTo: "2022-05-13"}
	log := []domain.Step{citySubmit, cityRec, provRec, torchPass, pub, withdrawn(pub)}
	got := domain.Effective(log)
	if len(got) != 4 || got[3].Action != domain.ActFormalPass {
		t.Fatalf("Effective = %+v; want the log up to 形式审查通过", got)
	}
	if r := domain.ReviewOf(got)[domain.LevelTorch]; r.PublicTo != "" {
		t.Errorf("withdrawn 公示 still counts: %+v", r)
	}
	if l := mk.CommentLabel(domain.Step(withdrawn(pub))); l != "撤回理由" {
		t.Errorf("CommentLabel of a 撤回 = %q", l)
	}
	if l := mk.CommentLabel(provRec); l != "推荐意见" {
		t.Errorf("CommentLabel of a province's recommend = %q", l)
	}
	if l := mk.CommentLabel(cityRec); l != "审核意见" {
		t.Errorf("CommentLabel of a city's recommend = %q", l)
	}
}
