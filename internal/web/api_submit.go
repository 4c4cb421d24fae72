package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// The applicant's side of the chain in the API: what submission would
// bind and why it is refused, the submission itself, 办件进度 and the
// messages.

type apiAcceptor struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Unit      string `json:"unit,omitempty"`
	Address   string `json:"address,omitempty"`
	Contact   string `json:"contact,omitempty"`
	Copies    int    `json:"copies"`
	Deadline  string `json:"deadline,omitempty"`
	CityLevel bool   `json:"city_level"`
}

func acceptorOf(a domain.Acceptor) apiAcceptor {
	return apiAcceptor{
		a.Code,
		a.Name,
		a.Unit,
		a.Address,
		a.Contact,
		a.Copies,
		a.Deadline,
		a.CityLevel,
	}
}

type apiSubmission struct {
	Ready     bool          `json:"ready"`
	Blockers  []string      `json:"blockers"`
	Default   string        `json:"default_acceptor"`
	Version   *apiVersion   `json:"version,omitempty"` // absent until a version is generated
	Acceptors []apiAcceptor `json:"acceptors"`
}

func (s *Server) apiSubmission(w http.ResponseWriter, r *http.Request) {
	sv, err := s.svc.PrepareSubmit(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiSubmission{
		Ready:     sv.Ready(),
		Blockers:  sv.BlockerTexts(),
		Default:   sv.Default,
		Acceptors: []apiAcceptor{},
	}
	if sv.Version != nil {
		v := versionOf(*sv.Version, true, sv.Version.Stale(sv.View.App))
		out.Version = &v
	}
	for _, a := range sv.Acceptors {
		out.Acceptors = append(out.Acceptors, acceptorOf(a))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiSubmit(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Acceptor string `json:"acceptor"`
		Declared bool   `json:"declared"`
	}
	err := decodeJSON(w, r, &b)
	if err != nil {
		s.fail(w, r, s.ownerFirst(r, err))
		return
	}
	if _, err := s.svc.Submit(r.Context(), actor(r), pathID(r), service.SubmitInput{AcceptorCode: b.Acceptor, Declared: b.Declared}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeProgress(w, r, http.StatusCreated)
}

// apiProgressStep is a step of the log with the remarks it sent.
type apiProgressStep struct {
	apiStep
	Remarks []apiRemark `json:"remarks"`
}

func (s *Server) apiProgress(w http.ResponseWriter, r *http.Request) {
	s.writeProgress(w, r, http.StatusOK)
}

func (s *Server) writeProgress(w http.ResponseWriter, r *http.Request, code int) {
	p, err := s.svc.Progress(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Status   string            `json:"status"`
		Label    string            `json:"status_label"`
		RefNo    string            `json:"ref_no,omitempty"`
		Acceptor *apiAcceptor      `json:"acceptor,omitempty"`
		Version  string            `json:"version,omitempty"`
		Stages   []apiStage        `json:"stages"`
		Steps    []apiProgressStep `json:"steps"`
	}{Status: string(p.App.Status), Label: p.App.StatusLabel(), RefNo: p.App.RefNo, Stages: []apiStage{}, Steps: []apiProgressStep{}}
	if p.App.AcceptorCode != "" {
		a := acceptorOf(p.Acceptor)
		out.Acceptor = &a
	}
	if p.Version != nil {
		out.Version = p.Version.Code
	}
	for _, st := range p.Stages {
		out.Stages = append(out.Stages, stageOf(st))
	}
	for _, st := range p.Steps {
		remarks := p.RemarksOf(st.ID)
		ps := apiProgressStep{apiStep: stepOf(p.App.Chain(), st, len(remarks)), Remarks: []apiRemark{}}
		ps.Score = nil // the experts' scores stay with the departments
		for _, r := range remarks {
			ps.Remarks = append(ps.Remarks, remarkOf(r))
		}
		out.Steps = append(out.Steps, ps)
	}
	writeJSON(w, code, out)
}

type apiStage struct {
	Status     string    `json:"status"`
	Label      string    `json:"label"`
	Department string    `json:"department,omitempty"`
	Mark       string    `json:"mark"`
	Passes     []apiPass `json:"passes"`
}

// apiPass is one time the application was at a stage: since when, and the
// step (in steps) that moved it on; no step while it is still there.
type apiPass struct {
	Since   string `json:"since,omitempty"`
	StepID  int64  `json:"step_id,omitempty"`
	Current bool   `json:"current"` // still at the stage in this pass
}

var markNames = map[domain.Mark]string{domain.MarkPending: "pending", domain.MarkDone: "done",
	domain.MarkCurrent: "current", domain.MarkStopped: "stopped", domain.MarkAgain: "again"}

func stageOf(st domain.Stage) apiStage {
	out := apiStage{Status: string(st.Status), Label: st.Label, Department: st.Dept, Mark: markNames[st.Mark],
		Passes: []apiPass{}}
	for _, p := range st.Passes {
		ap := apiPass{Since: apiTime(p.Since), Current: p.End == nil}
		if p.End != nil {
			ap.StepID = p.End.ID
		}
		out.Passes = append(out.Passes, ap)
	}
	return out
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) {
	list, err := s.svc.Notifications(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type item struct {
		ID    int64  `json:"id"`
		Text  string `json:"text"`
		Link  string `json:"link,omitempty"`
		At    string `json:"at"`
		Read  bool   `json:"read"`
		AppID int64  `json:"application_id,omitempty"`
	}
	out := struct {
		Items []item `json:"items"`
	}{Items: []item{}}
	for _, n := range list {
		out.Items = append(out.Items, item{n.ID, n.Text, n.Link, apiTime(n.At), n.Read, n.AppID})
	}
	writeJSON(w, http.StatusOK, out)
}
