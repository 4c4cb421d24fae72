package store

import (
	"context"
	"database/sql"
	"errors"

	"hatch/internal/domain"
)

// Quotas returns a round's 名额 by 受理机构 code; a code without one has
// none set.
func (r reads) Quotas(ctx context.Context, roundID int64) (map[string]int, error) {
	rows, err := r.q.query(ctx, `SELECT acceptor_code, quota FROM round_quotas WHERE round_id = $1
		ORDER BY acceptor_code`, roundID)
	pairs, err := listOf(rows, err, func(row scanner) (struct {
		code string
		n    int
	}, error) {
		var p struct {
			code string
			n    int
		}
		return p, row.Scan(&p.code, &p.n)
	})
	out := make(map[string]int, len(pairs))
	for _, p := range pairs {
		out[p.code] = p.n
	}
	return out, err
}

// SetQuota sets a 受理机构's 名额 in a round, or clears it when q is not Set.
func (tx *Tx) SetQuota(ctx context.Context, roundID int64, code string, q domain.Quota, userID int64) error {
	if !q.Set {
		_, err := tx.exec(ctx, `DELETE FROM round_quotas WHERE round_id = $1 AND acceptor_code = $2`,
			roundID, code)
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO round_quotas (round_id, acceptor_code, quota, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (round_id, acceptor_code) DO UPDATE
		SET quota = excluded.quota, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		roundID, code, q.Limit, nullID(userID), ms(tx.now))
	return err
}

// LockQuota reads a 受理机构's 名额 for a recommendation and holds it until
// the transaction ends: the no-op update takes the row lock on PostgreSQL
// (SQLite's write transaction already excludes every other writer), so a
// second recommendation waits and then counts the first.
func (tx *Tx) LockQuota(ctx context.Context, roundID int64, code string) (domain.Quota, error) {
	if _, err := tx.exec(ctx, `UPDATE round_quotas SET quota = quota WHERE round_id = $1 AND acceptor_code = $2`,
		roundID, code); err != nil {
		return domain.Quota{}, err
	}
	var q domain.Quota
	tx.statements++
	err := tx.tx.QueryRowContext(tx.ctx(ctx), `SELECT quota FROM round_quotas WHERE round_id = $1 AND acceptor_code = $2`,
		roundID, code).Scan(&q.Limit)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Quota{}, nil
	}
	q.Set = err == nil
	return q, err
}

// RecommendLogs returns the review logs of a round's applications sent to
// a 受理机构 that its province has recommended at least once, one log per
// application, oldest step first: what domain.Recommended counts.
func (r reads) RecommendLogs(ctx context.Context, roundID int64, code string) ([][]domain.Step, error) {
	rows, err := r.q.query(ctx, `SELECT `+stepColumns("s.")+` FROM app_steps s
		JOIN applications a ON a.id = s.app_id
		WHERE a.round_id = $1 AND a.acceptor_code = $2 AND EXISTS (SELECT 1 FROM app_steps p
		WHERE p.app_id = a.id AND p.action = $3 AND p.level = $4) ORDER BY s.app_id, s.id`,
		roundID, code, string(domain.ActRecommend), string(domain.LevelProvince))
	steps, err := listOf(rows, err, scanStep)
	var out [][]domain.Step
	for i, st := range steps {
		if i == 0 || steps[i-1].AppID != st.AppID {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], st.Step)
	}
	return out, err
}
