package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"hatch/internal/domain"
)

const roundColumns = `id, type_code, year, name, opens_on, closes_on, cutoff_on, window_from,
	window_to, operating_from, append_files, guidance, params, result_no, result_on, revision, created_at, updated_at`

func scanRound(row scanner) (domain.Round, error) {
	var r domain.Round
	var guidance, params string
	var created, updated sql.NullInt64
	err := row.Scan(
		&r.ID,
		&r.TypeCode,
		&r.Year,
		&r.Name,
		&r.OpensOn,
		&r.ClosesOn,
		&r.CutoffOn,
		&r.WindowFrom,
		&r.WindowTo,
		&r.OperatingFrom,
		&r.AppendFiles,
		&guidance,
		&params,
		&r.ResultNo,
		&r.ResultOn,
		&r.Revision,
		&created,
		&updated,
	)
	if err != nil {
		return r, notFound(err)
	}
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	if err := json.Unmarshal([]byte(guidance), &r.Guidance); err != nil {
		return r, err
	}
	return r, unmarshalParams(params, &r)
}

// unmarshalParams reads a round's thresholds; '{}' leaves Params nil.
func unmarshalParams(s string, r *domain.Round) error {
	if s == "" || s == "{}" {
		return nil
	}
	return json.Unmarshal([]byte(s), &r.Params)
}

// marshalParams writes a round's thresholds, '{}' for none.
func marshalParams(r domain.Round) string {
	if len(r.Params) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(r.Params) // a map of numbers always marshals
	return string(b)
}

// CreateRound inserts a 申报批次. A second round of the same type and year is
// ErrDuplicate.
func (tx *Tx) CreateRound(ctx context.Context, r domain.Round) (int64, error) {
	guidance, err := json.Marshal(r.Guidance)
	if err != nil {
		return 0, err
	}
	id, err := tx.insertID(ctx, `INSERT INTO rounds (type_code, year, name, opens_on, closes_on,
		cutoff_on, window_from, window_to, operating_from, guidance, params, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
		r.TypeCode, r.Year, r.Name, r.OpensOn, r.ClosesOn, r.CutoffOn, r.WindowFrom, r.WindowTo,
		r.OperatingFrom, string(guidance), marshalParams(r), ms(tx.now))
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	return id, err
}

// Round returns one round.
func (s *Store) Round(ctx context.Context, id int64) (domain.Round, error) {
	return scanRound(
		s.r.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE id = $1`, id),
	)
}

// RoundByYear returns the round of an application type in a year.
func (s *Store) RoundByYear(ctx context.Context, typeCode string, year int) (domain.Round, error) {
	return scanRound(s.r.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds
		WHERE type_code = $1 AND year = $2`, typeCode, year))
}

// Rounds lists the rounds of an application type, newest year first.
func (s *Store) Rounds(ctx context.Context, typeCode string) ([]domain.Round, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE type_code = $1
		ORDER BY year DESC`, typeCode)
	return listOf(rows, err, scanRound)
}

// UpdateRound saves a round's name, dates and guidance if it is still at
// revision rev; otherwise it is ErrStale. The type and year, which name
// the round, do not change.
func (tx *Tx) UpdateRound(ctx context.Context, r domain.Round, rev int64) error {
	guidance, err := json.Marshal(r.Guidance)
	if err != nil {
		return err
	}
	res, err := tx.exec(
		ctx,
		`UPDATE rounds SET name = $1, opens_on = $2, closes_on = $3, cutoff_on = $4,
		window_from = $5, window_to = $6, operating_from = $7, guidance = $8, append_files = $9,
		params = $13, result_no = $14, result_on = $15, revision = revision + 1, updated_at = $10 WHERE id = $11 AND revision = $12`,
		r.Name,
		r.OpensOn,
		r.ClosesOn,
		r.CutoffOn,
		r.WindowFrom,
		r.WindowTo,
		r.OperatingFrom,
		string(guidance),
		r.AppendFiles,
		ms(tx.now),
		r.ID,
		rev,
		marshalParams(r),
		r.ResultNo,
		r.ResultOn,
	)
	return revisionChecked(res, err)
}

// PutAcceptor inserts or replaces the 受理机构 of a round for a region code.
func (tx *Tx) PutAcceptor(ctx context.Context, a domain.Acceptor) error {
	_, err := tx.exec(
		ctx,
		`INSERT INTO round_acceptors (round_id, code, name, unit, address, contact,
		copies, deadline, city_level) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (round_id, code) DO UPDATE SET name = excluded.name, unit = excluded.unit,
		address = excluded.address, contact = excluded.contact, copies = excluded.copies,
		deadline = excluded.deadline, city_level = excluded.city_level`,
		a.RoundID,
		a.Code,
		a.Name,
		a.Unit,
		a.Address,
		a.Contact,
		a.Copies,
		a.Deadline,
		a.CityLevel,
	)
	return err
}

// Acceptors lists a round's 受理机构 by region code.
func (s *Store) Acceptors(ctx context.Context, roundID int64) ([]domain.Acceptor, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT round_id, code, name, unit, address, contact, copies,
		deadline, city_level FROM round_acceptors WHERE round_id = $1 ORDER BY code`, roundID)
	return listOf(rows, err, func(row scanner) (domain.Acceptor, error) {
		var a domain.Acceptor
		err := row.Scan(&a.RoundID, &a.Code, &a.Name, &a.Unit, &a.Address, &a.Contact, &a.Copies,
			&a.Deadline, &a.CityLevel)
		return a, err
	})
}
