package web

import (
	"errors"
	"net/http"

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
	// Lists, never null, even for a round without guidance.
	if r.Guidance.Requirements == nil {
		r.Guidance.Requirements = []string{}
	}
	if r.Guidance.Definitions == nil {
		r.Guidance.Definitions = []domain.GuidanceTerm{}
	}
	return apiRound{
		r.ID,
		r.TypeCode,
		r.Year,
		r.Name,
		r.OpensOn,
		r.ClosesOn,
		r.CutoffOn,
		r.WindowFrom,
		r.WindowTo,
		r.OperatingFrom,
		r.AppendFiles,
		r.Guidance,
		r.Revision,
	}
}

// apiRounds lists the open rounds of every type, or of ?type= alone.
func (s *Server) apiRounds(w http.ResponseWriter, r *http.Request) {
	types := form.Types()
	if code := r.FormValue("type"); code != "" {
		t := form.TypeOf(code)
		if t == nil {
			s.fail(w, r, domain.ErrNotFound)
			return
		}
		types = []*form.Type{t}
	}
	out := []apiRound{}
	for _, t := range types {
		rounds, err := s.svc.OpenRounds(r.Context(), t.Code)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, x := range rounds {
			out = append(out, roundOf(x))
		}
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
	return apiApplication{
		a.ID,
		a.CarrierID,
		a.CarrierName,
		a.RoundID,
		a.RoundName,
		string(a.Status),
		a.StatusLabel(),
		apiTime(a.UpdatedAt),
		a.UpdatedByName,
		a.Version,
	}
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
		s.fail(
			w,
			r,
			renameFields(err, map[string]string{"carrier": "carrier_id", "round": "round_id"}),
		)
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

// conditionsOf is the 备案条件 as the API gives them; never null.
func conditionsOf(list []form.CondResult) []apiCondition {
	out := []apiCondition{}
	for _, c := range list {
		out = append(out, apiCondition{Code: c.Code, Title: c.Title, Rule: c.Rule, Outcome: string(c.Outcome),
			Figure: c.Figure, Link: c.Link, Blocks: c.Blocks()})
	}
	return out
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
		d.Sections = append(
			d.Sections,
			apiSectionStatus{
				st.Section.Key,
				st.Section.Title,
				string(st.State),
				st.Problems,
				st.Warnings,
			},
		)
	}
	d.Conditions = conditionsOf(v.Conditions)
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

// decodeValues reads a save's body. Its values are required: a body
// without them (or with null) would save an empty section or row.
func decodeValues(w http.ResponseWriter, r *http.Request) (apiValuesBody, error) {
	var b apiValuesBody
	if err := decodeJSON(w, r, &b); err != nil {
		return b, err
	}
	if b.Values == nil {
		var fe domain.FieldErrors
		fe.Add("values", "values", "请在 values 中给出要保存的内容（没有内容时为 {}）。")
		return b, &domain.Error{Kind: domain.Invalid, Message: badRequest, Fields: fe}
	}
	return b, nil
}

// valuesOf is stored values as the API gives them: an object, never null.
func valuesOf(v domain.Values) domain.Values {
	if v == nil {
		return domain.Values{}
	}
	return v
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
		writeJSON(
			w,
			http.StatusConflict,
			apiConflict{Error: ce.Error(), Current: valuesOf(ce.Current), Revision: ce.Revision},
		)
		return
	}
	s.fail(w, r, err)
}

func (s *Server) apiSectionSave(w http.ResponseWriter, r *http.Request) {
	b, ok := s.decodeValuesOwned(w, r)
	if !ok {
		return
	}
	saved, err := s.svc.SaveSection(
		r.Context(),
		actor(r),
		pathID(r),
		r.PathValue("key"),
		b.Values,
		b.Revision,
	)
	if err != nil {
		s.failSave(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiSaved{Revision: saved.Revision, Issues: issuesOf(saved.Issues)})
}

// apiSection is a section's stored values, computed values and problems.
// Revision is what the next save sends: 0 while the section was never
// saved.
type apiSection struct {
	Key      string            `json:"key"`
	Title    string            `json:"title"`
	Values   domain.Values     `json:"values"`
	Revision int64             `json:"revision"`
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
	out := apiSection{
		Key:      sec.Key,
		Title:    sec.Title,
		Values:   valuesOf(v.Form.Sections[sec.Key]),
		Revision: v.Revisions[sec.Key],
		Computed: map[string]string{},
		Issues:   issuesOf(v.Form.SectionIssues(sec, true)),
	}
	for _, f := range sec.Fields {
		if !f.Input() {
			out.Computed[f.Key] = v.Form.Value(sec.Key, f.Key)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// decodeValuesOwned reads a save's body. A body it cannot take is
// answered as ownerFirst says, and it returns false.
func (s *Server) decodeValuesOwned(w http.ResponseWriter, r *http.Request) (apiValuesBody, bool) {
	b, err := decodeValues(w, r)
	if err != nil {
		s.fail(w, r, s.ownerFirst(r, err))
		return b, false
	}
	return b, true
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
