package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// The applicant's API: 服务事项, 我的信息 and 实名认证 (/api/v1/services,
// /org). The incubator system itself is in api_carriers.go.

// apiServiceEntry is one entry of a service item: a button on the page.
type apiServiceEntry struct {
	Name string `json:"name"`
	Open bool   `json:"open"`
	Hint string `json:"hint"`
	Href string `json:"href,omitempty"`
}

// apiServiceItem is one 服务事项.
type apiServiceItem struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Entries     []apiServiceEntry `json:"entries"`
}

// apiServices is the 服务事项 page as data.
type apiServices struct {
	Certified    bool             `json:"certified"`
	Items        []apiServiceItem `json:"items"`
	SupportPhone string           `json:"support_phone"`
	SupportHours string           `json:"support_hours"`
}

// serviceItems lists the 服务事项 as the services page shows them; keep the
// two in step when a service opens.
func serviceItems() []apiServiceItem {
	return []apiServiceItem{
		{Name: "国家级科技企业孵化器认定", Description: "国家级科技企业孵化器认定、国家备案众创空间申报。",
			Entries: []apiServiceEntry{
				{
					Name: "众创空间",
					Open: true,
					Hint: "进入科技创业孵化机构信息服务系统，办理众创空间国家备案",
					Href: "/api/v1/home",
				},
				{Name: "孵化器", Hint: "本年度申报尚未开放"},
			}},
		{Name: "创业孵化机构免税资格申请", Description: "国家级、省级科技企业孵化器，大学科技园和国家备案众创空间的免税资格申请。",
			Entries: []apiServiceEntry{{Name: "免税资格申请", Hint: "本年度申请尚未开放"}}},
	}
}

func (s *Server) apiServices(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, apiServices{Certified: actor(r).OrgCertified, Items: serviceItems(),
		SupportPhone: s.opts.SupportPhone, SupportHours: s.opts.SupportHours})
}

func (s *Server) apiOrg(w http.ResponseWriter, r *http.Request) {
	org, err := s.svc.Org(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, orgOf(org, false))
}

// apiLegalBody is PUT /api/v1/org/legal as JSON, for when the 法人授权书 is
// not needed or already uploaded. Its names are the page form's.
type apiLegalBody struct {
	Revision     int64  `json:"revision"`
	Name         string `json:"name"`
	OrgType      string `json:"org_type"`
	RegAddress   string `json:"reg_address"`
	Region       string `json:"region"`
	AuthName     string `json:"auth_name"`
	AuthIDType   string `json:"auth_id_type"`
	AuthIDNumber string `json:"auth_id_number"`
	AuthMobile   string `json:"auth_mobile"`
	RepName      string `json:"rep_name"`
	RepIDType    string `json:"rep_id_type"`
	RepIDNumber  string `json:"rep_id_number"`
}

func (b apiLegalBody) info() service.LegalInfo {
	return service.LegalInfo{
		Revision:     b.Revision,
		Name:         b.Name,
		OrgType:      b.OrgType,
		RegAddress:   b.RegAddress,
		RegionCode:   b.Region,
		AuthName:     b.AuthName,
		AuthIDType:   b.AuthIDType,
		AuthIDNumber: b.AuthIDNumber,
		AuthMobile:   b.AuthMobile,
		RepName:      b.RepName,
		RepIDType:    b.RepIDType,
		RepIDNumber:  b.RepIDNumber,
	}
}

// apiCertResult is what the automatic 实名认证 found.
type apiCertResult struct {
	Status     string   `json:"status"`
	Label      string   `json:"label"`
	Mismatches []string `json:"mismatches"`
}

// apiLegalSave accepts the page's multipart form (with an optional
// auth_letter file) or the same fields as JSON without the letter.
func (s *Server) apiLegalSave(w http.ResponseWriter, r *http.Request) {
	in, cleanup, err := s.legalInput(w, r)
	defer cleanup()
	if err == nil {
		err = requireRevision(in.Revision)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in.Confirmed = true // a client's save is deliberate; the page asks people
	res, err := s.svc.SaveLegalInfo(r.Context(), actor(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiCertResult{Status: string(res.Status), Label: res.Status.Label(),
		Mismatches: append([]string{}, res.Mismatches...)})
}

// legalInput reads the legal-person form from either body type. The
// returned func closes and removes any uploaded file.
func (s *Server) legalInput(
	w http.ResponseWriter,
	r *http.Request,
) (service.LegalInfo, func(), error) {
	if !isMultipart(r) {
		var b apiLegalBody
		err := decodeJSON(w, r, &b)
		return b.info(), func() {}, err
	}
	cleanup, err := parseMultipart(r)
	if err != nil {
		return service.LegalInfo{}, cleanup, err
	}
	in := legalFormFromRequest(r)
	letter, closeLetter := formUpload(r, "auth_letter")
	in.AuthLetter = letter
	return in, func() { closeLetter(); cleanup() }, nil
}

// requireRevision insists on the revision the client read: without it every
// save would be a confusing "someone else saved first".
func requireRevision(rev int64) error {
	if rev > 0 {
		return nil
	}
	fe := domain.FieldErrors{
		{Field: "revision", Label: "版本号", Message: "请提供读取时得到的 revision，以免覆盖他人的修改。"},
	}
	return fe.Err()
}

func (s *Server) apiOrgCertifications(w http.ResponseWriter, r *http.Request) {
	list, err := s.svc.OrgCertifications(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(certsOf(list)))
}

// apiCertStatus is where the organisation stands after a request.
type apiCertStatus struct {
	Status string `json:"status"`
	Label  string `json:"label"`
}

// apiManualCert takes the 人工认证 photos (license, idcard) and a note.
func (s *Server) apiManualCert(w http.ResponseWriter, r *http.Request) {
	cleanup, err := parseMultipart(r)
	defer cleanup()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, done := manualRequest(r)
	defer done()
	if err := s.svc.RequestManualCert(r.Context(), actor(r), in); err != nil {
		s.fail(w, r, err)
		return
	}
	st := domain.CertManualPending
	writeJSON(w, http.StatusAccepted, apiCertStatus{Status: string(st), Label: st.Label()})
}
