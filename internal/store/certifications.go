package store

import (
	"context"
	"database/sql"

	"hatch/internal/domain"
)

// AddCertification records one 实名认证 attempt and returns its id.
func (tx *Tx) AddCertification(ctx context.Context, c domain.Certification) (int64, error) {
	return tx.insertID(ctx, `INSERT INTO certifications (org_id, kind, status, detail, license_id,
		idcard_id, submitted_by, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		c.OrgID, c.Kind, string(c.Status), c.Detail, nullID(c.LicenseID), nullID(c.IDCardID),
		nullID(c.SubmittedBy), ms(tx.now))
}

const certColumns = `c.id, c.org_id, o.name, o.uscc, c.kind, c.status, c.detail, c.license_id,
	c.idcard_id, c.submitted_by, c.submitted_at, c.decided_by, c.decided_at, c.reason`

func scanCert(row scanner) (domain.Certification, error) {
	var c domain.Certification
	var status string
	var lic, idc, by, at, dby, dat sql.NullInt64
	err := row.Scan(
		&c.ID,
		&c.OrgID,
		&c.OrgName,
		&c.OrgUSCC,
		&c.Kind,
		&status,
		&c.Detail,
		&lic,
		&idc,
		&by,
		&at,
		&dby,
		&dat,
		&c.Reason,
	)
	c.Status, c.LicenseID, c.IDCardID = domain.CertStatus(status), lic.Int64, idc.Int64
	c.SubmittedBy, c.SubmittedAt, c.DecidedBy, c.DecidedAt = by.Int64, fromMS(
		at,
	), dby.Int64, fromMS(
		dat,
	)
	return c, notFound(err)
}

// Certification returns one attempt.
func (tx *Tx) Certification(ctx context.Context, id int64) (domain.Certification, error) {
	return scanCert(tx.queryRow(ctx, `SELECT `+certColumns+` FROM certifications c
		JOIN orgs o ON o.id = c.org_id WHERE c.id = $1`, id))
}

// CertificationByID is Certification outside a transaction.
func (s *Store) CertificationByID(ctx context.Context, id int64) (domain.Certification, error) {
	return scanCert(s.r.QueryRowContext(ctx, `SELECT `+certColumns+` FROM certifications c
		JOIN orgs o ON o.id = c.org_id WHERE c.id = $1`, id))
}

// Certifications lists attempts: of one org when orgID > 0, and of one
// status when status != "". Newest first.
func (s *Store) Certifications(
	ctx context.Context,
	orgID int64,
	status domain.CertStatus,
	limit int,
) ([]domain.Certification, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+certColumns+` FROM certifications c
		JOIN orgs o ON o.id = c.org_id
		WHERE ($1 = 0 OR c.org_id = $1) AND ($2 = '' OR c.status = $2)
		ORDER BY c.id DESC LIMIT $3`, orgID, string(status), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Certification
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DecideCertification records an admin's decision on a pending request. A
// request already decided is ErrStale, so two admins cannot both decide.
func (tx *Tx) DecideCertification(
	ctx context.Context,
	id int64,
	st domain.CertStatus,
	by int64,
	reason string,
) error {
	res, err := tx.exec(
		ctx,
		`UPDATE certifications SET status = $1, decided_by = $2, decided_at = $3,
		reason = $4 WHERE id = $5 AND status = 'manual_pending'`,
		string(st),
		by,
		ms(tx.now),
		reason,
		id,
	)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrStale
	}
	return nil
}

// VoidManualRequests ends an organisation's pending manual requests, when
// new legal information makes them describe data that no longer exists.
// They are void, not rejected: nobody decided them.
func (tx *Tx) VoidManualRequests(ctx context.Context, orgID int64, reason string) error {
	_, err := tx.exec(
		ctx,
		`UPDATE certifications SET status = 'manual_void', decided_at = $1, reason = $2
		WHERE org_id = $3 AND status = 'manual_pending'`,
		ms(tx.now),
		reason,
		orgID,
	)
	return err
}

// RegistryEntry looks up a legal person by USCC.
func (r reads) RegistryEntry(ctx context.Context, uscc string) (domain.RegistryEntry, error) {
	var e domain.RegistryEntry
	err := r.q.queryRow(ctx, `SELECT uscc, name, rep_name, rep_id_number FROM registry WHERE uscc = $1`, uscc).
		Scan(&e.USCC, &e.Name, &e.RepName, &e.RepIDNumber)
	return e, notFound(err)
}

// PutRegistryEntry inserts or replaces a registry row.
func (tx *Tx) PutRegistryEntry(ctx context.Context, e domain.RegistryEntry) error {
	_, err := tx.exec(ctx, `INSERT INTO registry (uscc, name, rep_name, rep_id_number, imported_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (uscc) DO UPDATE SET name = excluded.name,
		rep_name = excluded.rep_name, rep_id_number = excluded.rep_id_number, imported_at = excluded.imported_at`,
		e.USCC, e.Name, e.RepName, e.RepIDNumber, ms(tx.now))
	return err
}

// RegistrySize counts registry rows.
func (s *Store) RegistrySize(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM registry`).Scan(&n)
	return n, err
}
