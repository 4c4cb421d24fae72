package service

import (
	"context"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// What an expert sees and does: the applications assigned to them (the
// current submission's only), each read only and without the applicant's
// contact details, and the scoring sheet.

// ExpertTask is an assignment in the expert's list 我的评审任务.
type ExpertTask struct {
	domain.Assignment
	TypeCode string
	Carrier  string
	RefNo    string
	DeptName string
}

// MyAssignments lists the expert's assignments of current submissions,
// newest first; those of a submission since replaced are gone with it.
func (s *Service) MyAssignments(ctx context.Context, a domain.Actor) ([]ExpertTask, error) {
	if err := requireRole(a, domain.RoleExpert); err != nil {
		return nil, err
	}
	as, err := s.store.AssignmentsOfExpert(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	var out []ExpertTask
	for _, x := range as {
		app, err := s.store.ReviewApplication(ctx, x.AppID)
		if err != nil {
			return nil, err
		}
		if !app.SubmittedAt.Equal(x.RoundAt) {
			continue
		}
		d, err := s.store.Department(ctx, x.DeptID)
		if err != nil {
			return nil, err
		}
		out = append(out, ExpertTask{Assignment: x, TypeCode: app.TypeCode, Carrier: app.CarrierName, RefNo: app.RefNo, DeptName: d.Name})
	}
	return out, nil
}

// myAssignment loads one of the expert's current assignments; anyone
// else's, or one of a replaced submission, is NotFound.
func (s *Service) myAssignment(ctx context.Context, a domain.Actor, id int64) (domain.Assignment, domain.Application, error) {
	if a.Role != domain.RoleExpert {
		return domain.Assignment{}, domain.Application{}, domain.ErrNotFound
	}
	x, err := s.store.Assignment(ctx, id)
	if err != nil || x.ExpertID != a.ID {
		return domain.Assignment{}, domain.Application{}, domain.ErrNotFound
	}
	app, err := s.store.ReviewApplication(ctx, x.AppID)
	if err != nil || !app.SubmittedAt.Equal(x.RoundAt) {
		return domain.Assignment{}, domain.Application{}, domain.ErrNotFound
	}
	return x, app, nil
}

// ExpertView is an assignment's page: the 申报书 without contact details,
// its attachments, the 备案条件, and the sheet.
type ExpertView struct {
	Task       ExpertTask
	Version    domain.Version
	Doc        *docgen.Document
	Files      []domain.AppFile
	Conditions []form.CondResult
	Sheet      domain.ScoreSheet // the round's; a submitted sheet shows its own
	// Closed says why the sheet can no longer be filled ("" while it can).
	Closed string
}

// ExpertReview gathers an assignment's page for its expert.
func (s *Service) ExpertReview(ctx context.Context, a domain.Actor, id int64) (ExpertView, error) {
	x, app, err := s.myAssignment(ctx, a, id)
	if err != nil {
		return ExpertView{}, err
	}
	d, err := s.store.Department(ctx, x.DeptID)
	if err != nil {
		return ExpertView{}, err
	}
	v := ExpertView{Task: ExpertTask{Assignment: x, TypeCode: app.TypeCode, Carrier: app.CarrierName, RefNo: app.RefNo, DeptName: d.Name},
		Closed: sheetClosed(x, app)}
	snap, ver, err := s.expertSnapshot(ctx, app)
	if err != nil {
		return v, err
	}
	v.Version, v.Files = ver, snap.Files
	if v.Doc, err = s.content(snap, ver.Code); err != nil {
		return v, err
	}
	if fa, err := snap.app(); err == nil {
		v.Conditions = fa.Conditions()
	}
	v.Sheet = x.Criteria
	if !x.Submitted() {
		rs, err := roundSheet(ctx, s.store, app.RoundID)
		if err != nil {
			return v, err
		}
		v.Sheet = rs.Sheet
	}
	return v, nil
}

// sheetClosed says why an assignment's sheet may no longer change.
func sheetClosed(x domain.Assignment, app domain.Application) string {
	switch {
	case x.Recused:
		return "您已声明回避，无需评分。"
	case x.Submitted():
		return "评分表已提交，不能再修改。"
	case app.Status.AtLevel() != x.Level:
		return "该申报已离开评审环节（当前为“" + app.StatusLabel() + "”），评分表不能再填写。"
	}
	return ""
}

// expertSnapshot is the submitted snapshot with the applicant's contact
// details hidden (form.Field.Contact): experts judge the application, the
// department deals with the applicant.
func (s *Service) expertSnapshot(ctx context.Context, app domain.Application) (snapshot, domain.Version, error) {
	snap, v, err := s.submittedSnapshot(ctx, app.ID, app.SubmittedVersion)
	if err != nil {
		return snap, v, err
	}
	t := form.TypeOf(snap.Type)
	if t == nil {
		return snap, v, domain.Errorf(domain.Internal, "unknown application type %q", snap.Type)
	}
	sections, tables := t.ContactFields()
	for sec, keys := range sections {
		hide(snap.Sections[sec], keys)
	}
	for tb, keys := range tables {
		for _, r := range snap.Rows[tb] {
			hide(r.Data, keys)
		}
	}
	return snap, v, nil
}

// Hidden stands where a contact detail was, so the expert sees that it
// exists and why it is not shown.
const Hidden = "（不向评审专家显示）"

func hide(v domain.Values, keys []string) {
	for _, k := range keys {
		if v != nil && v[k] != "" {
			v[k] = Hidden
		}
	}
}

// ExpertFile opens an attachment of the assigned submission.
func (s *Service) ExpertFile(ctx context.Context, a domain.Actor, id, fileID int64) (domain.Attachment, io.ReadCloser, error) {
	_, app, err := s.myAssignment(ctx, a, id)
	if err != nil {
		return domain.Attachment{}, nil, err
	}
	return s.submittedFile(ctx, app, fileID)
}

// ExpertPDF prints the assigned submission for its expert: the same 申报书
// with the same 版本号, its contact details hidden. It is rendered on
// request (the stored PDF carries them), within the service's render limit.
func (s *Service) ExpertPDF(ctx context.Context, a domain.Actor, id int64, baseURL string) ([]byte, domain.Version, error) {
	_, app, err := s.myAssignment(ctx, a, id)
	if err != nil {
		return nil, domain.Version{}, err
	}
	snap, v, err := s.expertSnapshot(ctx, app)
	if err != nil {
		return nil, v, err
	}
	select {
	case s.renders <- struct{}{}:
		defer func() { <-s.renders }()
	case <-ctx.Done():
		return nil, v, domain.Errorf(domain.TooMany, "生成申报书的人数较多，请稍后再试。")
	}
	pdf, _, err := s.render(ctx, snap, v.Code, baseURL)
	return pdf, v, err
}

// SheetInput is the scoring sheet form: each criterion's score as typed,
// the comment, the revision the page showed, and whether to submit.
type SheetInput struct {
	Scores   map[string]string
	Comment  string
	Revision int64
	Submit   bool
}

// MaxSheetComment is the longest 评审意见, in characters: short enough
// that 转为意见 ("专家意见：" and the comment) fits in a remark (maxRemark).
const MaxSheetComment = 990

// SaveSheet keeps the expert's sheet as a draft, or submits it: complete,
// each score within its criterion. After submission it is read only. A
// save over someone's newer one (the same expert in two tabs) is a
// conflict, never a silent overwrite.
func (s *Service) SaveSheet(ctx context.Context, a domain.Actor, id int64, in SheetInput) (domain.Assignment, error) {
	x, app, err := s.myAssignment(ctx, a, id)
	if err != nil {
		return x, err
	}
	if why := sheetClosed(x, app); why != "" {
		return x, domain.Errorf(domain.Conflict, "%s", why)
	}
	rs, err := roundSheet(ctx, s.store, app.RoundID)
	if err != nil {
		return x, err
	}
	w, err := sheetWrite(rs.Sheet, in)
	if err != nil {
		return x, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveSheet(ctx, id, in.Revision, w); err != nil {
			return err
		}
		if !in.Submit {
			return nil
		}
		return audit(ctx, tx, a, "expert.submit", "application", app.ID, domain.FormatScore(w.Total))
	})
	if err != nil {
		return x, say(err, store.ErrStale, "评分表已在其他页面保存或提交，请刷新页面后再填写（本页填写的内容保留在下方）。")
	}
	if in.Submit {
		s.tellDepartment(ctx, x, app, a.Name+"已提交“"+app.CarrierName+"”的专家评分表。")
	}
	return s.store.Assignment(ctx, id)
}

// sheetWrite checks the form against the sheet.
func sheetWrite(sheet domain.ScoreSheet, in SheetInput) (store.SheetWrite, error) {
	w := store.SheetWrite{Scores: map[string]string{}, Comment: strings.TrimSpace(in.Comment), Submit: in.Submit}
	for _, c := range sheet {
		if v := strings.TrimSpace(in.Scores[c.Key]); v != "" {
			w.Scores[c.Key] = v
		}
	}
	total, err := sheet.SheetScores(w.Scores, in.Submit)
	fe := domain.FieldsOf(err)
	if utf8.RuneCountInString(w.Comment) > MaxSheetComment {
		fe.Add("comment", "评审意见", "评审意见不能超过"+strconv.Itoa(MaxSheetComment)+"字。")
	} else if in.Submit && w.Comment == "" {
		fe.Add("comment", "评审意见", "提交前请填写评审意见。")
	}
	if err := fe.Err(); err != nil {
		return w, err
	}
	w.Total = total
	if in.Submit {
		w.Criteria = sheet
	}
	return w, nil
}

// Recuse records the expert's 回避 with its reason: the assignment stops
// counting and the department is told, to assign another.
func (s *Service) Recuse(ctx context.Context, a domain.Actor, id int64, reason string, rev int64) error {
	x, app, err := s.myAssignment(ctx, a, id)
	if err != nil {
		return err
	}
	if why := sheetClosed(x, app); why != "" {
		return domain.Errorf(domain.Conflict, "%s", why)
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n == 0 || n > 500 {
		return fieldMessage("reason", "回避理由", "请填写回避理由，不超过500字。")
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.Recuse(ctx, id, rev, reason); err != nil {
			return err
		}
		return audit(ctx, tx, a, "expert.recuse", "application", app.ID, reason)
	})
	if err != nil {
		return say(err, store.ErrStale, "评分表已在其他页面保存或提交，请刷新页面后再操作。")
	}
	s.tellDepartment(ctx, x, app, a.Name+"对“"+app.CarrierName+"”（"+app.RefNo+"）声明回避，理由："+
		reason+"。请另行分配专家。")
	return nil
}

// tellDepartment notifies the reviewers of the assignment's department.
func (s *Service) tellDepartment(ctx context.Context, x domain.Assignment, app domain.Application, text string) {
	ctx = context.WithoutCancel(ctx)
	ids, err := s.store.DepartmentReviewers(ctx, x.DeptID)
	if err != nil {
		s.log.Error("notify department", "app", app.ID, "err", err)
		return
	}
	s.notify(ctx, ids, app.ID, sentence(text), "/review/"+strconv.FormatInt(app.ID, 10)+"#experts")
}
