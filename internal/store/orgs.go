package store

import (
	"context"
	"database/sql"

	"hatch/internal/domain"
)

const orgColumns = `id, name, uscc, org_type, reg_address, region_code, region_name,
	auth_name, auth_id_type, auth_id_number, auth_mobile, auth_letter_id,
	rep_name, rep_id_type, rep_id_number, cert_status, cert_note, certified_at,
	migrated, revision, created_at, updated_at`

func scanOrg(row scanner) (domain.Org, error) {
	var o domain.Org
	var letter, certAt, created, updated sql.NullInt64
	var status string
	err := row.Scan(
		&o.ID,
		&o.Name,
		&o.USCC,
		&o.OrgType,
		&o.RegAddress,
		&o.RegionCode,
		&o.RegionName,
		&o.AuthName,
		&o.AuthIDType,
		&o.AuthIDNumber,
		&o.AuthMobile,
		&letter,
		&o.RepName,
		&o.RepIDType,
		&o.RepIDNumber,
		&status,
		&o.CertNote,
		&certAt,
		&o.Migrated,
		&o.Revision,
		&created,
		&updated,
	)
	o.AuthLetterID, o.CertStatus = letter.Int64, domain.CertStatus(status)
	o.CertifiedAt, o.CreatedAt, o.UpdatedAt = fromMS(certAt), fromMS(created), fromMS(updated)
	return o, notFound(err)
}

// CreateOrg inserts an organisation with its name and USCC. A USCC already
// registered is ErrDuplicate.
func (tx *Tx) CreateOrg(ctx context.Context, name, uscc string, migrated bool) (int64, error) {
	id, err := tx.insertID(ctx, `INSERT INTO orgs (name, uscc, migrated, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4)`, name, uscc, migrated, ms(tx.now))
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	return id, err
}

// Org returns one organisation.
func (r reads) Org(ctx context.Context, id int64) (domain.Org, error) {
	return scanOrg(r.q.queryRow(ctx, `SELECT `+orgColumns+` FROM orgs WHERE id = $1`, id))
}

// OrgByUSCC finds an organisation by its credit code.
func (tx *Tx) OrgByUSCC(ctx context.Context, uscc string) (domain.Org, error) {
	return scanOrg(tx.queryRow(ctx, `SELECT `+orgColumns+` FROM orgs WHERE uscc = $1`, uscc))
}

// SaveLegalInfo writes the three groups of 修改法人信息 if the row is still
// at revision rev; otherwise someone else saved first and it is ErrStale. A
// USCC another organisation has is ErrDuplicate.
func (tx *Tx) SaveLegalInfo(ctx context.Context, o domain.Org, rev int64) error {
	res, err := tx.exec(ctx, `UPDATE orgs SET name = $1, uscc = $2, org_type = $3, reg_address = $4,
		region_code = $5, region_name = $6, auth_name = $7, auth_id_type = $8, auth_id_number = $9,
		auth_mobile = $10, auth_letter_id = $11, rep_name = $12, rep_id_type = $13, rep_id_number = $14,
		revision = revision + 1, updated_at = $15 WHERE id = $16 AND revision = $17`,
		o.Name, o.USCC, o.OrgType, o.RegAddress, o.RegionCode, o.RegionName,
		o.AuthName, o.AuthIDType, o.AuthIDNumber, o.AuthMobile, nullID(o.AuthLetterID),
		o.RepName, o.RepIDType, o.RepIDNumber, ms(tx.now), o.ID, rev)
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	return revisionChecked(res, err)
}

// SetCertStatus records the outcome of 实名认证 for an organisation.
func (tx *Tx) SetCertStatus(
	ctx context.Context,
	orgID int64,
	st domain.CertStatus,
	note string,
) error {
	var certAt any
	if st.Certified() {
		certAt = ms(tx.now)
	}
	return expectOne(
		tx.exec(ctx, `UPDATE orgs SET cert_status = $1, cert_note = $2, certified_at = $3,
		revision = revision + 1, updated_at = $4 WHERE id = $5`, string(st), note, certAt, ms(tx.now), orgID),
	)
}
