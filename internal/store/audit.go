package store

import (
	"context"
	"database/sql"

	"hatch/internal/domain"
)

// Audit appends one entry to the audit log inside the transaction that made
// the change, so the log and the data cannot disagree.
func (tx *Tx) Audit(ctx context.Context, e domain.AuditEntry) error {
	_, err := tx.exec(
		ctx,
		`INSERT INTO audit_log (at, actor_id, actor_login, action, target_type,
		target_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		ms(
			tx.now,
		),
		nullID(e.ActorID),
		e.ActorLogin,
		e.Action,
		e.TargetType,
		nullID(e.TargetID),
		e.Detail,
		e.IP,
	)
	return err
}

// AuditLog lists entries newest first.
func (s *Store) AuditLog(ctx context.Context, f domain.AuditFilter) ([]domain.AuditEntry, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, actor_id, actor_login, action, target_type,
		target_id, detail, ip FROM audit_log
		WHERE ($1 = '' OR action = $1) AND ($2 = '' OR actor_login = $2)
		ORDER BY id DESC LIMIT $3 OFFSET $4`, f.Action, f.Actor, f.Limit, f.Offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.AuditEntry
	for rows.Next() {
		var e domain.AuditEntry
		var at, actor, target sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &actor, &e.ActorLogin, &e.Action, &e.TargetType, &target, &e.Detail, &e.IP); err != nil {
			return nil, err
		}
		e.At, e.ActorID, e.TargetID = fromMS(at), actor.Int64, target.Int64
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddOutbox records a notification as sent.
func (s *Store) AddOutbox(ctx context.Context, m domain.OutboxMessage) error {
	_, err := s.w.ExecContext(
		ctx,
		`INSERT INTO outbox (channel, recipient, subject, body, created_at)
		VALUES ($1, $2, $3, $4, $5)`,
		m.Channel,
		m.Recipient,
		m.Subject,
		m.Body,
		ms(s.now()),
	)
	return err
}

// Outbox lists sent notifications, newest first.
func (s *Store) Outbox(ctx context.Context, limit, offset int) ([]domain.OutboxMessage, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, channel, recipient, subject, body, created_at
		FROM outbox ORDER BY id DESC LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.OutboxMessage
	for rows.Next() {
		var m domain.OutboxMessage
		var at sql.NullInt64
		if err := rows.Scan(&m.ID, &m.Channel, &m.Recipient, &m.Subject, &m.Body, &at); err != nil {
			return nil, err
		}
		m.CreatedAt = fromMS(at)
		out = append(out, m)
	}
	return out, rows.Err()
}
