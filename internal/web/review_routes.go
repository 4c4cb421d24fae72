package web

import "net/http"

// reviewRoutes are the reviewers' pages and API: the 工作台 queue, the
// review page with its actions and remarks, the submitted files and the
// exports. Every route is for reviewers only; which applications a
// reviewer's department sees is the service's decision (another
// department's application is 404 everywhere).
func (s *Server) reviewRoutes(mux *http.ServeMux, login func(http.HandlerFunc, ...middleware) http.Handler, reviewer middleware) {
	// 工作台 (GET /workbench is in routes.go) and its exports.
	mux.Handle("GET /workbench/export.xlsx", login(s.handleWorkbenchExport, reviewer))
	mux.Handle("GET /workbench/recommend.xlsx", login(s.handleWorkbenchRecommend, reviewer))

	// The review page of one application.
	mux.Handle("GET /review/{id}", login(s.handleReview, reviewer))
	mux.Handle("GET /review/{id}/pdf", login(s.handleReviewPDF, reviewer))
	mux.Handle("GET /review/{id}/files/{file}", login(s.handleReviewFile, reviewer))
	mux.Handle("POST /review/{id}/actions", login(s.handleReviewAct, reviewer))
	mux.Handle("POST /review/{id}/remarks", login(s.handleRemarkAdd, reviewer))
	mux.Handle("POST /review/{id}/remarks/{remark}/delete", login(s.handleRemarkDelete, reviewer))

	// The same over JSON (api/openapi.yaml); like the rest of the API, not
	// for an account still on a temporary password.
	api := func(h http.HandlerFunc) http.Handler { return login(h, s.apiPasswordChanged, reviewer) }
	mux.Handle("GET /api/v1/review/queue", api(s.apiReviewQueue))
	mux.Handle("GET /api/v1/review/{id}", api(s.apiReview))
	mux.Handle("POST /api/v1/review/{id}/actions", api(s.apiReviewAct))
	mux.Handle("POST /api/v1/review/{id}/remarks", api(s.apiRemarkAdd))
	mux.Handle("DELETE /api/v1/review/{id}/remarks/{remark}", api(s.apiRemarkDelete))
}
