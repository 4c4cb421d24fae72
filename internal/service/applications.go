package service

import (
	"cmp"
	"context"
	"strings"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// Applications lists the actor's organisation's applications.
func (s *Service) Applications(ctx context.Context, a domain.Actor) ([]domain.Application, error) {
	if err := requireCertified(a); err != nil {
		return nil, err
	}
	return s.store.ApplicationsOfOrg(ctx, a.OrgID)
}

// OpenRounds lists the rounds of a type that accept new applications today.
func (s *Service) OpenRounds(ctx context.Context, typeCode string) ([]domain.Round, error) {
	all, err := s.store.Rounds(ctx, typeCode)
	if err != nil {
		return nil, err
	}
	var out []domain.Round
	for _, r := range all {
		if !s.roundClosed(r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// CreateApplication starts an application in a round for one of the
// organisation's carriers of a kind the round's type accepts (a 众创空间 for
// 众创空间国家备案, a 孵化器 for 认定). An organisation has at most one per
// carrier and round.
func (s *Service) CreateApplication(ctx context.Context, a domain.Actor, carrierID, roundID int64) (int64, error) {
	return s.CreateApplicationOf(ctx, a, "", carrierID, roundID)
}

// CreateApplicationOf is CreateApplication from a page of one type
// (typeCode; "" takes the round's): the round must be of that type, and
// when nothing is chosen the messages name what the type applies for.
func (s *Service) CreateApplicationOf(
	ctx context.Context,
	a domain.Actor,
	typeCode string,
	carrierID, roundID int64,
) (int64, error) {
	if err := requireCertified(a); err != nil {
		return 0, err
	}
	r, rerr := s.store.Round(ctx, roundID)
	t := form.TypeOf(typeCode)
	if t == nil && rerr == nil {
		t = form.TypeOf(r.TypeCode)
	}
	if t == nil {
		t = form.Types()[0]
	}
	var fe domain.FieldErrors
	c, cerr := s.store.Carrier(ctx, a.OrgID, carrierID)
	switch {
	case cerr != nil:
		fe.Add("carrier", "载体", "请选择本单位运营的"+t.CarrierNoun+"。")
	case !t.Accepts(c.Kind):
		fe.Add("carrier", "载体", t.Service+"只能为"+t.CarrierNoun+"申报，"+c.Name+"是"+c.Kind.Label()+"。")
	}
	if rerr != nil || r.TypeCode != t.Code {
		fe.Add("round", "申报批次", "请选择申报批次。")
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.CreateApplication(
			ctx,
			domain.Application{OrgID: a.OrgID, CarrierID: c.ID, RoundID: r.ID,
				TypeCode: r.TypeCode, Status: domain.AppDraft, CreatedBy: a.ID, UpdatedBy: a.ID},
		)
		if err != nil {
			return say(err, store.ErrDuplicate, "该载体在本批次已有申报书。")
		}
		return audit(ctx, tx, a, "application.create", "application", id, c.Name+" "+r.Name)
	})
	return id, err
}

// carrierFacts starts 基础信息 with what the 载体 already says (所属区市,
// 地址, 开始运营时间), so nobody types it twice and the two cannot differ
// unless someone changes one on purpose. They are defaults, not a save:
// until the applicant saves 基础信息 it follows the 载体 and is 未开始.
func carrierFacts(c domain.Carrier) domain.Values {
	return clean(
		domain.Values{"region": c.RegionCode, "address": c.Address, "operating_since": c.StartedOn},
	)
}

// designationFacts starts the fields of a type that asks for a
// designation (免税: 机构类型, 认定文号, 认定日期) with what Hatch itself
// recorded when it 备案 or 认定 the carrier, so they are not typed again.
func (s *Service) designationFacts(ctx context.Context, v *AppView, into domain.Values) error {
	f := v.Type.Designation
	if f == nil {
		return nil
	}
	d, ok, err := s.store.DesignationOf(ctx, v.App.OrgID, v.App.CarrierID)
	if err != nil || !ok {
		return domain.Wrap(err, "load designation")
	}
	made := form.TypeOf(d.TypeCode)
	if made == nil || made.Designates == "" {
		return nil
	}
	// The designation dates from the document that published it; until
	// 火炬中心 enters that, from the day of the decision.
	into[f.Kind], into[f.On] = made.Designates, cmp.Or(d.ResultOn, clock.Date(d.On))
	if d.ResultNo != "" {
		into[f.No] = d.ResultNo
	}
	return nil
}

func fieldErr(field, label, msg string) error {
	return domain.FieldErrors{{Field: field, Label: label, Message: msg}}.Err()
}

// AppView is an application with everything its pages show: the round,
// the carrier, the rule engine's view, the task list and the conditions.
type AppView struct {
	App        domain.Application
	Round      domain.Round
	Carrier    domain.Carrier
	Type       *form.Type
	Form       *form.App
	Statuses   []form.Status
	Conditions []form.CondResult
	Issues     []form.Issue     // everything submission would refuse, found once
	Files      []domain.AppFile // every attachment of the application
	// Revisions are the sections' stored revisions (absent: never saved),
	// which a section's form posts back so that a later save by someone
	// else is a conflict.
	Revisions map[string]int64
	// Locked says why the content can no longer change ("" while it can),
	// so a page shows it read-only before anyone types.
	Locked string
	// Returned is the 退回修改 step that sent the application back, with
	// its remarks; set only while the application is returned.
	Returned *domain.ReviewStep
	Remarks  []domain.Remark
}

// RemarksAt returns the remarks of the return on one place: a section's
// own (table ""), or a row's (rowID), and of one field or of the whole.
func (v AppView) RemarksAt(section, table string, rowID int64, field string) []domain.Remark {
	var out []domain.Remark
	for _, r := range v.Remarks {
		if r.Table == table && r.Field == field &&
			(table == "" && r.Section == section || table != "" && r.RowID == rowID) {
			out = append(out, r)
		}
	}
	return out
}

// Application loads one of the actor's organisation's applications.
func (s *Service) Application(ctx context.Context, a domain.Actor, id int64) (AppView, error) {
	if err := requireCertified(a); err != nil {
		return AppView{}, err
	}
	app, err := s.store.Application(ctx, a.OrgID, id)
	if err != nil {
		return AppView{}, err
	}
	return s.view(ctx, app)
}

// view assembles an application's parts: one query per kind of data.
func (s *Service) view(ctx context.Context, app domain.Application) (AppView, error) {
	v := AppView{App: app, Type: form.TypeOf(app.TypeCode)}
	if v.Type == nil {
		return v, domain.Errorf(domain.Internal, "unknown application type %q", app.TypeCode)
	}
	var err error
	if v.Round, err = s.store.Round(ctx, app.RoundID); err != nil {
		return v, domain.Wrap(err, "load round")
	}
	if v.Carrier, err = s.store.Carrier(ctx, app.OrgID, app.CarrierID); err != nil {
		return v, domain.Wrap(err, "load carrier")
	}
	if err = s.loadForm(ctx, &v); err != nil {
		return v, err
	}
	if err := s.lockOf(app, v.Round); err != nil {
		v.Locked = domain.Message(err)
	}
	v.Issues = v.Form.Issues(true)
	v.Statuses, v.Conditions = v.Form.StatusesOf(v.Issues), v.Form.Conditions()
	if app.Status == domain.AppReturned {
		return v, s.returnedRemarks(ctx, &v)
	}
	return v, nil
}

// returnedRemarks finds the step that returned the application and the
// remarks sent with it.
func (s *Service) returnedRemarks(ctx context.Context, v *AppView) error {
	steps, err := s.store.Steps(ctx, v.App.ID)
	if err != nil {
		return err
	}
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Action == domain.ActReturn {
			v.Returned = &steps[i]
			break
		}
	}
	if v.Returned == nil {
		return nil
	}
	all, err := s.store.Remarks(ctx, v.App.ID, 0)
	_, all = forApplicant(steps, all)
	v.Returned.UserName = ""
	for _, r := range all {
		if r.StepID == v.Returned.ID {
			v.Remarks = append(v.Remarks, r)
		}
	}
	return err
}

// loadForm loads the values, rows and files of v's application into
// v.Form, v.Files and v.Revisions.
func (s *Service) loadForm(ctx context.Context, v *AppView) error {
	org, err := s.store.Org(ctx, v.App.OrgID)
	if err != nil {
		return domain.Wrap(err, "load org")
	}
	secs, err := s.store.Sections(ctx, v.App.ID)
	if err != nil {
		return domain.Wrap(err, "load sections")
	}
	rows, err := s.store.AllRows(ctx, v.App.ID)
	if err != nil {
		return domain.Wrap(err, "load rows")
	}
	if v.Files, err = s.store.AppFiles(ctx, v.App.ID); err != nil {
		return domain.Wrap(err, "load files")
	}
	values := make(map[string]domain.Values, len(secs))
	v.Revisions = make(map[string]int64, len(secs))
	for k, sec := range secs {
		values[k], v.Revisions[k] = sec.Data, sec.Revision
	}
	var defaulted map[string]bool
	if _, saved := secs["basic"]; !saved {
		values["basic"], defaulted = carrierFacts(v.Carrier), map[string]bool{"basic": true}
		if err := s.designationFacts(ctx, v, values["basic"]); err != nil {
			return err
		}
	}
	v.Form = form.NewApp(
		v.Type,
		form.DatesOf(v.Round, s.today()),
		form.Org{Name: org.Name, USCC: org.USCC, Rep: org.RepName},
		v.Carrier.Name,
		values,
		rows,
		v.Files,
	).WithParams(v.Round.Params)
	v.Form.Defaulted = defaulted
	return nil
}

// ConflictError is a save refused because someone saved the same section
// or row first. It carries what is stored now, so the page can show both
// versions and let the user keep either.
type ConflictError struct {
	Current  domain.Values
	Revision int64
}

func (e *ConflictError) Error() string {
	return "其他人已在您打开页面后修改并保存了这部分内容。"
}

// Unwrap makes a ConflictError a domain Conflict for status mapping.
func (e *ConflictError) Unwrap() error { return domain.Errorf(domain.Conflict, "%s", e.Error()) }

// Saved is the outcome of a save: the new revision, and the problems the
// saved values still have (a draft is saved with its problems).
type Saved struct {
	ID       int64
	Revision int64
	At       time.Time // when it was saved, on the system's clock
	Issues   []form.Issue
}

// clean drops keys with no value and strips NUL characters (PostgreSQL
// cannot store them and no user means to type one).
func clean(v domain.Values) domain.Values {
	out := domain.Values{}
	for k, val := range v {
		val = strings.ReplaceAll(val, "\x00", "")
		if strings.TrimSpace(val) != "" {
			out[k] = val
		}
	}
	return out
}

// refusedErr turns refused values into an Invalid error whose messages sit
// beside the offending fields.
func refusedErr(issues []form.Issue) error {
	var fe domain.FieldErrors
	for _, is := range issues {
		fe.Add(is.Field, is.Label, is.Message)
	}
	return &domain.Error{Kind: domain.Invalid, Message: "有不可填写的项目，未保存。", Fields: fe}
}
