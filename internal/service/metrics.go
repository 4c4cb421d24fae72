package service

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river/rivertype"

	"hatch/internal/blob"
	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/metrics"
)

// instrument wires the operators' metrics in: the blob store reports each
// operation, and each scrape reads the database pools and counts the
// render jobs waiting. Without metrics it does nothing.
func (s *Service) instrument() {
	m := s.metrics
	if m == nil {
		return
	}
	s.blobs = blob.Observed(s.blobs, m.BlobDone)
	m.WatchPools(func() []metrics.Pool {
		var out []metrics.Pool
		for _, p := range s.store.PoolStats() {
			out = append(out, metrics.Pool(p))
		}
		return out
	})
	m.WatchBatches(func() metrics.Batches {
		b := s.store.BatchStats()
		return metrics.Batches{Batches: b.Batches, Transactions: b.Shared, Retries: b.RunAgain}
	})
	m.WatchRenderQueue(func(ctx context.Context) (int, error) { return s.store.JobsWaiting(ctx, renderQueue) })
}

// Ready says which part does not answer, for the readiness probe: "" when
// the database and the blob store both answer within timeout each.
func (s *Service) Ready(ctx context.Context, timeout time.Duration) (failed string) {
	db, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := s.store.Ping(db); err != nil {
		s.log.Warn("readiness: database", "err", err)
		return "database"
	}
	bl, cancelBlob := context.WithTimeout(ctx, timeout)
	defer cancelBlob()
	if err := blob.Check(bl, s.blobs); err != nil {
		s.log.Warn("readiness: blob store", "err", err)
		return "blob store"
	}
	return ""
}

// observeRender records a render job's time and outcome.
func (s *Service) observeRender(start time.Time, err error) {
	var cancelled *rivertype.JobCancelError
	outcome := metrics.OK
	switch {
	case errors.As(err, &cancelled):
		outcome = metrics.Cancelled
	case err != nil:
		outcome = metrics.Failed
	}
	s.metrics.RenderDone(outcome, clock.System().Sub(start))
}

// PreviewImport reads a spreadsheet for a detail table and works out what
// importing it would do (previewImport), counted for the metrics.
func (s *Service) PreviewImport(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	in ImportInput,
) (ImportPreview, error) {
	start := clock.System()
	p, err := s.previewImport(ctx, a, appID, in)
	outcome := importOutcome(err)
	if err == nil && !p.CanCommit() {
		outcome = metrics.Problems
	}
	s.metrics.ImportDone("preview", outcome, clock.System().Sub(start))
	return p, err
}

// CommitImport applies a previewed import (commitImport), counted for
// the metrics.
func (s *Service) CommitImport(
	ctx context.Context,
	a domain.Actor,
	appID, importID int64,
) (ImportResult, error) {
	start := clock.System()
	res, err := s.commitImport(ctx, a, appID, importID)
	s.metrics.ImportDone("commit", importOutcome(err), clock.System().Sub(start))
	return res, err
}

// importOutcome tells a refusal the user can act on from a failure.
func importOutcome(err error) string {
	switch {
	case err == nil:
		return metrics.OK
	case domain.KindOf(err) == domain.Internal:
		return metrics.Failed
	}
	return metrics.Refused
}
