package service

import (
	"cmp"
	"context"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hatch/internal/blob"
	"hatch/internal/domain"
	"hatch/internal/ident"
	"hatch/internal/region"
	"hatch/internal/store"
)

// LegalInfo is the 修改法人信息 form: three groups, as in manual 三.
type LegalInfo struct {
	Revision int64 // the org revision the form was opened at
	// 法人单位基本信息
	Name, OrgType, RegAddress, RegionCode string
	// 法人授权信息
	AuthName, AuthIDType, AuthIDNumber, AuthMobile string
	AuthLetter                                     *Upload // nil keeps the current letter
	// 法定代表人信息
	RepName, RepIDType, RepIDNumber string
	// HeldLetter is a letter uploaded with a change that was then put to
	// the user to confirm: it is kept, so the confirmation needs no upload.
	HeldLetter int64
	// Confirmed: the user was told that the change re-runs 实名认证 of the
	// certified organisation, and saves it anyway.
	Confirmed bool
}

// LegalInfoOf is the form filled with an organisation's saved information.
func LegalInfoOf(o domain.Org) LegalInfo {
	return LegalInfo{
		Revision:     o.Revision,
		Name:         o.Name,
		OrgType:      o.OrgType,
		RegAddress:   o.RegAddress,
		RegionCode:   o.RegionCode,
		AuthName:     o.AuthName,
		AuthIDType:   orDefault(o.AuthIDType, string(ident.IDCard)),
		AuthIDNumber: o.AuthIDNumber,
		AuthMobile:   o.AuthMobile,
		RepName:      o.RepName,
		RepIDType:    orDefault(o.RepIDType, string(ident.IDCard)),
		RepIDNumber:  o.RepIDNumber,
	}
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// certFields are the fields 实名认证 checks, against the registry and
// against the documents of a manual request: a change to one of them makes
// a certified organisation's check run again. The rest (address, region,
// the 被授权人) do not touch it.
var certFields = []struct {
	field, label string
	value        func(LegalInfo) string
}{
	{"name", "单位名称", func(in LegalInfo) string { return in.Name }},
	{"rep_name", "法定代表人姓名", func(in LegalInfo) string { return in.RepName }},
	{"rep_id_type", "法定代表人证件类型", func(in LegalInfo) string { return ident.IDType(in.RepIDType).Label() }},
	{"rep_id_number", "法定代表人证件号码", func(in LegalInfo) string { return in.RepIDNumber }},
}

// CertField is a form field whose change re-runs 实名认证.
type CertField struct{ Field, Label string }

// CertFields lists the fields whose change re-runs 实名认证, in form order.
func CertFields() []CertField {
	out := make([]CertField, len(certFields))
	for i, f := range certFields {
		out[i] = CertField{f.field, f.label}
	}
	return out
}

// RecertChanges lists the changes in, normalised, makes to what 实名认证
// checked of org, each by its form field (Part).
func RecertChanges(org domain.Org, in LegalInfo) []FieldChange {
	saved := LegalInfoOf(org)
	var out []FieldChange
	for _, f := range certFields {
		if a, b := f.value(saved), f.value(in); a != b {
			out = append(out, FieldChange{Part: f.field, Label: f.label, Old: a, New: b})
		}
	}
	return out
}

// Guarded reports whether an organisation's 实名认证 stands (or waits for
// an administrator) and is kept by a save that leaves certFields alone.
// The others are checked on every save: that is how they try again.
func Guarded(st domain.CertStatus) bool {
	return st.Certified() || st == domain.CertManualPending
}

var mobilePattern = regexp.MustCompile(`^1[3-9]\d{9}$`)

// imageOrPDF are the kinds accepted for certification documents.
var imageOrPDF = []blob.Kind{blob.PDF, blob.JPEG, blob.PNG}

func (in *LegalInfo) normalise() {
	for _, p := range []*string{&in.Name, &in.OrgType, &in.RegAddress, &in.RegionCode, &in.AuthName, &in.AuthMobile, &in.RepName} {
		*p = strings.TrimSpace(*p)
	}
	// Document numbers are kept in their canonical form, so the registry's
	// number and the one typed compare equal however it was typed. Every
	// document's number is letters and digits (passports too, ICAO 9303),
	// so folding width, case, spaces and dashes loses nothing.
	in.AuthIDNumber, in.RepIDNumber = ident.Canonical(in.AuthIDNumber), ident.Canonical(in.RepIDNumber)
}

func (s *Service) checkLegalInfo(in LegalInfo, hasLetter bool) domain.FieldErrors {
	var fe domain.FieldErrors
	today := s.today()
	required(&fe, "name", "单位名称", in.Name, 100)
	if !slices.Contains(domain.OrgTypes, in.OrgType) {
		fe.Add("org_type", "单位类型", "请选择单位类型。")
	}
	required(&fe, "reg_address", "注册地址", in.RegAddress, 200)
	if !region.Valid(in.RegionCode) {
		fe.Add("region", "所属区市", "请选择所属区市。")
	}
	required(&fe, "auth_name", "被授权人姓名", in.AuthName, 50)
	if msg := ident.CheckDocument(ident.IDType(in.AuthIDType), in.AuthIDNumber, today); msg != "" {
		fe.Add("auth_id_number", "被授权人证件号码", msg)
	}
	if !mobilePattern.MatchString(in.AuthMobile) {
		fe.Add("auth_mobile", "被授权人手机号码", "请填写11位手机号码，以1开头。")
	}
	if !hasLetter && in.AuthLetter == nil && !in.selfAuthorised(today) {
		fe.Add("auth_letter", "法人授权书", "被授权人不是法定代表人本人时，须上传加盖公章的法人授权书。")
	}
	required(&fe, "rep_name", "法定代表人姓名", in.RepName, 50)
	if msg := ident.CheckDocument(ident.IDType(in.RepIDType), in.RepIDNumber, today); msg != "" {
		fe.Add("rep_id_number", "法定代表人证件号码", msg)
	}
	return fe
}

// selfAuthorised: the legal representative acts in person, so no letter is
// needed. Same name and either the same document, or a document number that
// is itself invalid (then the typo is reported there, not as a missing letter).
func (in LegalInfo) selfAuthorised(today time.Time) bool {
	if in.AuthName != in.RepName {
		return false
	}
	sameDoc := in.AuthIDNumber == in.RepIDNumber && in.AuthIDType == in.RepIDType
	typo := ident.CheckDocument(ident.IDType(in.RepIDType), in.RepIDNumber, today) != "" ||
		ident.CheckDocument(ident.IDType(in.AuthIDType), in.AuthIDNumber, today) != ""
	return sameDoc || typo
}

func required(fe *domain.FieldErrors, field, label, v string, max int) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0:
		fe.Add(field, label, "请填写"+label+"。")
	case n > max:
		fe.Add(field, label, label+"不能超过"+strconv.Itoa(max)+"个字符，当前"+strconv.Itoa(n)+"个。")
	}
}

// CertResult is the outcome of saving the legal-person information.
type CertResult struct {
	Status     domain.CertStatus
	Mismatches []string // each item that did not match, in words
	// Kept: nothing 实名认证 checks changed, so the standing certification
	// was kept without a check.
	Kept bool
	// Unconfirmed lists the changes that would re-run 实名认证 of a
	// guarded organisation; nothing was saved, the user is to confirm.
	Unconfirmed []FieldChange
	HeldLetter  int64 // the letter uploaded with the unconfirmed change
}

// SaveLegalInfo saves the legal-person information and then verifies it
// against the checksums and the registry. Only the legal-person account may
// do this. A certified organisation keeps its certification unless a field
// the check covers changes; such a change must be confirmed first, since
// the check may fail where it passed before (a manual approval, say).
func (s *Service) SaveLegalInfo(
	ctx context.Context,
	a domain.Actor,
	in LegalInfo,
) (CertResult, error) {
	if err := requireRole(a, domain.RoleLegal); err != nil {
		return CertResult{}, err
	}
	in.normalise()
	org, err := s.store.Org(ctx, a.OrgID)
	if err != nil {
		return CertResult{}, domain.Wrap(err, "load org")
	}
	held, err := s.heldLetter(ctx, a, in.HeldLetter)
	if err != nil {
		return CertResult{}, err
	}
	if err := s.checkLegalInfo(in, held != 0 || keepsLetter(org, in)).Err(); err != nil {
		return CertResult{}, err
	}
	changes := RecertChanges(org, in)
	guarded := Guarded(org.CertStatus)
	letterID, err := s.saveUpload(ctx, a, in.AuthLetter, "auth_letter", "auth_letter", "法人授权书")
	if err != nil {
		return CertResult{}, err
	}
	if guarded && len(changes) > 0 && !in.Confirmed {
		return CertResult{Status: org.CertStatus, Unconfirmed: changes, HeldLetter: cmp.Or(letterID, held)}, nil
	}
	res := CertResult{Status: org.CertStatus, Kept: true}
	if !guarded || len(changes) > 0 {
		res, err = s.verify(ctx, org.USCC, in)
	}
	if err == nil {
		err = s.store.InTx(ctx, func(tx *store.Tx) error {
			return s.storeLegalInfo(ctx, tx, a, org, in, cmp.Or(letterID, held), res)
		})
	}
	if err != nil {
		s.discardUploads(ctx, letterID)
	}
	return res, err
}

// keepsLetter: the 被授权人 is the one on file, and either a letter is on
// file or the organisation's certification stands with them. A letter
// names one person, so a new 被授权人 needs a new letter; saving the same
// one never does.
func keepsLetter(org domain.Org, in LegalInfo) bool {
	same := org.AuthName == in.AuthName && orDefault(org.AuthIDType, string(ident.IDCard)) == in.AuthIDType &&
		org.AuthIDNumber == in.AuthIDNumber
	return same && (org.AuthLetterID != 0 || Guarded(org.CertStatus))
}

// heldLetter checks a letter held for a confirmation: the organisation's
// own, uploaded as a letter.
func (s *Service) heldLetter(ctx context.Context, a domain.Actor, id int64) (int64, error) {
	if id == 0 {
		return 0, nil
	}
	att, err := s.store.Attachment(ctx, id)
	if err != nil || att.OrgID != a.OrgID || att.Purpose != "auth_letter" {
		fe := domain.FieldErrors{{Field: "auth_letter", Label: "法人授权书", Message: "之前选择的授权书已失效，请重新选择文件。"}}
		return 0, fe.Err()
	}
	return id, nil
}

// storeLegalInfo saves the information and, unless the certification was
// kept, the check's outcome.
func (s *Service) storeLegalInfo(
	ctx context.Context,
	tx *store.Tx,
	a domain.Actor,
	org domain.Org,
	in LegalInfo,
	letterID int64,
	res CertResult,
) error {
	r, _ := region.Lookup(in.RegionCode)
	upd := org
	upd.Name, upd.OrgType, upd.RegAddress, upd.RegionCode, upd.RegionName = in.Name, in.OrgType, in.RegAddress, r.Code, r.FullName()
	upd.AuthName, upd.AuthIDType, upd.AuthIDNumber, upd.AuthMobile = in.AuthName, in.AuthIDType, in.AuthIDNumber, in.AuthMobile
	upd.RepName, upd.RepIDType, upd.RepIDNumber = in.RepName, in.RepIDType, in.RepIDNumber
	if letterID != 0 {
		upd.AuthLetterID = letterID
	}
	if err := tx.SaveLegalInfo(ctx, upd, in.Revision); err != nil {
		err = say(err, store.ErrDuplicate, "统一社会信用代码 %s 已被其他单位注册。如确属本单位，请联系技术支持。", upd.USCC)
		return say(err, store.ErrStale, msgStaleInfo)
	}
	if a.Mobile == "" {
		if err := tx.UpdateUserContact(ctx, a.ID, a.Name, in.AuthMobile, a.Email); err != nil {
			return err
		}
	}
	if res.Kept {
		return audit(ctx, tx, a, "org.legal.update", "org", org.ID, "")
	}
	return recordCheck(ctx, tx, a, org.ID, res)
}

// recordCheck records an automatic check: it voids the manual requests
// about the old information and sets the organisation's status.
func recordCheck(ctx context.Context, tx *store.Tx, a domain.Actor, orgID int64, res CertResult) error {
	if err := tx.VoidManualRequests(ctx, orgID, "已重新提交法人信息，原人工认证申请作废。"); err != nil {
		return err
	}
	if _, err := tx.AddCertification(ctx, domain.Certification{OrgID: orgID, Kind: "auto", Status: res.Status,
		Detail: strings.Join(res.Mismatches, "\n"), SubmittedBy: a.ID}); err != nil {
		return err
	}
	if err := tx.SetCertStatus(ctx, orgID, res.Status, strings.Join(res.Mismatches, "\n")); err != nil {
		return err
	}
	return audit(
		ctx,
		tx,
		a,
		"cert.auto."+string(res.Status),
		"org",
		orgID,
		strings.Join(res.Mismatches, "；"),
	)
}

// verify runs the automatic 实名认证: checksums first, then the registry.
// Each mismatch is reported in words the user can check against documents.
func (s *Service) verify(ctx context.Context, uscc string, in LegalInfo) (CertResult, error) {
	var miss []string
	if msg := ident.CheckUSCC(uscc); msg != "" {
		miss = append(miss, msg)
	}
	e, found, err := s.registry.Lookup(ctx, uscc)
	if err != nil {
		return CertResult{}, domain.Wrap(err, "registry lookup")
	}
	switch {
	case !found:
		miss = append(miss, "统一社会信用代码 "+uscc+" 未在法人登记信息中找到。")
	default:
		if e.Name != in.Name {
			miss = append(miss, "单位名称与登记信息不一致：登记为“"+e.Name+"”，填写为“"+in.Name+"”。")
		}
		if e.RepName != in.RepName {
			miss = append(miss, "法定代表人姓名与登记信息不一致。")
		}
		if e.RepIDNumber != in.RepIDNumber {
			miss = append(miss, "法定代表人证件号码与登记信息不一致。")
		}
	}
	if len(miss) > 0 {
		return CertResult{Status: domain.CertFailed, Mismatches: miss}, nil
	}
	return CertResult{Status: domain.CertPassed}, nil
}

// Org returns the actor's own organisation.
func (s *Service) Org(ctx context.Context, a domain.Actor) (domain.Org, error) {
	if err := requireApplicant(a); err != nil {
		return domain.Org{}, err
	}
	return s.store.Org(ctx, a.OrgID)
}

// OpenAttachment returns an attachment the actor may read, and its bytes.
// Applicants read their own organisation's files; admins read files of
// certification requests.
func (s *Service) OpenAttachment(
	ctx context.Context,
	a domain.Actor,
	id int64,
) (domain.Attachment, io.ReadCloser, error) {
	att, err := s.store.Attachment(ctx, id)
	if err != nil {
		return att, nil, err
	}
	allowed := (a.Role.Applicant() && att.OrgID == a.OrgID) ||
		(a.Role == domain.RoleAdmin && strings.HasPrefix(att.Purpose, "cert_") || a.Role == domain.RoleAdmin && att.Purpose == "auth_letter")
	if !allowed {
		return domain.Attachment{}, nil, domain.ErrNotFound
	}
	rc, err := s.blobs.Open(ctx, att.BlobKey)
	if err != nil {
		return att, nil, domain.Wrap(err, "open blob")
	}
	return att, rc, nil
}
