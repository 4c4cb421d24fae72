package web

import (
	"net/http"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// adminPage is the administrator's 工作台.
type adminPage struct {
	Page
	Pending int
}

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	q, err := s.svc.CertQueue(r.Context(), actor(r), domain.CertManualPending)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(
		w,
		r,
		http.StatusOK,
		"admin",
		adminPage{Page: s.page(w, r, "系统管理", "admin"), Pending: len(q)},
	)
}

// certQueuePage is the 人工认证 queue.
type certQueuePage struct {
	Page
	Status domain.CertStatus
	Items  []domain.Certification
}

func (s *Server) handleCertQueue(w http.ResponseWriter, r *http.Request) {
	st := domain.CertStatus(r.URL.Query().Get("status"))
	if r.URL.Query().Get("status") == "" {
		st = domain.CertManualPending
	}
	if st == "all" {
		st = ""
	}
	items, err := s.svc.CertQueue(r.Context(), actor(r), st)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(
		w,
		r,
		http.StatusOK,
		"certqueue",
		certQueuePage{Page: s.page(w, r, "人工认证审核", "certs"), Status: st, Items: items},
	)
}

// certReviewPage shows one request with its photos and the decision form.
type certReviewPage struct {
	Page
	service.CertReview
	Reason string
}

func (s *Server) handleCertReview(w http.ResponseWriter, r *http.Request) {
	s.renderCertReview(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderCertReview(
	w http.ResponseWriter,
	r *http.Request,
	code int,
	reason string,
	err error,
) {
	rev, rerr := s.svc.ReviewCert(r.Context(), actor(r), pathID(r))
	if rerr != nil {
		s.fail(w, r, rerr)
		return
	}
	p := certReviewPage{Page: s.page(w, r, "人工认证审核", "certs"), CertReview: rev, Reason: reason}
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "certreview", p)
}

func (s *Server) handleCertDecision(w http.ResponseWriter, r *http.Request) {
	approve, reason := r.PostFormValue("decision") == "approve", r.PostFormValue("reason")
	if err := s.svc.DecideCert(r.Context(), actor(r), pathID(r), approve, reason); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderCertReview(w, r, code, reason, err) })
		return
	}
	setFlash(w, map[bool]string{true: "已通过该单位的人工认证。", false: "已驳回该人工认证申请，申请单位将看到驳回理由。"}[approve])
	http.Redirect(w, r, "/admin/certifications", http.StatusSeeOther)
}

// usersPage lists accounts for administrators.
type usersPage struct {
	Page
	Search string
	Role   string
	Users  []domain.User
	Reset  *domain.User
	TempPW string
}

func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, usersPage{Search: r.URL.Query().Get("q"), Role: r.URL.Query().Get("role")})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, p usersPage) {
	users, err := s.svc.Users(
		r.Context(),
		actor(r),
		domain.UserFilter{Search: p.Search, Role: domain.Role(p.Role), Limit: 200},
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Page, p.Users = s.page(w, r, "账号管理", "users"), users
	s.render(w, r, http.StatusOK, "users", p)
}

func (s *Server) handleAdminResetPassword(w http.ResponseWriter, r *http.Request) {
	tp, err := s.svc.AdminResetPassword(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderUsers(w, r, usersPage{Reset: &tp.User, TempPW: tp.Password, Search: tp.User.Login})
}

func (s *Server) handleAdminDisable(w http.ResponseWriter, r *http.Request) {
	s.adminSetDisabled(w, r, true)
}
func (s *Server) handleAdminEnable(w http.ResponseWriter, r *http.Request) {
	s.adminSetDisabled(w, r, false)
}

func (s *Server) adminSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	if err := s.svc.AdminSetDisabled(r.Context(), actor(r), pathID(r), disabled); err != nil {
		s.fail(w, r, err)
		return
	}
	setFlash(w, map[bool]string{true: "账号已停用。", false: "账号已启用。"}[disabled])
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

// departmentsPage lists departments and adds departments and reviewers.
type departmentsPage struct {
	Page
	Depts    []domain.Department
	Dept     service.DepartmentInput
	Reviewer service.ReviewerInput
	Created  *domain.User
	TempPW   string
}

func (s *Server) handleDepartments(w http.ResponseWriter, r *http.Request) {
	s.renderDepartments(w, r, http.StatusOK, departmentsPage{}, nil)
}

func (s *Server) renderDepartments(
	w http.ResponseWriter,
	r *http.Request,
	code int,
	p departmentsPage,
	err error,
) {
	depts, derr := s.svc.Departments(r.Context(), actor(r))
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	p.Page, p.Depts = s.page(w, r, "管理部门与审核账号", "depts"), depts
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "departments", p)
}

func (s *Server) handleDepartmentCreate(w http.ResponseWriter, r *http.Request) {
	in := service.DepartmentInput{
		Name:       r.PostFormValue("name"),
		Level:      r.PostFormValue("level"),
		RegionCode: postedRegion(r),
	}
	if regionPicked(r) {
		s.renderDepartments(w, r, http.StatusOK, departmentsPage{Dept: in}, nil)
		return
	}
	if _, err := s.svc.CreateDepartment(r.Context(), actor(r), in); err != nil {
		s.formFailed(
			w,
			r,
			err,
			func(code int) { s.renderDepartments(w, r, code, departmentsPage{Dept: in}, err) },
		)
		return
	}
	setFlash(w, "已新增管理部门“"+in.Name+"”。")
	http.Redirect(w, r, "/admin/departments", http.StatusSeeOther)
}

func (s *Server) handleReviewerCreate(w http.ResponseWriter, r *http.Request) {
	dept, _ := strconv.ParseInt(r.PostFormValue("dept"), 10, 64)
	in := service.ReviewerInput{Login: r.PostFormValue("login"), Name: r.PostFormValue("rname"),
		Mobile: r.PostFormValue("mobile"), Email: r.PostFormValue("email"), DeptID: dept}
	u, pw, err := s.svc.CreateReviewer(r.Context(), actor(r), in)
	if err != nil {
		s.formFailed(
			w,
			r,
			err,
			func(code int) { s.renderDepartments(w, r, code, departmentsPage{Reviewer: in}, err) },
		)
		return
	}
	s.renderDepartments(w, r, http.StatusOK, departmentsPage{Created: &u, TempPW: pw}, nil)
}

// outboxPage shows notifications as sent, for sites without an SMS gateway.
type outboxPage struct {
	Page
	Items []domain.OutboxMessage
}

func (s *Server) handleOutbox(w http.ResponseWriter, r *http.Request) {
	items, err := s.svc.Outbox(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(
		w,
		r,
		http.StatusOK,
		"outbox",
		outboxPage{Page: s.page(w, r, "消息发件箱", "outbox"), Items: items},
	)
}

// auditPage shows the audit log.
type auditPage struct {
	Page
	Action, ActorFilter string
	Items               []domain.AuditEntry
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	p := auditPage{Action: r.URL.Query().Get("action"), ActorFilter: r.URL.Query().Get("actor")}
	items, err := s.svc.AuditLog(
		r.Context(),
		actor(r),
		domain.AuditFilter{Action: p.Action, Actor: p.ActorFilter, Limit: 300},
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Page, p.Items = s.page(w, r, "审计日志", "audit"), items
	s.render(w, r, http.StatusOK, "audit", p)
}
