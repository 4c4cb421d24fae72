package service

import (
	"context"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"hatch/internal/clock"
	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/region"
	"hatch/internal/store"
)

// reviewer loads the actor's department: only reviewers have one.
func (s *Service) reviewer(ctx context.Context, a domain.Actor) (domain.Department, error) {
	if a.Role != domain.RoleReviewer || a.DeptID == 0 {
		return domain.Department{}, domain.Errorf(domain.Forbidden, "只有审核部门的账号可以办理。")
	}
	return s.store.Department(ctx, a.DeptID)
}

// sees reports whether a department may see an application: a 市/区科技局
// those of its area that a city level reviews, a province those sent to it
// as 受理机构, 火炬中心 those that reached it. Everyone else's is NotFound,
// through every route.
func sees(d domain.Department, app domain.Application) bool {
	if app.SubmittedAt.IsZero() {
		return false
	}
	switch d.Level {
	case domain.LevelCity:
		return app.CityLevel && covers(d, app)
	case domain.LevelProvince:
		return covers(d, app)
	case domain.LevelTorch:
		return slices.Contains(domain.ReachedTorch(), app.Status)
	}
	return false
}

// covers reports whether an application lies in a department's area: a
// 市/区科技局's region, a province's 受理机构; 火炬中心's area is the country.
func covers(d domain.Department, app domain.Application) bool {
	switch d.Level {
	case domain.LevelCity:
		return d.RegionCode != "" && app.RegionCode != "" &&
			strings.HasPrefix(app.RegionCode, region.Prefix(d.RegionCode))
	case domain.LevelProvince:
		return app.AcceptorCode != "" && app.AcceptorCode == d.RegionCode
	}
	return d.Level == domain.LevelTorch
}

// reviewable loads an application a reviewer's department may see.
func (s *Service) reviewable(
	ctx context.Context,
	a domain.Actor,
	appID int64,
) (domain.Application, domain.Department, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return domain.Application{}, d, err
	}
	app, err := s.store.ReviewApplication(ctx, appID)
	if err != nil {
		return app, d, err
	}
	if !sees(d, app) {
		return app, d, domain.ErrNotFound
	}
	return app, d, nil
}

// ActionView is a button of the review page: the action, and why it
// cannot be taken now ("" when it can).
type ActionView struct {
	domain.Transition
	Blocked string
}

// ReviewView is the review page: the submitted 申报书 as the applicant
// sees it, its conditions, what changed since the previous submission, the
// log, the remarks and the actions the reviewer may take.
type ReviewView struct {
	App        domain.Application
	Dept       domain.Department
	Acceptor   domain.Acceptor
	Version    domain.Version
	Doc        *docgen.Document
	Files      []domain.AppFile
	Conditions []form.CondResult
	Diff       *Diff // nil for a first submission
	Steps      []domain.ReviewStep
	Remarks    []domain.Remark
	Actions    []ActionView
	Stages     []domain.Stage
	Paper      domain.Paper
	// PaperCheck is the latest 纸质材料核验 of the current submission;
	// nil before one.
	PaperCheck *domain.ReviewStep
	// Operator is the 运营主体 as the submitted 申报书 names it.
	Operator  string
	AtMyLevel bool
	// Notes are the department's own internal notes (notes.go).
	Notes []domain.Note
	// Withdraw is the department's last decision, while it is the last
	// decision at all (withdraw.go); nil otherwise.
	Withdraw *WithdrawView
	// StepFiles are the files uploaded with the log's steps, in its order.
	StepFiles []domain.StepFileRecord
}

// Review gathers the review page of an application.
func (s *Service) Review(ctx context.Context, a domain.Actor, appID int64) (ReviewView, error) {
	app, d, err := s.reviewable(ctx, a, appID)
	if err != nil {
		return ReviewView{}, err
	}
	rv := ReviewView{App: app, Dept: d, AtMyLevel: app.Status.AtLevel() == d.Level}
	if rv.Steps, err = s.store.Steps(ctx, appID); err != nil {
		return rv, err
	}
	if rv.StepFiles, err = s.store.StepFiles(ctx, appID); err != nil {
		return rv, err
	}
	if rv.Remarks, err = s.store.Remarks(ctx, appID, d.ID); err != nil {
		return rv, err
	}
	snap, v, err := s.submittedSnapshot(ctx, app.ID, app.SubmittedVersion)
	if err != nil {
		return rv, err
	}
	rv.Version, rv.Files, rv.Operator = v, snap.Files, snap.Org.Name
	if rv.Doc, err = s.content(snap, v.Code); err != nil {
		return rv, err
	}
	if fa, err := snap.app(); err == nil {
		rv.Conditions = fa.Conditions()
	}
	if rv.Diff, err = s.previousDiff(ctx, app, rv.Steps, rv.Doc); err != nil {
		return rv, err
	}
	rv.Acceptor, _ = s.acceptor(ctx, app)
	if rv.Stages, err = s.stages(ctx, app, rv.Acceptor, rv.Steps); err != nil {
		return rv, err
	}
	rv.Paper, rv.PaperCheck = domain.PaperOf(plainSteps(rv.Steps)), lastPaperCheck(rv.Steps)
	f := s.facts(app, rv.Steps)
	f.EditedSinceReturn = edited(app, v)
	if f.Experts, err = expertPanels(ctx, s.store, app); err != nil {
		return rv, err
	}
	rv.Actions, rv.Withdraw = s.actionViews(app, d, f), withdrawView(app.Chain(), d, rv.Steps, f)
	rv.Notes, err = s.store.Notes(ctx, appID, d.ID)
	return rv, err
}

func (s *Service) acceptor(ctx context.Context, app domain.Application) (domain.Acceptor, error) {
	list, err := s.store.Acceptors(ctx, app.RoundID)
	for _, x := range list {
		if x.Code == app.AcceptorCode {
			return x, err
		}
	}
	return domain.Acceptor{Code: app.AcceptorCode}, err
}

// submittedSnapshot reads a version's frozen data.
func (s *Service) submittedSnapshot(
	ctx context.Context,
	appID, versionID int64,
) (snapshot, domain.Version, error) {
	v, data, err := s.store.Version(ctx, appID, versionID)
	if err != nil {
		return snapshot{}, v, domain.Wrap(err, "load submitted version")
	}
	var snap snapshot
	return snap, v, domain.Wrap(json.Unmarshal(data, &snap), "decode snapshot")
}

// previousDiff compares the submitted version with the one submitted
// before it, if any.
func (s *Service) previousDiff(
	ctx context.Context,
	app domain.Application,
	steps []domain.ReviewStep,
	cur *docgen.Document,
) (*Diff, error) {
	var prev int64
	for _, st := range steps {
		if st.Action == domain.ActSubmit && st.VersionID != app.SubmittedVersion {
			prev = st.VersionID
		}
	}
	if prev == 0 {
		return nil, nil
	}
	snap, v, err := s.submittedSnapshot(ctx, app.ID, prev)
	if err != nil {
		return nil, err
	}
	old, err := s.content(snap, v.Code)
	if err != nil {
		return nil, err
	}
	d := Compare(old, cur)
	d.From = v.Code
	return &d, nil
}

// lastPaperCheck is the latest 纸质材料核验 since the latest 提交, or nil.
func lastPaperCheck(steps []domain.ReviewStep) *domain.ReviewStep {
	start := len(steps) - len(domain.CurrentRound(plainSteps(steps)))
	for i := len(steps) - 1; i >= start; i-- {
		if steps[i].Action == domain.ActPaperCheck {
			st := steps[i]
			return &st
		}
	}
	return nil
}

func plainSteps(list []domain.ReviewStep) []domain.Step {
	out := make([]domain.Step, len(list))
	for i, st := range list {
		out[i] = st.Step
	}
	return out
}

// actionViews lists the actions the department may take now, each with
// the reason it is blocked, if it is.
func (s *Service) actionViews(app domain.Application, d domain.Department, f domain.Facts) []ActionView {
	by := domain.By{Role: domain.RoleReviewer, Level: d.Level}
	var out []ActionView
	c := app.Chain()
	for _, t := range c.Actions(app.Status, by, app.CityLevel) {
		av := ActionView{Transition: t}
		if err := c.Allowed(app.Status, t.Action, by, f); err != nil {
			av.Blocked = domain.Message(err)
		}
		out = append(out, av)
	}
	return out
}

// facts are what the guards judge on: the log without withdrawn decisions.
// EditedSinceReturn is the caller's, since it needs the submitted version.
func (s *Service) facts(app domain.Application, steps []domain.ReviewStep) domain.Facts {
	log := domain.Effective(plainSteps(steps))
	f := domain.Facts{CityLevel: app.CityLevel, Paper: domain.PaperOf(log), Review: domain.ReviewOf(log),
		Today: clock.Date(s.now())}
	for _, st := range steps {
		if st.Action == domain.ActSubmit {
			f.SubmittedVersion = st.Version
		}
	}
	return f
}

// ActInput is a reviewer's decision or record.
type ActInput struct {
	Action     domain.Action
	Status     domain.AppStatus // the status the page showed; another means someone acted first
	Comment    string
	Version    string
	Score      string
	PublicFrom string
	PublicTo   string
	// 纸质材料核验's register entry: 收到日期 (YYYY-MM-DD, "" for today),
	// 收到份数 ("" for the 一式 N 份 required) and 签收人 ("" for the reviewer).
	ReceivedOn string
	Copies     string
	Receiver   string
	// Drafts is what to do with the department's draft remarks when the
	// decision moves the application: they are never sent without asking.
	Drafts DraftChoice
	// DraftIDs are the drafts the page listed with the choice; another set
	// now means a colleague added or deleted one meanwhile.
	DraftIDs []int64
	// Files are the files chosen for the step's slots (step_files.go).
	Files []StepUpload
	// NoFiles: the caller cannot send files (the JSON API); a step that
	// requires some is refused with where to take it instead.
	NoFiles bool
}

// DraftChoice is the reviewer's answer about the draft remarks.
type DraftChoice string

// The choices; "" when none was made.
const (
	DraftsSend DraftChoice = "send" // 随本次决定发送
	DraftsKeep DraftChoice = "keep" // 保留为草稿
)

func (in ActInput) domainInput() (domain.Input, error) {
	out := domain.Input{
		Comment:    strings.TrimSpace(in.Comment),
		Version:    strings.TrimSpace(in.Version),
		PublicFrom: strings.TrimSpace(in.PublicFrom),
		PublicTo:   strings.TrimSpace(in.PublicTo),
	}
	if n := NormalizeVersionCode(out.Version); n != "" {
		out.Version = n
	}
	if sc := strings.TrimSpace(in.Score); sc != "" {
		x, err := strconv.ParseFloat(sc, 64)
		if err != nil {
			var fe domain.FieldErrors
			fe.Add("score", "评审分数", "评审分数应为 0 至 100 之间的数，例如 86.5。")
			return out, fe.Err()
		}
		out.Score = &x
	}
	return out, nil
}

// Acted is a step just taken, as the log will show it: with the time it
// was recorded, how many of the department's draft remarks it sent and the
// chain that names it.
type Acted struct {
	domain.ReviewStep
	Remarks int
	Chain   *domain.Chain // the application's: it names the step and the state
}

// actingOn loads an application a reviewer acts on, as reviewable does,
// and refuses the action when the status the page showed (seen; "" when
// the caller showed none) is no longer the application's: someone acted
// first.
func (s *Service) actingOn(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	seen domain.AppStatus,
) (domain.Application, domain.Department, error) {
	app, d, err := s.reviewable(ctx, a, appID)
	if err == nil && seen != "" && seen != app.Status {
		err = domain.Errorf(domain.Conflict, "该申报的状态已变为“%s”，请刷新页面后再办理。", app.StatusLabel())
	}
	return app, d, err
}

// Act takes a reviewer's action on an application: the workflow decides
// whether it may be taken and what it records; the step goes to the log,
// the department's draft remarks are sent with it, and the applicant and
// the next department are told.
func (s *Service) Act(ctx context.Context, a domain.Actor, appID int64, in ActInput) (Acted, error) {
	app, d, err := s.actingOn(ctx, a, appID, in.Status)
	if err != nil {
		return Acted{}, err
	}
	input, err := in.domainInput()
	if err != nil {
		return Acted{}, err
	}
	if in.Action == domain.ActPublicity {
		if err := s.checkPublicity(ctx, input); err != nil {
			return Acted{}, err
		}
	}
	if in.Action == domain.ActPaperCheck {
		if input.Receipt, err = s.receipt(ctx, a, app, in); err != nil {
			return Acted{}, err
		}
	}
	input.Files = in.FileCounts()
	saved, err := s.checkStepInput(ctx, app, domain.By{Role: a.Role, Level: d.Level}, in, input)
	if err != nil {
		return Acted{}, err
	}
	var rs domain.ReviewStep
	var sent int64
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if rs, sent, err = s.recordStep(ctx, tx, a, d, app, in, input); err != nil {
			return err
		}
		return addStepFiles(ctx, tx, a, rs, saved)
	})
	if err != nil {
		s.discardStepBlobs(ctx, saved)
		return Acted{}, err
	}
	app.Status = rs.To
	if s.tellsApplicant(ctx, rs) {
		s.notifyStep(ctx, app, rs.Step, d.Name, sent)
	}
	return Acted{ReviewStep: rs, Remarks: int(sent), Chain: app.Chain()}, nil
}

// recordStep takes action on the application inside tx, as the workflow
// allows it given the log so far: it moves the status, logs the step and,
// with a decision, sends the department's draft remarks if the reviewer
// chose to (how many: sent).
func (s *Service) recordStep(ctx context.Context, tx *store.Tx, a domain.Actor, d domain.Department,
	app domain.Application, in ActInput, input domain.Input) (domain.ReviewStep, int64, error) {
	steps, err := tx.Steps(ctx, app.ID)
	if err != nil {
		return domain.ReviewStep{}, 0, err
	}
	by := domain.By{Role: a.Role, Level: d.Level}
	f := s.facts(app, steps)
	if f.Experts, err = expertPanels(ctx, tx, app); err != nil {
		return domain.ReviewStep{}, 0, err
	}
	step, err := app.Chain().Next(app.Status, in.Action, by, f, input)
	if err != nil {
		return domain.ReviewStep{}, 0, err
	}
	if err := s.checkQuota(ctx, tx, app, step); err != nil {
		return domain.ReviewStep{}, 0, err
	}
	var drafts []int64
	if step.Moved() {
		if drafts, err = checkDrafts(ctx, tx, app.ID, d.ID, in); err != nil {
			return domain.ReviewStep{}, 0, err
		}
		if err := tx.SetStatus(ctx, app.ID, step.From, step.To); err != nil {
			return domain.ReviewStep{}, 0, say(err, store.ErrStale, msgStaleStep)
		}
	}
	rs := domain.ReviewStep{Step: step, AppID: app.ID, UserID: a.ID, UserName: a.Name, DeptID: d.ID,
		DeptName: d.Name}
	if rs.ID, err = tx.AddStep(ctx, rs); err != nil {
		return rs, 0, err
	}
	rs.At = tx.Now()
	// Drafts go with a decision when the reviewer chose so; a recorded
	// check or score leaves them with the department.
	var sent int64
	if len(drafts) > 0 && in.Drafts == DraftsSend {
		if sent, err = tx.SendRemarks(ctx, app.ID, d.ID, rs.ID); err != nil {
			return rs, 0, err
		}
	}
	err = audit(ctx, tx, a, "review."+string(step.Action), "application", app.ID, app.Chain().StepLabel(step)+" "+step.Comment)
	return rs, sent, err
}

// checkDrafts holds a decision until the reviewer has said what becomes of
// the department's draft remarks, and has seen the drafts there are now:
// sending remarks nobody looked at would tell the applicant what the
// department had not decided to say.
func checkDrafts(ctx context.Context, tx *store.Tx, appID, deptID int64, in ActInput) ([]int64, error) {
	drafts, err := tx.DraftRemarkIDs(ctx, appID, deptID)
	if err != nil {
		return nil, err
	}
	if len(drafts) > 0 && in.Drafts != DraftsSend && in.Drafts != DraftsKeep {
		var fe domain.FieldErrors
		fe.Add("drafts", "意见草稿", "本部门有 "+strconv.Itoa(len(drafts))+
			" 条意见草稿，请选择随本次决定发送，或保留为草稿。")
		return nil, fe.Err()
	}
	asked := slices.Clone(in.DraftIDs)
	slices.Sort(asked)
	if !slices.Equal(slices.Compact(asked), drafts) {
		return nil, domain.Errorf(domain.Conflict, "意见草稿已变化，请核对后再办理。")
	}
	return drafts, nil
}

// ReviewFile opens an attachment of the submitted version for a reviewer.
func (s *Service) ReviewFile(
	ctx context.Context,
	a domain.Actor,
	appID, fileID int64,
) (domain.Attachment, io.ReadCloser, error) {
	app, _, err := s.reviewable(ctx, a, appID)
	if err != nil {
		return domain.Attachment{}, nil, err
	}
	return s.submittedFile(ctx, app, fileID)
}

// submittedFile opens a file of an application's submitted version; any
// other file is NotFound.
func (s *Service) submittedFile(
	ctx context.Context,
	app domain.Application,
	fileID int64,
) (domain.Attachment, io.ReadCloser, error) {
	snap, _, err := s.submittedSnapshot(ctx, app.ID, app.SubmittedVersion)
	if err != nil {
		return domain.Attachment{}, nil, err
	}
	for _, f := range snap.Files {
		if f.ID == fileID {
			return s.openAttachment(ctx, f.AttachmentID)
		}
	}
	return domain.Attachment{}, nil, domain.ErrNotFound
}

func (s *Service) openAttachment(
	ctx context.Context,
	id int64,
) (domain.Attachment, io.ReadCloser, error) {
	att, err := s.store.Attachment(ctx, id)
	if err != nil {
		return att, nil, err
	}
	rc, err := s.blobs.Open(ctx, att.BlobKey)
	return att, rc, domain.Wrap(err, "open attachment")
}

// ReviewPDF opens the submitted version's PDF for a reviewer.
func (s *Service) ReviewPDF(
	ctx context.Context,
	a domain.Actor,
	appID int64,
) (domain.Version, io.ReadCloser, error) {
	app, _, err := s.reviewable(ctx, a, appID)
	if err != nil {
		return domain.Version{}, nil, err
	}
	v, _, err := s.store.Version(ctx, appID, app.SubmittedVersion)
	if err != nil {
		return v, nil, err
	}
	rc, err := s.blobs.Open(ctx, v.BlobKey)
	return v, rc, domain.Wrap(err, "open 申报书")
}

// tellsApplicant reports whether the applicant hears of a recorded step
// (domain.TellsApplicant): a decision always; a record only when it is the
// round's first paper check, read from the log as it now stands.
func (s *Service) tellsApplicant(ctx context.Context, rs domain.ReviewStep) bool {
	if rs.Moved() {
		return true
	}
	steps, err := s.store.Steps(ctx, rs.AppID)
	if err != nil {
		s.log.Error("read steps for a notice", "app", rs.AppID, "err", err)
		return false
	}
	return domain.TellsApplicant(plainSteps(steps))
}
