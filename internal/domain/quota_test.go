package domain_test

import (
	"testing"

	"hatch/internal/domain"
)

func step(act domain.Action, lvl domain.Level, from, to domain.AppStatus) domain.Step {
	return domain.Step{Action: act, Level: lvl, From: from, To: to}
}

var (
	submitted     = step(domain.ActSubmit, "", domain.AppDraft, domain.AppProvinceReview)
	checked       = step(domain.ActPaperCheck, domain.LevelProvince, domain.AppProvinceReview, domain.AppProvinceReview)
	provRecommend = step(domain.ActRecommend, domain.LevelProvince, domain.AppProvinceReview, domain.AppFormalReview)
	cityRecommend = step(domain.ActRecommend, domain.LevelCity, domain.AppCityReview, domain.AppProvinceReview)
	passed        = step(domain.ActFormalPass, domain.LevelTorch, domain.AppFormalReview, domain.AppExpertReview)
	failed        = step(domain.ActFormalFail, domain.LevelTorch, domain.AppFormalReview, domain.AppFormalFailed)
	returned      = step(domain.ActReturn, domain.LevelProvince, domain.AppProvinceReview, domain.AppReturned)
	// A 撤回 brings the application back to the province; its action
	// name is irrelevant to the count, only where it moves.
	withdrawal = step(domain.ActWithdraw, domain.LevelProvince, domain.AppFormalReview, domain.AppProvinceReview)
)

func TestHoldsSlot(t *testing.T) {
	tests := []struct {
		name string
		log  []domain.Step
		want bool
	}{
		{"counted/just recommended", []domain.Step{submitted, checked, provRecommend}, true},
		{"counted/passed on by 火炬中心", []domain.Step{submitted, provRecommend, passed}, true},
		{"counted/refused by 火炬中心 still used the slot", []domain.Step{submitted, provRecommend, failed}, true},
		{"counted/recommended again after a withdrawal", []domain.Step{submitted, provRecommend, withdrawal, provRecommend}, true},
		{"not counted/withdrawn back to the province", []domain.Step{submitted, provRecommend, withdrawal}, false},
		{"not counted/withdrawn and returned to the applicant", []domain.Step{submitted, provRecommend, withdrawal, returned}, false},
		{"not counted/only a city recommendation", []domain.Step{submitted, cityRecommend}, false},
		{"not counted/still in review", []domain.Step{submitted, checked}, false},
		{"not counted/empty log", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.HoldsSlot(tt.log); got != tt.want {
				t.Errorf("HoldsSlot = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRecommendedCounts(t *testing.T) {
	logs := [][]domain.Step{
		{submitted, provRecommend},
		{submitted, provRecommend, withdrawal},
		{submitted, provRecommend, failed},
		{submitted, checked},
	}
	if got := domain.Recommended(logs); got != 2 {
		t.Errorf("Recommended = %d, want 2", got)
	}
}

func TestCheckQuota(t *testing.T) {
	tests := []struct {
		name  string
		used  int
		quota domain.Quota
		err   bool
	}{
		{"allowed/no quota set", 40, domain.Quota{}, false},
		{"allowed/below the quota", 4, domain.Quota{Limit: 5, Set: true}, false},
		{"refused/quota used up", 5, domain.Quota{Limit: 5, Set: true}, true},
		{"refused/over a lowered quota", 6, domain.Quota{Limit: 3, Set: true}, true},
		{"refused/quota of zero", 0, domain.Quota{Limit: 0, Set: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := domain.CheckQuota(tt.used, tt.quota)
			if (err != nil) != tt.err {
				t.Fatalf("CheckQuota(%d, %+v) = %v", tt.used, tt.quota, err)
			}
			if err != nil && domain.KindOf(err) != domain.Conflict {
				t.Errorf("kind = %v, want Conflict", domain.KindOf(err))
			}
		})
	}
	msg := domain.Message(domain.CheckQuota(5, domain.Quota{Limit: 5, Set: true}))
	if want := "本批次本省已推荐 5 个，名额为 5 个"; len(msg) < len(want) || msg[:len(want)] != want {
		t.Errorf("message %q does not name both numbers", msg)
	}
}

func TestPaperReceipt(t *testing.T) {
	f := domain.Facts{SubmittedVersion: "2021ZC-HW2W-W30Q", Today: "2021-11-15"}
	by := domain.By{Role: domain.RoleReviewer, Level: domain.LevelProvince}
	tests := []struct {
		name    string
		receipt domain.Receipt
		field   string // "" when accepted
		short   bool
	}{
		{"accepted/all copies", domain.Receipt{ReceivedOn: "2021-11-15", Copies: 5, Required: 5, Receiver: "王敏"}, "", false},
		{"accepted/fewer copies flagged short", domain.Receipt{ReceivedOn: "2021-11-12", Copies: 3, Required: 5, Receiver: "王敏"}, "", true},
		{"accepted/no copies required", domain.Receipt{ReceivedOn: "2021-11-12", Copies: 1, Receiver: "王敏"}, "", false},
		{"refused/date in the future", domain.Receipt{ReceivedOn: "2021-11-16", Copies: 5, Required: 5, Receiver: "王敏"}, "received_on", false},
		{"refused/date not a date", domain.Receipt{ReceivedOn: "2021-02-30", Copies: 5, Required: 5, Receiver: "王敏"}, "received_on", false},
		{"refused/no copies", domain.Receipt{ReceivedOn: "2021-11-15", Required: 5, Receiver: "王敏"}, "copies", false},
		{"refused/no receiver", domain.Receipt{ReceivedOn: "2021-11-15", Copies: 5, Required: 5, Receiver: " "}, "receiver", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.receipt
			st, err := mk.Next(domain.AppProvinceReview, domain.ActPaperCheck, by, f,
				domain.Input{Version: "2021zc hw2w w30q", Receipt: &r})
			if tt.field != "" {
				if !domain.FieldsOf(err).Has(tt.field) {
					t.Fatalf("err = %v, want a message on %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.Receipt != r || !st.Matched || st.Receipt.Short() != tt.short {
				t.Errorf("step = %+v, short %v", st, st.Receipt.Short())
			}
		})
	}
}
