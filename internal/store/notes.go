package store

import (
	"context"
	"database/sql"

	"hatch/internal/domain"
)

// AddNote stores a department's internal note on an application.
func (tx *Tx) AddNote(ctx context.Context, n domain.Note) (int64, error) {
	return tx.insertID(ctx, `INSERT INTO app_notes (app_id, dept_id, section, text, user_id, user_name,
		created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		n.AppID, n.DeptID, n.Section, n.Text, nullID(n.UserID), n.UserName, ms(tx.now))
}

// Notes returns one department's internal notes on an application, oldest
// first. There is no query without the department: no page may list
// another's.
func (r reads) Notes(ctx context.Context, appID, deptID int64) ([]domain.Note, error) {
	rows, err := r.q.query(ctx, `SELECT id, app_id, dept_id, section, text, COALESCE(user_id, 0),
		user_name, created_at FROM app_notes WHERE app_id = $1 AND dept_id = $2 ORDER BY id`, appID, deptID)
	return listOf(rows, err, func(row scanner) (domain.Note, error) {
		var n domain.Note
		var at sql.NullInt64
		err := row.Scan(&n.ID, &n.AppID, &n.DeptID, &n.Section, &n.Text, &n.UserID, &n.UserName, &at)
		n.At = fromMS(at)
		return n, err
	})
}
