package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"hatch/internal/domain"
)

// Experts (专家库) and their assignments with the scoring sheets. Every read
// is keyed by the pool's department, the application or the expert: the
// service decides who may ask.

const expertSelect = `SELECT u.id, u.login, u.name, u.role, u.org_id, u.dept_id, u.mobile, u.email,
	u.disabled, u.must_change_password, u.revision, u.created_at, u.updated_at,
	e.dept_id, e.employer, e.speciality, e.region_code, e.region_name
	FROM experts e JOIN users u ON u.id = e.user_id `

func scanExpert(row scanner) (domain.Expert, error) {
	var e domain.Expert
	var org, dept, created, updated sql.NullInt64
	var role string
	err := row.Scan(&e.ID, &e.Login, &e.Name, &role, &org, &dept, &e.Mobile, &e.Email,
		&e.Disabled, &e.MustChangePassword, &e.Revision, &created, &updated,
		&e.PoolID, &e.Employer, &e.Speciality, &e.RegionCode, &e.RegionName)
	e.Role, e.OrgID, e.DeptID = domain.Role(role), org.Int64, dept.Int64
	e.CreatedAt, e.UpdatedAt = fromMS(created), fromMS(updated)
	return e, notFound(err)
}

// AddExpert records the pool and profile of an expert account created
// with CreateUser.
func (tx *Tx) AddExpert(ctx context.Context, e domain.Expert) error {
	_, err := tx.exec(ctx, `INSERT INTO experts (user_id, dept_id, employer, speciality,
		region_code, region_name) VALUES ($1, $2, $3, $4, $5, $6)`,
		e.ID, e.PoolID, e.Employer, e.Speciality, e.RegionCode, e.RegionName)
	return err
}

// Expert returns one expert by account id.
func (r reads) Expert(ctx context.Context, id int64) (domain.Expert, error) {
	return scanExpert(r.q.queryRow(ctx, expertSelect+`WHERE e.user_id = $1`, id))
}

// ExpertsOfPool lists a department's experts by name.
func (s *Store) ExpertsOfPool(ctx context.Context, deptID int64) ([]domain.Expert, error) {
	rows, err := s.r.QueryContext(ctx, expertSelect+`WHERE e.dept_id = $1 ORDER BY u.name, u.id`, deptID)
	return listOf(rows, err, scanExpert)
}

const assignmentSelect = `SELECT x.id, x.app_id, x.round_at, x.level, x.dept_id, x.expert_id,
	x.assigned_by, x.recused, x.recuse_reason, x.scores, x.comment, x.criteria, x.total,
	x.submitted_at, x.remark_id, x.revision, x.created_at, x.updated_at, u.name, e.employer
	FROM expert_assignments x JOIN users u ON u.id = x.expert_id
	JOIN experts e ON e.user_id = x.expert_id `

func scanAssignment(row scanner) (domain.Assignment, error) {
	var a domain.Assignment
	var round, by, submitted, remark, created, updated sql.NullInt64
	var level, scores, criteria string
	err := row.Scan(&a.ID, &a.AppID, &round, &level, &a.DeptID, &a.ExpertID, &by, &a.Recused,
		&a.RecuseReason, &scores, &a.Comment, &criteria, &a.Total, &submitted, &remark, &a.Revision,
		&created, &updated, &a.ExpertName, &a.Employer)
	if err != nil {
		return a, notFound(err)
	}
	a.Level, a.AssignedBy, a.RemarkID = domain.Level(level), by.Int64, remark.Int64
	a.RoundAt, a.SubmittedAt = fromMS(round), fromMS(submitted)
	a.CreatedAt, a.UpdatedAt = fromMS(created), fromMS(updated)
	if err := json.Unmarshal([]byte(scores), &a.Scores); err != nil {
		return a, domain.Wrap(err, "read scores")
	}
	if criteria != "" {
		if err := json.Unmarshal([]byte(criteria), &a.Criteria); err != nil {
			return a, domain.Wrap(err, "read criteria")
		}
	}
	return a, nil
}

// AddAssignment puts an expert on an application; the same expert twice
// on one application, level and submission is ErrDuplicate.
func (tx *Tx) AddAssignment(ctx context.Context, a domain.Assignment) (int64, error) {
	id, err := tx.insertID(ctx, `INSERT INTO expert_assignments (app_id, round_at, level, dept_id,
		expert_id, assigned_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
		a.AppID, ms(a.RoundAt), string(a.Level), a.DeptID, a.ExpertID, nullID(a.AssignedBy), ms(tx.now))
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	return id, err
}

// Assignment returns one assignment by id.
func (r reads) Assignment(ctx context.Context, id int64) (domain.Assignment, error) {
	return scanAssignment(r.q.queryRow(ctx, assignmentSelect+`WHERE x.id = $1`, id))
}

// AssignmentsOfApp lists an application's assignments at one level for the
// submission made at roundAt, in the order they were made.
func (r reads) AssignmentsOfApp(
	ctx context.Context,
	appID int64,
	roundAt time.Time,
	level domain.Level,
) ([]domain.Assignment, error) {
	rows, err := r.q.query(ctx, assignmentSelect+`WHERE x.app_id = $1 AND x.round_at = $2
		AND x.level = $3 ORDER BY x.id`, appID, ms(roundAt), string(level))
	return listOf(rows, err, scanAssignment)
}

// AssignmentsOfApps lists a department's assignments on several
// applications, of each one's current submission only, in one query for
// the 工作台.
func (s *Store) AssignmentsOfApps(ctx context.Context, deptID int64, appIDs []int64) ([]domain.Assignment, error) {
	if len(appIDs) == 0 {
		return nil, nil
	}
	args := []any{deptID}
	marks := make([]string, len(appIDs))
	for i, id := range appIDs {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	rows, err := s.r.QueryContext(ctx, assignmentSelect+`JOIN applications a ON a.id = x.app_id
		AND a.submitted_at = x.round_at WHERE x.dept_id = $1 AND x.app_id IN (`+
		strings.Join(marks, ", ")+`) ORDER BY x.app_id, x.id`, args...)
	return listOf(rows, err, scanAssignment)
}

// AssignmentsOfExpert lists an expert's assignments, newest first.
func (s *Store) AssignmentsOfExpert(ctx context.Context, expertID int64) ([]domain.Assignment, error) {
	rows, err := s.r.QueryContext(ctx, assignmentSelect+`WHERE x.expert_id = $1 ORDER BY x.id DESC`,
		expertID)
	return listOf(rows, err, scanAssignment)
}

// ExpertLoads counts each pool expert's assignments that count (not
// 回避), for an even random draw.
func (r reads) ExpertLoads(ctx context.Context, deptID int64) (map[int64]int, error) {
	rows, err := r.q.query(ctx, `SELECT expert_id, COUNT(*) FROM expert_assignments
		WHERE dept_id = $1 AND recused = FALSE GROUP BY expert_id`, deptID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// DeleteAssignment removes an assignment whose sheet is not submitted;
// a submitted one (or one gone) is ErrStale.
func (tx *Tx) DeleteAssignment(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM expert_assignments WHERE id = $1 AND submitted_at IS NULL`, id)
	return affected(res, err, ErrStale)
}

// Recuse records an expert's 回避 on an assignment at revision rev, before
// the sheet is submitted; otherwise ErrStale.
func (tx *Tx) Recuse(ctx context.Context, id, rev int64, reason string) error {
	return revisionChecked(tx.exec(ctx, `UPDATE expert_assignments SET recused = TRUE,
		recuse_reason = $1, revision = revision + 1, updated_at = $2
		WHERE id = $3 AND revision = $4 AND submitted_at IS NULL AND recused = FALSE`,
		reason, ms(tx.now), id, rev))
}

// SheetWrite is an expert's save of a scoring sheet.
type SheetWrite struct {
	Scores   map[string]string
	Comment  string
	Total    float64
	Criteria domain.ScoreSheet // set on submission: the sheet as scored
	Submit   bool
}

// SaveSheet writes a sheet at revision rev while it is neither submitted
// nor 回避; otherwise ErrStale.
func (tx *Tx) SaveSheet(ctx context.Context, id, rev int64, w SheetWrite) error {
	scores, err := json.Marshal(w.Scores)
	if err != nil {
		return domain.Wrap(err, "write scores")
	}
	criteria := ""
	var submitted any
	if w.Submit {
		b, err := json.Marshal(w.Criteria)
		if err != nil {
			return domain.Wrap(err, "write criteria")
		}
		criteria, submitted = string(b), ms(tx.now)
	}
	return revisionChecked(tx.exec(ctx, `UPDATE expert_assignments SET scores = $1, comment = $2,
		total = $3, criteria = $4, submitted_at = $5, revision = revision + 1, updated_at = $6
		WHERE id = $7 AND revision = $8 AND submitted_at IS NULL AND recused = FALSE`,
		string(scores), w.Comment, w.Total, criteria, submitted, ms(tx.now), id, rev))
}

// SetAssignmentRemark links a sheet's comment to the remark made of it;
// a sheet already turned into one is ErrStale.
func (tx *Tx) SetAssignmentRemark(ctx context.Context, id, remarkID int64) error {
	res, err := tx.exec(ctx, `UPDATE expert_assignments SET remark_id = $1
		WHERE id = $2 AND remark_id IS NULL`, remarkID, id)
	return affected(res, err, ErrStale)
}

// RoundScoreSheet returns a round's scoring sheet as stored ("" for the
// default) and whether any sheet of the round has been submitted, which
// freezes it.
func (r reads) RoundScoreSheet(ctx context.Context, roundID int64) (string, bool, error) {
	var sheet string
	var used bool
	err := r.q.queryRow(ctx, `SELECT r.score_sheet, EXISTS (SELECT 1 FROM expert_assignments x
		JOIN applications a ON a.id = x.app_id WHERE a.round_id = r.id AND x.submitted_at IS NOT NULL)
		FROM rounds r WHERE r.id = $1`, roundID).Scan(&sheet, &used)
	return sheet, used, notFound(err)
}

// SetRoundScoreSheet stores a round's scoring sheet as JSON.
func (tx *Tx) SetRoundScoreSheet(ctx context.Context, roundID int64, sheet string) error {
	return expectOne(tx.exec(ctx, `UPDATE rounds SET score_sheet = $1, updated_at = $2
		WHERE id = $3`, sheet, ms(tx.now), roundID))
}

// DepartmentReviewers lists the enabled reviewers of a department, to be
// told of what its experts do.
func (s *Store) DepartmentReviewers(ctx context.Context, deptID int64) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM users WHERE dept_id = $1
		AND role = 'reviewer' AND disabled = FALSE ORDER BY id`, deptID)
	return listOf(rows, err, func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
}
