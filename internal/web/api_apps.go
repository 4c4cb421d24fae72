package web

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// The JSON API of applications: the same service calls as the pages.

// apiRound is a round with its dates and 填报说明.
type apiRound struct {
	ID            int64           `json:"id"`
	Type          string          `json:"type"`
	Year          int             `json:"year"`
	Name          string          `json:"name"`
	OpensOn       string          `json:"opens_on"`
	ClosesOn      string          `json:"closes_on"`
	CutoffOn      string          `json:"cutoff_on"`
	WindowFrom    string          `json:"window_from"`
	WindowTo      string          `json:"window_to"`
	OperatingFrom string          `json:"operating_from"`
	AppendFiles   bool            `json:"append_files"`
	Guidance      domain.Guidance `json:"guidance"`
	Revision      int64           `json:"revision"`
}

func roundOf(r domain.Round) apiRound {
	return apiRound{r.ID, r.TypeCode, r.Year, r.Name, r.OpensOn, r.ClosesOn, r.CutoffOn, r.WindowFrom, r.WindowTo,
		r.OperatingFrom, r.AppendFiles, r.Guidance, r.Revision}
}

func (s *Server) apiRounds(w http.ResponseWriter, r *http.Request) {
	rounds, err := s.svc.OpenRounds(r.Context(), form.Makerspace.Code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiRound, 0, len(rounds))
	for _, x := range rounds {
		out = append(out, roundOf(x))
	}
	writeJSON(w, http.StatusOK, listOf(out))
}

func (s *Server) apiRound(w http.ResponseWriter, r *http.Request) {
	x, err := s.svc.Round(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, roundOf(x))
}

// apiGuidanceBody is PUT /api/v1/rounds/{id}/guidance.
type apiGuidanceBody struct {
	Guidance domain.Guidance `json:"guidance"`
	Revision int64           `json:"revision"`
}

func (s *Server) apiGuidanceUpdate(w http.ResponseWriter, r *http.Request) {
	var b apiGuidanceBody
	err := s.svc.CanManageRounds(actor(r))
	if err == nil {
		err = decodeJSON(w, r, &b)
	}
	if err == nil {
		err = requireRevision(b.Revision)
	}
	if err == nil {
		err = s.svc.UpdateGuidance(r.Context(), actor(r), pathID(r), b.Guidance, b.Revision)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiRound(w, r)
}

// apiApplication is an application in lists.
type apiApplication struct {
	ID        int64  `json:"id"`
	CarrierID int64  `json:"carrier_id"`
	Carrier   string `json:"carrier"`
	RoundID   int64  `json:"round_id"`
	Round     string `json:"round"`
	Status    string `json:"status"`
	Label     string `json:"status_label"`
	UpdatedAt string `json:"updated_at"`
	UpdatedBy string `json:"updated_by"`
	Version   string `json:"version"`
}

func applicationOf(a domain.Application) apiApplication {
	return apiApplication{a.ID, a.CarrierID, a.CarrierName, a.RoundID, a.RoundName, string(a.Status), a.Status.Label(),
		apiTime(a.UpdatedAt), a.UpdatedByName, a.Version}
}

func (s *Server) apiApplications(w http.ResponseWriter, r *http.Request) {
	list, err := s.svc.Applications(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiApplication, 0, len(list))
	for _, a := range list {
		out = append(out, applicationOf(a))
	}
	writeJSON(w, http.StatusOK, listOf(out))
}

// apiNewApplication is POST /api/v1/applications.
type apiNewApplication struct {
	CarrierID int64 `json:"carrier_id"`
	RoundID   int64 `json:"round_id"`
}

func (s *Server) apiApplicationCreate(w http.ResponseWriter, r *http.Request) {
	var b apiNewApplication
	err := decodeJSON(w, r, &b)
	var id int64
	if err == nil {
		id, err = s.svc.CreateApplication(r.Context(), actor(r), b.CarrierID, b.RoundID)
	}
	if err != nil {
		s.fail(w, r, renameFields(err, map[string]string{"carrier": "carrier_id", "round": "round_id"}))
		return
	}
	s.writeApplication(w, r, http.StatusCreated, id)
}

// apiAppDetail is an application with its task list and 备案条件.
type apiAppDetail struct {
	apiApplication
	Sections   []apiSectionStatus `json:"sections"`
	Conditions []apiCondition     `json:"conditions"`
}

type apiSectionStatus struct {
	Key      string `json:"key"`
	Title    string `json:"title"`
	State    string `json:"state"`
	Problems int    `json:"problems"`
	Warnings int    `json:"warnings"`
}

type apiCondition struct {
	Code    string `json:"code"`
	Title   string `json:"title"`
	Rule    string `json:"rule"`
	Outcome string `json:"outcome"`
	Figure  string `json:"figure"`
	Link    string `json:"link"`
	Blocks  bool   `json:"blocks"`
}

func (s *Server) apiApplication(w http.ResponseWriter, r *http.Request) {
	s.writeApplication(w, r, http.StatusOK, pathID(r))
}

func (s *Server) writeApplication(w http.ResponseWriter, r *http.Request, code int, id int64) {
	v, err := s.svc.Application(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := apiAppDetail{apiApplication: applicationOf(v.App)}
	for _, st := range v.Statuses {
		d.Sections = append(d.Sections, apiSectionStatus{st.Section.Key, st.Section.Title, string(st.State), st.Problems, st.Warnings})
	}
	for _, c := range v.Conditions {
		d.Conditions = append(d.Conditions, apiCondition{c.Code, c.Title, c.Rule, string(c.Outcome), c.Figure, c.Link, c.Blocks()})
	}
	writeJSON(w, code, d)
}

// apiIssue is one problem, addressed like a remark: by path.
type apiIssue struct {
	Path    string `json:"path"`
	Field   string `json:"field"`
	RowID   int64  `json:"row_id,omitempty"`
	Message string `json:"message"`
	Warning bool   `json:"warning,omitempty"`
}

func issuesOf(list []form.Issue) []apiIssue {
	out := make([]apiIssue, 0, len(list))
	for _, i := range list {
		out = append(out, apiIssue{i.Path(), i.Field, i.RowID, i.Message, i.Warning})
	}
	return out
}

// apiValuesBody is the body of every section and row save.
type apiValuesBody struct {
	Values   domain.Values `json:"values"`
	Revision int64         `json:"revision"`
}

// apiSaved answers a save: the new revision and the problems the saved
// draft still has.
type apiSaved struct {
	ID       int64      `json:"id,omitempty"`
	Revision int64      `json:"revision"`
	Issues   []apiIssue `json:"issues"`
}

// apiConflict answers a save refused because someone saved first: what is
// stored now, so the client can show both versions.
type apiConflict struct {
	Error    string        `json:"error"`
	Current  domain.Values `json:"current"`
	Revision int64         `json:"revision"`
}

// failSave answers a refused save, with the stored values on a conflict.
func (s *Server) failSave(w http.ResponseWriter, r *http.Request, err error) {
	var ce *service.ConflictError
	if errors.As(err, &ce) {
		writeJSON(w, http.StatusConflict, apiConflict{Error: ce.Error(), Current: ce.Current, Revision: ce.Revision})
		return
	}
	s.fail(w, r, err)
}

func (s *Server) apiSectionSave(w http.ResponseWriter, r *http.Request) {
	var b apiValuesBody
	err := s.svc.CheckEditable(r.Context(), actor(r), pathID(r))
	if err == nil {
		err = decodeJSON(w, r, &b)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved, err := s.svc.SaveSection(r.Context(), actor(r), pathID(r), r.PathValue("key"), b.Values, b.Revision)
	if err != nil {
		s.failSave(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiSaved{Revision: saved.Revision, Issues: issuesOf(saved.Issues)})
}

// apiSection is a section's stored values, computed values and problems.
type apiSection struct {
	Key      string            `json:"key"`
	Title    string            `json:"title"`
	Values   domain.Values     `json:"values"`
	Computed map[string]string `json:"computed"`
	Issues   []apiIssue        `json:"issues"`
}

func (s *Server) apiSection(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Application(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sec := v.Type.Section(r.PathValue("key"))
	if sec == nil {
		s.fail(w, r, domain.ErrNotFound)
		return
	}
	out := apiSection{Key: sec.Key, Title: sec.Title, Values: v.Form.Sections[sec.Key], Computed: map[string]string{},
		Issues: issuesOf(v.Form.SectionIssues(sec, true))}
	for _, f := range sec.Fields {
		if !f.Input() {
			out.Computed[f.Key] = v.Form.Value(sec.Key, f.Key)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// apiRow is a row with its files and problems.
type apiRow struct {
	ID       int64         `json:"id"`
	Number   int           `json:"number,omitempty"`
	Table    string        `json:"table"`
	Values   domain.Values `json:"values"`
	Revision int64         `json:"revision"`
	Files    []apiAppFile  `json:"files"`
	Issues   []apiIssue    `json:"issues"`
}

type apiAppFile struct {
	ID           int64  `json:"id"`
	RowID        int64  `json:"row_id,omitempty"`
	Slot         string `json:"slot"`
	AttachmentID int64  `json:"attachment_id"`
	Name         string `json:"name"`
	ContentType  string `json:"content_type"`
	Size         int64  `json:"size"`
	SHA256       string `json:"sha256"`
}

func appFilesOf(list []domain.AppFile) []apiAppFile {
	out := make([]apiAppFile, 0, len(list))
	for _, f := range list {
		out = append(out, apiAppFile{f.ID, f.RowID, f.Slot, f.AttachmentID, f.Name, f.ContentType, f.Size, f.SHA256})
	}
	return out
}

// apiTablePage is one page of a detail table.
type apiTablePage struct {
	Table       string   `json:"table"`
	Title       string   `json:"title"`
	Rows        []apiRow `json:"rows"`
	Total       int      `json:"total"`
	Matching    int      `json:"matching"`
	WithProblem int      `json:"with_problems"`
	Page        int      `json:"page"`
	Pages       int      `json:"pages"`
}

func (s *Server) apiTable(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	per, _ := strconv.Atoi(q.Get("per_page"))
	p, err := s.svc.TableRows(r.Context(), actor(r), pathID(r), r.PathValue("table"), service.TableQuery{
		Search: q.Get("q"), Sort: q.Get("sort"), Desc: q.Get("desc") != "", Problems: q.Get("problems") != "",
		Page: page, PerPage: per})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiTablePage{Table: p.Table.Key, Title: p.Table.Title, Total: p.Total, Matching: p.Matching,
		WithProblem: p.WithProblem, Page: p.Page, Pages: p.Pages, Rows: []apiRow{}}
	for _, row := range p.Rows {
		var files []domain.AppFile
		for _, fs := range row.Files {
			files = append(files, fs...)
		}
		slices.SortFunc(files, func(a, b domain.AppFile) int { return cmp.Compare(a.ID, b.ID) })
		out.Rows = append(out.Rows, apiRow{ID: row.ID, Number: row.Number, Table: row.Table, Values: row.Data,
			Revision: row.Revision, Files: appFilesOf(files), Issues: issuesOf(row.Issues)})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRowCreate(w http.ResponseWriter, r *http.Request) {
	var b apiValuesBody
	err := s.svc.CheckEditable(r.Context(), actor(r), pathID(r))
	if err == nil {
		err = decodeJSON(w, r, &b)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved, err := s.svc.SaveRow(r.Context(), actor(r), pathID(r), r.PathValue("table"), 0, b.Values, 0)
	if err != nil {
		s.failSave(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, apiSaved{ID: saved.ID, Revision: saved.Revision, Issues: issuesOf(saved.Issues)})
}

func rowID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("row"), 10, 64)
	return id
}

func (s *Server) apiRow(w http.ResponseWriter, r *http.Request) {
	row, err := s.svc.Row(r.Context(), actor(r), pathID(r), rowID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiRow{ID: row.ID, Table: row.Table, Values: row.Data, Revision: row.Revision,
		Files: appFilesOf(row.Files), Issues: []apiIssue{}})
}

func (s *Server) apiRowUpdate(w http.ResponseWriter, r *http.Request) {
	var b apiValuesBody
	err := decodeJSON(w, r, &b)
	if err == nil {
		err = requireRevision(b.Revision)
	}
	if err != nil {
		s.fail(w, r, s.ownerFirst(r, err))
		return
	}
	saved, err := s.svc.SaveRow(r.Context(), actor(r), pathID(r), "", rowID(r), b.Values, b.Revision)
	if err != nil {
		s.failSave(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiSaved{ID: saved.ID, Revision: saved.Revision, Issues: issuesOf(saved.Issues)})
}

func (s *Server) apiRowDelete(w http.ResponseWriter, r *http.Request) {
	rev, _ := strconv.ParseInt(r.URL.Query().Get("revision"), 10, 64)
	_, err := s.svc.Row(r.Context(), actor(r), pathID(r), rowID(r))
	if err == nil {
		err = requireRevision(rev)
	}
	if err == nil {
		err = s.svc.DeleteRow(r.Context(), actor(r), pathID(r), rowID(r), rev)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}

// apiFileUpload is POST /api/v1/applications/{id}/files (multipart:
// row_id, slot, file).
func (s *Server) apiFileUpload(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.CheckEditable(r.Context(), actor(r), pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	cleanup, err := parseMultipart(r)
	defer cleanup()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rid, _ := strconv.ParseInt(r.FormValue("row_id"), 10, 64)
	up, done := formUpload(r, "file")
	defer done()
	f, err := s.svc.AttachFile(r.Context(), actor(r), pathID(r), rid, r.FormValue("slot"), up)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, apiAppFile{ID: f.ID, RowID: f.RowID, Slot: f.Slot, AttachmentID: f.AttachmentID})
}

func (s *Server) apiFileDelete(w http.ResponseWriter, r *http.Request) {
	fid, _ := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err := s.svc.DetachFile(r.Context(), actor(r), pathID(r), fid); err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}

// ownerFirst reports a refusal of ownership before a problem with the
// request's body, so another organisation learns nothing from a 422. The
// happy path skips this check: the save itself checks ownership.
func (s *Server) ownerFirst(r *http.Request, bodyErr error) error {
	if err := s.svc.CheckEditable(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	return bodyErr
}
