package service

import (
	"context"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/store"
)

// NewToken creates a personal access token and returns the secret once.
func (s *Service) NewToken(ctx context.Context, a domain.Actor, name string) (string, error) {
	name = strings.TrimSpace(name)
	var fe domain.FieldErrors
	required(&fe, "token_name", "令牌名称", name, 50)
	if err := fe.Err(); err != nil {
		return "", err
	}
	secret := "hatch_" + randomToken(24)
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.CreateToken(ctx, a.ID, name, secret[:10], HashToken(secret))
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "token.create", "token", id, name)
	})
	return secret, err
}

// Tokens lists the actor's live tokens.
func (s *Service) Tokens(ctx context.Context, a domain.Actor) ([]domain.APIToken, error) {
	return s.store.Tokens(ctx, a.ID)
}

// RevokeToken revokes one of the actor's tokens.
func (s *Service) RevokeToken(ctx context.Context, a domain.Actor, id int64) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeToken(ctx, a.ID, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "token.revoke", "token", id, "")
	})
}
