package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// forgotPage is 忘记密码, step one.
type forgotPage struct {
	Page
	Login, Channel string
	Sent           bool
}

func (s *Server) handleForgotPage(w http.ResponseWriter, r *http.Request) {
	p := forgotPage{Page: s.page(w, r, "找回密码", "login"), Channel: "sms"}
	s.render(w, r, http.StatusOK, "forgot", p)
}

func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	in := service.ResetRequest{
		Login:   r.PostFormValue("login"),
		Channel: r.PostFormValue("channel"),
		IP:      s.clientIP(r),
	}
	err := s.svc.RequestReset(r.Context(), in)
	if err != nil && domain.KindOf(err) != domain.Invalid {
		s.fail(w, r, err)
		return
	}
	if err != nil {
		p := forgotPage{Page: s.page(w, r, "找回密码", "login"), Login: in.Login, Channel: in.Channel}
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
		s.render(w, r, status(err), "forgot", p)
		return
	}
	http.Redirect(w, r, "/password/reset?sent=1&login="+urlQuery(in.Login), http.StatusSeeOther)
}

// resetPage is 忘记密码, step two.
type resetPage struct {
	Page
	Login string
	Sent  bool
}

func (s *Server) handleResetPage(w http.ResponseWriter, r *http.Request) {
	p := resetPage{
		Page:  s.page(w, r, "重置密码", "login"),
		Login: r.URL.Query().Get("login"),
		Sent:  r.URL.Query().Get("sent") != "",
	}
	s.render(w, r, http.StatusOK, "reset", p)
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	in := service.ResetConfirm{Login: r.PostFormValue("login"), Code: r.PostFormValue("code"),
		New: r.PostFormValue("new"), Confirm: r.PostFormValue("confirm"), IP: s.clientIP(r)}
	if err := s.svc.ConfirmReset(r.Context(), in); err != nil {
		s.formFailed(w, r, err, func(code int) {
			p := resetPage{Page: s.page(w, r, "重置密码", "login"), Login: in.Login}
			p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
			s.render(w, r, code, "reset", p)
		})
		return
	}
	setFlash(w, "密码已重置，请使用新密码登录。")
	http.Redirect(w, r, "/login?login="+urlQuery(in.Login), http.StatusSeeOther)
}
