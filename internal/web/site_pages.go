package web

import (
	"net/http"

	"hatch/internal/domain"
)

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.Ping(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}

// handleRoot sends each role to where its work starts.
func (s *Server) handleRoot(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, landing(session(r)), http.StatusSeeOther)
}

func landing(sess *reqSession) string {
	if sess == nil {
		return "/login"
	}
	switch sess.actor.Role {
	case domain.RoleAdmin:
		return "/admin"
	case domain.RoleReviewer:
		return "/workbench"
	case domain.RoleExpert:
		return "/expert"
	}
	if !sess.actor.OrgCertified {
		return "/my?gate=1"
	}
	return "/services"
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, domain.Errorf(domain.NotFound, "您访问的页面不存在，请检查网址，或从菜单进入。"))
}
