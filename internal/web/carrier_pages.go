package web

import (
	"net/http"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// carrierPage is the 载体 form, for adding and editing.
type carrierPage struct {
	Page
	ID   int64
	Form service.CarrierInput
}

func (s *Server) handleCarrierNew(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("kind")
	if !domain.CarrierKind(kind).Valid() {
		kind = string(domain.KindMakerspace)
	}
	s.renderCarrier(w, r, http.StatusOK, 0, service.CarrierInput{Kind: kind}, nil)
}

func (s *Server) renderCarrier(
	w http.ResponseWriter,
	r *http.Request,
	code int,
	id int64,
	f service.CarrierInput,
	err error,
) {
	label := domain.CarrierKind(f.Kind).Label()
	title := "新增" + label
	if id != 0 {
		title = "修改" + label + "信息"
	}
	p := carrierPage{Page: s.page(w, r, title, "home"), ID: id, Form: f}
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "carrier", p)
}

func carrierForm(r *http.Request) service.CarrierInput {
	rev, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	return service.CarrierInput{
		Revision: rev,
		Kind:     r.PostFormValue("kind"),
		Name:     r.PostFormValue("name"),
		Address: r.PostFormValue(
			"address",
		),
		RegionCode: postedRegion(r),
		StartedOn:  r.PostFormValue("started_on"),
	}
}

func (s *Server) handleCarrierCreate(w http.ResponseWriter, r *http.Request) {
	in := carrierForm(r)
	if regionPicked(r) {
		s.renderCarrier(w, r, http.StatusOK, 0, in, nil)
		return
	}
	if _, err := s.svc.CreateCarrier(r.Context(), actor(r), in); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderCarrier(w, r, code, 0, in, err) })
		return
	}
	setFlash(w, "已新增载体“"+in.Name+"”。")
	http.Redirect(w, r, "/home", http.StatusSeeOther)
}

func (s *Server) handleCarrierEdit(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.Carrier(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := service.CarrierInput{
		Revision:   c.Revision,
		Kind:       string(c.Kind),
		Name:       c.Name,
		Address:    c.Address,
		RegionCode: c.RegionCode,
		StartedOn:  c.StartedOn,
	}
	s.renderCarrier(w, r, http.StatusOK, c.ID, in, nil)
}

func (s *Server) handleCarrierUpdate(w http.ResponseWriter, r *http.Request) {
	in, id := carrierForm(r), pathID(r)
	if regionPicked(r) {
		s.renderCarrier(w, r, http.StatusOK, id, in, nil)
		return
	}
	if err := s.svc.UpdateCarrier(r.Context(), actor(r), id, in); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderCarrier(w, r, code, id, in, err) })
		return
	}
	setFlash(w, "载体“"+in.Name+"”已保存。")
	http.Redirect(w, r, "/home", http.StatusSeeOther)
}
