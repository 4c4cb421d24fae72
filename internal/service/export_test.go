package service

import (
	"context"
	"encoding/json"

	"hatch/internal/domain"
)

// RenderSnapshot prints a stored version's frozen data again, as it was
// generated: the test of "the snapshot is the version".
func (s *Service) RenderSnapshot(ctx context.Context, a domain.Actor, appID, versionID int64, baseURL string) ([]byte, error) {
	if _, err := s.store.Application(ctx, a.OrgID, appID); err != nil {
		return nil, err
	}
	v, data, err := s.store.Version(ctx, appID, versionID)
	if err != nil {
		return nil, err
	}
	var snap snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return nil, err
	}
	pdf, _, err := s.render(ctx, snap, v.Code, baseURL)
	return pdf, err
}

// HoldRenders takes every render slot, so that a render job started now
// stays in the middle of its run (past its start, before its PDF) until
// release: the moment a test kills its worker.
func (s *Service) HoldRenders() (release func()) {
	n := cap(s.renders)
	for range n {
		s.renders <- struct{}{}
	}
	return func() {
		for range n {
			<-s.renders
		}
	}
}

// WorkRender runs a render job's work once more, as river does when it
// tries a job again.
func (s *Service) WorkRender(ctx context.Context, args RenderArgs) error { return s.work(ctx, args) }
