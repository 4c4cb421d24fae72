package service

import (
	"context"
	"encoding/json"

	"hatch/internal/domain"
	"hatch/internal/store"
)

// RoundSheet is a round's scoring sheet as its page shows it: Used when a
// sheet of the round has been submitted, which freezes it (scores already
// given were given against it).
type RoundSheet struct {
	Sheet domain.ScoreSheet
	Used  bool
}

// roundSheet reads a round's sheet; a round that never set one has the
// default.
func roundSheet(ctx context.Context, r interface {
	RoundScoreSheet(ctx context.Context, roundID int64) (string, bool, error)
}, roundID int64) (RoundSheet, error) {
	raw, used, err := r.RoundScoreSheet(ctx, roundID)
	if err != nil {
		return RoundSheet{}, err
	}
	rs := RoundSheet{Sheet: domain.DefaultScoreSheet(), Used: used}
	if raw != "" {
		rs.Sheet = nil
		err = domain.Wrap(json.Unmarshal([]byte(raw), &rs.Sheet), "read score sheet")
	}
	return rs, err
}

// ScoreSheet returns a round's scoring sheet for 火炬中心's round page.
func (s *Service) ScoreSheet(ctx context.Context, a domain.Actor, roundID int64) (RoundSheet, error) {
	if err := requireTorchAdmin(a); err != nil {
		return RoundSheet{}, err
	}
	return roundSheet(ctx, s.store, roundID)
}

// SetScoreSheet replaces a round's scoring sheet (domain.ScoreSheet.Check)
// until the first sheet of the round is submitted.
func (s *Service) SetScoreSheet(ctx context.Context, a domain.Actor, roundID int64, sheet domain.ScoreSheet) error {
	if err := requireTorchAdmin(a); err != nil {
		return err
	}
	if err := sheet.Check(); err != nil {
		return err
	}
	body, err := json.Marshal(sheet)
	if err != nil {
		return domain.Wrap(err, "write score sheet")
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		cur, err := roundSheet(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if cur.Used {
			return domain.Errorf(domain.Conflict, "本批次已有专家提交评分表，评分表不能再修改。")
		}
		if err := tx.SetRoundScoreSheet(ctx, roundID, string(body)); err != nil {
			return err
		}
		return audit(ctx, tx, a, "round.score_sheet", "round", roundID, string(body))
	})
}
