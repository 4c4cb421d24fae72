package service_test

import (
	"strings"
	"testing"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// roundOf is the one open round of a type.
func (e *appEnv) roundOf(t *testing.T, typeCode string) domain.Round {
	t.Helper()
	rounds, err := e.svc.OpenRounds(ctx, typeCode)
	wantOK(t, err)
	if len(rounds) != 1 {
		t.Fatalf("open %s rounds = %d, want 1", typeCode, len(rounds))
	}
	return rounds[0]
}

// condition is the result of one condition, by code, in an application.
func condition(t *testing.T, v service.AppView, code string) form.CondResult {
	t.Helper()
	for _, c := range v.Conditions {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no condition %s among %d", code, len(v.Conditions))
	return form.CondResult{}
}

func TestAppTypesHaveTheirRoundsCarriersAndThresholds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		admin := actorOf(t, e.svc, st, e.f.Admin.ID)
		incubatorRound := e.roundOf(t, form.Incubator.Code)

		t.Run("the 2022 孵化器 round ships with 300号's thresholds and every 受理机构", func(t *testing.T) {
			if incubatorRound.CutoffOn != "2022-10-31" || incubatorRound.OperatingFrom != "2019-10-31" ||
				incubatorRound.Params["area_min"] != 10000 || incubatorRound.Params["hardship_cut"] != 0.2 {
				t.Fatalf("round = %+v", incubatorRound)
			}
			acc, err := e.svc.Acceptors(ctx, incubatorRound.ID)
			if err != nil || len(acc) != 37 {
				t.Fatalf("acceptors = %d, %v", len(acc), err)
			}
			e.roundOf(t, form.Exemption.Code)
		})

		var app int64
		t.Run("a 孵化器 applies in the 孵化器 round", func(t *testing.T) {
			id, err := e.svc.CreateApplication(ctx, e.a, e.incubator, incubatorRound.ID)
			wantOK(t, err)
			app = id
			if v := e.view(t, id); v.Type != form.Incubator || v.App.TypeCode != "incubator" {
				t.Fatalf("type = %v %q", v.Type.Code, v.App.TypeCode)
			}
		})
		t.Run("a 众创空间 is refused in the 孵化器 round, with both kinds named", func(t *testing.T) {
			_, err := e.svc.CreateApplication(ctx, e.a, e.space, incubatorRound.ID)
			wantField(t, err, "carrier")
			fe := domain.FieldsOf(err)
			if len(fe) != 1 || !strings.Contains(fe[0].Message, "国家级科技企业孵化器认定只能为孵化器申报") ||
				!strings.Contains(fe[0].Message, "众创空间") {
				t.Fatalf("messages = %+v", fe)
			}
		})

		t.Run("the round's threshold, not a constant, decides a condition", func(t *testing.T) {
			before := condition(t, e.view(t, app), "K4")
			if !strings.Contains(before.Rule, "10000") {
				t.Fatalf("K4 reads %q", before.Rule)
			}
			in := service.RoundInputOf(incubatorRound)
			in.Params["area_min"] = "8000"
			wantOK(t, e.svc.UpdateRound(ctx, admin, incubatorRound.ID, in, incubatorRound.Revision))
			after := condition(t, e.view(t, app), "K4")
			if !strings.Contains(after.Rule, "8000") || strings.Contains(after.Rule, "10000") {
				t.Fatalf("after the round changed, K4 reads %q", after.Rule)
			}
		})

		t.Run("thresholds that are not numbers, or shares above 1, are refused on their fields", func(t *testing.T) {
			r, err := e.svc.Round(ctx, incubatorRound.ID)
			wantOK(t, err)
			in := service.RoundInputOf(r)
			in.Params["area_share"], in.Params["fund_min"], in.Params["firms_min"] = "1.5", "五百", ""
			err = e.svc.UpdateRound(ctx, admin, r.ID, in, r.Revision)
			for _, f := range []string{"param_area_share", "param_fund_min", "param_firms_min"} {
				wantField(t, err, f)
			}
			if again, _ := e.svc.Round(ctx, r.ID); again.Revision != r.Revision || again.Params["fund_min"] != 500 {
				t.Fatalf("a refused save changed the round: %+v", again.Params)
			}
		})
	})
}

func TestAppExemptionStartsWithHatchsOwnDesignation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		admin := actorOf(t, e.svc, st, e.f.Admin.ID)
		exemptionRound := e.roundOf(t, form.Exemption.Code)

		filed := e.newApp(t)
		wantOK(t, st.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.SetStatus(ctx, filed, domain.AppDraft, domain.AppFiled); err != nil {
				return err
			}
			_, err := tx.AddStep(ctx, domain.ReviewStep{AppID: filed, Step: domain.Step{
				Action: domain.ActFile, From: domain.AppPublicity, To: domain.AppFiled,
				Role: domain.RoleReviewer, Level: domain.LevelTorch}})
			return err
		}))
		steps, err := st.StepsOf(ctx, []int64{filed})
		wantOK(t, err)
		decided := steps[filed][len(steps[filed])-1].At

		var exemption int64
		t.Run("before the result is published, a 众创空间 备案通过 in Hatch starts dated by the decision", func(t *testing.T) {
			id, err := e.svc.CreateApplication(ctx, e.a, e.space, exemptionRound.ID)
			wantOK(t, err)
			exemption = id
			basic := e.view(t, id).Form.Sections["basic"]
			want := map[string]string{"kind": "国家备案众创空间", "designation_no": "", "designated_on": clock.Date(decided)}
			for k, w := range want {
				if basic[k] != w {
					t.Errorf("%s = %q, want %q", k, basic[k], w)
				}
			}
		})
		t.Run("once 火炬中心 enters the result, the 文号 and date are the document's", func(t *testing.T) {
			in := service.RoundInputOf(e.round)
			in.ResultNo, in.ResultOn = "国科火字〔2022〕24号", "2022-01-21"
			wantOK(t, e.svc.UpdateRound(ctx, admin, e.round.ID, in, e.round.Revision))
			basic := e.view(t, exemption).Form.Sections["basic"]
			if basic["designation_no"] != "国科火字〔2022〕24号" || basic["designated_on"] != "2022-01-21" {
				t.Errorf("basic = %v", basic)
			}
		})
		t.Run("a result date that is not a date is refused on its field", func(t *testing.T) {
			r, err := e.svc.Round(ctx, e.round.ID)
			wantOK(t, err)
			in := service.RoundInputOf(r)
			in.ResultOn = "2022年1月21日"
			wantField(t, e.svc.UpdateRound(ctx, admin, r.ID, in, r.Revision), "result_on")
		})
		t.Run("a result 文号 over 100 characters is refused on its field, and markup is kept as text", func(t *testing.T) {
			r, err := e.svc.Round(ctx, e.round.ID)
			wantOK(t, err)
			in := service.RoundInputOf(r)
			in.ResultNo = strings.Repeat("号", 101)
			wantField(t, e.svc.UpdateRound(ctx, admin, r.ID, in, r.Revision), "result_no")
			in.ResultNo = "<script>x</script>〔2022〕1号"
			wantOK(t, e.svc.UpdateRound(ctx, admin, r.ID, in, r.Revision))
			if got, _ := e.svc.Round(ctx, r.ID); got.ResultNo != in.ResultNo {
				t.Errorf("stored %q", got.ResultNo)
			}
		})
		t.Run("a carrier Hatch never designated starts with them empty", func(t *testing.T) {
			id, err := e.svc.CreateApplication(ctx, e.a, e.incubator, exemptionRound.ID)
			wantOK(t, err)
			basic := e.view(t, id).Form.Sections["basic"]
			for _, k := range []string{"kind", "designation_no", "designated_on"} {
				if basic[k] != "" {
					t.Errorf("%s = %q, want empty", k, basic[k])
				}
			}
		})
		t.Run("another organisation's carrier is not designated by A's record", func(t *testing.T) {
			id, err := e.svc.CreateApplication(ctx, e.b, e.spaceB, exemptionRound.ID)
			wantOK(t, err)
			v, err := e.svc.Application(ctx, e.b, id)
			wantOK(t, err)
			if k := v.Form.Sections["basic"]["kind"]; k != "" {
				t.Fatalf("B's carrier starts as %q", k)
			}
		})
	})
}
