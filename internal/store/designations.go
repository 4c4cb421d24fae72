package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"hatch/internal/domain"
)

// Designation is what Hatch itself records of a carrier's designation: the
// latest of its applications that reached 备案通过 (or 认定), the 文号 and
// date of the round's result, and the time of the decision.
type Designation struct {
	TypeCode string
	ResultNo string
	ResultOn string // YYYY-MM-DD; "" when the round has none
	On       time.Time
}

// DesignationOf returns the carrier's latest designation made in Hatch,
// or ok false when it has none. The carrier must be the organisation's.
func (s *Store) DesignationOf(ctx context.Context, orgID, carrierID int64) (d Designation, ok bool, err error) {
	var on sql.NullInt64
	err = s.r.QueryRowContext(ctx, `SELECT a.type_code, r.result_no, r.result_on,
		(SELECT MAX(st.created_at) FROM app_steps st WHERE st.app_id = a.id AND st.to_status = $3)
		FROM applications a JOIN rounds r ON r.id = a.round_id
		WHERE a.org_id = $1 AND a.carrier_id = $2 AND a.status = $3
		ORDER BY r.year DESC, a.id DESC LIMIT 1`, orgID, carrierID, string(domain.AppFiled)).
		Scan(&d.TypeCode, &d.ResultNo, &d.ResultOn, &on)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	d.On = fromMS(on)
	return d, err == nil, err
}
