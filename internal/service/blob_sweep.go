package service

import (
	"context"
	"encoding/json"
	"time"

	"hatch/internal/blob"
)

// SweepBlobs deletes the stored files no row names that were stored
// before `before` (an upload or a 申报书 whose row was never written,
// because its transaction failed or the process died). A file kept for
// an archive import waiting for its commit counts as named. Files newer
// than `before` are kept: their rows may still be on their way, so
// `before` should leave a grace period (a day) behind the storage's own
// clock.
func (s *Service) SweepBlobs(ctx context.Context, before time.Time) (blob.Swept, error) {
	kept, err := s.keptArchives(ctx)
	if err != nil {
		return blob.Swept{}, err
	}
	return blob.Sweep(ctx, s.blobs, before, func(ctx context.Context, keys []string) (map[string]bool, error) {
		named, err := s.store.BlobsInUse(ctx, keys)
		for _, k := range keys {
			if kept[k] {
				named[k] = true
			}
		}
		return named, err
	})
}

// keptArchives is the blob keys of the archives waiting imports keep.
func (s *Service) keptArchives(ctx context.Context) (map[string]bool, error) {
	list, err := s.store.WaitingImports(ctx, filesMode)
	if err != nil {
		return nil, err
	}
	kept := map[string]bool{}
	for _, im := range list {
		var p filesPlan
		if err := json.Unmarshal(im.Plan, &p); err != nil {
			return nil, err
		}
		kept[p.Key] = true
	}
	return kept, nil
}
