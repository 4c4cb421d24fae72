package seed

import (
	"context"
	"fmt"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/service"
)

// experts creates the demo pools: each department's reviewer adds its
// experts, who choose the demo password at first login.
func (s *seeder) experts(ctx context.Context) error {
	reviewers, names := map[domain.Level]string{}, map[domain.Level]string{}
	for _, d := range demo.Departments() {
		reviewers[d.Level], names[d.Level] = d.Reviewer.Login, d.Name
	}
	for _, e := range demo.Experts() {
		r, err := s.svc.ActAs(ctx, s.sys, reviewers[e.Level])
		if err != nil {
			return err
		}
		x, temp, err := s.svc.AddExpert(ctx, r, service.ExpertInput{Login: e.Login, Name: e.Name, Mobile: e.Mobile,
			Employer: e.Employer, Speciality: e.Speciality, RegionCode: e.Region})
		if err != nil {
			return fmt.Errorf("%s：%w", e.Login, err)
		}
		if err := s.choosePassword(ctx, e.Login, temp); err != nil {
			return err
		}
		s.report(e.Login, "评审专家", x.Employer+"（"+names[e.Level]+"专家库）")
	}
	return nil
}

// expertWork assigns demo experts to 海淀青创汇 at 北京市 and has them
// score: one sheet submitted, one draft, one untouched.
func (s *seeder) expertWork(ctx context.Context) error {
	province, err := s.svc.ActAs(ctx, s.sys, "demo-province")
	if err != nil {
		return err
	}
	appID, err := s.appOf(ctx, province, demo.ExpertCarrier)
	if err != nil {
		return err
	}
	var ids []int64
	for _, w := range demo.ExpertWorks() {
		e, err := s.svc.ActAs(ctx, s.sys, w.Login)
		if err != nil {
			return err
		}
		ids = append(ids, e.ID)
	}
	if _, err := s.svc.AssignExperts(ctx, province, appID, ids); err != nil {
		return err
	}
	for _, w := range demo.ExpertWorks() {
		if err := s.score(ctx, w, appID); err != nil {
			return fmt.Errorf("%s：%w", w.Login, err)
		}
	}
	return nil
}

// appOf finds a carrier's application in a department's 工作台.
func (s *seeder) appOf(ctx context.Context, reviewer domain.Actor, carrier string) (int64, error) {
	q, err := s.svc.Queue(ctx, reviewer, service.QueueFilter{Search: carrier})
	if err != nil {
		return 0, err
	}
	for _, app := range q.Apps {
		if app.CarrierName == carrier {
			return app.ID, nil
		}
	}
	return 0, fmt.Errorf("no application of %s", carrier)
}

// score fills the expert's sheet as the demo says.
func (s *seeder) score(ctx context.Context, w demo.ExpertWork, appID int64) error {
	if w.Scores == nil {
		return nil
	}
	e, err := s.svc.ActAs(ctx, s.sys, w.Login)
	if err != nil {
		return err
	}
	tasks, err := s.svc.MyAssignments(ctx, e)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if t.AppID == appID {
			_, err := s.svc.SaveSheet(ctx, e, t.ID, service.SheetInput{Scores: w.Scores, Comment: w.Comment,
				Revision: t.Revision, Submit: w.Submit})
			return err
		}
	}
	return fmt.Errorf("no assignment on the application")
}
