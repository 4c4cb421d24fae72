package service

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"hatch/internal/domain"
	"hatch/internal/store"
)

// expertLevels are the levels that hold a 专家评审.
var expertLevels = []domain.Level{domain.LevelProvince, domain.LevelTorch}

// assignmentReader is what reads assignments: the store, or a transaction
// that must see its own writes.
type assignmentReader interface {
	AssignmentsOfApp(ctx context.Context, appID int64, roundAt time.Time, level domain.Level) ([]domain.Assignment, error)
}

// expertPanels sums up each expert level's assignments of the current
// submission, for the workflow's 专家评审 (domain.ScoreOf).
func expertPanels(ctx context.Context, r assignmentReader, app domain.Application) (map[domain.Level]domain.Panel, error) {
	out := map[domain.Level]domain.Panel{}
	for _, l := range expertLevels {
		as, err := r.AssignmentsOfApp(ctx, app.ID, app.SubmittedAt, l)
		if err != nil {
			return nil, err
		}
		out[l] = domain.PanelOf(as)
	}
	return out, nil
}

// expertCase is an application as a department organises its experts:
// the application, the department and its pool, and what its assignments
// must check against.
type expertCase struct {
	app       domain.Application
	dept      domain.Department
	orgNames  []string // the applicant organisation and the 运营主体 in the 申报书
	steps     []domain.ReviewStep
	assigned  []domain.Assignment // this level, current submission
	blockedBy string              // why no expert may be assigned now; "" when they may
}

// expertCase loads an application the actor's department may assign
// experts to; another department's is NotFound.
func (s *Service) expertCase(ctx context.Context, a domain.Actor, appID int64) (expertCase, error) {
	d, err := s.pool(ctx, a)
	if err != nil {
		return expertCase{}, err
	}
	app, _, err := s.reviewable(ctx, a, appID)
	if err != nil {
		return expertCase{}, err
	}
	c := expertCase{app: app, dept: d}
	if c.steps, err = s.store.Steps(ctx, appID); err != nil {
		return c, err
	}
	if c.assigned, err = s.store.AssignmentsOfApp(ctx, appID, app.SubmittedAt, d.Level); err != nil {
		return c, err
	}
	if c.orgNames, err = s.applicantNames(ctx, app); err != nil {
		return c, err
	}
	c.blockedBy = assignBlocked(c)
	return c, nil
}

// applicantNames are the names an expert's 工作单位 must not match: the
// organisation as registered and the 运营主体 as the submitted 申报书 says.
func (s *Service) applicantNames(ctx context.Context, app domain.Application) ([]string, error) {
	o, err := s.store.Org(ctx, app.OrgID)
	if err != nil {
		return nil, err
	}
	snap, _, err := s.submittedSnapshot(ctx, app.ID, app.SubmittedVersion)
	if err != nil {
		return nil, err
	}
	return []string{o.Name, snap.Org.Name}, nil
}

// assignBlocked says why experts may not be assigned now: the application
// is not at the department's level, or its 专家评审 is already recorded.
func assignBlocked(c expertCase) string {
	if c.app.Status.AtLevel() != c.dept.Level {
		return "该申报当前为“" + c.app.StatusLabel() + "”，不在本部门办理，不能分配专家。"
	}
	if domain.ReviewOf(plainSteps(c.steps))[c.dept.Level].Scored {
		return "本轮专家评审结果已记录，不能再分配专家。"
	}
	return ""
}

// Candidate is an expert of the pool as the manual assignment lists them:
// with the conflicts of interest to warn of, and whether already assigned.
type Candidate struct {
	domain.Expert
	Conflicts []string
	Assigned  bool // counting or 回避, in this round
	Load      int  // assignments that count, across the pool's applications
}

// candidates lists the pool for an application.
func (s *Service) candidates(ctx context.Context, c expertCase) ([]Candidate, error) {
	pool, err := s.store.ExpertsOfPool(ctx, c.dept.ID)
	if err != nil {
		return nil, err
	}
	load, err := s.store.ExpertLoads(ctx, c.dept.ID)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, 0, len(pool))
	for _, e := range pool {
		out = append(out, Candidate{Expert: e, Load: load[e.ID],
			Conflicts: domain.ExpertConflicts(e, c.app.RegionCode, c.orgNames...),
			Assigned:  slices.ContainsFunc(c.assigned, func(x domain.Assignment) bool { return x.ExpertID == e.ID })})
	}
	return out, nil
}

// AssignExperts puts experts of the actor's pool on an application by
// hand. An expert with a conflict of interest may be chosen (the list warns
// of it; the department may know better), a disabled one or one already on
// it may not.
func (s *Service) AssignExperts(ctx context.Context, a domain.Actor, appID int64, expertIDs []int64) ([]domain.Assignment, error) {
	c, err := s.expertCase(ctx, a, appID)
	if err != nil {
		return nil, err
	}
	if c.blockedBy != "" {
		return nil, domain.Errorf(domain.Conflict, "%s", c.blockedBy)
	}
	if len(expertIDs) == 0 {
		return nil, fieldMessage("experts", "评审专家", "请至少选择一位专家。")
	}
	chosen, err := s.choose(ctx, c, expertIDs)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error { return s.addAssignments(ctx, tx, a, c, chosen) })
	if errors.Is(err, store.ErrDuplicate) {
		return nil, domain.Errorf(domain.Conflict, "所选专家已由他人分配到该申报，请刷新页面后再选择。")
	}
	if err != nil {
		return nil, err
	}
	return s.store.AssignmentsOfApp(ctx, appID, c.app.SubmittedAt, c.dept.Level)
}

// choose checks the chosen ids against the pool.
func (s *Service) choose(ctx context.Context, c expertCase, ids []int64) ([]domain.Expert, error) {
	cands, err := s.candidates(ctx, c)
	if err != nil {
		return nil, err
	}
	var out []domain.Expert
	for _, id := range ids {
		i := slices.IndexFunc(cands, func(x Candidate) bool { return x.ID == id })
		switch {
		case i < 0:
			return nil, fieldMessage("experts", "评审专家", "所选专家不在本部门专家库中。")
		case cands[i].Disabled:
			return nil, fieldMessage("experts", "评审专家", "专家“"+cands[i].Name+"”的账号已停用，不能分配。")
		case cands[i].Assigned:
			return nil, fieldMessage("experts", "评审专家", "专家“"+cands[i].Name+"”已分配到该申报。")
		}
		out = append(out, cands[i].Expert)
	}
	return out, nil
}

// addAssignments inserts the assignments, audits them and tells each
// expert.
func (s *Service) addAssignments(ctx context.Context, tx *store.Tx, a domain.Actor, c expertCase, es []domain.Expert) error {
	for _, e := range es {
		id, err := tx.AddAssignment(ctx, domain.Assignment{AppID: c.app.ID, RoundAt: c.app.SubmittedAt,
			Level: c.dept.Level, DeptID: c.dept.ID, ExpertID: e.ID, AssignedBy: a.ID})
		if err != nil {
			return err
		}
		if err := tx.Notify(ctx, []int64{e.ID}, c.app.ID, c.dept.Name+"请您评审“"+c.app.CarrierName+"”（"+
			c.app.RefNo+"）的申报材料。", "/expert/assignments/"+strconv.FormatInt(id, 10)); err != nil {
			return err
		}
		if err := audit(ctx, tx, a, "expert.assign", "application", c.app.ID, e.Login); err != nil {
			return err
		}
	}
	return nil
}

// RemoveAssignment takes an expert off an application while the sheet is
// not submitted (a submitted sheet is part of the record).
func (s *Service) RemoveAssignment(ctx context.Context, a domain.Actor, appID, assignmentID int64) error {
	c, err := s.expertCase(ctx, a, appID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(c.assigned, func(x domain.Assignment) bool { return x.ID == assignmentID })
	if i < 0 {
		return domain.ErrNotFound
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteAssignment(ctx, assignmentID); err != nil {
			return err
		}
		return audit(ctx, tx, a, "expert.unassign", "application", appID, c.assigned[i].ExpertName)
	})
	return say(err, store.ErrStale, "该专家已提交评分表，不能取消分配。")
}

func fieldMessage(field, label, msg string) error {
	fe := domain.FieldErrors{{Field: field, Label: label, Message: msg}}
	return fe.Err()
}
