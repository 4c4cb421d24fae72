package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SaveCaptcha stores the digits of a new captcha.
func (s *Store) SaveCaptcha(ctx context.Context, id, digits string, expires time.Time) error {
	_, err := s.w.ExecContext(
		ctx,
		`INSERT INTO captchas (id, digits, expires_at) VALUES ($1, $2, $3)`,
		id,
		digits,
		ms(expires),
	)
	return err
}

// CaptchaDigits returns a live captcha's digits without using it up, so the
// image and the audio can both be served.
func (s *Store) CaptchaDigits(ctx context.Context, id string) (string, error) {
	var d string
	err := s.r.QueryRowContext(ctx, `SELECT digits FROM captchas WHERE id = $1 AND expires_at >= $2`,
		id, ms(s.now())).
		Scan(&d)
	return d, notFound(err)
}

// TakeCaptcha deletes a captcha and returns its digits: each one can be
// tried once, so guessing means fetching a new image every time.
func (tx *Tx) TakeCaptcha(ctx context.Context, id string) (string, error) {
	var d string
	err := tx.queryRow(ctx, `DELETE FROM captchas WHERE id = $1 AND expires_at >= $2 RETURNING digits`,
		id, ms(tx.now)).
		Scan(&d)
	return d, notFound(err)
}

// Throttle is the failure count of one key in its current window.
type Throttle struct {
	Failures    int
	WindowStart time.Time
	LockedUntil time.Time
}

// Throttle returns the state of key; an unknown key has no failures.
func (tx *Tx) Throttle(ctx context.Context, key string) (Throttle, error) {
	var t Throttle
	var start, locked sql.NullInt64
	err := tx.queryRow(ctx, `SELECT failures, window_start, locked_until FROM throttle WHERE key = $1`, key).
		Scan(&t.Failures, &start, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return Throttle{}, nil
	}
	t.WindowStart, t.LockedUntil = fromMS(start), fromMS(locked)
	return t, err
}

// SetThrottle writes the state of key.
func (tx *Tx) SetThrottle(ctx context.Context, key string, t Throttle) error {
	_, err := tx.exec(ctx, `INSERT INTO throttle (key, failures, window_start, locked_until)
		VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
		window_start = excluded.window_start, locked_until = excluded.locked_until`,
		key, t.Failures, ms(t.WindowStart), ms(t.LockedUntil))
	return err
}

// ClearThrottle forgets the failures of key after a successful login.
func (tx *Tx) ClearThrottle(ctx context.Context, key string) error {
	_, err := tx.exec(ctx, `DELETE FROM throttle WHERE key = $1`, key)
	return err
}

// ResetCode is a password-reset code sent to a user; only its hash is kept.
type ResetCode struct {
	ID        int64
	UserID    int64
	CodeHash  string
	Attempts  int
	ExpiresAt time.Time
}

// CreateResetCode stores a new code and invalidates the user's older ones.
func (tx *Tx) CreateResetCode(
	ctx context.Context,
	userID int64,
	hash, channel string,
	expires time.Time,
) error {
	if _, err := tx.exec(ctx, `UPDATE reset_codes SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`,
		ms(tx.now), userID); err != nil {
		return err
	}
	_, err := tx.exec(
		ctx,
		`INSERT INTO reset_codes (user_id, code_hash, channel, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5)`,
		userID,
		hash,
		channel,
		ms(expires),
		ms(tx.now),
	)
	return err
}

// LiveResetCode returns the user's newest unused, unexpired code.
func (tx *Tx) LiveResetCode(ctx context.Context, userID int64) (ResetCode, error) {
	var c ResetCode
	var exp sql.NullInt64
	err := tx.queryRow(ctx, `SELECT id, user_id, code_hash, attempts, expires_at FROM reset_codes
		WHERE user_id = $1 AND used_at IS NULL AND expires_at >= $2 ORDER BY id DESC LIMIT 1`,
		userID, ms(tx.now)).Scan(&c.ID, &c.UserID, &c.CodeHash, &c.Attempts, &exp)
	c.ExpiresAt = fromMS(exp)
	return c, notFound(err)
}

// CountResetCodesSince counts codes sent to a user since t (rate limit).
func (tx *Tx) CountResetCodesSince(ctx context.Context, userID int64, t time.Time) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM reset_codes WHERE user_id = $1 AND created_at >= $2`,
		userID, ms(t)).
		Scan(&n)
	return n, err
}

// FailResetCode counts a wrong guess; used marks the code spent.
func (tx *Tx) FailResetCode(ctx context.Context, id int64, used bool) error {
	var usedAt any
	if used {
		usedAt = ms(tx.now)
	}
	_, err := tx.exec(
		ctx,
		`UPDATE reset_codes SET attempts = attempts + 1, used_at = $1 WHERE id = $2`,
		usedAt,
		id,
	)
	return err
}

// UseResetCode marks a code spent.
func (tx *Tx) UseResetCode(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `UPDATE reset_codes SET used_at = $1 WHERE id = $2`, ms(tx.now), id)
	return err
}
