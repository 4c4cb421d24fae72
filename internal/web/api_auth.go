package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// The API's login, session and account endpoints (/api/v1/session, /me,
// /password-reset), over the same service methods as the pages.

// apiLoginBody is POST /api/v1/session.
type apiLoginBody struct {
	Login     string `json:"login"`
	Password  string `json:"password"`
	CaptchaID string `json:"captcha_id"`
	Captcha   string `json:"captcha"`
}

// apiSession answers a login: who, the CSRF token every later state change
// with the cookie must send, and when the session idles out.
type apiSession struct {
	User               apiUserRef `json:"user"`
	CSRFToken          string     `json:"csrf_token"`
	ExpiresAt          string     `json:"expires_at"`
	MustChangePassword bool       `json:"must_change_password"`
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in apiLoginBody
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	sess, err := s.svc.Login(r.Context(), service.LoginInput{Login: in.Login, Password: in.Password,
		CaptchaID: in.CaptchaID, CaptchaAns: in.Captcha, IP: s.clientIP(r)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Resume gives the expiry exactly as later requests will compute it.
	st, err := s.svc.Resume(r.Context(), sess.Token, s.clientIP(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setSessionCookie(w, sess.Token)
	writeJSON(w, http.StatusCreated, apiSession{User: userRefOf(sess.User), CSRFToken: sess.CSRF,
		ExpiresAt: apiTime(st.ExpiresAt), MustChangePassword: sess.User.MustChangePassword})
}

// apiLogout ends the cookie session, if any. Like the page it is public and
// idempotent: logging out twice is not an error.
func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	if sess := session(r); sess != nil && sess.token != "" {
		if err := s.svc.Logout(r.Context(), sess.token); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	noContent(w)
}

// apiMe is the caller: the account, the facts that decide what it may do,
// and for cookie sessions the CSRF token and the idle deadline.
type apiMe struct {
	apiUser
	OrgCertified bool   `json:"org_certified"`
	OrgMigrated  bool   `json:"org_migrated"`
	DeptLevel    string `json:"dept_level,omitempty"`
	AuthMethod   string `json:"auth_method"`
	CSRFToken    string `json:"csrf_token,omitempty"`
	ExpiresAt    string `json:"expires_at,omitempty"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	sess := session(r)
	a := sess.actor
	me := apiMe{apiUser: userOf(a.User), OrgCertified: a.OrgCertified, OrgMigrated: a.OrgMigrated,
		DeptLevel: string(a.DeptLevel), AuthMethod: "token"}
	if !sess.viaToken {
		me.AuthMethod, me.CSRFToken, me.ExpiresAt = "cookie", sess.csrf, apiTime(sess.expiresAt)
	}
	writeJSON(w, http.StatusOK, me)
}

// apiPasswordBody is PUT /api/v1/me/password.
type apiPasswordBody struct {
	Current string `json:"current"`
	New     string `json:"new"`
	Confirm string `json:"confirm"`
}

func (s *Server) apiChangePassword(w http.ResponseWriter, r *http.Request) {
	var in apiPasswordBody
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	err := s.svc.ChangePassword(
		r.Context(),
		actor(r),
		service.ChangePasswordInput{Current: in.Current,
			New: in.New, Confirm: in.Confirm, KeepSession: session(r).token},
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}

// apiPasswordChanged refuses API calls from an account still on a temporary
// password, as the pages do by sending it to 账号设置: otherwise a token
// made with the temporary password would outlive the rule that it be used
// only once. /me, /me/password and logging out stay open.
func (s *Server) apiPasswordChanged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if actor(r).MustChangePassword {
			s.fail(
				w,
				r,
				domain.Errorf(domain.Forbidden, "您正在使用临时密码，请先通过 PUT /api/v1/me/password 设置新密码。"),
			)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) {
	list, err := s.svc.Tokens(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(tokensOf(list)))
}

// apiTokenBody is POST /api/v1/me/tokens.
type apiTokenBody struct {
	Name string `json:"name"`
}

// apiNewToken carries the secret, shown only in this answer.
type apiNewToken struct {
	Name  string `json:"name"`
	Token string `json:"token"`
}

func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) {
	var in apiTokenBody
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	secret, err := s.svc.NewToken(r.Context(), actor(r), in.Name)
	if err != nil {
		s.fail(w, r, renameFields(err, map[string]string{"token_name": "name"}))
		return
	}
	writeJSON(w, http.StatusCreated, apiNewToken{Name: in.Name, Token: secret})
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.RevokeToken(r.Context(), actor(r), pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}

// apiResetBody is POST /api/v1/password-reset.
type apiResetBody struct {
	Login   string `json:"login"`
	Channel string `json:"channel"`
}

// apiResetRequest answers 202 whether or not the account exists, so the
// endpoint cannot be used to discover logins; only malformed input is 422.
func (s *Server) apiResetRequest(w http.ResponseWriter, r *http.Request) {
	var in apiResetBody
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	err := s.svc.RequestReset(
		r.Context(),
		service.ResetRequest{Login: in.Login, Channel: in.Channel, IP: s.clientIP(r)},
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, apiMessage{Message: "如账号存在且登记了所选联系方式，验证码已发送。"})
}

// apiMessage is an answer that only tells the user something.
type apiMessage struct {
	Message string `json:"message"`
}

// apiResetConfirmBody is POST /api/v1/password-reset/confirm.
type apiResetConfirmBody struct {
	Login   string `json:"login"`
	Code    string `json:"code"`
	New     string `json:"new"`
	Confirm string `json:"confirm"`
}

func (s *Server) apiResetConfirm(w http.ResponseWriter, r *http.Request) {
	var in apiResetConfirmBody
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	err := s.svc.ConfirmReset(r.Context(), service.ResetConfirm{Login: in.Login, Code: in.Code,
		New: in.New, Confirm: in.Confirm, IP: s.clientIP(r)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}
