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
	mux.HandleFunc("GET /readyz", s.handleReady)
	mux.HandleFunc("GET /metrics", s.handleMetrics(false))
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

	// 申报批次: dates, 填报说明 and 受理机构, managed by 火炬中心.
	mux.Handle("GET /admin/rounds", login(s.handleRounds, s.torchAdmin))
	mux.Handle("GET /admin/rounds/{id}", login(s.handleRound, s.torchAdmin))
	mux.Handle("POST /admin/rounds/{id}", login(s.handleRoundSave, s.torchAdmin))
	mux.Handle("POST /admin/rounds/{id}/acceptors/{code}", login(s.handleAcceptorSave, s.torchAdmin))
	mux.Handle("GET /admin/rounds/{id}/score-sheet", login(s.handleScoreSheet, s.torchAdmin))
	mux.Handle("POST /admin/rounds/{id}/score-sheet", login(s.handleScoreSheetSave, s.torchAdmin))
	mux.Handle("GET /admin/rounds/{id}/quotas", login(s.handleQuotas, s.torchAdmin))
	mux.Handle("POST /admin/rounds/{id}/quotas", login(s.handleQuotasSave, s.torchAdmin))
	mux.Handle("GET /admin/holidays", login(s.handleHolidays, s.torchAdmin))
	mux.Handle("POST /admin/holidays/{year}", login(s.handleHolidaySave, s.torchAdmin))

	// 认定备案管理 → 众创空间国家备案 (manual 四（三）): applications, the
	// 填报说明, the task list, sections, detail tables, rows and files.
	apps := func(h http.HandlerFunc) http.Handler { return login(h, applicant, s.certified) }
	mux.Handle("GET /applications", apps(s.handleAppList))
	mux.Handle("GET /applications/new", apps(s.handleAppNew))
	mux.Handle("POST /applications", apps(s.handleAppCreate))
	mux.Handle("GET /applications/{id}", apps(s.handleAppTasks))
	mux.Handle("GET /applications/{id}/guidance", apps(s.handleAppGuidance))
	mux.Handle("GET /applications/{id}/pledge-template", apps(s.handlePledgeTemplate))
	mux.Handle("GET /applications/{id}/pledge-template.docx", apps(s.handlePledgeTemplateWord))
	mux.Handle("GET /applications/{id}/sections/{key}", apps(s.handleAppSection))
	mux.Handle("POST /applications/{id}/sections/{key}", apps(s.handleAppSectionSave))
	mux.Handle("POST /applications/{id}/sections/{key}/files", apps(s.handleAppSectionUpload))
	mux.Handle("GET /applications/{id}/tables/{table}", apps(s.handleAppTable))
	mux.Handle("GET /applications/{id}/tables/{table}/new", apps(s.handleAppRowNew))
	mux.Handle("POST /applications/{id}/tables/{table}", apps(s.handleAppRowInsert))
	mux.Handle("GET /applications/{id}/tables/{table}/template", apps(s.handleTableTemplate))
	mux.Handle("GET /applications/{id}/tables/{table}/export", apps(s.handleTableExport))
	mux.Handle("POST /applications/{id}/tables/{table}/imports", apps(s.handleTableImport))
	mux.Handle("GET /applications/{id}/imports/{import}", apps(s.handleImportPage))
	mux.Handle("POST /applications/{id}/imports/{import}/commit", apps(s.handleImportCommit))
	mux.Handle("POST /applications/{id}/imports/{import}/cancel", apps(s.handleImportCancel))
	mux.Handle("GET /applications/{id}/export", apps(s.handleAppExport))
	mux.Handle("POST /applications/{id}/tables/{table}/attachments", apps(s.handleTableAttachments))
	mux.Handle("GET /applications/{id}/attachment-imports/{import}", apps(s.handleFilesPage))
	mux.Handle("POST /applications/{id}/attachment-imports/{import}/commit", apps(s.handleFilesCommit))
	mux.Handle("POST /applications/{id}/attachment-imports/{import}/cancel", apps(s.handleFilesCancel))
	mux.Handle("GET /applications/{id}/rows/{rowID}", apps(s.handleAppRow))
	mux.Handle("POST /applications/{id}/rows/{rowID}", apps(s.handleAppRowUpdate))
	mux.Handle("GET /applications/{id}/rows/{rowID}/delete", apps(s.handleAppRowDeleteConfirm))
	mux.Handle("POST /applications/{id}/rows/{rowID}/delete", apps(s.handleAppRowDelete))
	mux.Handle("POST /applications/{id}/rows/{rowID}/files", apps(s.handleAppRowUpload))
	mux.Handle("POST /applications/{id}/files/{fileID}/delete", apps(s.handleAppFileDelete))
	mux.Handle("GET /applications/{id}/preview", apps(s.handleAppPreview))
	mux.Handle("GET /applications/{id}/versions", apps(s.handleAppVersions))
	mux.Handle("POST /applications/{id}/versions", apps(s.handleVersionCreate))
	mux.Handle("GET /applications/{id}/versions/{vid}/pdf", apps(s.handleVersionPDF))
	mux.Handle("GET /applications/{id}/renders/{job}", apps(s.handleRenderStatus))
	mux.Handle("GET /applications/{id}/submit", apps(s.handleAppSubmitPage))
	mux.Handle("POST /applications/{id}/submit", apps(s.handleAppSubmit))
	mux.Handle("GET /applications/{id}/submitted", apps(s.handleAppSubmitted))
	mux.Handle("GET /applications/{id}/progress", apps(s.handleAppProgress))
	mux.Handle("GET /notifications", login(s.handleNotifications))

	// The paper copy's QR code leads here: anyone may check a 版本号.
	mux.Handle("GET /verify", public(s.handleVerify))
	// The 所属区市 picker's data, for its script.
	mux.Handle("GET /regions.json", public(s.handleRegions))
	// The 公示 form's fifth working day, for its script.
	mux.Handle("GET /workdays/end", public(s.handleWorkdayEnd))

	s.apiRoutes(mux, login, legal, admin, applicant)
	s.reviewRoutes(mux, login, reviewer)

	mux.Handle("/", public(s.handleNotFound))
	s.mux = mux
	// logRequests comes first so that a panic, turned into a 500 by
	// recoverer, is logged and counted with its request id.
	return chain(notePattern(mux), s.logRequests, s.recoverer, securityHeaders, limitBody,
		http.NewCrossOriginProtection().Handler, s.loadSession, s.checkCSRF)
}

// apiRoutes registers the JSON API under /api/v1 (described in
// api/openapi.yaml). Every action of the pages has an endpoint here, over
// the same service methods.
func (s *Server) apiRoutes(mux *http.ServeMux, login func(http.HandlerFunc, ...middleware) http.Handler, legal, admin, applicant middleware) {
	reviewer := s.only(domain.RoleReviewer)
	// auth is login for everything an account on a temporary password may
	// not do yet: all but /me, /me/password and logging out.
	auth := func(h http.HandlerFunc, mws ...middleware) http.Handler {
		return login(h, append([]middleware{s.apiPasswordChanged}, mws...)...)
	}

	// 法人登录, captcha, passwords and tokens.
	mux.HandleFunc("GET /api/v1/captcha", s.handleCaptchaNew)
	mux.HandleFunc("POST /api/v1/session", s.apiLogin)
	mux.HandleFunc("DELETE /api/v1/session", s.apiLogout)
	mux.HandleFunc("POST /api/v1/password-reset", s.apiResetRequest)
	mux.HandleFunc("POST /api/v1/password-reset/confirm", s.apiResetConfirm)
	mux.Handle("GET /api/v1/me", login(s.apiMe))
	mux.Handle("PUT /api/v1/me/password", login(s.apiChangePassword))
	mux.Handle("GET /api/v1/me/tokens", auth(s.apiTokens))
	mux.Handle("POST /api/v1/me/tokens", auth(s.apiCreateToken))
	mux.Handle("DELETE /api/v1/me/tokens/{id}", auth(s.apiRevokeToken))

	// 服务事项, 我的信息 and 实名认证.
	mux.Handle("GET /api/v1/services", auth(s.apiServices, applicant))
	mux.Handle("GET /api/v1/org", auth(s.apiOrg, applicant))
	mux.Handle("PUT /api/v1/org/legal", auth(s.apiLegalSave, legal))
	mux.Handle("GET /api/v1/org/certifications", auth(s.apiOrgCertifications, applicant))
	mux.Handle("POST /api/v1/org/certifications/manual", auth(s.apiManualCert, legal))
	mux.Handle("GET /api/v1/attachments/{id}", auth(s.handleAttachment))

	// 首页, 载体 and 经办人.
	mux.Handle("GET /api/v1/home", auth(s.apiHome, applicant, s.certified))
	mux.Handle("GET /api/v1/carriers", auth(s.apiCarriers, applicant, s.certified))
	mux.Handle("POST /api/v1/carriers", auth(s.apiCarrierCreate, legal, s.certified))
	mux.Handle("GET /api/v1/carriers/{id}", auth(s.apiCarrier, applicant, s.certified))
	mux.Handle("PUT /api/v1/carriers/{id}", auth(s.apiCarrierUpdate, legal, s.certified))
	mux.Handle("GET /api/v1/staff", auth(s.apiStaff, legal, s.certified))
	mux.Handle("POST /api/v1/staff", auth(s.apiStaffCreate, legal, s.certified))
	mux.Handle("POST /api/v1/staff/{id}/reset-password", auth(s.apiStaffReset, legal, s.certified))
	mux.Handle("POST /api/v1/staff/{id}/disable", auth(s.apiStaffDisable, legal, s.certified))
	mux.Handle("POST /api/v1/staff/{id}/enable", auth(s.apiStaffEnable, legal, s.certified))

	// Reviewers' 工作台 and 系统管理.
	mux.Handle("GET /api/v1/workbench", auth(s.apiWorkbench, reviewer))
	mux.Handle("GET /api/v1/admin/certifications", auth(s.apiCertQueue, admin))
	mux.Handle("GET /api/v1/admin/certifications/{id}", auth(s.apiCertReview, admin))
	mux.Handle("POST /api/v1/admin/certifications/{id}/decision", auth(s.apiCertDecision, admin))
	mux.Handle("GET /api/v1/admin/users", auth(s.apiAdminUsers, admin))
	mux.Handle("POST /api/v1/admin/users/{id}/reset-password", auth(s.apiAdminResetPassword, admin))
	mux.Handle("POST /api/v1/admin/users/{id}/disable", auth(s.apiAdminDisable, admin))
	mux.Handle("POST /api/v1/admin/users/{id}/enable", auth(s.apiAdminEnable, admin))
	mux.Handle("GET /api/v1/admin/departments", auth(s.apiDepartments, admin))
	mux.Handle("POST /api/v1/admin/departments", auth(s.apiDepartmentCreate, admin))
	mux.Handle("POST /api/v1/admin/reviewers", auth(s.apiReviewerCreate, admin))
	mux.Handle("GET /api/v1/admin/outbox", auth(s.apiOutbox, admin))
	mux.Handle("GET /api/v1/admin/audit", auth(s.apiAudit, admin))

	// 众创空间国家备案: rounds, applications, sections, rows and files.
	cert := s.certified
	mux.Handle("GET /api/v1/rounds", auth(s.apiRounds, applicant, cert))
	mux.Handle("GET /api/v1/rounds/{id}", auth(s.apiRound))
	mux.Handle("PUT /api/v1/rounds/{id}/guidance", auth(s.apiGuidanceUpdate))
	mux.Handle("GET /api/v1/applications", auth(s.apiApplications, applicant, cert))
	mux.Handle("POST /api/v1/applications", auth(s.apiApplicationCreate, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}", auth(s.apiApplication, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/pledge-template", auth(s.handlePledgeTemplate, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/pledge-template.docx", auth(s.handlePledgeTemplateWord, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/sections/{key}", auth(s.apiSection, applicant, cert))
	mux.Handle("PUT /api/v1/applications/{id}/sections/{key}", auth(s.apiSectionSave, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/tables/{table}", auth(s.apiTable, applicant, cert))
	mux.Handle("POST /api/v1/applications/{id}/tables/{table}/rows", auth(s.apiRowCreate, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/tables/{table}/template", auth(s.handleTableTemplate, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/tables/{table}/export", auth(s.handleTableExport, applicant, cert))
	mux.Handle("POST /api/v1/applications/{id}/tables/{table}/imports", auth(s.apiImportCreate, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/imports/{import}", auth(s.apiImportGet, applicant, cert))
	mux.Handle("POST /api/v1/applications/{id}/imports/{import}/commit", auth(s.apiImportCommit, applicant, cert))
	mux.Handle("DELETE /api/v1/applications/{id}/imports/{import}", auth(s.apiImportDelete, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/export", auth(s.handleAppExport, applicant, cert))
	mux.Handle("POST /api/v1/applications/{id}/tables/{table}/attachments", auth(s.apiFilesCreate, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/attachment-imports/{import}", auth(s.apiFilesGet, applicant, cert))
	mux.Handle("POST /api/v1/applications/{id}/attachment-imports/{import}/commit", auth(s.apiFilesCommit, applicant, cert))
	mux.Handle("DELETE /api/v1/applications/{id}/attachment-imports/{import}", auth(s.apiFilesDelete, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/rows/{row}", auth(s.apiRow, applicant, cert))
	mux.Handle("PUT /api/v1/applications/{id}/rows/{row}", auth(s.apiRowUpdate, applicant, cert))
	mux.Handle("DELETE /api/v1/applications/{id}/rows/{row}", auth(s.apiRowDelete, applicant, cert))
	mux.Handle("POST /api/v1/applications/{id}/files", auth(s.apiFileUpload, applicant, cert))
	mux.Handle("DELETE /api/v1/applications/{id}/files/{file}", auth(s.apiFileDelete, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/versions", auth(s.apiVersions, applicant, cert))
	mux.Handle("POST /api/v1/applications/{id}/versions", auth(s.apiVersionCreate, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/versions/{vid}/pdf", auth(s.handleVersionPDF, applicant, cert))
	mux.Handle("GET /api/v1/verify", http.HandlerFunc(s.apiVerify))
	mux.Handle("GET /api/v1/applications/{id}/submission", auth(s.apiSubmission, applicant, cert))
	mux.Handle("POST /api/v1/applications/{id}/submission", auth(s.apiSubmit, applicant, cert))
	mux.Handle("GET /api/v1/applications/{id}/progress", auth(s.apiProgress, applicant, cert))
	mux.Handle("GET /api/v1/notifications", auth(s.apiNotifications))
}

// reviewRoutes are the reviewers' pages and API: the 工作台 queue, the
// review page with its actions and remarks, the submitted files and the
// exports. Every route is for reviewers only; which applications a
// reviewer's department sees is the service's decision (another
// department's application is 404 everywhere).
func (s *Server) reviewRoutes(mux *http.ServeMux, login func(http.HandlerFunc, ...middleware) http.Handler, reviewer middleware) {
	// 工作台 (GET /workbench is in routes.go) and its exports.
	mux.Handle("GET /workbench/export.xlsx", login(s.handleWorkbenchExport, reviewer))
	mux.Handle("GET /workbench/recommend.xlsx", login(s.handleWorkbenchRecommend, reviewer))
	mux.Handle("GET /workbench/list.xlsx", login(s.handleWorkbenchResultList, reviewer))
	// Batch actions, and the paper register with its export.
	mux.Handle("POST /workbench/batch", login(s.handleBatch, reviewer))
	mux.Handle("GET /workbench/paper-register", login(s.handlePaperRegister, reviewer))
	mux.Handle("GET /workbench/paper-register.xlsx", login(s.handlePaperRegisterExport, reviewer))
	mux.Handle("GET /workbench/recommend.pdf", login(s.handleRecommendLetter, reviewer))
	mux.Handle("GET /workbench/order", login(s.handleRecommendOrder, reviewer))
	mux.Handle("POST /workbench/order", login(s.handleRecommendOrderSave, reviewer))

	// The review page of one application.
	mux.Handle("GET /review/{id}", login(s.handleReview, reviewer))
	mux.Handle("GET /review/{id}/pdf", login(s.handleReviewPDF, reviewer))
	mux.Handle("GET /review/{id}/files/{file}", login(s.handleReviewFile, reviewer))
	// 审核附件, the files of the log's steps: for any logged-in account, so
	// that the service alone answers, 404 to all but the departments that
	// see the application (the applicant and experts included).
	mux.Handle("GET /review/{id}/step-files/{file}", login(s.handleStepFile))
	mux.Handle("GET /review/{id}/export", login(s.handleReviewExport, reviewer))
	mux.Handle("POST /review/{id}/actions", login(s.handleReviewAct, reviewer))
	mux.Handle("POST /review/{id}/remarks", login(s.handleRemarkAdd, reviewer))
	mux.Handle("POST /review/{id}/remarks/{remark}/delete", login(s.handleRemarkDelete, reviewer))
	s.expertRoutes(mux, login, reviewer)
	mux.Handle("POST /review/{id}/withdraw", login(s.handleReviewWithdraw, reviewer))
	mux.Handle("POST /review/{id}/notes", login(s.handleNoteAdd, reviewer))

	// The same over JSON (api/openapi.yaml); like the rest of the API, not
	// for an account still on a temporary password.
	api := func(h http.HandlerFunc) http.Handler { return login(h, s.apiPasswordChanged, reviewer) }
	mux.Handle("GET /api/v1/review/queue", api(s.apiReviewQueue))
	mux.Handle("GET /api/v1/review/{id}", api(s.apiReview))
	mux.Handle("GET /api/v1/review/{id}/export", api(s.handleReviewExport))
	mux.Handle("POST /api/v1/review/{id}/actions", api(s.apiReviewAct))
	mux.Handle("POST /api/v1/review/{id}/withdraw", api(s.apiReviewWithdraw))
	mux.Handle("POST /api/v1/review/{id}/remarks", api(s.apiRemarkAdd))
	mux.Handle("DELETE /api/v1/review/{id}/remarks/{remark}", api(s.apiRemarkDelete))
}

// expertRoutes registers 专家评审: the department's 专家库 and its experts
// on the review page, and the experts' own pages.
func (s *Server) expertRoutes(mux *http.ServeMux, login func(http.HandlerFunc, ...middleware) http.Handler, reviewer middleware) {
	mux.Handle("GET /experts", login(s.handleExperts, reviewer))
	mux.Handle("POST /experts", login(s.handleExpertCreate, reviewer))
	mux.Handle("POST /experts/draw", login(s.handleDrawMany, reviewer))
	mux.Handle("POST /experts/{id}/reset-password", login(s.handleExpertReset, reviewer))
	mux.Handle("POST /experts/{id}/disable", login(s.handleExpertDisable, reviewer))
	mux.Handle("POST /experts/{id}/enable", login(s.handleExpertEnable, reviewer))
	mux.Handle("POST /review/{id}/experts", login(s.handleExpertsAssign, reviewer))
	mux.Handle("POST /review/{id}/experts/draw", login(s.handleExpertsDraw, reviewer))
	mux.Handle("POST /review/{id}/experts/{x}/delete", login(s.handleAssignmentDelete, reviewer))
	mux.Handle("POST /review/{id}/experts/{x}/remark", login(s.handleAssignmentRemark, reviewer))

	expert := s.only(domain.RoleExpert)
	mux.Handle("GET /expert", login(s.handleExpertTasks, expert))
	mux.Handle("GET /expert/assignments/{id}", login(s.handleExpertTask, expert))
	mux.Handle("POST /expert/assignments/{id}/sheet", login(s.handleExpertSheet, expert))
	mux.Handle("POST /expert/assignments/{id}/recuse", login(s.handleExpertRecuse, expert))
	mux.Handle("GET /expert/assignments/{id}/pdf", login(s.handleExpertPDF, expert))
	mux.Handle("GET /expert/assignments/{id}/files/{file}", login(s.handleExpertFile, expert))
}
