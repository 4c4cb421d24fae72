package seed

import (
	"context"
	"fmt"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/sheet"
)

// stages seeds the organisations along the review chain: each passes
// 实名认证, fills the complete demo application in its own names, generates
// its 申报书, submits it, and the reviewers act on it.
func (s *seeder) stages(ctx context.Context) error {
	for _, st := range demo.Stages() {
		if err := s.stage(ctx, st); err != nil {
			return fmt.Errorf("%s：%w", st.Carrier, err)
		}
		s.report(st.Login, "法人账号", st.Org.Name+"："+st.Note)
	}
	return nil
}

func (s *seeder) stage(ctx context.Context, st demo.Stage) error {
	a, err := s.organisation(ctx, st.Login, st.Org)
	if err != nil {
		return err
	}
	c, err := s.carrier(ctx, a, domain.Carrier{Kind: domain.KindMakerspace, Name: st.Carrier,
		Address: st.Org.Address, RegionCode: st.Org.Region, StartedOn: "2018-03-15"})
	if err != nil {
		return err
	}
	appID, err := s.fill(ctx, a, c, s.round, st.App())
	if err != nil {
		return err
	}
	return s.submitAndReview(ctx, a, appID, st.Steps)
}

// submitAndReview generates the application's 申报书, submits it to the
// 受理机构 its region leads to, and has the reviewers take their steps.
func (s *seeder) submitAndReview(ctx context.Context, a domain.Actor, appID int64, steps []demo.Step) error {
	v, err := s.svc.GenerateVersion(ctx, a, appID, "")
	if err != nil {
		return err
	}
	sv, err := s.svc.PrepareSubmit(ctx, a, appID)
	if err != nil {
		return err
	}
	in := service.SubmitInput{AcceptorCode: sv.Default, Declared: true}
	if _, err := s.svc.Submit(ctx, a, appID, in); err != nil {
		return err
	}
	for _, step := range steps {
		if err := s.act(ctx, appID, step, v.Code); err != nil {
			return fmt.Errorf("%s（%s）：%w", domain.Mixed().ActionLabel(step.Action, ""), step.Reviewer, err)
		}
	}
	return nil
}

// act takes one reviewer's step; a paper check types the submitted
// version's number.
func (s *seeder) act(ctx context.Context, appID int64, step demo.Step, code string) error {
	r, err := s.svc.ActAs(ctx, s.sys, step.Reviewer)
	if err != nil {
		return err
	}
	in := service.ActInput{Action: step.Action, Comment: step.Comment, Score: step.Score,
		PublicFrom: step.PublicFrom, PublicTo: step.PublicTo}
	if m := step.Remark; m != nil {
		rm, err := s.svc.AddRemark(ctx, r, appID, service.RemarkInput{Section: m.Section, Field: m.Field, Text: m.Text})
		if err != nil {
			return err
		}
		in.Drafts, in.DraftIDs = service.DraftsSend, []int64{rm.ID}
	}
	if step.Action == domain.ActPaperCheck {
		in.Version = code
	}
	_, err = s.svc.Act(ctx, r, appID, in)
	return err
}

// More adds organisations along the review chain to a database Demo has
// seeded, the way Demo seeds its own: each is entered in the register of
// legal persons, passes 实名认证, fills the complete demo application in its
// own names, generates, submits, and its reviewers take its steps. Tests
// use it for a province with many applications.
func More(ctx context.Context, svc *service.Service, stages []demo.Stage) error {
	s := &seeder{svc: svc, sys: domain.System(), carriers: map[string]int64{}}
	if err := s.findRound(ctx); err != nil {
		return err
	}
	var rows []sheet.Row
	for i, st := range stages {
		o := st.Org
		rows = append(rows, sheet.Row{Line: i + 1, Cells: []string{o.USCC, o.Name, o.Rep, o.RepID}})
	}
	if _, err := svc.ImportRegistry(ctx, s.sys, rows); err != nil {
		return explain(err)
	}
	for _, st := range stages {
		if err := s.stage(ctx, st); err != nil {
			return fmt.Errorf("%s：%w", st.Carrier, explain(err))
		}
	}
	return nil
}
