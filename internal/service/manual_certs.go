package service

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"hatch/internal/domain"
	"hatch/internal/store"
)

// ManualRequest is the 人工认证 upload: photos of the 营业执照 and ID card.
type ManualRequest struct {
	License, IDCard *Upload
	Note            string
}

// RequestManualCert queues the organisation for an administrator's check.
// It is offered once the automatic check has failed.
func (s *Service) RequestManualCert(ctx context.Context, a domain.Actor, in ManualRequest) error {
	if err := requireRole(a, domain.RoleLegal); err != nil {
		return err
	}
	org, err := s.store.Org(ctx, a.OrgID)
	if err != nil {
		return domain.Wrap(err, "load org")
	}
	if org.CertStatus != domain.CertFailed && org.CertStatus != domain.CertManualRejected {
		return domain.Errorf(domain.Conflict, "当前认证状态为“%s”，无需人工认证。", org.CertStatus.Label())
	}
	var fe domain.FieldErrors
	if in.License == nil {
		fe.Add("license", "营业执照照片", "请上传营业执照照片或扫描件。")
	}
	if in.IDCard == nil {
		fe.Add("idcard", "身份证照片", "请上传法定代表人身份证照片或扫描件。")
	}
	if utf8.RuneCountInString(in.Note) > 500 {
		fe.Add("note", "说明", "说明不能超过500个字符。")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	lic, err := s.saveUpload(ctx, a, in.License, "cert_license", "license", "营业执照照片")
	if err != nil {
		return err
	}
	idc, err := s.saveUpload(ctx, a, in.IDCard, "cert_idcard", "idcard", "身份证照片")
	if err != nil {
		s.discardUploads(ctx, lic)
		return err
	}
	err = s.queueManual(ctx, a, org, in.Note, lic, idc)
	if err != nil {
		s.discardUploads(ctx, lic, idc)
	}
	return err
}

// queueManual records a manual request with its two photos and marks the
// organisation as waiting for an administrator.
func (s *Service) queueManual(
	ctx context.Context,
	a domain.Actor,
	org domain.Org,
	note string,
	lic, idc int64,
) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.AddCertification(ctx, domain.Certification{OrgID: org.ID, Kind: "manual",
			Status: domain.CertManualPending, Detail: strings.TrimSpace(note), LicenseID: lic, IDCardID: idc, SubmittedBy: a.ID})
		if err != nil {
			return err
		}
		if err := tx.SetCertStatus(ctx, org.ID, domain.CertManualPending, ""); err != nil {
			return err
		}
		return audit(ctx, tx, a, "cert.manual.request", "certification", id, "")
	})
}

// CertQueue lists manual certification requests for administrators.
func (s *Service) CertQueue(
	ctx context.Context,
	a domain.Actor,
	status domain.CertStatus,
) ([]domain.Certification, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.Certifications(ctx, 0, status, 200)
}

// Certification returns one request: to an admin, or to its own org.
func (s *Service) Certification(
	ctx context.Context,
	a domain.Actor,
	id int64,
) (domain.Certification, error) {
	c, err := s.store.CertificationByID(ctx, id)
	if err != nil {
		return c, err
	}
	if a.Role != domain.RoleAdmin && c.OrgID != a.OrgID {
		return domain.Certification{}, domain.ErrNotFound
	}
	return c, nil
}

// OrgCertifications lists an applicant's own attempts, newest first.
func (s *Service) OrgCertifications(
	ctx context.Context,
	a domain.Actor,
) ([]domain.Certification, error) {
	if err := requireApplicant(a); err != nil {
		return nil, err
	}
	return s.store.Certifications(ctx, a.OrgID, "", 20)
}

// maxCertReason is the longest reason an administrator may give for a
// decision, as the API describes it.
const maxCertReason = 500

// DecideCert approves or rejects a manual request. A rejection needs a
// reason, which the applicant sees.
func (s *Service) DecideCert(
	ctx context.Context,
	a domain.Actor,
	id int64,
	approve bool,
	reason string,
) error {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var fe domain.FieldErrors
	switch n := utf8.RuneCountInString(reason); {
	case !approve && n == 0:
		fe.Add("reason", "理由", "驳回人工认证时须填写理由，申请单位将看到此理由。")
	case n > maxCertReason:
		fe.Add("reason", "理由", fmt.Sprintf("理由不能超过%d个字符，当前%d个。", maxCertReason, n))
	}
	if err := fe.Err(); err != nil {
		return err
	}
	st := domain.CertManualRejected
	if approve {
		st = domain.CertManualApproved
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		c, err := tx.Certification(ctx, id)
		if err != nil {
			return err
		}
		// A request is about the information on file when it was made. If
		// the organisation has saved new information since, the request no
		// longer describes it and must not decide its status.
		org, err := tx.Org(ctx, c.OrgID)
		if err != nil {
			return err
		}
		if org.CertStatus != domain.CertManualPending {
			return domain.Errorf(domain.Conflict, "该申请已失效：申请单位已重新提交法人信息。")
		}
		if err := tx.DecideCertification(ctx, id, st, a.ID, reason); err != nil {
			return say(err, store.ErrStale, "该人工认证申请已被处理，请刷新队列。")
		}
		if err := tx.SetCertStatus(ctx, c.OrgID, st, reason); err != nil {
			return err
		}
		return audit(
			ctx,
			tx,
			a,
			"cert.manual."+map[bool]string{true: "approve", false: "reject"}[approve],
			"certification",
			id,
			reason,
		)
	})
}

// CertReview is what an administrator needs to decide a manual request:
// the request, the organisation as filled in, what the automatic check
// found, and what the registry holds.
type CertReview struct {
	Cert     domain.Certification
	Org      domain.Org
	LastAuto *domain.Certification // the newest automatic check, if any
	Registry *domain.RegistryEntry // the registry entry for the USCC, if any
}

// ReviewCert loads a manual request for an administrator's decision.
func (s *Service) ReviewCert(ctx context.Context, a domain.Actor, id int64) (CertReview, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return CertReview{}, err
	}
	c, err := s.store.CertificationByID(ctx, id)
	if err != nil {
		return CertReview{}, err
	}
	org, err := s.store.Org(ctx, c.OrgID)
	if err != nil {
		return CertReview{}, domain.Wrap(err, "load org")
	}
	r := CertReview{Cert: c, Org: org}
	hist, err := s.store.Certifications(ctx, c.OrgID, "", 50)
	if err != nil {
		return r, domain.Wrap(err, "load history")
	}
	for i := range hist {
		if hist[i].Kind == "auto" {
			r.LastAuto = &hist[i]
			break
		}
	}
	if e, found, err := s.registry.Lookup(ctx, org.USCC); err == nil && found {
		r.Registry = &e
	}
	return r, nil
}
