package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// staffPage is 经办人管理.
type staffPage struct {
	Page
	Users   []domain.User
	Form    service.StaffInput
	Created *domain.User // just created or reset, with its temporary password
	TempPW  string
}

func (s *Server) handleStaffPage(w http.ResponseWriter, r *http.Request) {
	s.renderStaff(w, r, http.StatusOK, staffPage{}, nil)
}

func (s *Server) renderStaff(
	w http.ResponseWriter,
	r *http.Request,
	code int,
	p staffPage,
	err error,
) {
	users, uerr := s.svc.Staff(r.Context(), actor(r))
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	p.Page, p.Users = s.page(w, r, "经办人管理", "staff"), users
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "staff", p)
}

func (s *Server) handleStaffCreate(w http.ResponseWriter, r *http.Request) {
	in := service.StaffInput{Login: r.PostFormValue("login"), Name: r.PostFormValue("name"),
		Mobile: r.PostFormValue("mobile"), Email: r.PostFormValue("email")}
	u, pw, err := s.svc.AddStaff(r.Context(), actor(r), in)
	if err != nil {
		s.formFailed(
			w,
			r,
			err,
			func(code int) { s.renderStaff(w, r, code, staffPage{Form: in}, err) },
		)
		return
	}
	s.renderStaff(w, r, http.StatusOK, staffPage{Created: &u, TempPW: pw}, nil)
}

func (s *Server) handleStaffReset(w http.ResponseWriter, r *http.Request) {
	tp, err := s.svc.ResetStaffPassword(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStaff(w, r, http.StatusOK, staffPage{Created: &tp.User, TempPW: tp.Password}, nil)
}

func (s *Server) handleStaffDisable(w http.ResponseWriter, r *http.Request) {
	s.staffSetDisabled(w, r, true)
}

func (s *Server) handleStaffEnable(w http.ResponseWriter, r *http.Request) {
	s.staffSetDisabled(w, r, false)
}

func (s *Server) staffSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	if err := s.svc.SetStaffDisabled(r.Context(), actor(r), pathID(r), disabled); err != nil {
		s.fail(w, r, err)
		return
	}
	setFlash(w, map[bool]string{true: "账号已停用，其登录已立即失效。", false: "账号已启用。"}[disabled])
	http.Redirect(w, r, "/staff", http.StatusSeeOther)
}
