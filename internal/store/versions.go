package store

import (
	"context"
	"database/sql"
	"errors"

	"hatch/internal/domain"
)

// versionColumns are a version's columns without its snapshot, which only
// Version reads: lists stay small however large the application.
const versionColumns = `v.id, v.app_id, v.seq, v.code, v.data_rev, v.blob_key, v.size, v.pages,
	v.sha256, v.created_by, COALESCE(NULLIF(u.name, ''), u.login, ''), v.created_at, v.problems, v.unmet`

const versionFrom = ` FROM app_versions v LEFT JOIN users u ON u.id = v.created_by `

func scanVersion(row scanner, tail ...any) (domain.Version, error) {
	var v domain.Version
	var by, at sql.NullInt64
	err := row.Scan(append([]any{&v.ID, &v.AppID, &v.Seq, &v.Code, &v.DataRev, &v.BlobKey, &v.Size,
		&v.Pages, &v.SHA256, &by, &v.CreatedByName, &at, &v.Problems, &v.Unmet}, tail...)...)
	v.CreatedBy, v.CreatedAt = by.Int64, fromMS(at)
	return v, notFound(err)
}

// InsertVersion stores a generated version made from the application's data
// at v.DataRev, numbering it after the application's earlier versions. If
// the data changed since, nothing is stored and it returns ErrDataChanged.
func (tx *Tx) InsertVersion(
	ctx context.Context,
	v domain.Version,
	snapshot []byte,
) (domain.Version, error) {
	// The update takes the application's row lock on PostgreSQL, so two
	// generations at once get different numbers.
	err := tx.queryRow(ctx, `UPDATE applications SET versions = versions + 1
		WHERE id = $1 AND data_rev = $2 RETURNING versions`, v.AppID, v.DataRev).Scan(&v.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return v, ErrDataChanged
	}
	if err != nil {
		return v, err
	}
	v.CreatedAt = tx.now
	v.ID, err = tx.insertID(ctx, `INSERT INTO app_versions (app_id, seq, code, data_rev, snapshot,
		blob_key, size, pages, sha256, created_by, created_at, problems, unmet)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		v.AppID, v.Seq, v.Code, v.DataRev, string(snapshot), v.BlobKey, v.Size, v.Pages, v.SHA256,
		nullID(v.CreatedBy), ms(tx.now), v.Problems, v.Unmet)
	if isUniqueViolation(err) {
		return v, ErrDuplicate
	}
	return v, err
}

// Versions lists an application's versions, the newest first.
func (s *Store) Versions(ctx context.Context, appID int64) ([]domain.Version, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+versionColumns+versionFrom+`
		WHERE v.app_id = $1 ORDER BY v.seq DESC`, appID)
	return listOf(rows, err, func(r scanner) (domain.Version, error) {
		return scanVersion(r)
	})
}

// Version returns one version of an application with its snapshot; another
// application's is NotFound.
func (s *Store) Version(ctx context.Context, appID, id int64) (domain.Version, []byte, error) {
	var snap string
	v, err := scanVersion(
		s.r.QueryRowContext(ctx, `SELECT `+versionColumns+`, v.snapshot`+versionFrom+`
		WHERE v.id = $1 AND v.app_id = $2`, id, appID),
		&snap,
	)
	return v, []byte(snap), err
}

// VersionByCode looks a 版本号 up for the public verification page: the
// version and what may be said about its application, nothing more.
func (s *Store) VersionByCode(ctx context.Context, code string) (domain.VersionCheck, error) {
	var c domain.VersionCheck
	var status string
	var submitted sql.NullInt64
	row := s.r.QueryRowContext(ctx, `SELECT `+versionColumns+`, c.name, o.name, r.name, a.status,
		a.submitted_version, a.data_rev, a.type_code`+versionFrom+`
		JOIN applications a ON a.id = v.app_id
		JOIN carriers c ON c.id = a.carrier_id
		JOIN orgs o ON o.id = a.org_id
		JOIN rounds r ON r.id = a.round_id
		WHERE v.code = $1`, code)
	var err error
	c.Version, err = scanVersion(
		row,
		&c.Carrier,
		&c.Operator,
		&c.Round,
		&status,
		&submitted,
		&c.AppDataRev,
		&c.AppType,
	)
	c.AppStatus, c.Submitted = domain.AppStatus(
		status,
	), submitted.Valid &&
		submitted.Int64 == c.Version.ID
	c.AnySubmitted = submitted.Valid
	return c, err
}
