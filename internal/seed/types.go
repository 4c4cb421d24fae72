package seed

import (
	"context"
	"fmt"

	"hatch/internal/demo"
	"hatch/internal/service"
)

// incubator fills the 认定 application of 启明星科技企业孵化器 in the 2022
// round, complete and meeting every condition, and submits it: it waits
// for 海淀区 beside the 众创空间 of the chain.
func (s *seeder) incubator(ctx context.Context) error {
	a, err := s.svc.ActAs(ctx, s.sys, demo.ApplicantLogin)
	if err != nil {
		return err
	}
	appID, err := s.fill(ctx, a, s.carriers[demo.Incubator], s.incubatorRound, demo.IncubatorApp())
	if err != nil {
		return err
	}
	return s.submitAndReview(ctx, a, appID, nil)
}

// filed adds the demo organisation's third 众创空间 and takes its 2021
// application through the whole chain to 备案通过.
func (s *seeder) filed(ctx context.Context) error {
	a, err := s.svc.ActAs(ctx, s.sys, demo.ApplicantLogin)
	if err != nil {
		return err
	}
	c, err := s.carrier(ctx, a, demo.FiledBranch)
	if err != nil {
		return err
	}
	appID, err := s.fill(ctx, a, c, s.round, demo.FiledApp())
	if err != nil {
		return err
	}
	if err := s.submitAndReview(ctx, a, appID, demo.FilingSteps()); err != nil {
		return fmt.Errorf("%s：%w", demo.FiledBranch.Name, err)
	}
	return s.publishResult(ctx)
}

// publishResult enters the 文号 and date of the 2021 round's result, as
// 火炬中心 does once the list is out.
func (s *seeder) publishResult(ctx context.Context) error {
	admin, err := s.svc.ActAs(ctx, s.sys, demo.Admin.Login)
	if err != nil {
		return err
	}
	r, err := s.svc.Round(ctx, s.round.ID)
	if err != nil {
		return err
	}
	in := service.RoundInputOf(r)
	in.ResultNo, in.ResultOn = demo.Result2021.No, demo.Result2021.On
	return s.svc.UpdateRound(ctx, admin, r.ID, in, r.Revision)
}

// exemption fills the filed 众创空间's 免税资格申请 for 2026 and submits it.
func (s *seeder) exemption(ctx context.Context) error {
	a, err := s.svc.ActAs(ctx, s.sys, demo.ApplicantLogin)
	if err != nil {
		return err
	}
	appID, err := s.fill(ctx, a, s.carriers[demo.FiledBranch.Name], s.exemptionRound, demo.ExemptionApp())
	if err != nil {
		return err
	}
	return s.submitAndReview(ctx, a, appID, nil)
}
