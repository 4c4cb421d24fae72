package web

import (
	"net/http"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// accountPage is 账号设置: password and personal access tokens.
type accountPage struct {
	Page
	Tokens   []domain.APIToken
	NewToken string // shown once, right after creation
}

func (s *Server) handleAccountPage(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, accountPage{}, nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, code int, p accountPage, err error) {
	a := actor(r)
	tokens, terr := s.svc.Tokens(r.Context(), a)
	if terr != nil {
		s.fail(w, r, terr)
		return
	}
	p.Page, p.Tokens = s.page(w, r, "账号设置", "account"), tokens
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "account", p)
}

func (s *Server) handleChangePassword(w http.ResponseWriter, r *http.Request) {
	in := service.ChangePasswordInput{Current: r.PostFormValue("current"), New: r.PostFormValue("new"),
		Confirm: r.PostFormValue("confirm"), KeepSession: session(r).token}
	if err := s.svc.ChangePassword(r.Context(), actor(r), in); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderAccount(w, r, code, accountPage{}, err) })
		return
	}
	setFlash(w, "密码已修改。其他设备上的登录已退出。")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) handleCreateToken(w http.ResponseWriter, r *http.Request) {
	secret, err := s.svc.NewToken(r.Context(), actor(r), r.PostFormValue("token_name"))
	if err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderAccount(w, r, code, accountPage{}, err) })
		return
	}
	s.renderAccount(w, r, http.StatusOK, accountPage{NewToken: secret}, nil)
}

func (s *Server) handleRevokeToken(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.RevokeToken(r.Context(), actor(r), pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	setFlash(w, "访问令牌已吊销。")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// formFailed re-renders a form for input errors and conflicts (the user's
// input kept, messages beside the fields) and shows the error page for
// anything else.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error, rerender func(code int)) {
	switch domain.KindOf(err) {
	case domain.Invalid, domain.Conflict:
		rerender(status(err))
	default:
		s.fail(w, r, err)
	}
}

// pathID parses the {id} path value; a bad id is 0, which finds nothing.
func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

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
	in := service.ResetRequest{Login: r.PostFormValue("login"), Channel: r.PostFormValue("channel"), IP: s.clientIP(r)}
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
	p := resetPage{Page: s.page(w, r, "重置密码", "login"), Login: r.URL.Query().Get("login"), Sent: r.URL.Query().Get("sent") != ""}
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
