package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// 专家库: a province's or 火炬中心's experts, managed by its reviewers.

type expertPoolPage struct {
	Page
	Experts []domain.Expert
	Form    service.ExpertInput
	Created *domain.User // just created or reset, with its temporary password
	TempPW  string
	NoPool  string // why the department has no pool ("" when it has one)
}

func (s *Server) handleExperts(w http.ResponseWriter, r *http.Request) {
	s.renderExperts(w, r, http.StatusOK, expertPoolPage{}, nil)
}

func (s *Server) renderExperts(w http.ResponseWriter, r *http.Request, code int, p expertPoolPage, err error) {
	list, lerr := s.svc.Experts(r.Context(), actor(r))
	p.Page, p.Experts = s.page(w, r, "专家库", "experts"), list
	if domain.KindOf(lerr) == domain.Forbidden {
		// A 市/区科技局 reaches the page from an old link: it says why
		// there is nothing here rather than failing.
		p.NoPool = domain.Message(lerr)
		s.render(w, r, code, "experts", p)
		return
	}
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "experts", p)
}

func expertForm(r *http.Request) service.ExpertInput {
	return service.ExpertInput{Login: r.PostFormValue("login"), Name: r.PostFormValue("name"),
		Mobile: r.PostFormValue("mobile"), Email: r.PostFormValue("email"),
		Employer: r.PostFormValue("employer"), Speciality: r.PostFormValue("speciality"),
		RegionCode: postedRegion(r)}
}

func (s *Server) handleExpertCreate(w http.ResponseWriter, r *http.Request) {
	in := expertForm(r)
	if regionPicked(r) {
		s.renderExperts(w, r, http.StatusOK, expertPoolPage{Form: in}, nil)
		return
	}
	e, pw, err := s.svc.AddExpert(r.Context(), actor(r), in)
	if err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderExperts(w, r, code, expertPoolPage{Form: in}, err) })
		return
	}
	s.renderExperts(w, r, http.StatusOK, expertPoolPage{Created: &e.User, TempPW: pw}, nil)
}

func (s *Server) handleExpertReset(w http.ResponseWriter, r *http.Request) {
	tp, err := s.svc.ResetExpertPassword(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderExperts(w, r, http.StatusOK, expertPoolPage{Created: &tp.User, TempPW: tp.Password}, nil)
}

func (s *Server) handleExpertDisable(w http.ResponseWriter, r *http.Request) {
	s.expertSetDisabled(w, r, true)
}

func (s *Server) handleExpertEnable(w http.ResponseWriter, r *http.Request) {
	s.expertSetDisabled(w, r, false)
}

func (s *Server) expertSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	if err := s.svc.SetExpertDisabled(r.Context(), actor(r), pathID(r), disabled); err != nil {
		s.fail(w, r, err)
		return
	}
	setFlash(w, map[bool]string{true: "专家账号已停用，其登录已立即失效；已分配的评审任务请在各申报的审核页处理。",
		false: "专家账号已启用。"}[disabled])
	http.Redirect(w, r, "/experts", http.StatusSeeOther)
}
