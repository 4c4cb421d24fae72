package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"hatch/internal/clock"
	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// The reviewers' pages: the 工作台 (queue, filters, exports) and the review
// page of one application (the submitted 申报书 with remarks, the 备案条件,
// what changed since the previous submission, the 办理 forms and the log).

// statusTag is the colour of a status tag: in review blue, returned amber,
// filed green, ended without 备案 red.
func statusTag(st domain.AppStatus) string {
	switch {
	case st == domain.AppFiled:
		return "tag-green"
	case st == domain.AppReturned:
		return "tag-amber"
	case st.Final():
		return "tag-red"
	case st == domain.AppDraft:
		return "tag-grey"
	}
	return "tag-blue"
}

// ===== 工作台 =====

// queueForm is the 工作台's filters exactly as typed, for refilling them.
type queueForm struct {
	Status, Round, Area, HostType, Q string
	Page                             int
}

// queueInput is the 工作台's filters in the query.
func queueInput(r *http.Request) service.QueueInput {
	q := r.URL.Query()
	return service.QueueInput{Status: q.Get("status"), Round: q.Get("round"), Area: q.Get("area"),
		HostType: q.Get("host_type"), Search: q.Get("q"), Page: q.Get("page")}
}

// queueFormOf reads the filters from the query; values the department has
// no option for are dropped rather than searched for.
func queueFormOf(r *http.Request, o service.QueueOptions) (queueForm, service.QueueFilter) {
	qf, _ := o.Parse(queueInput(r))
	f := queueForm{Status: string(qf.Status), Area: qf.Area, HostType: qf.HostType, Q: qf.Search, Page: qf.Page}
	if qf.RoundID != 0 {
		f.Round = strconv.FormatInt(qf.RoundID, 10)
	}
	return f, qf
}

// values is the filter as a query, without the page; status only when
// withStatus.
func (f queueForm) values(withStatus bool) url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"round": f.Round, "area": f.Area, "host_type": f.HostType, "q": f.Q} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if withStatus && f.Status != "" {
		v.Set("status", f.Status)
	}
	return v
}

// Narrowed reports whether any filter besides the status is set.
func (f queueForm) Narrowed() bool {
	return f.Round != "" || f.Area != "" || f.HostType != "" || f.Q != ""
}

func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// statusTab is one tab of the 工作台: a status (or 全部) with its count.
type statusTab struct {
	Label   string
	Status  domain.AppStatus
	Count   int
	URL     string
	Current bool
	Waiting bool // the department's 待办
}

// workbenchPage is the reviewers' 工作台.
type workbenchPage struct {
	Page
	Queue        service.QueuePage
	Options      service.QueueOptions
	Form         queueForm
	Tabs         []statusTab
	PrevURL      string
	NextURL      string
	ExportURL    string
	RecommendURL string // "" when the department has no 推荐表
	ClearURL     string
}

func (s *Server) handleWorkbench(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	opts, err := s.svc.QueueOptions(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, qf := queueFormOf(r, opts)
	q, err := s.svc.QueueItems(ctx, a, qf)
	if err == nil && q.Page > q.Pages() {
		// A page beyond the end (the list shrank since): show the last one.
		qf.Page, f.Page = q.Pages(), q.Pages()
		q, err = s.svc.QueueItems(ctx, a, qf)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := workbenchPage{Page: s.page(w, r, "工作台", "workbench"), Queue: q, Options: opts, Form: f}
	base := f.values(false)
	p.Tabs = append(p.Tabs, statusTab{Label: "全部", Count: q.All, URL: withQuery("/workbench", base), Current: f.Status == ""})
	for _, st := range opts.Statuses {
		v := f.values(false)
		v.Set("status", string(st))
		p.Tabs = append(p.Tabs, statusTab{Label: st.Label(), Status: st, Count: q.Counts[st], URL: withQuery("/workbench", v),
			Current: f.Status == string(st), Waiting: opts.Waiting(st)})
	}
	page := func(n int) string {
		v := f.values(true)
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		return withQuery("/workbench", v)
	}
	if q.Page > 1 {
		p.PrevURL = page(q.Page - 1)
	}
	if q.Page < q.Pages() {
		p.NextURL = page(q.Page + 1)
	}
	p.ExportURL = withQuery("/workbench/export.xlsx", f.values(true))
	if q.Dept.Level != domain.LevelTorch {
		p.RecommendURL = withQuery("/workbench/recommend.xlsx", f.values(false))
	}
	p.ClearURL = withQuery("/workbench", url.Values{"status": {f.Status}})
	if f.Status == "" {
		p.ClearURL = "/workbench"
	}
	s.render(w, r, http.StatusOK, "workbench", p)
}

func (s *Server) handleWorkbenchExport(w http.ResponseWriter, r *http.Request) {
	s.sendExport(w, r, s.svc.ExportQueue)
}

func (s *Server) handleWorkbenchRecommend(w http.ResponseWriter, r *http.Request) {
	s.sendExport(w, r, s.svc.ExportRecommend)
}

type exporter func(ctx context.Context, a domain.Actor, f service.QueueFilter) ([]byte, string, error)

func (s *Server) sendExport(w http.ResponseWriter, r *http.Request, export exporter) {
	ctx, a := r.Context(), actor(r)
	opts, err := s.svc.QueueOptions(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, qf := queueFormOf(r, opts)
	data, name, err := export(ctx, a, qf)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendBytes(w, download{Name: name, Type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, data)
}

// ===== The review page =====

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
	// The remark form that failed, to reopen with its text.
	RemarkKey   string
	RemarkText  string
	RemarkField string
}

// actionForm is one 办理 form: an action the department may take now, with
// what was typed when it failed.
type actionForm struct {
	service.ActionView
	ID                                        string
	Comment, Version, Score, DateFrom, DateTo string
	Failed                                    bool
}

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
	return spotAnchor(service.RemarkInput{Section: r.Section, Table: r.Table, RowID: r.RowID, Field: r.Field})
}

// stepView is an entry of the 审核记录 with the remarks sent with it.
type stepView struct {
	domain.ReviewStep
	Remarks []remarkView
}

// Who is the party that took the step: the department, or the applicant.
func (s stepView) Who() string {
	if s.DeptName != "" {
		return s.DeptName
	}
	return "申报单位"
}

// remarkSpot is where a remark can be added: a part, a field or a row.
type remarkSpot struct {
	Key     string // the form's id prefix: rm-basic-address, rm-teams-12
	Anchor  string // the element to come back to
	Section string
	Table   string
	RowID   int64
	Field   string
	Label   string         // what it is, for screen readers
	Columns []columnOption // a row's columns, to aim at one
}

type columnOption struct{ Key, Label string }

// docPart is a part of the submitted 申报书 with its remarks.
type docPart struct {
	Key, Heading string
	Spot         *remarkSpot // nil when remarks cannot be placed here
	Remarks      []remarkView
	Texts        []docText
	Fields       []docField
	Notes        []string
	Tables       []docTable
}

type docText struct {
	docgen.Text
	Spot    *remarkSpot
	Remarks []remarkView
}

type docField struct {
	Label, Value string
	Spot         *remarkSpot
	Remarks      []remarkView
}

type docTable struct {
	Key, Title, Intro string
	Columns           []docgen.Column
	Rows              []docRow
}

type docRow struct {
	ID      int64
	Anchor  string
	Cells   []docCell
	Spot    *remarkSpot
	Remarks []remarkView
}

type docCell struct {
	Text, Href string
	NewTab     bool
}

// reviewState is what a failed form leaves for the page: the error and the
// input to keep.
type reviewState struct {
	err    error
	act    *service.ActInput
	remark *service.RemarkInput
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
	p := reviewPage{Page: s.page(w, r, title, "workbench"), V: v, Stages: domain.Progress(v.App.Status, v.App.CityLevel),
		Operator: v.Operator}
	remarks := remarkViews(v)
	p.Steps = stepViews(v, remarks)
	p.Forms = actionForms(v, st.act)
	p.Paper = paperOf(v)
	for _, c := range v.Conditions {
		p.Conditions = append(p.Conditions, reviewCond(v, c))
	}
	p.Parts, p.Unplaced = docParts(v, remarks)
	for _, rv := range remarks {
		if rv.Draft() {
			p.Drafts = append(p.Drafts, rv)
		}
	}
	if st.err == nil {
		p.RemarkKey = r.URL.Query().Get("remark") // a row's 添加意见 link opens its form
	}
	if st.err != nil {
		p.Message = domain.Message(st.err)
		prefix := ""
		switch {
		case st.act != nil:
			prefix = actionID(st.act.Action) + "-"
		case st.remark != nil:
			p.RemarkKey, p.RemarkText, p.RemarkField = spotKey(*st.remark), st.remark.Text, st.remark.Field
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
		}
		out = append(out, f)
	}
	return out
}

// paperOf finds the latest paper check of the current round, for the
// province that checks or anyone reading the outcome.
func paperOf(v service.ReviewView) *paperView {
	show := slices.ContainsFunc(v.Actions, func(a service.ActionView) bool { return a.Action == domain.ActPaperCheck })
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
	if t := form.Types[v.App.TypeCode]; t != nil {
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
	t := form.Types[v.App.TypeCode]
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
	for _, st := range v.Steps {
		sv := stepView{ReviewStep: st}
		for _, r := range remarks {
			if r.StepID == st.ID {
				sv.Remarks = append(sv.Remarks, r)
			}
		}
		out = append(out, sv)
	}
	return out
}

// spotKey names a remark control the way docParts does, so that a failed
// form can be found again.
func spotKey(in service.RemarkInput) string {
	switch {
	case in.Table != "":
		return "rm-" + in.Table + "-" + strconv.FormatInt(in.RowID, 10)
	case in.Field != "":
		return "rm-" + in.Section + "-" + in.Field
	}
	return "rm-" + in.Section
}

// spotAnchor is the element a remark's place is shown at.
func spotAnchor(in service.RemarkInput) string {
	switch {
	case in.Table != "":
		return "row-" + in.Table + "-" + strconv.FormatInt(in.RowID, 10)
	case in.Field != "":
		return "field-" + in.Section + "-" + in.Field
	}
	return "part-" + in.Section
}

// docParts lays out the submitted document like 核对申报信息, with a place
// for remarks on every field, text and table row: each line, text and row
// of the document names the field or row it shows.
func docParts(v service.ReviewView, remarks []remarkView) ([]docPart, []remarkView) {
	t := form.Types[v.App.TypeCode]
	pl := &remarkPlacer{remarks: remarks, placed: make([]bool, len(remarks))}
	var parts []docPart
	for _, part := range v.Doc.Parts {
		var sec *form.Section
		if t != nil {
			sec = t.Section(part.Key)
		}
		parts = append(parts, docPartOf(v, part, sec, pl))
	}
	return parts, pl.rest()
}

// docPartOf is one part of the document; sec is nil for the attachment
// index, which takes no remarks.
func docPartOf(v service.ReviewView, part docgen.Part, sec *form.Section, pl *remarkPlacer) docPart {
	dp := docPart{Key: part.Key, Heading: part.Heading, Notes: part.Notes}
	for _, l := range part.Fields {
		df := docField{Label: l.Label, Value: l.Value}
		df.Spot, df.Remarks = pl.field(sec, l.Field)
		dp.Fields = append(dp.Fields, df)
	}
	for _, tx := range part.Texts {
		dt := docText{Text: tx}
		dt.Spot, dt.Remarks = pl.field(sec, tx.Field)
		dp.Texts = append(dp.Texts, dt)
	}
	for _, tb := range part.Tables {
		dp.Tables = append(dp.Tables, docTableOf(v, tb, sec != nil, pl))
	}
	if sec != nil {
		in := service.RemarkInput{Section: sec.Key}
		dp.Spot = &remarkSpot{Key: spotKey(in), Anchor: spotAnchor(in), Section: sec.Key, Label: sec.Title + "（整体）"}
		dp.Remarks = pl.take(func(r remarkView) bool { return r.Table == "" && r.Section == sec.Key })
	}
	return dp
}

// docTableOf is a table of the document, its rows open to remarks when
// remarkable, the attachment index's lines linked to their files.
func docTableOf(v service.ReviewView, tb docgen.Table, remarkable bool, pl *remarkPlacer) docTable {
	dt := docTable{Key: tb.Key, Title: tb.Title, Intro: tb.Intro, Columns: tb.Columns}
	var cols []columnOption
	for _, c := range tb.Columns {
		if c.Field != nil {
			cols = append(cols, columnOption{Key: c.Field.Key, Label: c.Header})
		}
	}
	for n, row := range tb.Rows {
		dr := docRow{ID: row.ID}
		for ci, c := range row.Cells {
			cell := docCell{Text: c}
			if row.FileID != 0 && ci == 1 {
				cell.Href, cell.NewTab = fileLink(v, row.FileID)
			}
			dr.Cells = append(dr.Cells, cell)
		}
		if row.ID != 0 && remarkable {
			in := service.RemarkInput{Table: tb.Key, RowID: row.ID}
			dr.Anchor = spotAnchor(in)
			dr.Spot = &remarkSpot{Key: spotKey(in), Anchor: dr.Anchor, Table: tb.Key, RowID: row.ID,
				Label: tb.Title + " 第 " + strconv.Itoa(n+1) + " 行", Columns: cols}
			dr.Remarks = pl.take(func(r remarkView) bool { return r.Table == tb.Key && r.RowID == row.ID })
		}
		dt.Rows = append(dt.Rows, dr)
	}
	return dt
}

// remarkPlacer hands each remark to the first place that claims it; the
// rest are listed after the document.
type remarkPlacer struct {
	remarks []remarkView
	placed  []bool
}

func (pl *remarkPlacer) take(match func(r remarkView) bool) []remarkView {
	var out []remarkView
	for i, r := range pl.remarks {
		if !pl.placed[i] && match(r) {
			pl.placed[i] = true
			out = append(out, r)
		}
	}
	return out
}

// field is the place for remarks on a section's field, and the remarks
// on it; none when the section or the field is unknown.
func (pl *remarkPlacer) field(sec *form.Section, key string) (*remarkSpot, []remarkView) {
	if sec == nil || key == "" {
		return nil, nil
	}
	f := sec.Field(key)
	if f == nil {
		return nil, nil
	}
	in := service.RemarkInput{Section: sec.Key, Field: f.Key}
	spot := &remarkSpot{Key: spotKey(in), Anchor: spotAnchor(in), Section: sec.Key, Field: f.Key,
		Label: sec.Title + " · " + f.Label}
	return spot, pl.take(func(r remarkView) bool { return r.Table == "" && r.Section == sec.Key && r.Field == f.Key })
}

func (pl *remarkPlacer) rest() []remarkView {
	var out []remarkView
	for i, r := range pl.remarks {
		if !pl.placed[i] {
			out = append(out, r)
		}
	}
	return out
}

// fileLink is the address of a submitted file, and whether browsers show
// it themselves (PDF and images) rather than download it.
func fileLink(v service.ReviewView, fileID int64) (string, bool) {
	for _, f := range v.Files {
		if f.ID == fileID {
			href := "/review/" + strconv.FormatInt(v.App.ID, 10) + "/files/" + strconv.FormatInt(f.ID, 10)
			return href, inlineType(f.ContentType)
		}
	}
	return "", false
}

// inlineType reports whether browsers show a file of this type themselves.
func inlineType(ct string) bool {
	return ct == "application/pdf" || ct == "image/png" || ct == "image/jpeg"
}

// handleReviewAct takes a 办理 action from its form.
func (s *Server) handleReviewAct(w http.ResponseWriter, r *http.Request) {
	in := service.ActInput{Action: domain.Action(r.PostFormValue("action")), Status: domain.AppStatus(r.PostFormValue("status")),
		Comment: r.PostFormValue("comment"), Version: r.PostFormValue("version"), Score: r.PostFormValue("score"),
		PublicFrom: r.PostFormValue("public_from"), PublicTo: r.PostFormValue("public_to")}
	id := pathID(r)
	step, err := s.svc.Act(r.Context(), actor(r), id, in)
	if err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderReview(w, r, code, reviewState{err: err, act: &in}) })
		return
	}
	back := "/review/" + strconv.FormatInt(id, 10)
	switch {
	case step.Action == domain.ActPaperCheck && !step.Matched:
		setFlashKind(w, "warning", "已记录纸质材料核验：录入的版本号 "+step.Version+" 与提交的版本号不一致。")
	case step.Moved():
		setFlash(w, "已办理“"+step.Label()+"”，该申报当前状态为“"+step.To.Label()+"”。申报单位已收到通知。")
	default:
		setFlash(w, "已记录“"+step.Label()+"”。")
	}
	// To the top, where the message is: the 办理 panel is right below it.
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func remarkInputOf(r *http.Request) service.RemarkInput {
	row, _ := strconv.ParseInt(r.PostFormValue("row"), 10, 64)
	return service.RemarkInput{Section: r.PostFormValue("section"), Table: r.PostFormValue("table"), RowID: row,
		Field: r.PostFormValue("field"), Text: r.PostFormValue("text")}
}

// handleRemarkAdd keeps a remark as a draft of the department.
func (s *Server) handleRemarkAdd(w http.ResponseWriter, r *http.Request) {
	in, id := remarkInputOf(r), pathID(r)
	asked := in // AddRemark may fill the section of a row's table
	if _, err := s.svc.AddRemark(r.Context(), actor(r), id, in); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderReview(w, r, code, reviewState{err: err, remark: &asked}) })
		return
	}
	setFlash(w, "意见已保存为草稿（待发送），将在本部门办理时一并发送给申报单位。")
	http.Redirect(w, r, "/review/"+strconv.FormatInt(id, 10)+"#"+spotAnchor(asked), http.StatusSeeOther)
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
	s.send(w, download{Name: att.Name, Type: att.ContentType, Size: att.Size, Inline: inlineType(att.ContentType)}, rc)
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
