package web

import (
	"net/http"
	"net/url"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// loginPage is the 法人登录 page.
type loginPage struct {
	Page
	Login     string
	CaptchaID string
	Next      string
	Dept      bool // the 管理部门登录 tab: same form, words for reviewers
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if sess := session(r); sess != nil {
		http.Redirect(w, r, landing(sess), http.StatusSeeOther)
		return
	}
	q := r.URL.Query()
	s.renderLogin(
		w,
		r,
		http.StatusOK,
		loginPage{Login: q.Get("login"), Next: q.Get("next"), Dept: q.Get("tab") == "dept"},
		nil,
	)
}

// renderLogin shows the login form with a fresh captcha: each captcha can be
// tried once, so every rendering needs a new one.
func (s *Server) renderLogin(
	w http.ResponseWriter,
	r *http.Request,
	code int,
	p loginPage,
	err error,
) {
	id, cerr := s.svc.NewCaptcha(r.Context())
	if cerr != nil {
		s.fail(w, r, cerr)
		return
	}
	p.Page = s.page(w, r, map[bool]string{false: "法人登录", true: "管理部门登录"}[p.Dept], "login")
	p.CaptchaID = id
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "login", p)
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	in := service.LoginInput{Login: r.PostFormValue("login"), Password: r.PostFormValue("password"),
		CaptchaID: r.PostFormValue(
			"captcha_id",
		), CaptchaAns: r.PostFormValue("captcha"), IP: s.clientIP(r)}
	sess, err := s.svc.Login(r.Context(), in)
	next := safeNext(r.PostFormValue("next"))
	if err != nil {
		s.renderLogin(
			w,
			r,
			status(err),
			loginPage{Login: in.Login, Next: next, Dept: r.PostFormValue("tab") == "dept"},
			err,
		)
		return
	}
	s.setSessionCookie(w, sess.Token)
	if next == "" || sess.User.MustChangePassword {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// safeNext accepts only local paths, so the login form cannot be used to
// send people to another site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") ||
		strings.HasPrefix(next, "//") ||
		strings.Contains(next, `\`) {
		return ""
	}
	return next
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if sess := session(r); sess != nil && sess.token != "" {
		if err := s.svc.Logout(r.Context(), sess.token); err != nil {
			s.log.Error("logout", "err", err)
		}
	}
	s.clearSessionCookie(w)
	setFlash(w, "您已安全退出。")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) handleKeepAlive(w http.ResponseWriter, r *http.Request) {
	// loadSession already refreshed the idle timer; answer with the new end,
	// and with how long until then, which the page counts down on its own
	// clock (an office PC's clock may be off by hours).
	sess := session(r)
	writeJSON(w, http.StatusOK, map[string]any{"expires_at": sess.expiresAt.UnixMilli(),
		"expires_in": sess.expiresIn.Milliseconds()})
}

// handleCaptchaNew gives a fresh captcha id, for the 换一张 button's script.
func (s *Server) handleCaptchaNew(w http.ResponseWriter, r *http.Request) {
	id, err := s.svc.NewCaptcha(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(
		w,
		http.StatusOK,
		map[string]string{
			"id":    id,
			"image": "/captcha/" + id + "/image",
			"audio": "/captcha/" + id + "/audio",
		},
	)
}

func (s *Server) handleCaptchaImage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.svc.CaptchaImage(r.Context(), r.PathValue("id"), w); err != nil {
		http.Error(w, "验证码已过期，请刷新页面。", http.StatusNotFound)
	}
}

func (s *Server) handleCaptchaAudio(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "audio/wav")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.svc.CaptchaAudio(r.Context(), r.PathValue("id"), w); err != nil {
		http.Error(w, "验证码已过期，请刷新页面。", http.StatusNotFound)
	}
}
