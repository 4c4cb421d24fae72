package web

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hatch/internal/domain"
)

type ctxKey int

const (
	keySession ctxKey = iota
	keyRequestID
)

// reqSession is what the middleware learned about the caller.
type reqSession struct {
	actor     domain.Actor
	csrf      string
	token     string        // the session cookie value ("" for API tokens)
	expiresAt time.Time     // when the session idles out
	expiresIn time.Duration // how long from this request until then
	viaToken  bool          // authenticated by a personal access token
}

func withSession(r *http.Request, s *reqSession) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), keySession, s))
}

// session returns the caller's session, or nil if not logged in.
func session(r *http.Request) *reqSession {
	s, _ := r.Context().Value(keySession).(*reqSession)
	return s
}

// actor returns the logged-in actor; routes behind requireLogin always have one.
func actor(r *http.Request) domain.Actor {
	if s := session(r); s != nil {
		return s.actor
	}
	return domain.Actor{}
}

// clientIP is the address used for throttling and the audit log.
func (s *Server) clientIP(r *http.Request) string {
	if s.opts.TrustProxy {
		if ip := strings.TrimSpace(r.Header.Get("X-Real-IP")); ip != "" {
			return ip
		}
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			return strings.TrimSpace(strings.Split(f, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// pathID parses the {id} path value; a bad id is 0, which finds nothing.
func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

func contextWithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, keyRequestID, id)
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(keyRequestID).(string)
	return id
}
