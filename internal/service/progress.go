package service

import (
	"context"

	"hatch/internal/domain"
)

// ProgressView is 办件进度: the chain's stages and the whole log with every
// sent remark.
type ProgressView struct {
	App      domain.Application
	Acceptor domain.Acceptor
	Version  *domain.Version // the bound version, once submitted
	Stages   []domain.Stage
	Steps    []domain.ReviewStep
	Remarks  []domain.Remark
}

// RemarksOf returns the remarks sent with a step.
func (p ProgressView) RemarksOf(stepID int64) []domain.Remark {
	var out []domain.Remark
	for _, r := range p.Remarks {
		if r.StepID == stepID {
			out = append(out, r)
		}
	}
	return out
}

// Progress is the 办件进度 of one of the actor's applications.
func (s *Service) Progress(ctx context.Context, a domain.Actor, appID int64) (ProgressView, error) {
	if err := requireCertified(a); err != nil {
		return ProgressView{}, err
	}
	app, err := s.store.Application(ctx, a.OrgID, appID)
	if err != nil {
		return ProgressView{}, err
	}
	p := ProgressView{App: app, Stages: domain.Progress(app.Status, app.CityLevel)}
	if p.Steps, err = s.store.Steps(ctx, appID); err != nil {
		return p, err
	}
	if p.Remarks, err = s.store.Remarks(ctx, appID, 0); err != nil {
		return p, err
	}
	p.Steps, p.Remarks = forApplicant(p.Steps, p.Remarks)
	if app.SubmittedVersion != 0 {
		v, _, err := s.store.Version(ctx, appID, app.SubmittedVersion)
		if err != nil {
			return p, err
		}
		p.Version = &v
	}
	p.Acceptor, err = s.acceptor(ctx, app)
	return p, err
}

// forApplicant is the log as an applicant sees it: which department did
// what and why, not the reviewer's own name and not the experts' scores,
// which stay with the departments.
func forApplicant(
	steps []domain.ReviewStep,
	remarks []domain.Remark,
) ([]domain.ReviewStep, []domain.Remark) {
	dept := map[int64]string{}
	for i := range steps {
		if steps[i].Role == domain.RoleReviewer {
			steps[i].UserName, steps[i].Score = "", 0
		}
		dept[steps[i].ID] = steps[i].DeptName
	}
	for i := range remarks {
		remarks[i].UserName = dept[remarks[i].StepID]
	}
	return steps, remarks
}
