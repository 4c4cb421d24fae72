package store

import (
	"context"
	"time"
)

// The counts behind the per-account limits (service/limits.go). Each is
// one statement, atomic on both engines, so that instances sharing the
// database share the limits.

// CountUse counts one use of action by user and returns the uses counted
// in the current window and when it began. A window begins with the first
// use after the previous one ended and lasts window.
func (s *Store) CountUse(
	ctx context.Context,
	userID int64,
	action string,
	window time.Duration,
) (int, time.Time, error) {
	now := s.now()
	var n int
	var start int64
	err := s.w.QueryRowContext(ctx, `INSERT INTO account_uses (user_id, action, window_start, n)
		VALUES ($1, $2, $3, 1)
		ON CONFLICT (user_id, action) DO UPDATE SET
			n = CASE WHEN account_uses.window_start > $4 THEN account_uses.n + 1 ELSE 1 END,
			window_start = CASE WHEN account_uses.window_start > $4
				THEN account_uses.window_start ELSE excluded.window_start END
		RETURNING n, window_start`,
		userID, action, ms(now), ms(now.Add(-window))).Scan(&n, &start)
	return n, time.UnixMilli(start), err
}

// TakeLease marks user busy with action until the given time, unless a
// lease of theirs on it is still running: then taken is false and nothing
// changes.
func (s *Store) TakeLease(ctx context.Context, userID int64, action string, until time.Time) (bool, error) {
	res, err := s.w.ExecContext(ctx, `INSERT INTO account_leases (user_id, action, until_at)
		VALUES ($1, $2, $3)
		ON CONFLICT (user_id, action) DO UPDATE SET until_at = excluded.until_at
		WHERE account_leases.until_at <= $4`,
		userID, action, ms(until), ms(s.now()))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DropLease ends a lease taken until the given time; a lease taken by
// someone else after it ran out stays.
func (s *Store) DropLease(ctx context.Context, userID int64, action string, until time.Time) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM account_leases
		WHERE user_id = $1 AND action = $2 AND until_at = $3`, userID, action, ms(until))
	return err
}

// LiveLeases counts user's leases running now whose action starts with
// prefix.
func (s *Store) LiveLeases(ctx context.Context, userID int64, prefix string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM account_leases
		WHERE user_id = $1 AND action LIKE $2 ESCAPE '\' AND until_at > $3`,
		userID, likePrefix(prefix), ms(s.now())).Scan(&n)
	return n, err
}

// likePrefix escapes prefix for LIKE … ESCAPE '\' and matches what starts
// with it.
func likePrefix(prefix string) string {
	p := likePattern(prefix)
	return p[1:]
}

// JobRef is a job not yet finished, as a limit sees it.
type JobRef struct {
	ID    int64
	AppID int64
	// Ready is a job waiting for the next free worker; otherwise a
	// worker has it, or it waits to be tried again later.
	Ready bool
}

// UnfinishedJobs lists user's jobs of kind that are waiting or running,
// oldest first. The job's arguments carry the user (user_id) and the
// application (app_id); river's state index keeps the read to the jobs
// not yet finished.
func (s *Store) UnfinishedJobs(ctx context.Context, kind string, userID int64) ([]JobRef, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, CAST(args->>'app_id' AS BIGINT), state FROM river_job
		WHERE state IN ('available', 'pending', 'retryable', 'running', 'scheduled')
		AND kind = $1 AND CAST(args->>'user_id' AS BIGINT) = $2 ORDER BY id`, kind, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []JobRef
	for rows.Next() {
		var j JobRef
		var state string
		if err := rows.Scan(&j.ID, &j.AppID, &state); err != nil {
			return nil, err
		}
		j.Ready = state == "available"
		out = append(out, j)
	}
	return out, rows.Err()
}
