package web

import (
	"net/http"
	"net/url"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/service"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

// servicesPage is 服务事项 (manual 四.一).
type servicesPage struct {
	Page
	Certified bool
}

func (s *Server) handleServices(w http.ResponseWriter, r *http.Request) {
	p := servicesPage{Page: s.page(w, r, "服务事项", "services"), Certified: actor(r).OrgCertified}
	s.render(w, r, http.StatusOK, "services", p)
}

// homePage is the 首页 of the incubator system (manual 四.二).
type homePage struct {
	Page
	Home service.Home
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	h, err := s.svc.Home(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", homePage{Page: s.page(w, r, "首页", "home"), Home: h})
}

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

func (s *Server) renderCarrier(w http.ResponseWriter, r *http.Request, code int, id int64, f service.CarrierInput, err error) {
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
	return service.CarrierInput{Revision: rev, Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"),
		Address: r.PostFormValue("address"), RegionCode: r.PostFormValue("region"), StartedOn: r.PostFormValue("started_on")}
}

func (s *Server) handleCarrierCreate(w http.ResponseWriter, r *http.Request) {
	in := carrierForm(r)
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
	in := service.CarrierInput{Revision: c.Revision, Kind: string(c.Kind), Name: c.Name, Address: c.Address,
		RegionCode: c.RegionCode, StartedOn: c.StartedOn}
	s.renderCarrier(w, r, http.StatusOK, c.ID, in, nil)
}

func (s *Server) handleCarrierUpdate(w http.ResponseWriter, r *http.Request) {
	in, id := carrierForm(r), pathID(r)
	if err := s.svc.UpdateCarrier(r.Context(), actor(r), id, in); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderCarrier(w, r, code, id, in, err) })
		return
	}
	setFlash(w, "载体“"+in.Name+"”已保存。")
	http.Redirect(w, r, "/home", http.StatusSeeOther)
}

// staffPage is 经办人管理.
type staffPage struct {
	Page
	Users   []domain.User
	Form    service.StaffInput
	Created *domain.User // just created or reset, with its temporary password
	TempPW  string
}

func (s *Server) handleStaffPage(w http.ResponseWriter, r *http.Request) {
	s.renderStaff(w, r, http.StatusOK, staffPage{}, nil)
}

func (s *Server) renderStaff(w http.ResponseWriter, r *http.Request, code int, p staffPage, err error) {
	users, uerr := s.svc.Staff(r.Context(), actor(r))
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	p.Page, p.Users = s.page(w, r, "经办人管理", "staff"), users
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "staff", p)
}

func (s *Server) handleStaffCreate(w http.ResponseWriter, r *http.Request) {
	in := service.StaffInput{Login: r.PostFormValue("login"), Name: r.PostFormValue("name"),
		Mobile: r.PostFormValue("mobile"), Email: r.PostFormValue("email")}
	u, pw, err := s.svc.AddStaff(r.Context(), actor(r), in)
	if err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderStaff(w, r, code, staffPage{Form: in}, err) })
		return
	}
	s.renderStaff(w, r, http.StatusOK, staffPage{Created: &u, TempPW: pw}, nil)
}

func (s *Server) handleStaffReset(w http.ResponseWriter, r *http.Request) {
	tp, err := s.svc.ResetStaffPassword(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStaff(w, r, http.StatusOK, staffPage{Created: &tp.User, TempPW: tp.Password}, nil)
}

func (s *Server) handleStaffDisable(w http.ResponseWriter, r *http.Request) {
	s.staffSetDisabled(w, r, true)
}
func (s *Server) handleStaffEnable(w http.ResponseWriter, r *http.Request) {
	s.staffSetDisabled(w, r, false)
}

func (s *Server) staffSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	if err := s.svc.SetStaffDisabled(r.Context(), actor(r), pathID(r), disabled); err != nil {
		s.fail(w, r, err)
		return
	}
	setFlash(w, map[bool]string{true: "账号已停用，其登录已立即失效。", false: "账号已启用。"}[disabled])
	http.Redirect(w, r, "/staff", http.StatusSeeOther)
}
