package web

import (
	"net/http"

	"hatch/internal/domain"
)

// routes is the whole URL surface of Hatch.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	legal, admin := s.only(domain.RoleLegal), s.only(domain.RoleAdmin)
	applicant := s.only(domain.RoleLegal, domain.RoleStaff)
	reviewer := s.only(domain.RoleReviewer)
	public := func(h http.HandlerFunc) http.Handler { return h }
	login := func(h http.HandlerFunc, mws ...middleware) http.Handler {
		return chain(h, append([]middleware{s.requireLogin}, mws...)...)
	}

	// Infrastructure.
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /static/", staticHandler())

	// 法人登录, captcha and passwords (manual 二).
	mux.Handle("GET /{$}", public(s.handleRoot))
	mux.Handle("GET /login", public(s.handleLoginPage))
	mux.Handle("POST /login", public(s.handleLogin))
	mux.Handle("POST /logout", public(s.handleLogout))
	mux.Handle("GET /captcha/new", public(s.handleCaptchaNew))
	mux.Handle("GET /captcha/{id}/image", public(s.handleCaptchaImage))
	mux.Handle("GET /captcha/{id}/audio", public(s.handleCaptchaAudio))
	mux.Handle("GET /password/forgot", public(s.handleForgotPage))
	mux.Handle("POST /password/forgot", public(s.handleForgot))
	mux.Handle("GET /password/reset", public(s.handleResetPage))
	mux.Handle("POST /password/reset", public(s.handleReset))
	mux.Handle("POST /session/keepalive", login(s.handleKeepAlive))

	// 账号设置: own password and personal access tokens.
	mux.Handle("GET /account", login(s.handleAccountPage))
	mux.Handle("POST /account/password", login(s.handleChangePassword))
	mux.Handle("POST /account/tokens", login(s.handleCreateToken))
	mux.Handle("POST /account/tokens/{id}/revoke", login(s.handleRevokeToken))

	// 服务事项 and 在线办事 → 我的信息 → 实名认证 (manual 三, 四.一).
	mux.Handle("GET /services", login(s.handleServices, applicant))
	mux.Handle("GET /my", login(s.handleMyInfo, applicant))
	mux.Handle("GET /my/legal", login(s.handleLegalPage, legal))
	mux.Handle("POST /my/legal", login(s.handleLegalSave, legal))
	mux.Handle("GET /my/manual", login(s.handleManualPage, legal))
	mux.Handle("POST /my/manual", login(s.handleManualSave, legal))
	mux.Handle("GET /attachments/{id}", login(s.handleAttachment))

	// The incubator system: 首页, 载体 and 经办人 (manual 四.二).
	mux.Handle("GET /home", login(s.handleHome, applicant, s.certified))
	mux.Handle("GET /carriers/new", login(s.handleCarrierNew, legal, s.certified))
	mux.Handle("POST /carriers", login(s.handleCarrierCreate, legal, s.certified))
	mux.Handle("GET /carriers/{id}/edit", login(s.handleCarrierEdit, legal, s.certified))
	mux.Handle("POST /carriers/{id}", login(s.handleCarrierUpdate, legal, s.certified))
	mux.Handle("GET /staff", login(s.handleStaffPage, legal, s.certified))
	mux.Handle("POST /staff", login(s.handleStaffCreate, legal, s.certified))
	mux.Handle("POST /staff/{id}/reset-password", login(s.handleStaffReset, legal, s.certified))
	mux.Handle("POST /staff/{id}/disable", login(s.handleStaffDisable, legal, s.certified))
	mux.Handle("POST /staff/{id}/enable", login(s.handleStaffEnable, legal, s.certified))

	// Reviewers' 工作台.
	mux.Handle("GET /workbench", login(s.handleWorkbench, reviewer))

	// 系统管理.
	mux.Handle("GET /admin", login(s.handleAdmin, admin))
	mux.Handle("GET /admin/certifications", login(s.handleCertQueue, admin))
	mux.Handle("GET /admin/certifications/{id}", login(s.handleCertReview, admin))
	mux.Handle("POST /admin/certifications/{id}/decision", login(s.handleCertDecision, admin))
	mux.Handle("GET /admin/users", login(s.handleAdminUsers, admin))
	mux.Handle("POST /admin/users/{id}/reset-password", login(s.handleAdminResetPassword, admin))
	mux.Handle("POST /admin/users/{id}/disable", login(s.handleAdminDisable, admin))
	mux.Handle("POST /admin/users/{id}/enable", login(s.handleAdminEnable, admin))
	mux.Handle("GET /admin/departments", login(s.handleDepartments, admin))
	mux.Handle("POST /admin/departments", login(s.handleDepartmentCreate, admin))
	mux.Handle("POST /admin/reviewers", login(s.handleReviewerCreate, admin))
	mux.Handle("GET /admin/outbox", login(s.handleOutbox, admin))
	mux.Handle("GET /admin/audit", login(s.handleAudit, admin))

	s.apiRoutes(mux, login, legal, admin, applicant)

	mux.Handle("/", public(s.handleNotFound))
	return chain(mux, s.recoverer, s.logRequests, securityHeaders, limitBody,
		http.NewCrossOriginProtection().Handler, s.loadSession, s.checkCSRF)
}

// apiRoutes registers the JSON API under /api/v1 (described in
// api/openapi.yaml). Every action of the pages has an endpoint here, over
// the same service methods.
func (s *Server) apiRoutes(mux *http.ServeMux, login func(http.HandlerFunc, ...middleware) http.Handler, legal, admin, applicant middleware) {
}
