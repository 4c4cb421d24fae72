package service

import (
	"context"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/region"
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
	p := ProgressView{App: app}
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
	if p.Acceptor, err = s.acceptor(ctx, app); err != nil {
		return p, err
	}
	p.Stages, err = s.stages(ctx, app, p.Acceptor, p.Steps)
	return p, err
}

// stages is the chain of an application read from its log, each stage
// named by the department that holds it for this application, the way
// submission routed it: the 市/区科技局 of its region, the province of its
// 受理机构, 火炬中心.
func (s *Service) stages(
	ctx context.Context,
	app domain.Application,
	acc domain.Acceptor,
	steps []domain.ReviewStep,
) ([]domain.Stage, error) {
	depts, err := s.store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	out := app.Chain().ProgressOf(app.Status, app.CityLevel, steps)
	for i := range out {
		st := &out[i]
		if st.Level == "" {
			continue
		}
		d, found := holder(depts, st.Level, app)
		st.Dept = d.Name
		switch {
		case st.Level == domain.LevelCity && found:
			st.Label = firstReviewLabel(d.RegionCode, st.Label)
		case st.Level == domain.LevelCity:
			st.Label = firstReviewLabel(app.RegionCode, st.Label)
		case st.Level == domain.LevelProvince && !found:
			st.Dept = acc.Name
		}
	}
	return out, nil
}

// holder is the department of level l that holds an application: of the
// departments whose area covers it, the one with the smallest area (a
// district's 科技局 before its city's).
func holder(depts []domain.Department, l domain.Level, app domain.Application) (domain.Department, bool) {
	var best domain.Department
	found := false
	for _, d := range depts {
		if d.Level == l && covers(d, app) &&
			(!found || len(region.Prefix(d.RegionCode)) > len(region.Prefix(best.RegionCode))) {
			best, found = d, true
		}
	}
	return best, found
}

// firstReviewLabel names the chain's first review (stage, e.g. 市级初审 or
// 市级审核) by the region of the department doing it: a district's 科技局
// does 区级初审, a county's 县级初审, a city's (or a municipality's, or a
// county-level city's) 市级初审.
func firstReviewLabel(code, stage string) string {
	what := strings.TrimPrefix(stage, "市级")
	r, ok := region.Lookup(code)
	switch {
	case !ok || strings.HasSuffix(code, "00"):
		return "市级" + what
	case strings.HasSuffix(r.Name, "区"):
		return "区级" + what
	case strings.HasSuffix(r.Name, "县") || strings.HasSuffix(r.Name, "旗"):
		return "县级" + what
	}
	return "市级" + what
}

// forApplicant is the log as an applicant sees it: which department did
// what and why, not the reviewer's own name (nor the 签收人 of the paper
// copy) and not the experts' scores, which stay with the departments.
func forApplicant(
	steps []domain.ReviewStep,
	remarks []domain.Remark,
) ([]domain.ReviewStep, []domain.Remark) {
	dept := map[int64]string{}
	for i := range steps {
		if steps[i].Role == domain.RoleReviewer {
			steps[i].UserName, steps[i].Score, steps[i].Receipt.Receiver = "", 0, ""
		}
		dept[steps[i].ID] = steps[i].DeptName
	}
	for i := range remarks {
		remarks[i].UserName = dept[remarks[i].StepID]
	}
	return steps, remarks
}
