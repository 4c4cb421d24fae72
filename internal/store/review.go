package store

import (
	"context"
	"database/sql"
	"strings"

	"hatch/internal/domain"
)

// ReviewApplication returns any organisation's application for a reviewer;
// the caller decides whether the reviewer's department may see it.
func (s *Store) ReviewApplication(ctx context.Context, id int64) (domain.Application, error) {
	return scanApplication(s.r.QueryRowContext(ctx, applicationSelect+`WHERE a.id = $1`, id))
}

// Submit records a submission and moves the application from one status
// to the next. If the status is no longer from, or the data changed since
// dataRev (the bound version's), nothing is written: ErrStale. The
// reference number, once given, stays.
func (tx *Tx) Submit(
	ctx context.Context,
	appID int64,
	from, to domain.AppStatus,
	dataRev int64,
	sub domain.Submission,
) error {
	res, err := tx.exec(
		ctx,
		`UPDATE applications SET status = $1, acceptor_code = $2, region_code = $3,
		city_level = $4, ref_no = CASE WHEN ref_no = '' THEN $5 ELSE ref_no END, host_type = $6,
		submitted_at = $7, submitted_version = $8 WHERE id = $9 AND status = $10 AND data_rev = $11`,
		string(
			to,
		),
		sub.AcceptorCode,
		sub.RegionCode,
		sub.CityLevel,
		sub.RefNo,
		sub.HostType,
		ms(sub.At),
		sub.VersionID,
		appID,
		string(from),
		dataRev,
	)
	return affected(res, err, ErrStale)
}

// SetStatus moves an application from one status to another; if it is no
// longer from, it is ErrStale.
func (tx *Tx) SetStatus(ctx context.Context, appID int64, from, to domain.AppStatus) error {
	res, err := tx.exec(ctx, `UPDATE applications SET status = $1 WHERE id = $2 AND status = $3`,
		string(to), appID, string(from))
	return affected(res, err, ErrStale)
}

// AddStep appends to an application's review log.
func (tx *Tx) AddStep(ctx context.Context, st domain.ReviewStep) (int64, error) {
	return tx.insertID(
		ctx,
		`INSERT INTO app_steps (app_id, action, from_status, to_status, role, level,
		user_id, user_name, dept_id, dept_name, comment, version_id, version_code, matched, score,
		public_from, public_to, created_at, paper_received_on, paper_copies, paper_required, paper_receiver,
		withdraws_step_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
		$19, $20, $21, $22, $23)`,
		st.AppID,
		string(st.Action),
		string(st.From),
		string(st.To),
		string(st.Role),
		string(st.Level),
		nullID(
			st.UserID,
		),
		st.UserName,
		nullID(st.DeptID),
		st.DeptName,
		st.Comment,
		nullID(st.VersionID),
		st.Version,
		st.Matched,
		st.Score,
		st.PublicFrom,
		st.PublicTo,
		ms(tx.now),
		st.Receipt.ReceivedOn,
		st.Receipt.Copies,
		st.Receipt.Required,
		st.Receipt.Receiver,
		nullID(st.Withdraws),
	)
}

// stepColumns is the review log's columns, qualified by the table alias t
// ("s." or "" for none), in scanStep's order.
func stepColumns(t string) string {
	return strings.NewReplacer("@", t).Replace(`@id, @app_id, @action, @from_status, @to_status, @role, @level,
	COALESCE(@user_id, 0), @user_name, COALESCE(@dept_id, 0), @dept_name, @comment, COALESCE(@version_id, 0),
	@version_code, @matched, @score, @public_from, @public_to, @created_at, @paper_received_on, @paper_copies,
	@paper_required, @paper_receiver, COALESCE(@withdraws_step_id, 0)`)
}

var stepSelect = `SELECT ` + stepColumns("") + ` FROM app_steps `

func scanStep(row scanner) (domain.ReviewStep, error) {
	var st domain.ReviewStep
	var action, from, to, role, level string
	var at sql.NullInt64
	err := row.Scan(&st.ID, &st.AppID, &action, &from, &to, &role, &level, &st.UserID, &st.UserName,
		&st.DeptID, &st.DeptName, &st.Comment, &st.VersionID, &st.Version, &st.Matched, &st.Score,
		&st.PublicFrom, &st.PublicTo, &at, &st.Receipt.ReceivedOn, &st.Receipt.Copies, &st.Receipt.Required,
		&st.Receipt.Receiver, &st.Withdraws)
	st.Action, st.From, st.To = domain.Action(action), domain.AppStatus(from), domain.AppStatus(to)
	st.Role, st.Level, st.At = domain.Role(role), domain.Level(level), fromMS(at)
	return st, err
}

// Steps returns an application's review log, oldest first.
func (r reads) Steps(ctx context.Context, appID int64) ([]domain.ReviewStep, error) {
	rows, err := r.q.query(ctx, stepSelect+`WHERE app_id = $1 ORDER BY id`, appID)
	return listOf(rows, err, scanStep)
}

// AddRemark stores a remark as a draft of its department.
func (tx *Tx) AddRemark(ctx context.Context, r domain.Remark) (int64, error) {
	return tx.insertID(
		ctx,
		`INSERT INTO app_remarks (app_id, dept_id, section, table_key, row_id, field,
		target, text, user_id, user_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		r.AppID,
		nullID(r.DeptID),
		r.Section,
		r.Table,
		r.RowID,
		r.Field,
		r.Target,
		r.Text,
		nullID(r.UserID),
		r.UserName,
		ms(tx.now),
	)
}

// DeleteDraftRemark removes a department's draft remark; a sent one, or
// another department's, is NotFound.
func (tx *Tx) DeleteDraftRemark(ctx context.Context, appID, deptID, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM app_remarks WHERE id = $1 AND app_id = $2 AND dept_id = $3
		AND step_id IS NULL`, id, appID, deptID)
	return affected(res, err, domain.ErrNotFound)
}

// SendRemarks attaches a department's draft remarks to the step that
// sends them, and returns how many.
func (tx *Tx) SendRemarks(ctx context.Context, appID, deptID, stepID int64) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE app_remarks SET step_id = $1 WHERE app_id = $2 AND dept_id = $3
		AND step_id IS NULL`, stepID, appID, deptID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DraftRemarkIDs returns the ids of a department's draft remarks on an
// application, in order: what a decision would send.
func (r reads) DraftRemarkIDs(ctx context.Context, appID, deptID int64) ([]int64, error) {
	rows, err := r.q.query(ctx, `SELECT id FROM app_remarks WHERE app_id = $1 AND dept_id = $2
		AND step_id IS NULL ORDER BY id`, appID, deptID)
	return listOf(rows, err, func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
}

// UnsendRemarks makes the remarks a step sent drafts of their department
// again (the step was withdrawn), and returns how many.
func (tx *Tx) UnsendRemarks(ctx context.Context, appID, stepID int64) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE app_remarks SET step_id = NULL WHERE app_id = $1 AND step_id = $2`,
		appID, stepID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

const remarkSelect = `SELECT id, app_id, COALESCE(step_id, 0), COALESCE(dept_id, 0), section, table_key,
	row_id, field, target, text, COALESCE(user_id, 0), user_name, created_at,
	COALESCE((SELECT d.name FROM departments d WHERE d.id = app_remarks.dept_id), '') FROM app_remarks `

func scanRemark(row scanner) (domain.Remark, error) {
	var r domain.Remark
	var at sql.NullInt64
	err := row.Scan(&r.ID, &r.AppID, &r.StepID, &r.DeptID, &r.Section, &r.Table, &r.RowID, &r.Field,
		&r.Target, &r.Text, &r.UserID, &r.UserName, &at, &r.DeptName)
	r.At = fromMS(at)
	return r, err
}

// Remarks returns an application's sent remarks and, for deptID > 0, that
// department's drafts, oldest first.
func (s *Store) Remarks(ctx context.Context, appID, deptID int64) ([]domain.Remark, error) {
	rows, err := s.r.QueryContext(ctx, remarkSelect+`WHERE app_id = $1
		AND (step_id IS NOT NULL OR (dept_id = $2 AND $2 > 0)) ORDER BY id`, appID, deptID)
	return listOf(rows, err, scanRemark)
}

// Notify leaves the same message for several users.
func (tx *Tx) Notify(ctx context.Context, userIDs []int64, appID int64, text, link string) error {
	for _, id := range userIDs {
		if _, err := tx.exec(ctx, `INSERT INTO notifications (user_id, app_id, text, link, created_at)
			VALUES ($1, $2, $3, $4, $5)`, id, nullID(appID), text, link, ms(tx.now)); err != nil {
			return err
		}
	}
	return nil
}

// Notifications returns a user's newest messages.
func (s *Store) Notifications(
	ctx context.Context,
	userID int64,
	limit int,
) ([]domain.Notification, error) {
	rows, err := s.r.QueryContext(
		ctx,
		`SELECT id, user_id, COALESCE(app_id, 0), text, link, created_at,
		read_at IS NOT NULL FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2`,
		userID,
		limit,
	)
	return listOf(rows, err, func(r scanner) (domain.Notification, error) {
		var n domain.Notification
		var at sql.NullInt64
		err := r.Scan(&n.ID, &n.UserID, &n.AppID, &n.Text, &n.Link, &at, &n.Read)
		n.At = fromMS(at)
		return n, err
	})
}

// UnreadNotifications counts a user's unread messages.
func (s *Store) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1
		AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkNotificationsRead marks all of a user's messages read.
func (tx *Tx) MarkNotificationsRead(ctx context.Context, userID int64) error {
	_, err := tx.exec(
		ctx,
		`UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`,
		ms(tx.now),
		userID,
	)
	return err
}

// ReviewersFor lists the active reviewer accounts of the departments that
// see an application at a level: a 市/区科技局 whose region holds the
// application's, the province of its 受理机构, or 火炬中心.
func (s *Store) ReviewersFor(
	ctx context.Context,
	level domain.Level,
	app domain.Application,
) ([]int64, error) {
	q := `SELECT u.id FROM users u JOIN departments d ON d.id = u.dept_id
		WHERE u.role = 'reviewer' AND u.disabled = FALSE AND d.level = $1`
	args := []any{string(level)}
	switch level {
	case domain.LevelCity:
		q += ` AND d.region_code <> '' AND $2 LIKE ` + regionPrefixSQL("d.region_code")
		args = append(args, app.RegionCode)
	case domain.LevelProvince:
		q += ` AND d.region_code = $2`
		args = append(args, app.AcceptorCode)
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY u.id`, args...)
	return listOf(rows, err, func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
}

// regionPrefixSQL is region.Prefix in SQL, for a LIKE pattern of the
// regions a region code holds: a province (xx0000) holds xx%, a city
// (xxyy00) xxyy%, a district itself.
func regionPrefixSQL(col string) string {
	return `(CASE WHEN ` + col + ` LIKE '%0000' THEN SUBSTR(` + col + `, 1, 2) || '%'
		WHEN ` + col + ` LIKE '%00' THEN SUBSTR(` + col + `, 1, 4) || '%' ELSE ` + col + ` END)`
}
