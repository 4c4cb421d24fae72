package store

import (
	"context"
	"database/sql"

	"hatch/internal/domain"
)

const carrierColumns = `id, org_id, kind, name, address, region_code, region_name, started_on,
	revision, created_at, updated_at`

func scanCarrier(row scanner) (domain.Carrier, error) {
	var c domain.Carrier
	var kind string
	var created, updated sql.NullInt64
	err := row.Scan(&c.ID, &c.OrgID, &kind, &c.Name, &c.Address, &c.RegionCode, &c.RegionName,
		&c.StartedOn, &c.Revision, &created, &updated)
	c.Kind, c.CreatedAt, c.UpdatedAt = domain.CarrierKind(kind), fromMS(created), fromMS(updated)
	return c, notFound(err)
}

// CreateCarrier inserts a 载体. A second carrier with the same name in the
// same organisation is ErrDuplicate.
func (tx *Tx) CreateCarrier(ctx context.Context, c domain.Carrier) (int64, error) {
	id, err := tx.insertID(
		ctx,
		`INSERT INTO carriers (org_id, kind, name, address, region_code,
		region_name, started_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
		c.OrgID,
		string(c.Kind),
		c.Name,
		c.Address,
		c.RegionCode,
		c.RegionName,
		c.StartedOn,
		ms(tx.now),
	)
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	return id, err
}

// UpdateCarrier saves a carrier if it is still at revision rev and belongs
// to c.OrgID; otherwise NotFound, ErrStale, or ErrDuplicate for a name the
// organisation already has.
func (tx *Tx) UpdateCarrier(ctx context.Context, c domain.Carrier, rev int64) error {
	res, err := tx.exec(
		ctx,
		`UPDATE carriers SET kind = $1, name = $2, address = $3, region_code = $4,
		region_name = $5, started_on = $6, revision = revision + 1, updated_at = $7
		WHERE id = $8 AND org_id = $9 AND revision = $10`,
		string(
			c.Kind,
		),
		c.Name,
		c.Address,
		c.RegionCode,
		c.RegionName,
		c.StartedOn,
		ms(tx.now),
		c.ID,
		c.OrgID,
		rev,
	)
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	return revisionChecked(res, err)
}

// Carrier returns one carrier of an organisation; another's is NotFound.
func (r reads) Carrier(ctx context.Context, orgID, id int64) (domain.Carrier, error) {
	return scanCarrier(r.q.queryRow(ctx, `SELECT `+carrierColumns+` FROM carriers
		WHERE id = $1 AND org_id = $2`, id, orgID))
}

// Carriers lists an organisation's carriers by kind, then name.
func (s *Store) Carriers(ctx context.Context, orgID int64) ([]domain.Carrier, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+carrierColumns+` FROM carriers WHERE org_id = $1
		ORDER BY kind, name`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Carrier
	for rows.Next() {
		c, err := scanCarrier(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
