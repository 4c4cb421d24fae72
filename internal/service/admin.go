package service

import (
	"context"

	"hatch/internal/domain"
)

// Outbox lists sent notifications for administrators.
func (s *Service) Outbox(ctx context.Context, a domain.Actor) ([]domain.OutboxMessage, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.Outbox(ctx, 200, 0)
}

// AuditLog lists audit entries for administrators.
func (s *Service) AuditLog(
	ctx context.Context,
	a domain.Actor,
	f domain.AuditFilter,
) ([]domain.AuditEntry, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.AuditLog(ctx, f)
}
