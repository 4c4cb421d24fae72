package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/service"
)

const sessionCookie = "hatch_session"

// middleware is the standard func(next) next shape.
type middleware func(http.Handler) http.Handler

// chain applies mws so that the first one listed runs first.
func chain(h http.Handler, mws ...middleware) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// recoverer turns a panic into a logged 500 with a safe page.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "path", r.URL.Path, "panic", v)
				s.fail(w, r, domain.Errorf(domain.Internal, "panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// logRequests logs each request with an id the error page also shows, so a
// user's report can be matched to the log line, and counts it in the
// metrics by the route pattern it matched.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [6]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		start := clock.System() // a duration, on the machine's clock
		sw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(sw, r.WithContext(contextWithRequestID(r.Context(), id)))
		took := time.Since(start)
		s.opts.Metrics.ObserveRequest(s.routeOf(r, sw), sw.status, took)
		if quietPath(r.URL.Path) {
			return
		}
		s.log.Info("request", "id", id, "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"ms", took.Milliseconds())
	})
}

// quietPath is a path polled by machines or fetched with every page,
// left out of the log.
func quietPath(p string) bool {
	return p == "/healthz" || p == "/readyz" || p == "/metrics" || strings.HasPrefix(p, "/static/")
}

type statusWriter struct {
	http.ResponseWriter
	status int
	// pattern is the route the router matched (notePattern), the
	// metrics' label: bounded, unlike the path.
	pattern string
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// notePattern runs the router and notes the pattern it matched on the
// statusWriter of logRequests. The router sets the pattern on the
// request it was handed, which the middleware in between has copied, so
// logRequests cannot read it from its own.
func notePattern(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if sw, ok := w.(*statusWriter); ok {
			sw.pattern = r.Pattern
		}
	})
}

// routeOf is the route pattern of a request for the metrics. A request
// refused before the router (CSRF, a session the database could not
// resume) asks the router for it; one no pattern matches is "unmatched".
func (s *Server) routeOf(r *http.Request, sw *statusWriter) string {
	if sw.pattern != "" {
		return sw.pattern
	}
	if s.mux != nil {
		if _, p := s.mux.Handler(r); p != "" {
			return p
		}
	}
	return "unmatched"
}

// securityHeaders forbid framing and sniffing and keep scripts to our own.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set(
			"Content-Security-Policy",
			"default-src 'self'; img-src 'self' data: blob:; media-src 'self'; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
		)
		next.ServeHTTP(w, r)
	})
}

// loadSession resolves the session cookie or the bearer token, if any.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" {
			// Its bearer token is the metrics token, not a person's.
			next.ServeHTTP(w, r)
			return
		}
		if tok, ok := bearer(r); ok {
			a, err := s.svc.ResumeToken(r.Context(), tok, s.clientIP(r))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			next.ServeHTTP(w, withSession(r, &reqSession{actor: a, viaToken: true}))
			return
		}
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		st, err := s.svc.Resume(r.Context(), c.Value, s.clientIP(r))
		if err != nil && domain.KindOf(err) != domain.Unauthenticated {
			// The database did not answer: the session may well be valid,
			// so it is kept, and the user is asked to try again.
			s.fail(w, r, err)
			return
		}
		if err != nil {
			s.clearSessionCookie(w)
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(
			w,
			withSession(
				r,
				&reqSession{actor: st.Actor, csrf: st.CSRF, token: c.Value, expiresAt: st.ExpiresAt,
					expiresIn: st.ExpiresIn},
			),
		)
	})
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	return strings.TrimSpace(tok), ok && strings.TrimSpace(tok) != ""
}

// checkCSRF requires the session's token on every state change made with a
// session cookie: from the form field _csrf or the X-CSRF-Token header.
// Requests with a bearer token carry no ambient credential and need none.
// Cross-origin requests are already refused by http.CrossOriginProtection.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess := session(r)
		if safeMethod(r.Method) || sess == nil || sess.viaToken {
			next.ServeHTTP(w, r)
			return
		}
		got := r.Header.Get("X-CSRF-Token")
		if got == "" {
			var err error
			if got, err = formToken(r); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		if r.MultipartForm != nil {
			// The server removes upload temp files only for the request it
			// made; this one is a copy, so clean up here.
			defer r.MultipartForm.RemoveAll()
		}
		if !service.SameToken(got, sess.csrf) {
			s.fail(w, r, domain.Errorf(domain.Forbidden, "页面已过期或来源不明，请刷新页面后重新提交。"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// maxForm caps a form post, uploads included. Multipart bodies are parsed
// with a small memory budget; larger files spool to temporary files, so
// memory does not grow with upload size.
const maxForm = 40 << 20

// formToken reads _csrf from the form, parsing multipart bodies so that the
// handler finds r.MultipartForm ready.
func formToken(r *http.Request) (string, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return "", formTooLarge(err)
		}
		return r.FormValue("_csrf"), nil
	}
	r.ParseForm()
	return r.PostFormValue("_csrf"), nil
}

// formTooLarge says so when a form was refused for its size; other parse
// failures are left to the CSRF check, which refuses the request.
func formTooLarge(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return domain.Errorf(domain.Invalid, "提交的内容超过 %d MB 上限，请压缩或拆分文件后再上传。", maxForm>>20)
	}
	return nil
}

// limitBody caps every request body before anything reads it.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		next.ServeHTTP(w, r)
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// requireLogin sends anonymous page requests to the login page and answers
// anonymous API requests with 401.
func (s *Server) requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if session(r) == nil {
			if isAPI(r) || !safeMethod(r.Method) {
				s.fail(w, r, domain.Errorf(domain.Unauthenticated, "请先登录。"))
				return
			}
			http.Redirect(
				w,
				r,
				"/login?next="+url.QueryEscape(r.URL.RequestURI()),
				http.StatusSeeOther,
			)
			return
		}
		if sess := session(r); sess.actor.MustChangePassword && !isAPI(r) &&
			!passwordChangePath(r.URL.Path) {
			setFlash(w, "您正在使用临时密码，请先设置新密码。")
			http.Redirect(w, r, "/account", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func passwordChangePath(p string) bool {
	return p == "/account" || p == "/account/password" || p == "/logout" ||
		p == "/session/keepalive"
}

// only restricts a handler to some roles. Others get 403 on the API and a
// friendly page in the browser.
func (s *Server) only(roles ...domain.Role) middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a := actor(r)
			for _, role := range roles {
				if a.Role == role {
					next.ServeHTTP(w, r)
					return
				}
			}
			if a.Role == domain.RoleExpert && !isAPI(r) {
				// An expert, from outside the departments, is not told
				// which other pages exist. The API keeps its declared
				// 403 for a role that does not fit: it names the role,
				// never a record.
				s.fail(w, r, domain.ErrNotFound)
				return
			}
			s.fail(w, r, domain.Errorf(domain.Forbidden, "您的账号（%s）无权访问此页面。", a.Role.Label()))
		})
	}
}

// certified sends applicants of organisations without 实名认证 to 我的信息
// with the reason, as the manual requires before any filing.
func (s *Server) certified(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := actor(r); a.Role.Applicant() && !a.OrgCertified {
			if isAPI(r) {
				s.fail(w, r, service.ErrNotCertified)
				return
			}
			http.Redirect(w, r, "/my?gate=1", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.opts.SecureCookie, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(
		w,
		&http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
			Secure: s.opts.SecureCookie, SameSite: http.SameSiteLaxMode},
	)
}
