package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// The review page of one application: the submitted 申报书 with remarks
// (review_document.go), the 备案条件, what changed since the previous
// submission, the 办理 forms and the log.

// reviewPage is the review of one application.
type reviewPage struct {
	Page
	V          service.ReviewView
	Operator   string
	Stages     []domain.Stage
	Forms      []actionForm
	Paper      *paperView // nil when the department has no paper check to show
	Conditions []condView
	Parts      []docPart
	Drafts     []remarkView
	Unplaced   []remarkView // remarks whose place is no longer in the document
	Steps      []stepView
	Experts    *service.ExpertPanelView // the 专家评审 panel; nil for a city
	// The remark form that failed, to reopen with its text.
	RemarkKey   string
	RemarkText  string
	RemarkField string
	// Internal notes (review_decisions.go), and the note form that failed.
	Notes        []noteView
	NoteSections []sectionOption
	NoteIn       service.NoteInput
	// The 撤回 form's reason when it failed; the decisions a 撤回 undid.
	WithdrawReason string
	Withdrawn      map[int64]domain.ReviewStep
	// Pairs are the previous return's remarks with the changes they caused.
	Pairs []pairing
}

// actionForm is one 办理 form: an action the department may take now, with
// what was typed when it failed.
type actionForm struct {
	service.ActionView
	ID                                        string
	Comment, Version, Score, DateFrom, DateTo string
	ReceivedOn, Copies, Receiver              string // 纸质材料核验's register entry
	Failed                                    bool
	Drafts                                    service.DraftChoice // the choice typed when it failed
	chosen                                    map[string]int      // files chosen per slot when it failed
	Limits                                    string              // the file inputs' hint
}

// AsksDrafts reports whether the form must ask about the draft remarks: a
// decision that moves the application would send them.
func (f actionForm) AsksDrafts() bool { return f.Moves() }

// IsVersion, IsScore and IsDates say which record the action carries.
func (f actionForm) IsVersion() bool { return f.Record == domain.RecordVersion }
func (f actionForm) IsScore() bool   { return f.Record == domain.RecordScore }
func (f actionForm) IsDates() bool   { return f.Record == domain.RecordDates }

// Style is the button's look: the main decision, a record or return, or a
// final refusal.
func (f actionForm) Style() string {
	switch f.Action {
	case domain.ActReject, domain.ActFormalFail, domain.ActNotFile:
		return "button-danger"
	case domain.ActRecommend, domain.ActFormalPass, domain.ActFile:
		return ""
	}
	return "button-secondary"
}

// paperView is the latest 纸质材料核验 of the current round.
type paperView struct {
	State     domain.Paper
	Label     string
	Typed     string
	Submitted string
	By, At    string
}

func (p paperView) Mismatch() bool { return p.State == domain.PaperMismatched }
func (p paperView) Matched() bool  { return p.State == domain.PaperMatched }

// remarkView is a remark with the department and date it was sent.
type remarkView struct {
	domain.Remark
	Dept   string
	SentAt time.Time
	Column string // for a row's remark on one cell: the column
}

// Draft reports whether the remark waits to be sent with the next decision.
func (r remarkView) Draft() bool { return r.StepID == 0 }

// Anchor is where the remark's place is shown on the page.
func (r remarkView) Anchor() string {
	return spotAnchor(
		service.RemarkInput{Section: r.Section, Table: r.Table, RowID: r.RowID, Field: r.Field},
	)
}

// stepView is an entry of the 审核记录 with the remarks sent with it.
type stepView struct {
	domain.ReviewStep
	Remarks []remarkView
	// Files are the files uploaded with the step (审核附件).
	Files []stepFileView
	// Withdrawn: a 撤回 undid this decision. Undid names the decision a
	// 撤回 step undid.
	Withdrawn bool
	Undid     string
	// The step, its comment and its states as the application's chain
	// names them.
	Label, CommentLabel, FromLabel, ToLabel string
}

// Who is the party that took the step: the department, or the applicant.
func (s stepView) Who() string {
	if s.DeptName != "" {
		return s.DeptName
	}
	return "申报单位"
}

// reviewState is what a failed form leaves for the page: the error and the
// input to keep.
type reviewState struct {
	err      error
	act      *service.ActInput
	remark   *service.RemarkInput
	withdraw *service.WithdrawInput
	note     *service.NoteInput
}

func (s *Server) handleReview(w http.ResponseWriter, r *http.Request) {
	s.renderReview(w, r, http.StatusOK, reviewState{})
}

func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, code int, st reviewState) {
	v, err := s.svc.Review(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := v.App.CarrierName + " · 审核"
	p := reviewPage{
		Page:     s.page(w, r, title, "workbench"),
		V:        v,
		Stages:   v.Stages,
		Operator: v.Operator,
	}
	remarks := remarkViews(v)
	p.Steps = stepViews(v, remarks)
	p.Forms = actionForms(v, st.act)
	for i := range p.Forms {
		p.Forms[i].Limits = s.stepFileLimits()
	}
	s.prefillReceipt(r, v, p.Forms)
	p.Paper = paperOf(v)
	for _, c := range v.Conditions {
		p.Conditions = append(p.Conditions, reviewCond(v, c))
	}
	p.Parts, p.Unplaced = docParts(v, remarks)
	p.Experts = s.expertPanelOf(r, v)
	for _, rv := range remarks {
		if rv.Draft() {
			p.Drafts = append(p.Drafts, rv)
		}
	}
	p.Notes, p.NoteSections = notesOf(v)
	p.Withdrawn, p.Pairs = withdrawn(v.Steps), pairings(v, remarks)
	if st.err == nil {
		p.RemarkKey = r.URL.Query().Get("remark") // a row's 添加意见 link opens its form
	}
	if st.err != nil {
		p.Message = domain.Message(st.err)
		prefix := ""
		switch {
		case st.act != nil:
			prefix = actionID(st.act.Action) + "-"
		case st.withdraw != nil:
			p.WithdrawReason, prefix = st.withdraw.Reason, "withdraw-"
		case st.note != nil:
			p.NoteIn = *st.note
		case st.remark != nil:
			p.RemarkKey, p.RemarkText, p.RemarkField = spotKey(
				*st.remark,
			), st.remark.Text, st.remark.Field
			prefix = p.RemarkKey + "-"
		}
		for _, fe := range domain.FieldsOf(st.err) {
			field := fe.Field
			if st.remark != nil {
				field = "text" // the place is chosen by the control, so its error goes beside the text
			}
			p.Errors.Add(prefix+field, fe.Label, fe.Message)
		}
	}
	s.render(w, r, code, "review", p)
}

func actionID(a domain.Action) string { return "act-" + string(a) }

func actionForms(v service.ReviewView, failed *service.ActInput) []actionForm {
	var out []actionForm
	for _, av := range v.Actions {
		f := actionForm{ActionView: av, ID: actionID(av.Action)}
		if failed != nil && failed.Action == av.Action {
			f.Failed = true
			f.Comment, f.Version, f.Score, f.DateFrom, f.DateTo = failed.Comment, failed.Version, failed.Score, failed.PublicFrom, failed.PublicTo
			f.ReceivedOn, f.Copies, f.Receiver = failed.ReceivedOn, failed.Copies, failed.Receiver
			f.Drafts = failed.Drafts
			f.chosen = failed.FileCounts()
		}
		out = append(out, f)
	}
	return out
}

// paperOf finds the latest paper check of the current round, for the
// province that checks or anyone reading the outcome.
func paperOf(v service.ReviewView) *paperView {
	show := slices.ContainsFunc(
		v.Actions,
		func(a service.ActionView) bool { return a.Action == domain.ActPaperCheck },
	)
	p := &paperView{State: v.Paper, Label: v.Paper.Label(), Submitted: v.Version.Code}
	if st := v.PaperCheck; st != nil {
		p.Typed, p.By, p.At = st.Version, st.DeptName+" "+st.UserName, clock.Minute(st.At)
		show = true
	}
	if !show {
		return nil
	}
	return p
}

// reviewCond is a 备案条件 of the submitted version, linked to its part of
// the document below.
func reviewCond(v service.ReviewView, c form.CondResult) condView {
	cv := condTag(c)
	if t := form.TypeOf(v.App.TypeCode); t != nil {
		if sec := t.Section(c.Link); sec != nil {
			cv.Href = "#part-" + sec.Key
		} else if tb := t.Table(c.Link); tb != nil {
			cv.Href = "#doc-table-" + tb.Key
		}
	}
	return cv
}

func remarkViews(v service.ReviewView) []remarkView {
	steps := map[int64]domain.ReviewStep{}
	for _, st := range v.Steps {
		steps[st.ID] = st
	}
	t := form.TypeOf(v.App.TypeCode)
	out := make([]remarkView, 0, len(v.Remarks))
	for _, r := range v.Remarks {
		rv := remarkView{Remark: r}
		if st, ok := steps[r.StepID]; ok {
			rv.Dept, rv.SentAt = st.DeptName, st.At
		}
		if t != nil && r.Table != "" && r.Field != "" {
			if tb := t.Table(r.Table); tb != nil {
				for i := range tb.Columns {
					if tb.Columns[i].Key == r.Field {
						rv.Column = tb.Columns[i].Label
					}
				}
			}
		}
		out = append(out, rv)
	}
	return out
}

func stepViews(v service.ReviewView, remarks []remarkView) []stepView {
	out := make([]stepView, 0, len(v.Steps))
	undone, byID, c, files := withdrawn(v.Steps), map[int64]domain.ReviewStep{}, v.App.Chain(), stepFilesOf(v)
	for _, st := range v.Steps {
		byID[st.ID] = st
	}
	for _, st := range v.Steps {
		_, gone := undone[st.ID]
		sv := stepView{ReviewStep: st, Withdrawn: gone, Label: c.StepLabel(st.Step), CommentLabel: c.CommentLabel(st.Step),
			FromLabel: c.StatusLabel(st.From), ToLabel: c.StatusLabel(st.To), Files: files[st.ID]}
		if d, ok := byID[st.Withdraws]; ok {
			sv.Undid = c.StepLabel(d.Step)
		}
		for _, r := range remarks {
			if r.StepID == st.ID {
				sv.Remarks = append(sv.Remarks, r)
			}
		}
		out = append(out, sv)
	}
	return out
}

// handleReviewAct takes a 办理 action from its form, with the files of
// its slots when it has some.
func (s *Server) handleReviewAct(w http.ResponseWriter, r *http.Request) {
	cleanup := parseUploadForm(r)
	defer cleanup()
	files, done := stepUploads(r)
	defer done()
	in := service.ActInput{
		Action: domain.Action(r.PostFormValue("action")),
		Status: domain.AppStatus(r.PostFormValue("status")),
		Comment: r.PostFormValue(
			"comment",
		),
		Version:    r.PostFormValue("version"),
		Score:      r.PostFormValue("score"),
		PublicFrom: r.PostFormValue("public_from"),
		PublicTo:   r.PostFormValue("public_to"),
		ReceivedOn: r.PostFormValue("received_on"),
		Copies:     r.PostFormValue("copies"),
		Receiver:   r.PostFormValue("receiver"),
		Drafts:     service.DraftChoice(r.PostFormValue("drafts")),
		DraftIDs:   formIDs(r, "draft"),
		Files:      files,
	}
	id := pathID(r)
	step, err := s.svc.Act(r.Context(), actor(r), id, in)
	if err != nil {
		s.formFailed(
			w,
			r,
			err,
			func(code int) { s.renderReview(w, r, code, reviewState{err: err, act: &in}) },
		)
		return
	}
	back := "/review/" + strconv.FormatInt(id, 10)
	switch {
	case step.Action == domain.ActPaperCheck && (!step.Matched || step.Receipt.Short()):
		setFlashKind(w, "warning", paperWarning(step.Step))
	case step.Moved():
		setFlash(w, "已办理“"+step.Chain.StepLabel(step.Step)+"”，该申报当前状态为“"+step.Chain.StatusLabel(step.To)+
			"”。申报单位已收到通知。"+sentNote(step.Remarks))
	default:
		setFlash(w, "已记录“"+step.Chain.StepLabel(step.Step)+"”。")
	}
	// To the top, where the message is: the 办理 panel is right below it.
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func remarkInputOf(r *http.Request) service.RemarkInput {
	row, _ := strconv.ParseInt(r.PostFormValue("row"), 10, 64)
	return service.RemarkInput{
		Section: r.PostFormValue("section"),
		Table:   r.PostFormValue("table"),
		RowID:   row,
		Field:   r.PostFormValue("field"),
		Text:    r.PostFormValue("text"),
	}
}

// handleRemarkAdd keeps a remark as a draft of the department.
func (s *Server) handleRemarkAdd(w http.ResponseWriter, r *http.Request) {
	in, id := remarkInputOf(r), pathID(r)
	asked := in // AddRemark may fill the section of a row's table
	if _, err := s.svc.AddRemark(r.Context(), actor(r), id, in); err != nil {
		s.formFailed(
			w,
			r,
			err,
			func(code int) { s.renderReview(w, r, code, reviewState{err: err, remark: &asked}) },
		)
		return
	}
	setFlash(w, "意见已保存为草稿（待发送），将在本部门办理时一并发送给申报单位。")
	http.Redirect(
		w,
		r,
		"/review/"+strconv.FormatInt(id, 10)+"#"+spotAnchor(asked),
		http.StatusSeeOther,
	)
}

// handleRemarkDelete removes a draft remark. One already sent (or deleted
// by a colleague) is a warning on the page, not a dead end.
func (s *Server) handleRemarkDelete(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	rid, _ := strconv.ParseInt(r.PathValue("remark"), 10, 64)
	err := s.svc.DeleteRemark(r.Context(), actor(r), id, rid)
	back := "/review/" + strconv.FormatInt(id, 10)
	if domain.KindOf(err) == domain.NotFound {
		if _, verr := s.svc.Review(r.Context(), actor(r), id); verr == nil {
			setFlashKind(w, "warning", "该条意见已发送或已被删除，未作更改。")
			http.Redirect(w, r, back+"#drafts", http.StatusSeeOther)
			return
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	setFlash(w, "已删除该条待发送的意见。")
	http.Redirect(w, r, back+"#drafts", http.StatusSeeOther)
}

// handleReviewFile sends an attachment of the submitted version.
func (s *Server) handleReviewFile(w http.ResponseWriter, r *http.Request) {
	fid, _ := strconv.ParseInt(r.PathValue("file"), 10, 64)
	att, rc, err := s.svc.ReviewFile(r.Context(), actor(r), pathID(r), fid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	s.sendAttachment(w, att, rc, inlineType(att.ContentType))
}

// handleReviewPDF sends the submitted 申报书, shown in the browser.
func (s *Server) handleReviewPDF(w http.ResponseWriter, r *http.Request) {
	v, rc, err := s.svc.ReviewPDF(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	s.send(w, versionDownload(v, true), rc)
}

// prefillReceipt fills the paper check's register entry as the form first
// shows it: received today, the 一式 N 份 the 受理机构 requires, signed for
// by the reviewer.
func (s *Server) prefillReceipt(r *http.Request, v service.ReviewView, forms []actionForm) {
	for i := range forms {
		if forms[i].IsVersion() && !forms[i].Failed {
			forms[i].ReceivedOn, forms[i].Receiver = s.svc.Today(), actor(r).Name
			if v.Acceptor.Copies > 0 {
				forms[i].Copies = strconv.Itoa(v.Acceptor.Copies)
			}
		}
	}
}

// paperWarning says what is wrong with a recorded paper copy: another
// version, or fewer copies than required.
func paperWarning(st domain.Step) string {
	var parts []string
	if !st.Matched {
		parts = append(parts, "录入的版本号 "+st.Version+" 与提交的版本号不一致")
	}
	if st.Receipt.Short() {
		parts = append(parts, fmt.Sprintf("收到 %d 份，少于要求的一式 %d 份（份数不足）", st.Receipt.Copies, st.Receipt.Required))
	}
	return "已登记纸质材料：" + strings.Join(parts, "；") + "。"
}

// sentNote says what became of the drafts with a decision.
func sentNote(n int) string {
	if n == 0 {
		return ""
	}
	return "随本次决定发送了 " + strconv.Itoa(n) + " 条意见。"
}

// formIDs reads a repeated id field; what is not a number is left out, so
// the set differs and the service reports the conflict.
func formIDs(r *http.Request, name string) []int64 {
	var out []int64
	for _, v := range r.PostForm[name] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
