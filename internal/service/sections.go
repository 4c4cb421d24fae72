package service

import (
	"context"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// SaveSection saves a section's values as a draft: values that break rules
// are saved with their problems listed, but values that may not be sent at
// all (computed, not fillable, unknown) refuse the whole save. rev is the
// revision the page was opened at; someone else's newer save is a
// *ConflictError, never overwritten.
func (s *Service) SaveSection(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	key string,
	in domain.Values,
	rev int64,
) (Saved, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return Saved{}, err
	}
	sec := v.Type.Section(key)
	if sec == nil || len(sec.Fields) == 0 {
		return Saved{}, domain.ErrNotFound
	}
	in = form.CanonicalIdentifiers(sec.Fields, clean(in))
	if refused := form.Refused(sec.Fields, in); len(refused) > 0 {
		return Saved{}, refusedErr(refused)
	}
	var out Saved
	err = s.store.InSaveTx(ctx, func(tx *store.Tx) error {
		newRev, err := tx.SaveSection(ctx, appID, key, in, rev, a.ID)
		if err != nil {
			return s.conflict(ctx, tx, err, func() (domain.Values, int64, error) {
				cur, err := tx.Section(ctx, appID, key)
				return cur.Data, cur.Revision, err
			})
		}
		out.Revision, out.At = newRev, tx.Now()
		return touch(ctx, tx, a, appID)
	})
	if err != nil {
		return Saved{}, s.lockedMeanwhile(ctx, a, appID, err)
	}
	rules := v.rules()
	rules.Sections[key] = in
	out.Issues = rules.SectionFieldIssues(sec)
	return out, nil
}

// SectionFiles returns the files of a section (承诺书), by slot.
func (s *Service) SectionFiles(
	ctx context.Context,
	a domain.Actor,
	appID int64,
) (map[string][]domain.AppFile, error) {
	if _, err := s.owned(ctx, a, appID); err != nil {
		return nil, err
	}
	files, err := s.store.AppFiles(ctx, appID)
	out := map[string][]domain.AppFile{}
	for _, f := range files {
		if f.RowID == 0 {
			out[f.Slot] = append(out[f.Slot], f)
		}
	}
	return out, err
}
