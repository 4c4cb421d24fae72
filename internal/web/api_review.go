package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/region"
	"hatch/internal/service"
)

// The reviewers' API (/api/v1/review/...): the 工作台 queue, one
// application's review, its actions and remarks, over the same service
// methods as the pages.

// apiReviewApp is the application part of a review.
type apiReviewApp struct {
	ID          int64          `json:"id"`
	RefNo       string         `json:"ref_no"`
	Carrier     string         `json:"carrier"`
	Operator    string         `json:"operator"`
	Round       string         `json:"round"`
	Region      string         `json:"region"`
	RegionName  string         `json:"region_name"`
	HostType    string         `json:"host_type"`
	Status      string         `json:"status"`
	StatusLabel string         `json:"status_label"`
	SubmittedAt string         `json:"submitted_at,omitempty"`
	Acceptor    apiAcceptorRef `json:"acceptor"`
	Version     apiSubmitted   `json:"version"`
}

type apiAcceptorRef struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Unit   string `json:"unit,omitempty"`
	Copies int    `json:"copies"`
}

// apiSubmitted is the version bound by the latest 提交.
type apiSubmitted struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	Pages  int    `json:"pages"`
	SHA256 string `json:"sha256"`
	PDF    string `json:"pdf"`
}

type apiPaper struct {
	State     string `json:"state"` // unchecked, matched or mismatched
	Label     string `json:"label"`
	Typed     string `json:"typed,omitempty"`
	Submitted string `json:"submitted"`
}

type apiChange struct {
	Part  string `json:"part,omitempty"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

type apiRowChange struct {
	Part     string      `json:"part"`
	Table    string      `json:"table"`
	TableKey string      `json:"table_key"`
	RowID    int64       `json:"row_id,omitempty"`
	Kind     string      `json:"kind"` // 新增, 修改 or 删除
	Name     string      `json:"name"`
	Cells    []apiChange `json:"cells"`
}

type apiDiff struct {
	From   string         `json:"from"`
	Fields []apiChange    `json:"fields"`
	Rows   []apiRowChange `json:"rows"`
}

type apiStep struct {
	ID           int64    `json:"id"`
	Action       string   `json:"action"`
	Label        string   `json:"label"`
	From         string   `json:"from"`
	To           string   `json:"to"`
	ToLabel      string   `json:"to_label"`
	Level        string   `json:"level,omitempty"`
	Department   string   `json:"department,omitempty"`
	User         string   `json:"user"`
	At           string   `json:"at"`
	Comment      string   `json:"comment,omitempty"`
	CommentLabel string   `json:"comment_label,omitempty"`
	Withdraws    int64    `json:"withdraws,omitempty"`
	Version      string   `json:"version,omitempty"`
	Matched      *bool    `json:"matched,omitempty"` // 纸质材料核验 only
	Score        *float64 `json:"score,omitempty"`   // 专家评审 only
	PublicFrom   string   `json:"public_from,omitempty"`
	PublicTo     string   `json:"public_to,omitempty"`
	RemarkCount  int      `json:"remark_count"`
	// 纸质材料核验's register entry, when it has one.
	ReceivedOn string `json:"received_on,omitempty"`
	Copies     int    `json:"copies,omitempty"`
	Required   int    `json:"copies_required,omitempty"`
	Receiver   string `json:"receiver,omitempty"`
	// Files are the step's 审核附件, on the reviewers' review only: the
	// applicant's 办件进度 uses the same step without them.
	Files []apiStepFile `json:"files,omitempty"`
}

// apiStepFile is a file uploaded with a step; url downloads it.
type apiStepFile struct {
	ID          int64  `json:"id"`
	Slot        string `json:"slot"`
	Label       string `json:"label"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	URL         string `json:"url"`
}

// stepFilesFor lists a step's files for the API.
func stepFilesFor(files map[int64][]stepFileView, stepID int64) []apiStepFile {
	var out []apiStepFile
	for _, f := range files[stepID] {
		out = append(out, apiStepFile{ID: f.ID, Slot: f.Slot, Label: f.Label, Name: f.Name,
			ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256, URL: f.Href})
	}
	return out
}

func stepOf(c *domain.Chain, st domain.ReviewStep, remarks int) apiStep {
	out := apiStep{
		ID:          st.ID,
		Action:      string(st.Action),
		Label:       c.StepLabel(st.Step),
		From:        string(st.From),
		To:          string(st.To),
		ToLabel:     c.StatusLabel(st.To),
		Level:       string(st.Level),
		Department:  st.DeptName,
		User:        st.UserName,
		At:          apiTime(st.At),
		Comment:     st.Comment,
		Version:     st.Version,
		Withdraws:   st.Withdraws,
		PublicFrom:  st.PublicFrom,
		PublicTo:    st.PublicTo,
		RemarkCount: remarks,
	}
	if st.Comment != "" {
		out.CommentLabel = c.CommentLabel(st.Step)
	}
	switch st.Action {
	case domain.ActPaperCheck:
		m := st.Matched
		out.Matched = &m
		r := st.Receipt
		out.ReceivedOn, out.Copies, out.Required, out.Receiver = r.ReceivedOn, r.Copies, r.Required, r.Receiver
	case domain.ActScore:
		sc := st.Score
		out.Score = &sc
	}
	return out
}

type apiRemark struct {
	ID         int64  `json:"id"`
	StepID     int64  `json:"step_id,omitempty"`
	Draft      bool   `json:"draft"`
	Department string `json:"department,omitempty"`
	Section    string `json:"section"`
	Table      string `json:"table,omitempty"`
	RowID      int64  `json:"row_id,omitempty"`
	Field      string `json:"field,omitempty"`
	Target     string `json:"target"`
	Text       string `json:"text"`
	User       string `json:"user"`
	At         string `json:"at,omitempty"`
}

func remarkOf(r domain.Remark) apiRemark {
	return apiRemark{
		ID:         r.ID,
		StepID:     r.StepID,
		Draft:      r.StepID == 0,
		Department: r.DeptName,
		Section:    r.Section,
		Table:      r.Table,
		RowID:      r.RowID,
		Field:      r.Field,
		Target:     r.Target,
		Text:       r.Text,
		User:       r.UserName,
		At:         apiTime(r.At),
	}
}

type apiAction struct {
	Action       string `json:"action"`
	Label        string `json:"label"`
	Moves        bool   `json:"moves"`
	To           string `json:"to,omitempty"`
	NeedsComment bool   `json:"needs_comment"`
	CommentLabel string `json:"comment_label"`    // 推荐意见 or 审核意见
	Record       string `json:"record,omitempty"` // version, score or dates: the input it needs
	Blocked      string `json:"blocked,omitempty"`
}

var recordNames = map[domain.Record]string{
	domain.RecordVersion: "version",
	domain.RecordScore:   "score",
	domain.RecordDates:   "dates",
}

type apiReviewFile struct {
	ID          int64  `json:"id"`
	RowID       int64  `json:"row_id,omitempty"`
	Slot        string `json:"slot"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	URL         string `json:"url"`
}

// apiReview is one application as its reviewer sees it.
type apiReview struct {
	Application apiReviewApp    `json:"application"`
	AtMyLevel   bool            `json:"at_my_level"`
	Paper       apiPaper        `json:"paper"`
	Conditions  []apiCondition  `json:"conditions"`
	Diff        *apiDiff        `json:"diff"`
	Steps       []apiStep       `json:"steps"`
	Remarks     []apiRemark     `json:"remarks"`
	Actions     []apiAction     `json:"actions"`
	Files       []apiReviewFile `json:"files"`
}

var paperNames = map[domain.Paper]string{
	domain.PaperUnchecked:  "unchecked",
	domain.PaperMatched:    "matched",
	domain.PaperMismatched: "mismatched",
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Review(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiReview{AtMyLevel: v.AtMyLevel, Application: reviewAppOf(v), Paper: paperOfView(v),
		Conditions: conditionsOf(v.Conditions), Diff: diffOf(v.Diff), Steps: []apiStep{},
		Remarks: []apiRemark{}, Actions: []apiAction{}, Files: reviewFilesOf(v)}
	counts := map[int64]int{}
	for _, rm := range v.Remarks {
		counts[rm.StepID]++
	}
	files := stepFilesOf(v)
	for _, st := range v.Steps {
		step := stepOf(v.App.Chain(), st, counts[st.ID])
		step.Files = stepFilesFor(files, st.ID)
		out.Steps = append(out.Steps, step)
	}
	for _, rm := range v.Remarks {
		out.Remarks = append(out.Remarks, remarkOf(rm))
	}
	for _, a := range v.Actions {
		out.Actions = append(out.Actions, apiAction{Action: string(a.Action), Label: a.Name(),
			Moves: a.Moves(), To: string(a.To), NeedsComment: a.NeedsComment, CommentLabel: a.CommentName(),
			Record: recordNames[a.Record], Blocked: a.Blocked})
	}
	writeJSON(w, http.StatusOK, out)
}

// reviewAppOf is the application as the review API shows it.
func reviewAppOf(v service.ReviewView) apiReviewApp {
	id := strconv.FormatInt(v.App.ID, 10)
	return apiReviewApp{ID: v.App.ID, RefNo: v.App.RefNo, Carrier: v.App.CarrierName,
		Operator: v.Operator, Round: v.App.RoundName, Region: v.App.RegionCode,
		RegionName: region.FullNameOf(v.App.RegionCode), HostType: v.App.HostType,
		Status: string(v.App.Status), StatusLabel: v.App.StatusLabel(),
		SubmittedAt: apiTime(v.App.SubmittedAt),
		Acceptor: apiAcceptorRef{Code: v.Acceptor.Code, Name: v.Acceptor.Name,
			Unit: v.Acceptor.Unit, Copies: v.Acceptor.Copies},
		Version: apiSubmitted{ID: v.Version.ID, Code: v.Version.Code, Pages: v.Version.Pages,
			SHA256: v.Version.SHA256, PDF: "/review/" + id + "/pdf"}}
}

// paperOfView is the paper check as the review API shows it.
func paperOfView(v service.ReviewView) apiPaper {
	p := apiPaper{State: paperNames[v.Paper], Label: v.Paper.Label(), Submitted: v.Version.Code}
	if pv := paperOf(v); pv != nil {
		p.Typed = pv.Typed
	}
	return p
}

// diffOf is what changed since the previous submission; nil for a first.
func diffOf(d *service.Diff) *apiDiff {
	if d == nil {
		return nil
	}
	ad := &apiDiff{From: d.From, Fields: []apiChange{}, Rows: []apiRowChange{}}
	for _, f := range d.Fields {
		ad.Fields = append(ad.Fields, apiChange{Part: f.Part, Label: f.Label, Old: f.Old, New: f.New})
	}
	for _, rc := range d.Rows {
		cells := []apiChange{}
		for _, c := range rc.Cells {
			cells = append(cells, apiChange{Label: c.Label, Old: c.Old, New: c.New})
		}
		ad.Rows = append(ad.Rows, apiRowChange{Part: rc.Part, Table: rc.Table, TableKey: rc.TableKey,
			RowID: rc.RowID, Kind: rc.Kind, Name: rc.Name, Cells: cells})
	}
	return ad
}

// reviewFilesOf lists the submitted files with their addresses.
func reviewFilesOf(v service.ReviewView) []apiReviewFile {
	out := []apiReviewFile{}
	for _, f := range v.Files {
		url := "/review/" + strconv.FormatInt(v.App.ID, 10) + "/files/" + strconv.FormatInt(f.ID, 10)
		out = append(out, apiReviewFile{ID: f.ID, RowID: f.RowID, Slot: f.Slot, Name: f.Name,
			ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256, URL: url})
	}
	return out
}

// flexNumber is a score sent as a JSON number or as a string.
type flexNumber string

func (n *flexNumber) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*n = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = flexNumber(s)
		return nil
	}
	var num json.Number
	if err := json.Unmarshal(b, &num); err != nil {
		return &json.UnmarshalTypeError{
			Value: string(b),
			Type:  reflect.TypeFor[float64](),
			Field: "score",
		}
	}
	*n = flexNumber(num.String())
	return nil
}

// apiActBody is POST /api/v1/review/{id}/actions.
type apiActBody struct {
	Action     string     `json:"action"`
	Status     string     `json:"status"` // optional: the status the client showed; another is a 409
	Comment    string     `json:"comment"`
	Version    string     `json:"version"`
	Score      flexNumber `json:"score"`
	PublicFrom string     `json:"public_from"`
	PublicTo   string     `json:"public_to"`
	ReceivedOn string     `json:"received_on"` // 纸质材料核验: "" for today
	Copies     flexNumber `json:"copies"`      // "" for the 一式 N 份 required
	Receiver   string     `json:"receiver"`    // "" for the caller
	Drafts     string     `json:"drafts"`      // send or keep: what becomes of the department's draft remarks
	DraftIDs   []int64    `json:"draft_ids"`   // the drafts the client saw
}

func (s *Server) apiReviewAct(w http.ResponseWriter, r *http.Request) {
	var b apiActBody
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.svc.Act(
		r.Context(),
		actor(r),
		pathID(r),
		service.ActInput{Action: domain.Action(b.Action),
			Status: domain.AppStatus(
				b.Status,
			), Comment: b.Comment, Version: b.Version, Score: string(b.Score),
			PublicFrom: b.PublicFrom, PublicTo: b.PublicTo, ReceivedOn: b.ReceivedOn, Copies: string(b.Copies),
			Receiver: b.Receiver, Drafts: service.DraftChoice(b.Drafts), DraftIDs: b.DraftIDs,
			// JSON carries no files: a step that requires some is taken on
			// the review page, which the refusal says.
			NoFiles: true},
	)
	if b.Action == "" && domain.KindOf(err) == domain.Invalid {
		// Only once the application is known to be the caller's to see.
		var fe domain.FieldErrors
		fe.Add("action", "操作", "请指定要办理的操作。")
		err = fe.Err()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, stepOf(st.Chain, st.ReviewStep, st.Remarks))
}

// apiRemarkBody is POST /api/v1/review/{id}/remarks.
type apiRemarkBody struct {
	Section string `json:"section"`
	Table   string `json:"table"`
	RowID   int64  `json:"row_id"`
	Field   string `json:"field"`
	Text    string `json:"text"`
}

func (s *Server) apiRemarkAdd(w http.ResponseWriter, r *http.Request) {
	var b apiRemarkBody
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	rm, err := s.svc.AddRemark(
		r.Context(),
		actor(r),
		pathID(r),
		service.RemarkInput{Section: b.Section, Table: b.Table,
			RowID: b.RowID, Field: b.Field, Text: b.Text},
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, remarkOf(rm))
}

func (s *Server) apiRemarkDelete(w http.ResponseWriter, r *http.Request) {
	rid, _ := strconv.ParseInt(r.PathValue("remark"), 10, 64)
	if err := s.svc.DeleteRemark(r.Context(), actor(r), pathID(r), rid); err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}

// apiWithdrawBody is POST /api/v1/review/{id}/withdraw.
type apiWithdrawBody struct {
	Status string `json:"status"`
	StepID int64  `json:"step_id"`
	Reason string `json:"reason"`
}

func (s *Server) apiReviewWithdraw(w http.ResponseWriter, r *http.Request) {
	var b apiWithdrawBody
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.svc.Withdraw(r.Context(), actor(r), pathID(r),
		service.WithdrawInput{Status: domain.AppStatus(b.Status), StepID: b.StepID, Reason: b.Reason})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, stepOf(st.Chain, st.ReviewStep, st.Remarks))
}
