package web

import (
	"net/http"
	"net/url"

	"hatch/internal/service"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

// servicesPage is 服务事项 (manual 四.一).
type servicesPage struct {
	Page
	Certified bool
}

func (s *Server) handleServices(w http.ResponseWriter, r *http.Request) {
	p := servicesPage{Page: s.page(w, r, "服务事项", "services"), Certified: actor(r).OrgCertified}
	s.render(w, r, http.StatusOK, "services", p)
}

// homePage is the 首页 of the incubator system (manual 四.二).
type homePage struct {
	Page
	Home service.Home
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	h, err := s.svc.Home(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", homePage{Page: s.page(w, r, "首页", "home"), Home: h})
}
