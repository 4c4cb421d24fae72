package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"hatch/internal/domain"
)

// A PostgreSQL lane runs its batch of saves in one transaction without a
// savepoint around each: on PostgreSQL a savepoint and its release are a
// round trip each, twice the statements of the save itself. Instead:
//
//   - a function that fails before sending any statement has left no trace,
//     so the batch goes on without it;
//   - a function that fails after sending one may have written, or left the
//     transaction aborted, so the whole batch is rolled back and each of its
//     functions runs again in a transaction of its own, as if never batched
//     (InSaveTx tells callers that fn may run more than once);
//   - the functions' TouchApplication calls are gathered and sent at the end
//     in one UPDATE, so a batch of saves writes each application's row once
//     instead of once per save.
//
// Nothing is acknowledged before the COMMIT that holds it.

// touch is one TouchApplication kept for the end of a lane's batch.
type touch struct {
	app, user int64
	at        time.Time
}

// runEachAlone runs every function of a batch that was rolled back again,
// each in a transaction of its own, and returns how many of them had run
// in the batch.
func (s *Store) runEachAlone(batch []*txReq) (again int64) {
	for _, r := range batch {
		if r.ran {
			again++
		}
		r.err, r.pnc = nil, nil
		r.err = s.runAlone(r)
	}
	return again
}

// tryLaneBatch runs batch in one transaction and reports false if it was
// rolled back so that its functions must run again.
func (s *Store) tryLaneBatch(batch []*txReq) bool {
	sqlTx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		failAll(batch, domain.Wrap(err, "begin transaction"))
		return true
	}
	defer sqlTx.Rollback()
	var ok []*txReq
	var touches []touch
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = domain.Wrap(err, "begin transaction")
			continue
		}
		tx := s.newTx(sqlTx, &Tx{detached: true, inLane: true})
		r.ran = true
		r.err = callFn(r, tx)
		if r.err == nil {
			ok = append(ok, r)
			touches = append(touches, tx.touches...)
		} else if tx.statements > 0 {
			return false
		}
	}
	tx := s.newTx(sqlTx, &Tx{detached: true})
	if err := tx.applyTouches(context.Background(), touches); err != nil {
		return false
	}
	err = sqlTx.Commit()
	if errors.Is(err, pgx.ErrTxCommitRollback) {
		return false // nothing was stored
	}
	if err != nil {
		failAll(ok, domain.Wrap(err, "commit"))
	}
	return true
}

// applyTouches sends the touches of a batch in one UPDATE: for each
// application the count of its saves, and the latest saver and time. The
// rows are locked in the order of their ids, so two lanes touching the
// same applications never wait for each other in a circle. An application
// missing or no longer open to changes fails the batch, whose saves then
// run alone and learn which (TouchApplication).
func (tx *Tx) applyTouches(ctx context.Context, touches []touch) error {
	slices.SortStableFunc(touches, func(a, b touch) int { return cmp.Compare(a.app, b.app) })
	var ids, counts, ats, users []int64
	for i, t := range touches {
		if i == 0 || t.app != ids[len(ids)-1] {
			ids, counts, ats, users = append(ids, t.app), append(counts, 0), append(ats, 0), append(users, 0)
		}
		last := len(ids) - 1
		counts[last]++
		if at := ms(t.at); at >= ats[last] {
			ats[last], users[last] = at, t.user
		}
	}
	if len(ids) == 0 {
		return nil
	}
	res, err := tx.exec(ctx, `UPDATE applications a SET data_rev = a.data_rev + v.n,
		updated_at = v.at, updated_by = NULLIF(v.by, 0)
		FROM (SELECT id FROM applications WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE) l,
			unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[]) AS v(id, n, at, by)
		WHERE a.id = l.id AND v.id = l.id AND a.status IN ($5, $6)`,
		ids, counts, ats, users, openToChanges[0], openToChanges[1])
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(ids)) {
		return errors.Join(err, fmt.Errorf("touched %d of %d applications", n, len(ids)))
	}
	return nil
}
