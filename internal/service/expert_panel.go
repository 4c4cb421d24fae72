package service

import (
	"context"
	"errors"
	"slices"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// What the department sees of its experts on an application: each sheet
// with the expert's name (the department's only: applicants never see
// names, scores or sheets), the average, the spread and outliers, who has
// not submitted, and the pool to assign from.

// SheetView is one assignment as the department sees it.
type SheetView struct {
	domain.Assignment
	Outlier bool // its total lies far from the others' (domain.Panel.Outliers)
}

// ExpertPanelView is the 专家评审 panel of the review page.
type ExpertPanelView struct {
	Level      domain.Level
	Sheet      domain.ScoreSheet // the round's
	Sheets     []SheetView       // this level, current submission, in assignment order
	Average    float64
	HasAverage bool
	Spread     float64
	Pending    []string // names of counting experts who have not submitted
	Candidates []Candidate
	// Blocked says why experts cannot be assigned now ("" when they can).
	Blocked string
}

// ExpertPanel gathers the panel for the actor's department.
func (s *Service) ExpertPanel(ctx context.Context, a domain.Actor, appID int64) (ExpertPanelView, error) {
	c, err := s.expertCase(ctx, a, appID)
	if err != nil {
		return ExpertPanelView{}, err
	}
	v := ExpertPanelView{Level: c.dept.Level, Blocked: c.blockedBy}
	rs, err := roundSheet(ctx, s.store, c.app.RoundID)
	if err != nil {
		return v, err
	}
	v.Sheet = rs.Sheet
	if v.Candidates, err = s.candidates(ctx, c); err != nil {
		return v, err
	}
	p := domain.PanelOf(c.assigned)
	v.Average, v.HasAverage = p.Average()
	v.Spread = p.Spread()
	outliers, n := p.Outliers(), 0
	for _, x := range c.assigned {
		sv := SheetView{Assignment: x}
		if x.Counts() && x.Submitted() {
			sv.Outlier = slices.Contains(outliers, n)
			n++
		} else if x.Counts() {
			v.Pending = append(v.Pending, x.ExpertName)
		}
		v.Sheets = append(v.Sheets, sv)
	}
	return v, nil
}

// ExpertSummary is a department's 专家评审 of one application at a glance,
// for the 工作台 and the 推荐表.
type ExpertSummary struct {
	Assigned   int // counting experts (回避 not included)
	Submitted  int
	Average    float64
	HasAverage bool
}

// ExpertSummaries sums up the actor's department's experts on each of the
// given applications (current submissions only). Applications without
// assignments are absent; another department's assignments never count.
func (s *Service) ExpertSummaries(ctx context.Context, a domain.Actor, appIDs []int64) (map[int64]ExpertSummary, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return nil, err
	}
	as, err := s.store.AssignmentsOfApps(ctx, d.ID, appIDs)
	if err != nil {
		return nil, err
	}
	byApp := map[int64][]domain.Assignment{}
	for _, x := range as {
		byApp[x.AppID] = append(byApp[x.AppID], x)
	}
	out := make(map[int64]ExpertSummary, len(byApp))
	for id, list := range byApp {
		p := domain.PanelOf(list)
		sum := ExpertSummary{Assigned: p.Assigned - p.Recused, Submitted: len(p.Totals)}
		sum.Average, sum.HasAverage = p.Average()
		out[id] = sum
	}
	return out, nil
}

// CommentToRemark turns a submitted sheet's comment into a draft remark of
// the department (转为意见) on the given section (the first one when ""),
// sent to the applicant with the department's next decision. The remark
// says 专家意见, never who wrote it. A comment turns into one remark once.
func (s *Service) CommentToRemark(ctx context.Context, a domain.Actor, appID, assignmentID int64, section string) (domain.Remark, error) {
	c, err := s.expertCase(ctx, a, appID)
	if err != nil {
		return domain.Remark{}, err
	}
	i := slices.IndexFunc(c.assigned, func(x domain.Assignment) bool { return x.ID == assignmentID })
	if i < 0 || !c.assigned[i].Submitted() || c.assigned[i].Comment == "" {
		return domain.Remark{}, domain.ErrNotFound
	}
	if c.assigned[i].RemarkID != 0 {
		return domain.Remark{}, domain.Errorf(domain.Conflict, "该专家意见已转为意见，不能重复转换。")
	}
	if section == "" {
		if t := form.TypeOf(c.app.TypeCode); t != nil && len(t.Sections) > 0 {
			section = t.Sections[0].Key
		}
	}
	r, err := s.AddRemark(ctx, a, appID, RemarkInput{Section: section, Text: "专家意见：" + c.assigned[i].Comment})
	if err != nil {
		return r, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error { return tx.SetAssignmentRemark(ctx, assignmentID, r.ID) })
	if errors.Is(err, store.ErrStale) {
		_ = s.DeleteRemark(ctx, a, appID, r.ID) // someone converted it at the same moment: keep theirs
		return domain.Remark{}, domain.Errorf(domain.Conflict, "该专家意见已由他人转为意见。")
	}
	return r, err
}
