package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// The incubator system's API: 首页, 载体 and 经办人 (/api/v1/home,
// /carriers, /staff).

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
