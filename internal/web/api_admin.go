package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// The reviewers' and administrators' API (/api/v1/workbench, /admin/...).

// apiWorkbench is the reviewer's 工作台; the review queue comes later, so
// items is always an empty list for now.
// apiWorkbench is the 工作台 of the first API version: the same as the
// review queue.
func (s *Server) apiWorkbench(w http.ResponseWriter, r *http.Request) { s.apiReviewQueue(w, r) }

// apiCertQueue lists manual requests: pending by default, "all" for every
// status, as the page's filter.
func (s *Server) apiCertQueue(w http.ResponseWriter, r *http.Request) {
	st, err := certQueueStatus(r.URL.Query().Get("status"))
	var items []domain.Certification
	if err == nil {
		items, err = s.svc.CertQueue(r.Context(), actor(r), st)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(certsOf(items)))
}

// certQueueStatus reads the queue's status filter: "" is the pending
// requests, "all" every request; a status the queue has no list for is
// refused rather than answered with an empty list.
func certQueueStatus(v string) (domain.CertStatus, error) {
	switch st := domain.CertStatus(v); st {
	case "":
		return domain.CertManualPending, nil
	case "all":
		return "", nil
	case domain.CertManualPending, domain.CertManualApproved, domain.CertManualRejected, domain.CertManualVoid:
		return st, nil
	}
	return "", queryErr("status", "状态",
		"没有该状态，可选 manual_pending、manual_approved、manual_rejected、manual_void 或 all。")
}

// queryErr refuses a query parameter, named by field.
func queryErr(field, label, msg string) error {
	var fe domain.FieldErrors
	fe.Add(field, label, msg)
	return fe.Err()
}

// apiCertReview is one request with the organisation as filled in,
// identity numbers unmasked: the administrator compares them with the photos.
type apiCertReview struct {
	Certification apiCertification `json:"certification"`
	Org           apiOrg           `json:"org"`
}

func (s *Server) apiCertReview(w http.ResponseWriter, r *http.Request) {
	rev, err := s.svc.ReviewCert(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(
		w,
		http.StatusOK,
		apiCertReview{Certification: certOf(rev.Cert), Org: orgOf(rev.Org, true)},
	)
}

// apiDecisionBody is POST /api/v1/admin/certifications/{id}/decision.
// Approve is a pointer so that a missing decision is an error, not a reject.
type apiDecisionBody struct {
	Approve *bool  `json:"approve"`
	Reason  string `json:"reason"`
}

func (s *Server) apiCertDecision(w http.ResponseWriter, r *http.Request) {
	var b apiDecisionBody
	err := decodeJSON(w, r, &b)
	if err == nil && b.Approve == nil {
		err = domain.FieldErrors{
			{Field: "approve", Label: "审核决定", Message: "请选择通过（true）或驳回（false）。"},
		}.Err()
	}
	if err == nil {
		err = s.svc.DecideCert(r.Context(), actor(r), pathID(r), *b.Approve, b.Reason)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.svc.Certification(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, certOf(c))
}

func (s *Server) apiAdminUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	role := domain.Role(q.Get("role"))
	var users []domain.User
	var err error
	if role != "" && !role.Valid() {
		err = queryErr("role", "角色", "没有该角色，可选 legal、staff、reviewer 或 admin。")
	} else {
		users, err = s.svc.Users(r.Context(), actor(r), domain.UserFilter{Search: q.Get("q"), Role: role, Limit: 200})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(usersOf(users)))
}

func (s *Server) apiAdminResetPassword(w http.ResponseWriter, r *http.Request) {
	tp, err := s.svc.AdminResetPassword(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeTempPassword(w, tp)
}

func (s *Server) apiAdminDisable(
	w http.ResponseWriter,
	r *http.Request,
) {
	s.apiAdminSet(w, r, true)
}

func (s *Server) apiAdminEnable(
	w http.ResponseWriter,
	r *http.Request,
) {
	s.apiAdminSet(w, r, false)
}

func (s *Server) apiAdminSet(w http.ResponseWriter, r *http.Request, disabled bool) {
	if err := s.svc.AdminSetDisabled(r.Context(), actor(r), pathID(r), disabled); err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}

func (s *Server) apiDepartments(w http.ResponseWriter, r *http.Request) {
	depts, err := s.svc.Departments(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiDepartment, 0, len(depts))
	for _, d := range depts {
		out = append(out, deptOf(d))
	}
	writeJSON(w, http.StatusOK, listOf(out))
}

// apiDepartmentBody is POST /api/v1/admin/departments.
type apiDepartmentBody struct {
	Name   string `json:"name"`
	Level  string `json:"level"`
	Region string `json:"region"`
}

func (s *Server) apiDepartmentCreate(w http.ResponseWriter, r *http.Request) {
	var b apiDepartmentBody
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.svc.CreateDepartment(
		r.Context(),
		actor(r),
		service.DepartmentInput{Name: b.Name, Level: b.Level, RegionCode: b.Region},
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, deptOf(d))
}

// apiReviewerBody is POST /api/v1/admin/reviewers.
type apiReviewerBody struct {
	Login  string `json:"login"`
	Name   string `json:"name"`
	Mobile string `json:"mobile"`
	Email  string `json:"email"`
	DeptID int64  `json:"dept_id"`
}

func (s *Server) apiReviewerCreate(w http.ResponseWriter, r *http.Request) {
	var b apiReviewerBody
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	in := service.ReviewerInput{
		Login:  b.Login,
		Name:   b.Name,
		Mobile: b.Mobile,
		Email:  b.Email,
		DeptID: b.DeptID,
	}
	u, pw, err := s.svc.CreateReviewer(r.Context(), actor(r), in)
	if err != nil {
		s.fail(w, r, renameFields(err, map[string]string{"dept": "dept_id"}))
		return
	}
	writeJSON(w, http.StatusCreated, apiTempPassword{User: userOf(u), TemporaryPassword: pw})
}

func (s *Server) apiOutbox(w http.ResponseWriter, r *http.Request) {
	items, err := s.svc.Outbox(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(outboxOf(items)))
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	items, err := s.svc.AuditLog(
		r.Context(),
		actor(r),
		domain.AuditFilter{Action: q.Get("action"), Actor: q.Get("actor"), Limit: 300},
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(auditOf(items)))
}
