package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"hatch/internal/domain"
)

// Session is a logged-in browser or API client, found by its token's hash.
type Session struct {
	TokenHash string
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	SeenAt    time.Time
}

// CreateSession stores a new session.
func (tx *Tx) CreateSession(ctx context.Context, s Session, ip string) error {
	_, err := tx.exec(
		ctx,
		`INSERT INTO sessions (token_hash, user_id, csrf, created_at, seen_at, ip)
		VALUES ($1, $2, $3, $4, $4, $5)`,
		s.TokenHash,
		s.UserID,
		s.CSRF,
		ms(tx.now),
		ip,
	)
	return err
}

// Session returns a session by token hash.
func (s *Store) Session(ctx context.Context, tokenHash string) (Session, error) {
	var out Session
	var created, seen sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT token_hash, user_id, csrf, created_at, seen_at
		FROM sessions WHERE token_hash = $1`, tokenHash).Scan(&out.TokenHash, &out.UserID, &out.CSRF, &created, &seen)
	out.CreatedAt, out.SeenAt = fromMS(created), fromMS(seen)
	return out, notFound(err)
}

// TouchSession records activity. Callers throttle it (see web) so that a
// busy user does not turn every page view into a write.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := s.w.ExecContext(
		ctx,
		`UPDATE sessions SET seen_at = $1 WHERE token_hash = $2`,
		ms(at),
		tokenHash,
	)
	if err == nil {
		s.sessions.seen(tokenHash, at)
	}
	return err
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	s.sessions.changed()
	return err
}

// DeleteUserSessions ends every session of a user except keep (may be "").
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64, keep string) error {
	_, err := tx.exec(
		ctx,
		`DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`,
		userID,
		keep,
	)
	return err
}

// DeleteExpiredSessions removes sessions idle since idleBefore or created
// before createdBefore, and stale captchas; run periodically.
func (s *Store) DeleteExpiredSessions(
	ctx context.Context,
	idleBefore, createdBefore time.Time,
) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE seen_at < $1 OR created_at < $2`,
		ms(idleBefore), ms(createdBefore))
	s.sessions.changed()
	if err != nil {
		return err
	}
	_, err = s.w.ExecContext(ctx, `DELETE FROM captchas WHERE expires_at < $1`, ms(s.now()))
	return err
}

// CreateToken stores a personal access token's hash.
func (tx *Tx) CreateToken(
	ctx context.Context,
	userID int64,
	name, prefix, hash string,
) (int64, error) {
	return tx.insertID(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at)
		VALUES ($1, $2, $3, $4, $5)`, userID, name, prefix, hash, ms(tx.now))
}

// TokenUser returns the user owning a live token and records its use.
func (s *Store) TokenUser(ctx context.Context, hash string) (int64, error) {
	var id, userID int64
	err := s.r.QueryRowContext(ctx, `SELECT id, user_id FROM api_tokens
		WHERE token_hash = $1 AND revoked_at IS NULL`, hash).Scan(&id, &userID)
	if err != nil {
		return 0, notFound(err)
	}
	_, err = s.w.ExecContext(
		ctx,
		`UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`,
		ms(s.now()),
		id,
	)
	return userID, err
}

// Tokens lists a user's live tokens.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]domain.APIToken, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, user_id, name, prefix, created_at, last_used_at
		FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.APIToken
	for rows.Next() {
		var t domain.APIToken
		var created, used sql.NullInt64
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &created, &used); err != nil {
			return nil, err
		}
		t.CreatedAt, t.LastUsedAt = fromMS(created), fromMS(used)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of a user's tokens; another user's is NotFound.
func (tx *Tx) RevokeToken(ctx context.Context, userID, id int64) error {
	return expectOne(tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $1
		WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`, ms(tx.now), id, userID))
}

// SessionUser is a session with everything authorisation needs about its
// user, read in one query: every request starts here.
type SessionUser struct {
	Session
	User       domain.User
	CertStatus domain.CertStatus // of the user's organisation, if any
	Migrated   bool
	DeptLevel  domain.Level // of the user's department, if any
	DeptRegion string
}

// SessionUser returns the session for a token hash with its user, the
// user's organisation's certification and the department's level, as read
// within the last second unless something changed since (session_cache.go).
func (s *Store) SessionUser(ctx context.Context, tokenHash string) (SessionUser, error) {
	if su, ok := s.sessions.get(tokenHash); ok {
		return su, nil
	}
	gen := s.sessions.generation()
	su, err := s.sessionUser(ctx, tokenHash)
	if err == nil {
		s.sessions.put(tokenHash, su, gen)
	}
	return su, err
}

func (s *Store) sessionUser(ctx context.Context, tokenHash string) (SessionUser, error) {
	var out SessionUser
	var created, seen sql.NullInt64
	var cert, level, region sql.NullString
	var migrated sql.NullBool
	row := s.r.QueryRowContext(
		ctx,
		`SELECT s.token_hash, s.csrf, s.created_at, s.seen_at, `+prefixed("u.", userColumns)+`,
		o.cert_status, o.migrated, d.level, d.region_code
		FROM sessions s JOIN users u ON u.id = s.user_id
		LEFT JOIN orgs o ON o.id = u.org_id LEFT JOIN departments d ON d.id = u.dept_id
		WHERE s.token_hash = $1`,
		tokenHash,
	)
	u, err := scanUser(
		scanAround{
			row,
			[]any{&out.TokenHash, &out.CSRF, &created, &seen},
			[]any{&cert, &migrated, &level, &region},
		},
	)
	out.User, out.UserID, out.CreatedAt, out.SeenAt = u, u.ID, fromMS(created), fromMS(seen)
	out.CertStatus, out.Migrated = domain.CertStatus(cert.String), migrated.Bool
	out.DeptLevel, out.DeptRegion = domain.Level(level.String), region.String
	return out, err
}

// scanAround scans leading and trailing columns around a scanner's own.
type scanAround struct {
	row        scanner
	head, tail []any
}

func (s scanAround) Scan(dest ...any) error {
	return s.row.Scan(append(append(append([]any{}, s.head...), dest...), s.tail...)...)
}

// prefixed qualifies a comma-separated column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
