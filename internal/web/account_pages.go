package web

import (
	"net/http"

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

func (s *Server) renderAccount(
	w http.ResponseWriter,
	r *http.Request,
	code int,
	p accountPage,
	err error,
) {
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
	in := service.ChangePasswordInput{
		Current:     r.PostFormValue("current"),
		New:         r.PostFormValue("new"),
		Confirm:     r.PostFormValue("confirm"),
		KeepSession: session(r).token,
	}
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
func (s *Server) formFailed(
	w http.ResponseWriter,
	r *http.Request,
	err error,
	rerender func(code int),
) {
	switch domain.KindOf(err) {
	case domain.Invalid, domain.Conflict:
		rerender(status(err))
	default:
		s.fail(w, r, err)
	}
}
