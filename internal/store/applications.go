package store

import (
	"context"
	"database/sql"
	"errors"

	"hatch/internal/domain"
)

// applicationSelect reads applications with the names list pages show; every
// use adds a condition on the organisation or the application id.
const applicationSelect = `SELECT a.id, a.org_id, a.carrier_id, a.round_id, a.type_code, a.status,
	a.revision, a.created_by, a.created_at, a.updated_by, a.updated_at, a.data_rev, a.versions,
	a.acceptor_code, a.region_code, a.city_level, a.ref_no, a.host_type, a.submitted_at,
	COALESCE(a.submitted_version, 0), c.name, r.name, COALESCE(NULLIF(u.name, ''), u.login, ''),
	COALESCE((SELECT v.code FROM app_versions v WHERE v.app_id = a.id ORDER BY v.seq DESC LIMIT 1), ''),
	COALESCE((SELECT v.data_rev FROM app_versions v WHERE v.app_id = a.id ORDER BY v.seq DESC LIMIT 1), 0)
	FROM applications a
	JOIN carriers c ON c.id = a.carrier_id
	JOIN rounds r ON r.id = a.round_id
	LEFT JOIN users u ON u.id = a.updated_by `

func scanApplication(row scanner) (domain.Application, error) {
	var a domain.Application
	var status string
	var createdBy, created, updatedBy, updated, submitted sql.NullInt64
	err := row.Scan(
		&a.ID,
		&a.OrgID,
		&a.CarrierID,
		&a.RoundID,
		&a.TypeCode,
		&status,
		&a.Revision,
		&createdBy,
		&created,
		&updatedBy,
		&updated,
		&a.DataRev,
		&a.Versions,
		&a.AcceptorCode,
		&a.RegionCode,
		&a.CityLevel,
		&a.RefNo,
		&a.HostType,
		&submitted,
		&a.SubmittedVersion,
		&a.CarrierName,
		&a.RoundName,
		&a.UpdatedByName,
		&a.Version,
		&a.VersionDataRev,
	)
	a.Status, a.CreatedBy, a.UpdatedBy = domain.AppStatus(status), createdBy.Int64, updatedBy.Int64
	a.CreatedAt, a.UpdatedAt, a.SubmittedAt = fromMS(created), fromMS(updated), fromMS(submitted)
	return a, notFound(err)
}

// CreateApplication inserts an application, as a draft unless a.Status says
// otherwise. A second application for the same carrier in the same round is
// ErrDuplicate.
func (tx *Tx) CreateApplication(ctx context.Context, a domain.Application) (int64, error) {
	if a.Status == "" {
		a.Status = domain.AppDraft
	}
	id, err := tx.insertID(
		ctx,
		`INSERT INTO applications (org_id, carrier_id, round_id, type_code,
		status, created_by, created_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7)`,
		a.OrgID,
		a.CarrierID,
		a.RoundID,
		a.TypeCode,
		string(a.Status),
		nullID(a.CreatedBy),
		ms(tx.now),
	)
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	return id, err
}

// Application returns one application of an organisation, with its carrier's
// and round's names; another organisation's is NotFound.
func (r reads) Application(ctx context.Context, orgID, id int64) (domain.Application, error) {
	return scanApplication(
		r.q.queryRow(ctx, applicationSelect+`WHERE a.id = $1 AND a.org_id = $2`, id, orgID),
	)
}

// ApplicationWithRound returns an application of an organisation with its
// round's dates (not its 填报说明) in one query: what every save needs.
func (s *Store) ApplicationWithRound(
	ctx context.Context,
	orgID, id int64,
) (domain.Application, domain.Round, error) {
	var r domain.Round
	var params string
	row := s.r.QueryRowContext(
		ctx,
		`SELECT a.id, a.org_id, a.carrier_id, a.round_id, a.type_code, a.status,
		a.revision, a.created_by, a.created_at, a.updated_by, a.updated_at, a.data_rev, a.versions,
		a.acceptor_code, a.region_code, a.city_level, a.ref_no, a.host_type, a.submitted_at,
		COALESCE(a.submitted_version, 0), c.name, r.name, '', '', 0, r.id, r.type_code, r.year, r.opens_on, r.closes_on, r.cutoff_on, r.window_from, r.window_to,
		r.operating_from, r.params, r.revision
		FROM applications a JOIN carriers c ON c.id = a.carrier_id JOIN rounds r ON r.id = a.round_id
		WHERE a.id = $1 AND a.org_id = $2`,
		id,
		orgID,
	)
	app, err := scanApplication(
		scanAround{row: row, tail: []any{&r.ID, &r.TypeCode, &r.Year, &r.OpensOn,
			&r.ClosesOn, &r.CutoffOn, &r.WindowFrom, &r.WindowTo, &r.OperatingFrom, &params, &r.Revision}},
	)
	r.Name = app.RoundName
	if err != nil {
		return app, r, err
	}
	return app, r, unmarshalParams(params, &r)
}

// ApplicationsOfOrg lists an organisation's applications, the most recently
// created first, with the carrier's and round's names and who saved last.
func (s *Store) ApplicationsOfOrg(ctx context.Context, orgID int64) ([]domain.Application, error) {
	rows, err := s.r.QueryContext(ctx, applicationSelect+`WHERE a.org_id = $1
		ORDER BY a.created_at DESC, a.id DESC`, orgID)
	return listOf(rows, err, scanApplication)
}

// openToChanges are the statuses whose application may still change
// (domain.AppStatus.Editable), for the touches' conditions.
var openToChanges = [2]domain.AppStatus{domain.AppDraft, domain.AppReturned}

// TouchApplication records that userID has just changed the application's
// data: versions generated before are out of date from now on. The
// application must still be open to changes (a draft, or returned): one
// submitted since the caller checked is ErrStale, one that does not exist
// NotFound. In a lane's batch the touch waits for the batch's end
// (lanes.go).
func (tx *Tx) TouchApplication(ctx context.Context, appID, userID int64) error {
	if tx.inLane {
		tx.touches = append(tx.touches, touch{app: appID, user: userID, at: tx.now})
		return nil
	}
	err := revisionChecked(tx.exec(ctx, `UPDATE applications SET updated_at = $1, updated_by = $2,
		data_rev = data_rev + 1 WHERE id = $3 AND status IN ($4, $5)`,
		ms(tx.now), nullID(userID), appID, openToChanges[0], openToChanges[1]))
	if errors.Is(err, ErrStale) {
		var one int
		if e := tx.queryRow(ctx, `SELECT 1 FROM applications WHERE id = $1`, appID).Scan(&one); errors.Is(e, sql.ErrNoRows) {
			return domain.ErrNotFound
		}
	}
	return err
}

const sectionColumns = `app_id, section, data, revision, updated_by, updated_at`

func scanSection(row scanner) (domain.Section, error) {
	var sec domain.Section
	var data string
	var by, at sql.NullInt64
	if err := row.Scan(&sec.AppID, &sec.Key, &data, &sec.Revision, &by, &at); err != nil {
		return sec, notFound(err)
	}
	sec.UpdatedBy, sec.UpdatedAt = by.Int64, fromMS(at)
	var err error
	sec.Data, err = decodeValues(data)
	return sec, err
}

// Sections returns an application's saved sections by key.
func (s *Store) Sections(ctx context.Context, appID int64) (map[string]domain.Section, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sectionColumns+` FROM app_sections
		WHERE app_id = $1`, appID)
	list, err := listOf(rows, err, scanSection)
	out := make(map[string]domain.Section, len(list))
	for _, sec := range list {
		out[sec.Key] = sec
	}
	return out, err
}

// Section returns one section of an application; a section never saved is
// returned empty at revision 0, not as an error.
func (tx *Tx) Section(ctx context.Context, appID int64, key string) (domain.Section, error) {
	sec, err := scanSection(tx.queryRow(ctx, `SELECT `+sectionColumns+` FROM app_sections
		WHERE app_id = $1 AND section = $2`, appID, key))
	if domain.KindOf(err) == domain.NotFound {
		return domain.Section{AppID: appID, Key: key, Data: domain.Values{}}, nil
	}
	return sec, err
}

// SaveSection writes a section's values and returns its new revision. rev is
// the revision the user started from: 0 inserts the first save, anything
// else updates only that revision. Either way, if someone else saved first
// it is ErrStale and nothing is written.
func (tx *Tx) SaveSection(
	ctx context.Context,
	appID int64,
	key string,
	data domain.Values,
	rev int64,
	userID int64,
) (int64, error) {
	text, err := encodeValues(data)
	if err != nil {
		return 0, err
	}
	if rev == 0 {
		err = tx.insertSection(ctx, appID, key, text, userID)
	} else {
		res, uerr := tx.exec(ctx, `UPDATE app_sections SET data = $1, revision = revision + 1,
			updated_by = $2, updated_at = $3 WHERE app_id = $4 AND section = $5 AND revision = $6`,
			text, nullID(userID), ms(tx.now), appID, key, rev)
		err = affected(res, uerr, ErrStale)
	}
	if err != nil {
		return 0, err
	}
	return rev + 1, nil
}

// insertSection is the first save of a section; a concurrent first save
// that committed before this one makes it ErrStale. ON CONFLICT DO
// NOTHING rather than a caught unique violation: on PostgreSQL a violation
// aborts the transaction, and the caller still needs it to read the
// current values for the conflict message.
func (tx *Tx) insertSection(
	ctx context.Context,
	appID int64,
	key, text string,
	userID int64,
) error {
	res, err := tx.exec(
		ctx,
		`INSERT INTO app_sections (app_id, section, data, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (app_id, section) DO NOTHING`,
		appID,
		key,
		text,
		nullID(userID),
		ms(tx.now),
	)
	return affected(res, err, ErrStale)
}
