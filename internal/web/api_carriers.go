package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// The incubator system's API: 首页, 载体 and 经办人 (/api/v1/home,
// /carriers, /staff).

// apiOrgSummary is the operator as the 首页 shows it.
type apiOrgSummary struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	USCC       string `json:"uscc"`
	RepName    string `json:"rep_name"`
	Region     string `json:"region"`
	RegionName string `json:"region_name"`
	CertStatus string `json:"cert_status"`
	CertLabel  string `json:"cert_label"`
}

// apiCarrierGroup is the carriers of one kind, one section of the 首页.
type apiCarrierGroup struct {
	Kind  string       `json:"kind"`
	Label string       `json:"label"`
	Items []apiCarrier `json:"items"`
}

// apiHome is the 首页: the operator and its carriers, every kind listed in
// the page's order even when empty.
type apiHome struct {
	Org      apiOrgSummary     `json:"org"`
	Carriers []apiCarrierGroup `json:"carriers"`
}

func homeOf(h service.Home) apiHome {
	o := h.Org
	out := apiHome{Org: apiOrgSummary{ID: o.ID, Name: o.Name, USCC: o.USCC, RepName: o.RepName, Region: o.RegionCode,
		RegionName: o.RegionName, CertStatus: string(o.CertStatus), CertLabel: o.CertStatus.Label()}}
	for _, k := range domain.CarrierKinds {
		out.Carriers = append(out.Carriers, apiCarrierGroup{Kind: string(k), Label: k.Label(), Items: carriersOf(h.Carriers[k])})
	}
	return out
}

func (s *Server) apiHome(w http.ResponseWriter, r *http.Request) {
	h, err := s.svc.Home(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, homeOf(h))
}

// apiCarriers lists the organisation's carriers, kind by kind in the 首页's
// order; Home is the service's one listing with the access rules.
func (s *Server) apiCarriers(w http.ResponseWriter, r *http.Request) {
	h, err := s.svc.Home(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var all []domain.Carrier
	for _, k := range domain.CarrierKinds {
		all = append(all, h.Carriers[k]...)
	}
	writeJSON(w, http.StatusOK, listOf(carriersOf(all)))
}

func (s *Server) apiCarrier(w http.ResponseWriter, r *http.Request) {
	s.writeCarrier(w, r, http.StatusOK, pathID(r))
}

// writeCarrier answers with the carrier as now saved, so a client gets the
// new revision for its next update.
func (s *Server) writeCarrier(w http.ResponseWriter, r *http.Request, code int, id int64) {
	c, err := s.svc.Carrier(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, code, carrierOf(c))
}

// apiCarrierBody is POST /api/v1/carriers.
type apiCarrierBody struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Address   string `json:"address"`
	Region    string `json:"region"`
	StartedOn string `json:"started_on"`
}

func (b apiCarrierBody) input(rev int64) service.CarrierInput {
	return service.CarrierInput{Revision: rev, Kind: b.Kind, Name: b.Name, Address: b.Address,
		RegionCode: b.Region, StartedOn: b.StartedOn}
}

// apiCarrierUpdateBody is PUT /api/v1/carriers/{id}: the fields and the
// revision they were read at.
type apiCarrierUpdateBody struct {
	Revision int64 `json:"revision"`
	apiCarrierBody
}

func (s *Server) apiCarrierCreate(w http.ResponseWriter, r *http.Request) {
	var b apiCarrierBody
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.svc.CreateCarrier(r.Context(), actor(r), b.input(0))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeCarrier(w, r, http.StatusCreated, id)
}

// apiCarrierUpdate looks the carrier up before reading the body, so that
// another organisation's id is 404 whatever was sent.
func (s *Server) apiCarrierUpdate(w http.ResponseWriter, r *http.Request) {
	var b apiCarrierUpdateBody
	_, err := s.svc.Carrier(r.Context(), actor(r), pathID(r))
	if err == nil {
		err = decodeJSON(w, r, &b)
	}
	if err == nil {
		err = requireRevision(b.Revision)
	}
	if err == nil {
		err = s.svc.UpdateCarrier(r.Context(), actor(r), pathID(r), b.input(b.Revision))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeCarrier(w, r, http.StatusOK, pathID(r))
}

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
	u, pw, err := s.svc.AddStaff(r.Context(), actor(r), service.StaffInput{Login: b.Login, Name: b.Name, Mobile: b.Mobile, Email: b.Email})
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
	writeJSON(w, http.StatusOK, apiTempPassword{User: userOf(tp.User), TemporaryPassword: tp.Password})
}

func (s *Server) apiStaffDisable(w http.ResponseWriter, r *http.Request) { s.apiStaffSet(w, r, true) }
func (s *Server) apiStaffEnable(w http.ResponseWriter, r *http.Request)  { s.apiStaffSet(w, r, false) }

func (s *Server) apiStaffSet(w http.ResponseWriter, r *http.Request, disabled bool) {
	if err := s.svc.SetStaffDisabled(r.Context(), actor(r), pathID(r), disabled); err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}
