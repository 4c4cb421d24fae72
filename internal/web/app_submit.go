package web

import (
	"net/http"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/region"
	"hatch/internal/service"
)

// The applicant's side of the review chain (manual 四（五）): 提交申报材料,
// the confirmation, 办件进度 and the notifications.

// appSubmitPage is 提交申报材料: choose the 受理机构, read the declaration,
// submit. In keeps the user's choice when a submission is refused.
type appSubmitPage struct {
	Page
	App    appRef
	Submit service.SubmitView
	In     service.SubmitInput
}

// BlockerURL is where a reason not to submit is fixed; "" for none.
func (p appSubmitPage) BlockerURL(b service.Blocker) string {
	switch {
	case b.Table != "":
		return p.App.URL() + "/tables/" + b.Table + "?problems=1"
	case b.Section != "":
		return p.App.URL() + "/sections/" + b.Section
	case b.Versions:
		return p.App.URL() + "/versions"
	}
	return ""
}

// Chosen is the 受理机构 selected: the user's, or the default.
func (p appSubmitPage) Chosen() string {
	if p.In.AcceptorCode != "" {
		return p.In.AcceptorCode
	}
	return p.Submit.Default
}

// ChosenAcceptor is the 受理机构 selected, for its details.
func (p appSubmitPage) ChosenAcceptor() *domain.Acceptor {
	for i := range p.Submit.Acceptors {
		if p.Submit.Acceptors[i].Code == p.Chosen() {
			return &p.Submit.Acceptors[i]
		}
	}
	return nil
}

func (s *Server) handleAppSubmitPage(w http.ResponseWriter, r *http.Request) {
	s.renderSubmit(w, r, http.StatusOK, service.SubmitInput{}, nil)
}

func (s *Server) renderSubmit(
	w http.ResponseWriter,
	r *http.Request,
	code int,
	in service.SubmitInput,
	err error,
) {
	sv, perr := s.svc.PrepareSubmit(r.Context(), actor(r), pathID(r))
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	p := appSubmitPage{
		Page:   s.appPage(w, r, sv.View.Type, "提交申报材料 · "+sv.View.Carrier.Name),
		App:    refOf(sv.View),
		Submit: sv,
		In:     in,
	}
	if err != nil {
		p.Errors = domain.FieldsOf(err)
		if len(p.Errors) == 0 {
			p.Message = domain.Message(err)
		}
	}
	s.render(w, r, code, "app_submit", p)
}

func (s *Server) handleAppSubmit(w http.ResponseWriter, r *http.Request) {
	in := service.SubmitInput{
		AcceptorCode: r.PostFormValue("acceptor"),
		Declared:     r.PostFormValue("declared") == "1",
	}
	app, err := s.svc.Submit(r.Context(), actor(r), pathID(r), in)
	if err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderSubmit(w, r, code, in, err) })
		return
	}
	http.Redirect(
		w,
		r,
		"/applications/"+strconv.FormatInt(app.ID, 10)+"/submitted",
		http.StatusSeeOther,
	)
}

// appProgressPage is 办件进度, and the confirmation after submission,
// which shows the same facts with what to do next.
type appProgressPage struct {
	Page
	App      appRef
	Progress service.ProgressView
}

// Region names the application's region for people.
func (p appProgressPage) Region() string {
	if r, ok := region.Lookup(p.Progress.App.RegionCode); ok {
		return r.FullName()
	}
	return p.Progress.App.RegionCode
}

func (s *Server) progressPage(
	w http.ResponseWriter,
	r *http.Request,
	title string,
) (appProgressPage, bool) {
	pv, err := s.svc.Progress(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return appProgressPage{}, false
	}
	ref := refOfApp(pv.App)
	return appProgressPage{
		Page:     s.appPage(w, r, ref.Type, title+" · "+ref.Carrier),
		App:      ref,
		Progress: pv,
	}, true
}

func (s *Server) handleAppProgress(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.progressPage(w, r, "办件进度"); ok {
		s.render(w, r, http.StatusOK, "app_progress", p)
	}
}

func (s *Server) handleAppSubmitted(w http.ResponseWriter, r *http.Request) {
	p, ok := s.progressPage(w, r, "提交成功")
	if !ok {
		return
	}
	if p.Progress.Version == nil {
		http.Redirect(w, r, p.App.URL(), http.StatusSeeOther) // not submitted yet
		return
	}
	s.render(w, r, http.StatusOK, "app_submitted", p)
}

// notificationsPage lists the actor's messages, newest first.
type notificationsPage struct {
	Page
	Items []domain.Notification
}

func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) {
	list, err := s.svc.Notifications(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The page is made after the messages were marked read: no unread count.
	p := notificationsPage{Page: s.page(w, r, "消息", "notifications"), Items: list}
	s.render(w, r, http.StatusOK, "notifications", p)
}
