package service_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// Every declared application type is reviewed by a chain of its own: the
// makerspace chain ChainOf falls back to is for rows without a type.
func TestEveryTypeHasItsChain(t *testing.T) {
	for _, code := range form.TypeCodes() {
		if !domain.HasChain(code) {
			t.Errorf("application type %q has no review chain", code)
		}
	}
}

// submittedOf files an application of type typeCode for the demo
// applicant's organisation and submits it to 北京市 through its 区科技局.
// It goes straight through the store: the service opens and submits
// applications of the makerspace type only, and this is about the review.
func submittedOf(t *testing.T, c *chain, typeCode string, kind domain.CarrierKind) int64 {
	t.Helper()
	demo, err := c.svc.Application(ctx, c.applicant, c.appID)
	wantOK(t, err)
	ch := domain.ChainOf(typeCode)
	submit, err := ch.Next(domain.AppDraft, domain.ActSubmit, c.applicant.By(), domain.Facts{CityLevel: true}, domain.Input{})
	wantOK(t, err)
	var appID int64
	err = c.st.InTx(ctx, func(tx *store.Tx) error {
		carrier := demo.Carrier
		carrier.Kind, carrier.Name = kind, "启明星"+ch.Name+"测试载体"
		carrierID, err := tx.CreateCarrier(ctx, carrier)
		if err != nil {
			return err
		}
		roundID, err := tx.CreateRound(ctx, domain.Round{TypeCode: typeCode, Year: 2021, Name: "2021年度" + ch.Name,
			OpensOn: "2021-10-01", ClosesOn: "2021-12-31"})
		if err != nil {
			return err
		}
		err = tx.PutAcceptor(ctx, domain.Acceptor{RoundID: roundID, Code: "110000", Name: "北京市科学技术委员会",
			Copies: 2, Deadline: "2021-12-31 17:00", CityLevel: true})
		if err != nil {
			return err
		}
		appID, err = tx.CreateApplication(ctx, domain.Application{OrgID: demo.App.OrgID, CarrierID: carrierID,
			RoundID: roundID, TypeCode: typeCode, CreatedBy: c.applicant.ID, UpdatedBy: c.applicant.ID})
		return err
	})
	wantOK(t, err)
	app, err := c.st.ReviewApplication(ctx, appID)
	wantOK(t, err)
	err = c.st.InTx(ctx, func(tx *store.Tx) error {
		carrier := demo.Carrier
		v, err := tx.InsertVersion(ctx, domain.Version{AppID: appID, Code: "2021FH-TEST-0001",
			DataRev: app.DataRev, CreatedBy: c.applicant.ID}, []byte("{}"))
		if err != nil {
			return err
		}
		err = tx.Submit(ctx, appID, domain.AppDraft, submit.To, v.DataRev, domain.Submission{AcceptorCode: "110000",
			RegionCode: carrier.RegionCode, CityLevel: true, RefNo: "TEST-" + typeCode, VersionID: v.ID, At: time.Now()})
		if err != nil {
			return err
		}
		submit.Version = v.Code
		_, err = tx.AddStep(ctx, domain.ReviewStep{Step: submit, AppID: appID, UserID: c.applicant.ID,
			UserName: c.applicant.Name, VersionID: v.ID})
		return err
	})
	wantOK(t, err)
	return appID
}

// on is the same world of reviewers acting on another application.
func (c *chain) on(appID int64) *chain {
	d := *c
	d.appID = appID
	return &d
}

// TestIncubatorChain walks an incubator application through its chain on
// both engines: the province's 实地核查 is recorded with its 核查意见 and
// holds back the recommendation until it is, and the pages and messages
// speak of 认定.
func TestIncubatorChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c0 := newChain(t, st)
		c := c0.on(submittedOf(t, c0, domain.TypeIncubator, domain.KindIncubator))
		steps, err := st.Steps(ctx, c.appID)
		wantOK(t, err)
		code := steps[0].Version

		c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: "材料真实完整，同意推荐。"})
		c.act(t, c.province, service.ActInput{Action: domain.ActPaperCheck, Version: code})
		c.act(t, c.province, service.ActInput{Action: domain.ActScore, Score: "86", Files: opinionScan("expert_opinion")})
		c.act(t, c.province, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-01", PublicTo: "2021-11-05"})
		t.Run("推荐 waits for the 实地核查", func(t *testing.T) {
			_, err := c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActRecommend, Comment: "推荐。"})
			wantKind(t, err, domain.Conflict)
			if domain.Message(err) != "尚未记录实地核查意见，不能推荐至火炬中心。" {
				t.Errorf("the refusal says %q", domain.Message(err))
			}
		})
		t.Run("a 实地核查 needs its 核查意见", func(t *testing.T) {
			_, err := c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActSiteCheck, Comment: " ",
				Files: opinionScan("site_report")})
			wantField(t, err, "comment")
			if domain.Message(err) != "实地核查须填写核查意见。" {
				t.Errorf("the refusal says %q", domain.Message(err))
			}
		})
		site := c.act(t, c.province, service.ActInput{Action: domain.ActSiteCheck, Comment: "孵化场地、在孵企业与申报材料一致。",
			Files: opinionScan("site_report")})
		if site.Moved() || c.status(t) != domain.AppProvinceReview {
			t.Fatalf("实地核查 moved the application: %+v", site.Step)
		}
		t.Run("the 实地核查 is in the log with its 核查意见", func(t *testing.T) {
			steps, err := st.Steps(ctx, c.appID)
			wantOK(t, err)
			i := slices.IndexFunc(steps, func(s domain.ReviewStep) bool { return s.Action == "site_check" })
			if i < 0 || steps[i].Comment != "孵化场地、在孵企业与申报材料一致。" || steps[i].Level != domain.LevelProvince {
				t.Fatalf("log: %+v", steps)
			}
			if l := domain.ChainOf(domain.TypeIncubator).CommentLabel(steps[i].Step); l != "核查意见" {
				t.Errorf("comment label %q", l)
			}
		})
		c.act(t, c.province, service.ActInput{Action: domain.ActRecommend, Comment: "经专家评审、实地核查和公示，推荐认定。"})
		t.Run("the province withdraws its recommendation and gives it again", func(t *testing.T) {
			done, err := c.svc.Withdraw(ctx, c.province, c.appID, service.WithdrawInput{Reason: "推荐意见有误，撤回重办。"})
			wantOK(t, err)
			if done.To != domain.AppProvinceReview {
				t.Fatalf("withdrawn to %s", done.To)
			}
			notes, err := c.svc.Notifications(ctx, c.applicant)
			wantOK(t, err)
			if !strings.Contains(notes[0].Text, "撤回了“推荐至火炬中心”") {
				t.Errorf("newest notification %q", notes[0].Text)
			}
			c.act(t, c.province, service.ActInput{Action: domain.ActRecommend, Comment: "经专家评审、实地核查和公示，推荐认定。"})
		})
		c.act(t, c.torch, service.ActInput{Action: domain.ActFormalPass})
		c.act(t, c.torch, service.ActInput{Action: domain.ActScore, Score: "90"})
		c.act(t, c.torch, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-08", PublicTo: "2021-11-12"})
		acted, err := c.svc.Act(ctx, c.torch, c.appID, service.ActInput{Action: domain.ActFile})
		wantOK(t, err)
		if acted.To != domain.AppFiled || acted.Chain.StepLabel(acted.Step) != "认定通过" {
			t.Fatalf("the final step %s is named %q", acted.To, acted.Chain.StepLabel(acted.Step))
		}
		t.Run("the applicant reads 认定 in its progress and messages", func(t *testing.T) {
			p, err := c.svc.Progress(ctx, c.applicant, c.appID)
			wantOK(t, err)
			if p.App.StatusLabel() != "已认定" || p.Stages[len(p.Stages)-1].Label != "认定" {
				t.Errorf("status %q, last stage %q", p.App.StatusLabel(), p.Stages[len(p.Stages)-1].Label)
			}
			notes, err := c.svc.Notifications(ctx, c.applicant)
			wantOK(t, err)
			if !strings.Contains(notes[0].Text, "认定通过，当前状态“已认定”") {
				t.Errorf("newest notification %q", notes[0].Text)
			}
		})
	})
}

// TestExemptionChain: the province 核定s without experts, 公示 or paper,
// and 火炬中心 confirms the application into the list.
func TestExemptionChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c0 := newChain(t, st)
		c := c0.on(submittedOf(t, c0, domain.TypeExemption, domain.KindIncubator))
		c.act(t, c.city, service.ActInput{Action: domain.ActRecommend})
		t.Run("核定通过 needs its 核定意见", func(t *testing.T) {
			_, err := c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActRecommend})
			wantField(t, err, "comment")
			if domain.Message(err) != "核定通过须填写核定意见。" {
				t.Errorf("the refusal says %q", domain.Message(err))
			}
		})
		c.act(t, c.province, service.ActInput{Action: domain.ActRecommend, Comment: "名称、运营主体、面积、场地与认定记录一致。"})
		if got := c.status(t); got != domain.AppFormalReview {
			t.Fatalf("after 核定通过: %s", got)
		}
		t.Run("火炬中心 is told it waits for its confirmation", func(t *testing.T) {
			notes, err := c.svc.Notifications(ctx, c.torch)
			wantOK(t, err)
			if len(notes) == 0 || !strings.Contains(notes[0].Text, "待火炬中心确认，请办理") {
				t.Errorf("火炬中心's newest notification: %+v", notes)
			}
		})
		c.act(t, c.torch, service.ActInput{Action: domain.ActFile})
		p, err := c.svc.Progress(ctx, c.applicant, c.appID)
		wantOK(t, err)
		var labels []string
		for _, s := range p.Stages {
			labels = append(labels, s.Label)
		}
		if p.App.StatusLabel() != "已纳入免税名单" || !strings.HasSuffix(strings.Join(labels, "→"), "级审核→省级核定→火炬中心确认→纳入免税名单") {
			t.Errorf("status %q, stages %v", p.App.StatusLabel(), labels)
		}
	})
}
