package web

import (
	"io"
	"net/http"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// myInfoPage is 在线办事 → 我的信息.
type myInfoPage struct {
	Page
	Org     domain.Org
	History []domain.Certification
	Gate    bool // arrived here because filing needs 实名认证 first
}

func (s *Server) handleMyInfo(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	org, err := s.svc.Org(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hist, err := s.svc.OrgCertifications(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := myInfoPage{Page: s.page(w, r, "我的信息", "my"), Org: org, History: hist,
		Gate: r.URL.Query().Get("gate") != "" && !org.CertStatus.Certified()}
	s.render(w, r, http.StatusOK, "my", p)
}

// legalPage is 修改法人信息.
type legalPage struct {
	Page
	Org       domain.Org
	Form      service.LegalInfo
	Conflicts []fieldDiff // set when someone else saved first
	// Guarded: the organisation's 实名认证 stands, and only a change to
	// one of CertFields runs it again. Saved is what is on file.
	Guarded    bool
	CertFields []service.CertField
	Saved      service.LegalInfo
	// Confirm lists the changes that re-run 实名认证, when saving them was
	// put to the user to confirm.
	Confirm []service.FieldChange
}

// Recert returns the label of a field whose change re-runs the
// organisation's standing 实名认证; "" for the other fields, and for every
// field while the organisation is not certified (then every save checks).
func (p legalPage) Recert(field string) string {
	if !p.Guarded {
		return ""
	}
	for _, f := range p.CertFields {
		if f.Field == field {
			return f.Label
		}
	}
	return ""
}

// fieldDiff shows one field where the saved value differs from the user's.
type fieldDiff struct{ Label, Latest, Mine string }

// legalDiffs lists the fields where the latest saved data differs from what
// the user submitted, so a conflict shows both values.
func legalDiffs(latest, mine service.LegalInfo) []fieldDiff {
	pairs := []struct{ label, a, b string }{
		{"单位名称", latest.Name, mine.Name}, {"单位类型", latest.OrgType, mine.OrgType},
		{"注册地址", latest.RegAddress, mine.RegAddress}, {"所属区市", latest.RegionCode, mine.RegionCode},
		{
			"被授权人姓名",
			latest.AuthName,
			mine.AuthName,
		}, {"被授权人证件号码", latest.AuthIDNumber, mine.AuthIDNumber},
		{"被授权人手机号码", latest.AuthMobile, mine.AuthMobile}, {"法定代表人姓名", latest.RepName, mine.RepName},
		{"法定代表人证件号码", latest.RepIDNumber, mine.RepIDNumber},
	}
	var out []fieldDiff
	for _, p := range pairs {
		if p.a != p.b {
			out = append(out, fieldDiff{p.label, p.a, p.b})
		}
	}
	return out
}

func (s *Server) handleLegalPage(w http.ResponseWriter, r *http.Request) {
	org, err := s.svc.Org(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderLegal(w, r, http.StatusOK, org, service.LegalInfoOf(org), nil)
}

func (s *Server) renderLegal(
	w http.ResponseWriter,
	r *http.Request,
	code int,
	org domain.Org,
	f service.LegalInfo,
	err error,
) {
	p := legalPage{Page: s.page(w, r, "修改法人信息", "my"), Org: org, Form: f,
		Guarded: service.Guarded(org.CertStatus), CertFields: service.CertFields(), Saved: service.LegalInfoOf(org)}
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	if domain.KindOf(err) == domain.Conflict && f.Revision != org.Revision {
		// Saving again now keeps the user's values on purpose: the form is
		// re-based on the latest revision, and both versions are shown.
		p.Conflicts = legalDiffs(service.LegalInfoOf(org), f)
		p.Form.Revision = org.Revision
	}
	s.render(w, r, code, "legal", p)
}

func legalFormFromRequest(r *http.Request) service.LegalInfo {
	rev, _ := strconv.ParseInt(r.FormValue("revision"), 10, 64)
	held, _ := strconv.ParseInt(r.FormValue("held_letter"), 10, 64)
	return service.LegalInfo{
		Revision:   rev,
		Name:       r.FormValue("name"),
		OrgType:    r.FormValue("org_type"),
		RegAddress: r.FormValue("reg_address"),
		RegionCode: postedRegion(r),
		AuthName: r.FormValue(
			"auth_name",
		),
		AuthIDType:   r.FormValue("auth_id_type"),
		AuthIDNumber: r.FormValue("auth_id_number"),
		AuthMobile: r.FormValue(
			"auth_mobile",
		),
		RepName:     r.FormValue("rep_name"),
		RepIDType:   r.FormValue("rep_id_type"),
		RepIDNumber: r.FormValue("rep_id_number"),
		HeldLetter:  held,
		Confirmed:   r.FormValue("confirm_recert") == "1",
	}
}

func (s *Server) handleLegalSave(w http.ResponseWriter, r *http.Request) {
	in := legalFormFromRequest(r)
	letter, closeFn := formUpload(r, "auth_letter")
	defer closeFn()
	in.AuthLetter = letter
	if regionPicked(r) {
		s.renderPostedLegal(w, r, in)
		return
	}
	res, err := s.svc.SaveLegalInfo(r.Context(), actor(r), in)
	if err != nil {
		org, oerr := s.svc.Org(r.Context(), actor(r))
		if oerr != nil {
			s.fail(w, r, oerr)
			return
		}
		s.formFailed(w, r, err, func(code int) { s.renderLegal(w, r, code, org, in, err) })
		return
	}
	switch {
	case len(res.Unconfirmed) > 0:
		s.confirmLegal(w, r, in, res)
		return
	case res.Kept:
		setFlash(w, "法人信息已保存。实名认证所核对的信息没有修改，认证状态不变。")
	case res.Status == domain.CertPassed:
		setFlash(w, "法人信息已保存，国家平台实名认证通过。")
	default:
		setFlashKind(w, "warning", "法人信息已保存，但实名认证未通过，原因见下方。")
	}
	http.Redirect(w, r, "/my", http.StatusSeeOther)
}

// confirmLegal answers a change that would re-run 实名认证 of a certified
// organisation with the form as typed and the changes to confirm.
func (s *Server) confirmLegal(w http.ResponseWriter, r *http.Request, in service.LegalInfo, res service.CertResult) {
	org, err := s.svc.Org(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in.HeldLetter, in.Confirmed = res.HeldLetter, true
	p := legalPage{Page: s.page(w, r, "修改法人信息", "my"), Org: org, Form: in, Guarded: true,
		CertFields: service.CertFields(), Saved: service.LegalInfoOf(org), Confirm: res.Unconfirmed}
	s.render(w, r, http.StatusOK, "legal", p)
}

// renderPostedLegal shows the form again with what was posted, unsaved:
// after the region picker's 选择.
func (s *Server) renderPostedLegal(w http.ResponseWriter, r *http.Request, in service.LegalInfo) {
	org, err := s.svc.Org(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderLegal(w, r, http.StatusOK, org, in, nil)
}

// formUploads returns every file of a multipart form's field (an input
// with "multiple"); the returned func closes them.
func formUploads(r *http.Request, field string) ([]*service.Upload, func()) {
	if r.MultipartForm == nil {
		return nil, func() {}
	}
	var out []*service.Upload
	var files []io.Closer
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		f, err := fh.Open()
		if err != nil {
			continue
		}
		files = append(files, f)
		out = append(out, &service.Upload{Name: fh.Filename, Body: f})
	}
	return out, func() {
		for _, f := range files {
			f.Close()
		}
	}
}

// formUpload returns the named file of a multipart form, or nil when none
// was chosen. The returned func closes it.
func formUpload(r *http.Request, field string) (*service.Upload, func()) {
	if r.MultipartForm == nil {
		return nil, func() {}
	}
	fhs := r.MultipartForm.File[field]
	if len(fhs) == 0 || fhs[0].Size == 0 && fhs[0].Filename == "" {
		return nil, func() {}
	}
	f, err := fhs[0].Open()
	if err != nil {
		return nil, func() {}
	}
	return &service.Upload{Name: fhs[0].Filename, Body: io.Reader(f)}, func() { f.Close() }
}

// manualPage is 人工认证.
type manualPage struct {
	Page
	Org  domain.Org
	Note string
}

func (s *Server) handleManualPage(w http.ResponseWriter, r *http.Request) {
	org, err := s.svc.Org(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "manual", manualPage{Page: s.page(w, r, "人工认证", "my"), Org: org})
}

// manualRequest reads the 人工认证 form; the returned func closes the files.
func manualRequest(r *http.Request) (service.ManualRequest, func()) {
	lic, c1 := formUpload(r, "license")
	idc, c2 := formUpload(r, "idcard")
	return service.ManualRequest{
		License: lic,
		IDCard:  idc,
		Note:    r.FormValue("note"),
	}, func() { c1(); c2() }
}

func (s *Server) handleManualSave(w http.ResponseWriter, r *http.Request) {
	in, done := manualRequest(r)
	defer done()
	if err := s.svc.RequestManualCert(r.Context(), actor(r), in); err != nil {
		s.formFailed(w, r, err, func(code int) {
			org, _ := s.svc.Org(r.Context(), actor(r))
			p := manualPage{Page: s.page(w, r, "人工认证", "my"), Org: org, Note: in.Note}
			p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
			s.render(w, r, code, "manual", p)
		})
		return
	}
	http.Redirect(w, r, "/my", http.StatusSeeOther)
}

// handleAttachment serves a file the actor may read. Always as a download
// with the original name, never rendered inline from our origin, except
// images and PDFs previewed with ?inline=1 (their type was sniffed on upload).
func (s *Server) handleAttachment(w http.ResponseWriter, r *http.Request) {
	att, rc, err := s.svc.OpenAttachment(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	s.sendAttachment(w, att, rc, r.URL.Query().Get("inline") != "")
}

// sendAttachment sends an opened attachment under its original name,
// inline (shown by the browser) or as a download.
func (s *Server) sendAttachment(w http.ResponseWriter, att domain.Attachment, rc io.Reader, inline bool) {
	s.send(w, download{Name: att.Name, Type: att.ContentType, Size: att.Size, Inline: inline}, rc)
}
