package web

import (
	"net/http"

	"hatch/internal/service"
)

func (s *Server) apiStaff(w http.ResponseWriter, r *http.Request) {
	users, err := s.svc.Staff(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(usersOf(users)))
}

// apiStaffBody is POST /api/v1/staff.
type apiStaffBody struct {
	Login  string `json:"login"`
	Name   string `json:"name"`
	Mobile string `json:"mobile"`
	Email  string `json:"email"`
}

func (s *Server) apiStaffCreate(w http.ResponseWriter, r *http.Request) {
	var b apiStaffBody
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	u, pw, err := s.svc.AddStaff(
		r.Context(),
		actor(r),
		service.StaffInput{Login: b.Login, Name: b.Name, Mobile: b.Mobile, Email: b.Email},
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, apiTempPassword{User: userOf(u), TemporaryPassword: pw})
}

func (s *Server) apiStaffReset(w http.ResponseWriter, r *http.Request) {
	tp, err := s.svc.ResetStaffPassword(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeTempPassword(w, tp)
}

// writeTempPassword answers a password reset with the account, as it is
// after the reset (must_change_password), and the password to hand over.
func writeTempPassword(w http.ResponseWriter, tp service.TempPassword) {
	writeJSON(
		w,
		http.StatusOK,
		apiTempPassword{User: userOf(tp.User), TemporaryPassword: tp.Password},
	)
}

func (s *Server) apiStaffDisable(
	w http.ResponseWriter,
	r *http.Request,
) {
	s.apiStaffSet(w, r, true)
}

func (s *Server) apiStaffEnable(
	w http.ResponseWriter,
	r *http.Request,
) {
	s.apiStaffSet(w, r, false)
}

func (s *Server) apiStaffSet(w http.ResponseWriter, r *http.Request, disabled bool) {
	if err := s.svc.SetStaffDisabled(r.Context(), actor(r), pathID(r), disabled); err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}
