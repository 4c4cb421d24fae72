package web

import "net/http"

// reviewRoutes are the reviewers' pages and API: the 工作台 queue, the
// review page with its actions and remarks, the submitted files and the
// exports.
func (s *Server) reviewRoutes(mux *http.ServeMux, login func(http.HandlerFunc, ...middleware) http.Handler, reviewer middleware) {
}
