package service

import (
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
}

var mobilePattern = regexp.MustCompile(`^1[3-9]\d{9}$`)

// imageOrPDF are the kinds accepted for certification documents.
var imageOrPDF = []blob.Kind{blob.PDF, blob.JPEG, blob.PNG}

func (in *LegalInfo) normalise() {
	for _, p := range []*string{&in.Name, &in.OrgType, &in.RegAddress, &in.RegionCode, &in.AuthName, &in.AuthMobile, &in.RepName} {
		*p = strings.TrimSpace(*p)
	}
	in.AuthIDNumber, in.RepIDNumber = ident.NormalizeIDNumber(
		in.AuthIDNumber,
	), ident.NormalizeIDNumber(
		in.RepIDNumber,
	)
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

// CertResult is what the automatic verification found.
type CertResult struct {
	Status     domain.CertStatus
	Mismatches []string // each item that did not match, in words
}

// SaveLegalInfo saves the legal-person information and then verifies it
// against the checksums and the registry. Only the legal-person account may
// do this. Changing certified information means verifying again.
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
	// A letter on file names one person: a new 被授权人 needs a new letter.
	hasLetter := org.AuthLetterID != 0 && org.AuthName == in.AuthName &&
		org.AuthIDType == in.AuthIDType && org.AuthIDNumber == in.AuthIDNumber
	if err := s.checkLegalInfo(in, hasLetter).Err(); err != nil {
		return CertResult{}, err
	}
	letterID, err := s.saveUpload(ctx, a, in.AuthLetter, "auth_letter", "auth_letter", "法人授权书")
	if err != nil {
		return CertResult{}, err
	}
	res, err := s.verify(ctx, org.USCC, in)
	if err == nil {
		err = s.store.InTx(ctx, func(tx *store.Tx) error {
			return s.storeLegalInfo(ctx, tx, a, org, in, letterID, res)
		})
	}
	if err != nil {
		s.discardUploads(ctx, letterID)
	}
	return res, err
}

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
	if err := tx.CloseManualRequests(ctx, org.ID, "已重新提交法人信息，原人工认证申请作废。"); err != nil {
		return err
	}
	if _, err := tx.AddCertification(ctx, domain.Certification{OrgID: org.ID, Kind: "auto", Status: res.Status,
		Detail: strings.Join(res.Mismatches, "\n"), SubmittedBy: a.ID}); err != nil {
		return err
	}
	if err := tx.SetCertStatus(ctx, org.ID, res.Status, strings.Join(res.Mismatches, "\n")); err != nil {
		return err
	}
	if a.Mobile == "" {
		if err := tx.UpdateUserContact(ctx, a.ID, a.Name, in.AuthMobile, a.Email); err != nil {
			return err
		}
	}
	return audit(
		ctx,
		tx,
		a,
		"cert.auto."+string(res.Status),
		"org",
		org.ID,
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
