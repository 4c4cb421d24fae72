package service

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"hatch/internal/store"
)

// RenderOptions say how a process works render jobs.
type RenderOptions struct {
	// Workers is how many 申报书 this process renders at once.
	Workers int
	// Timeout is how long one render may take before it is stopped and
	// tried again; 0 means five minutes.
	Timeout time.Duration
	// RescueAfter is how long a job may stay "running" before it is taken
	// for lost (its worker's process died) and tried again; 0 means a
	// fifth past the timeout (river wants it longer than the timeout).
	RescueAfter time.Duration
}

// timeout is o.Timeout or its default.
func (o RenderOptions) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return renderTimeout
}

// Renderer is a process's running render workers.
type Renderer struct{ client store.JobClient }

// newJobClient builds a river client for render jobs: with o.Workers > 0
// one that works them, otherwise one that only queues and reads them.
func (s *Service) newJobClient(o RenderOptions) (store.JobClient, error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, renderWorker{s: s, timeout: o.timeout()})
	cfg := &river.Config{
		Workers: workers,
		Logger:  s.log,
		// SQLite has no LISTEN/NOTIFY: a worker in another process sees a
		// new job at its next poll, so poll often; each poll is one short
		// query on an index.
		FetchCooldown:     100 * time.Millisecond,
		FetchPollInterval: 250 * time.Millisecond,
		JobTimeout:        o.timeout(),
	}
	if o.Workers > 0 {
		cfg.Queues = map[string]river.QueueConfig{renderQueue: {MaxWorkers: o.Workers}}
		cfg.RescueStuckJobsAfter = o.RescueAfter
		if cfg.RescueStuckJobsAfter <= 0 {
			cfg.RescueStuckJobsAfter = o.timeout() + o.timeout()/5
		}
	}
	return s.store.NewJobClient(cfg)
}

// StartRenders starts o.Workers render workers in this process; they run
// until the Renderer is stopped or ctx ends.
func (s *Service) StartRenders(ctx context.Context, o RenderOptions) (*Renderer, error) {
	if o.Workers < 1 {
		return nil, fmt.Errorf("render workers: %d, want at least 1", o.Workers)
	}
	c, err := s.newJobClient(o)
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx); err != nil {
		return nil, err
	}
	return &Renderer{client: c}, nil
}

// Stop takes no new renders and waits for those in progress, or until ctx
// ends.
func (r *Renderer) Stop(ctx context.Context) error { return r.client.Stop(ctx) }

// Kill stops at once, cancelling the renders in progress as a crash would;
// river tries their jobs again on a worker that runs.
func (r *Renderer) Kill(ctx context.Context) error { return r.client.StopAndCancel(ctx) }

// Stopped is closed once the workers have stopped.
func (r *Renderer) Stopped() <-chan struct{} { return r.client.Stopped() }
