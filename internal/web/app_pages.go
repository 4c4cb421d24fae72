package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// The pages of 认定备案管理 → 众创空间国家备案 (manual 四（三）): the list of
// the organisation's applications, a new application, the 填报说明, and the
// task list with the 备案条件 panel. Sections, tables and files are in
// app_sections.go, app_tables.go and app_files.go.

// appRef names the application on each of its pages: breadcrumbs, the
// heading's caption and the links back.
type appRef struct {
	ID      int64
	Carrier string
	Round   string
	// Locked says why the content can no longer change; pages then show
	// it read-only, with this reason, before anyone types.
	Locked    string
	Submitted bool
	Cutoff    string // the round's data cut-off date, for the tables' instructions
	Type      *form.Type
}

func refOf(v service.AppView) appRef {
	return appRef{ID: v.App.ID, Carrier: v.Carrier.Name, Round: v.Round.Name, Locked: v.Locked,
		Submitted: !v.App.SubmittedAt.IsZero(), Cutoff: v.Round.CutoffOn, Type: v.Type}
}

// refOfApp names an application from its list entry, for the pages that
// do not load its content (versions, renders, submission results).
func refOfApp(app domain.Application) appRef {
	return appRef{ID: app.ID, Carrier: app.CarrierName, Round: app.RoundName, Type: typeOrDefault(app.TypeCode)}
}

// typeOrDefault is the declared type of code; pages of an unknown type
// (which the service refuses to load) fall back to the first one, so that
// a menu or breadcrumb is never empty.
func typeOrDefault(code string) *form.Type {
	if t := form.TypeOf(code); t != nil {
		return t
	}
	return form.Types()[0]
}

// ListURL is the address of the list of applications of the same type.
func (a appRef) ListURL() string { return listURL(a.Type) }

func listURL(t *form.Type) string { return "/applications?type=" + t.Code }

// appMenu is a group of the side menu (认定备案管理, 税收优惠) with the
// application types listed under it.
type appMenu struct {
	Title string
	Types []*form.Type
}

// appMenus groups the declared types by their Menu, in declaration order.
func appMenus() []appMenu {
	var out []appMenu
	for _, t := range form.Types() {
		if n := len(out); n > 0 && out[n-1].Title == t.Menu {
			out[n-1].Types = append(out[n-1].Types, t)
			continue
		}
		out = append(out, appMenu{Title: t.Menu, Types: []*form.Type{t}})
	}
	return out
}

// isLocked reports whether err refused a change because the application
// can no longer change (submitted, its review over, or its round closed).
func isLocked(err error) bool { return errors.Is(err, service.ErrLocked) }

// lockedBack answers a change refused because the application is locked
// by going back to the page it came from, which shows why; a refresh then
// posts nothing again. It reports whether it answered.
func lockedBack(w http.ResponseWriter, r *http.Request, err error, back string) bool {
	if !isLocked(err) || isAPI(r) {
		return false
	}
	setFlashKind(w, "warning", "刚才的操作未执行：本申报书现在只能查看，原因见下方。")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return true
}

// URL is the task list's address.
func (a appRef) URL() string { return "/applications/" + strconv.FormatInt(a.ID, 10) }

func asConflict(err error) (*service.ConflictError, bool) {
	var ce *service.ConflictError
	ok := errors.As(err, &ce)
	return ce, ok
}

// appPage starts every application page: the common part, with the menu
// item of its type (众创空间国家备案, 国家级科技企业孵化器认定) current.
func (s *Server) appPage(w http.ResponseWriter, r *http.Request, t *form.Type, title string) Page {
	return s.page(w, r, title, appSection(t))
}

// appSection is the menu section of a type's pages.
func appSection(t *form.Type) string { return "app:" + t.Code }

// requestType is the application type a list or new-application page is
// for: ?type=, by default the first declared (众创空间国家备案), whose
// addresses predate the others. An unknown type is nil.
func requestType(r *http.Request) *form.Type {
	code := r.FormValue("type")
	if code == "" {
		return form.Types()[0]
	}
	return form.TypeOf(code)
}

// appListPage is the organisation's applications of one type
// (众创空间国家备案, 国家级科技企业孵化器认定, 免税资格申请).
type appListPage struct {
	Page
	Type *form.Type
	Apps []domain.Application
}

func (s *Server) handleAppList(w http.ResponseWriter, r *http.Request) {
	t := requestType(r)
	if t == nil {
		s.fail(w, r, domain.ErrNotFound)
		return
	}
	apps, err := s.svc.Applications(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	apps = slices.DeleteFunc(apps, func(a domain.Application) bool { return a.TypeCode != t.Code })
	s.render(w, r, http.StatusOK, "app_list", appListPage{Page: s.appPage(w, r, t, t.Service), Type: t, Apps: apps})
}

// appNewPage is 新建…申报书: choose the carrier and the round.
type appNewPage struct {
	Page
	Type     *form.Type
	Carriers []domain.Carrier
	Rounds   []domain.Round
	Carrier  int64 // chosen
	Round    int64
	Problems []problem
	Beside   map[string]string
	Existing int64            // the application that already exists for this choice
	Taken    map[int64]string // per carrier, the rounds it already has an application in
}

func (s *Server) handleAppNew(w http.ResponseWriter, r *http.Request) {
	s.renderAppNew(w, r, http.StatusOK, 0, 0, nil)
}

func (s *Server) renderAppNew(
	w http.ResponseWriter,
	r *http.Request,
	code int,
	carrier, round int64,
	err error,
) {
	a, t := actor(r), requestType(r)
	if t == nil {
		s.fail(w, r, domain.ErrNotFound)
		return
	}
	home, herr := s.svc.Home(r.Context(), a)
	if herr != nil {
		s.fail(w, r, herr)
		return
	}
	rounds, rerr := s.svc.OpenRounds(r.Context(), t.Code)
	if rerr != nil {
		s.fail(w, r, rerr)
		return
	}
	p := appNewPage{
		Page:    s.appPage(w, r, t, "新建"+t.DocName),
		Type:    t,
		Rounds:  rounds,
		Carrier: carrier,
		Round:   round,
	}
	for _, k := range t.Carriers {
		p.Carriers = append(p.Carriers, home.Carriers[k]...)
	}
	if len(p.Carriers) == 1 && p.Carrier == 0 {
		p.Carrier = p.Carriers[0].ID
	}
	if len(p.Rounds) == 1 && p.Round == 0 {
		p.Round = p.Rounds[0].ID
	}
	apps, aerr := s.svc.Applications(r.Context(), a)
	if aerr != nil {
		s.fail(w, r, aerr)
		return
	}
	p.Taken = map[int64]string{}
	for _, app := range apps {
		if app.TypeCode != t.Code {
			continue
		}
		if p.Taken[app.CarrierID] != "" {
			p.Taken[app.CarrierID] += "、"
		}
		p.Taken[app.CarrierID] += app.RoundName
		if domain.KindOf(err) == domain.Conflict && app.CarrierID == carrier &&
			app.RoundID == round {
			p.Existing = app.ID
		}
	}
	p.Problems, p.Beside = problemsOf(domain.FieldsOf(err), []string{"carrier", "round"})
	if err != nil && len(p.Problems) == 0 && p.Existing == 0 {
		p.Problems = []problem{{Message: domain.Message(err)}}
	}
	s.render(w, r, code, "app_new", p)
}

func (s *Server) handleAppCreate(w http.ResponseWriter, r *http.Request) {
	carrier, _ := strconv.ParseInt(r.PostFormValue("carrier"), 10, 64)
	round, _ := strconv.ParseInt(r.PostFormValue("round"), 10, 64)
	id, err := s.svc.CreateApplicationOf(r.Context(), actor(r), r.PostFormValue("type"), carrier, round)
	if err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderAppNew(w, r, code, carrier, round, err) })
		return
	}
	setFlash(w, "申报书已创建。请先阅读填报说明，再按任务清单逐项填报。")
	http.Redirect(w, r, "/applications/"+strconv.FormatInt(id, 10)+"/guidance", http.StatusSeeOther)
}

// appGuidancePage is the round's 填报说明.
type appGuidancePage struct {
	Page
	App   appRef
	Round domain.Round
}

func (s *Server) handleAppGuidance(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Application(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(
		w,
		r,
		http.StatusOK,
		"app_guidance",
		appGuidancePage{Page: s.appPage(w, r, v.Type, "填报说明"), App: refOf(v), Round: v.Round},
	)
}

// appTasksPage is the task list of an application with the 备案条件 panel.
type appTasksPage struct {
	Page
	App        appRef
	View       service.AppView
	Done       int
	Conditions []condView
}

// condView is one 备案条件 as the panel shows it.
type condView struct {
	form.CondResult
	Tag   string // 符合, 不符合, 待补充 or 提示
	Class string // the tag's colour
	Href  string // the section (or table) behind the figure
}

func (s *Server) handleAppTasks(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Application(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := appTasksPage{
		Page: s.appPage(w, r, v.Type, v.Carrier.Name+" · "+v.Type.DocName),
		App:  refOf(v),
		View: v,
	}
	for _, st := range v.Statuses {
		if st.State == form.Complete {
			p.Done++
		}
	}
	for _, c := range v.Conditions {
		p.Conditions = append(p.Conditions, condViewOf(v, c))
	}
	s.render(w, r, http.StatusOK, "app_tasks", p)
}

// Experts reports whether experts judge the condition: its rule is shown.
func (c condView) Experts() bool { return c.Kind == form.Experts }

// Hint reports whether the condition is shown as a warning (C10 not met).
func (c condView) Hint() bool { return c.Kind == form.Warn && c.Outcome == form.NotMet }

// condTag is a condition with the tag of its outcome: met green, missing
// data grey, a warning amber, not met red.
func condTag(c form.CondResult) condView {
	cv := condView{CondResult: c, Tag: string(c.Outcome)}
	switch {
	case c.Outcome == form.Met:
		cv.Class = "tag-green"
	case c.Outcome == form.Missing:
		cv.Class = "tag-grey"
	case c.Kind == form.Warn:
		cv.Tag, cv.Class = "提示", "tag-amber"
	default:
		cv.Class = "tag-red"
	}
	return cv
}

func condViewOf(v service.AppView, c form.CondResult) condView {
	cv := condTag(c)
	base := refOf(v).URL()
	if sec := v.Type.Section(c.Link); sec != nil {
		cv.Href = base + "/sections/" + sec.Key
	} else if t := v.Type.Table(c.Link); t != nil {
		cv.Href = base + "/sections/" + t.Section + "#table-" + t.Key
	}
	return cv
}

// handlePledgeTemplate sends the 承诺书 template, filled with the
// organisation's and the carrier's names, as a PDF download.
func (s *Server) handlePledgeTemplate(w http.ResponseWriter, r *http.Request) {
	s.sendPledge(w, r, s.svc.PledgeTemplate, download{Name: "承诺书.pdf", Type: "application/pdf"})
}

// handlePledgeTemplateWord sends the same template as a Word document.
func (s *Server) handlePledgeTemplateWord(w http.ResponseWriter, r *http.Request) {
	s.sendPledge(w, r, s.svc.PledgeTemplateWord, download{Name: "承诺书.docx", Type: docgen.MimeDocx})
}

func (s *Server) sendPledge(
	w http.ResponseWriter,
	r *http.Request,
	render func(context.Context, domain.Actor, int64) ([]byte, error),
	d download,
) {
	b, err := render(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendBytes(w, d, b)
}
