package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// RecommendOrder is a department's 推荐排序 of one round: the applications
// it has placed, first first. Revision is 0 while nobody has saved one.
type RecommendOrder struct {
	Revision  int64
	Apps      []int64
	UpdatedBy string // the name of who saved it last
	UpdatedAt time.Time
}

// RecommendOrder reads department deptID's order of round roundID.
func (s *Store) RecommendOrder(ctx context.Context, deptID, roundID int64) (RecommendOrder, error) {
	var o RecommendOrder
	var at sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT o.revision, COALESCE(NULLIF(u.name, ''), u.login, ''), o.updated_at
		FROM recommend_orders o LEFT JOIN users u ON u.id = o.updated_by
		WHERE o.dept_id = $1 AND o.round_id = $2`, deptID, roundID).Scan(&o.Revision, &o.UpdatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return o, nil
	}
	if err != nil {
		return o, err
	}
	o.UpdatedAt = fromMS(at)
	rows, err := s.r.QueryContext(ctx, `SELECT app_id FROM recommend_ranks
		WHERE dept_id = $1 AND round_id = $2 ORDER BY seq, app_id`, deptID, roundID)
	o.Apps, err = listOf(rows, err, func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	return o, err
}

// SaveRecommendOrder replaces department deptID's order of round roundID
// with apps, first first, and returns the new revision. revision is the
// one the reviewer ordered from (0 for none yet); another save since is
// ErrStale, so that two reviewers ordering at once never overwrite each
// other unseen.
func (tx *Tx) SaveRecommendOrder(
	ctx context.Context,
	deptID, roundID, revision int64,
	apps []int64,
	by int64,
) (int64, error) {
	if err := tx.bumpRecommendOrder(ctx, deptID, roundID, revision, by); err != nil {
		return 0, err
	}
	if _, err := tx.exec(ctx, `DELETE FROM recommend_ranks WHERE dept_id = $1 AND round_id = $2`,
		deptID, roundID); err != nil {
		return 0, err
	}
	for i, id := range apps {
		if _, err := tx.exec(ctx, `INSERT INTO recommend_ranks (dept_id, round_id, app_id, seq)
			VALUES ($1, $2, $3, $4)`, deptID, roundID, id, i+1); err != nil {
			return 0, err
		}
	}
	return revision + 1, nil
}

// bumpRecommendOrder moves the order's revision from revision to the next,
// creating the order at 1.
func (tx *Tx) bumpRecommendOrder(ctx context.Context, deptID, roundID, revision, by int64) error {
	var res sql.Result
	var err error
	if revision == 0 {
		res, err = tx.exec(ctx, `INSERT INTO recommend_orders (dept_id, round_id, revision, updated_by, updated_at)
			VALUES ($1, $2, 1, $3, $4) ON CONFLICT (dept_id, round_id) DO NOTHING`,
			deptID, roundID, nullID(by), ms(tx.now))
	} else {
		res, err = tx.exec(ctx, `UPDATE recommend_orders SET revision = revision + 1, updated_by = $1, updated_at = $2
			WHERE dept_id = $3 AND round_id = $4 AND revision = $5`,
			nullID(by), ms(tx.now), deptID, roundID, revision)
	}
	return affected(res, err, ErrStale)
}
