package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"hatch/internal/service"
)

// worker is `hatch worker`: render workers only, no web. A deployment adds
// render machines with it (on the same database and blob store) without
// adding web instances.
func worker(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	stdout, stderr io.Writer,
) error {
	a, err := open(ctx, args, getenv, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	if a.cfg.RenderWorkers < 1 {
		return errors.New("HATCH_RENDER_WORKERS 为 0：hatch worker 没有可做的工作，请设为 1 或更多")
	}
	// A start that fails below stops the operations listener too.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ops, err := a.startOps(ctx, stdout)
	if err != nil {
		return err
	}
	r, err := a.startRenders(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Hatch 申报书生成进程已启动（数据库：%s，同时生成 %d 份）\n", a.store.Engine(), a.cfg.RenderWorkers)
	<-ctx.Done()
	return errors.Join(stopRenders(r), ops())
}

// startRenders starts the configured render workers.
func (a *app) startRenders(ctx context.Context) (*service.Renderer, error) {
	// A render runs on a thread of low priority (package lowprio) but holds
	// one of the runtime's processors while the kernel keeps that thread
	// waiting; one processor more per render worker leaves requests as many
	// as the machine has cores.
	runtime.GOMAXPROCS(startProcs + a.cfg.RenderWorkers)
	// The workers outlive ctx by a little: at a stop they finish the
	// renders in progress (stopRenders) rather than drop them.
	r, err := a.svc.StartRenders(context.WithoutCancel(ctx), service.RenderOptions{Workers: a.cfg.RenderWorkers, Timeout: a.cfg.RenderTimeout})
	if err != nil {
		return nil, fmt.Errorf("启动申报书生成：%w", err)
	}
	return r, nil
}

// startProcs is the runtime's processor count before any render worker.
var startProcs = runtime.GOMAXPROCS(0)

// renderGrace is how long a stopping process waits for the renders in
// progress; after it they are cancelled, and river gives their jobs to a
// worker that runs.
const renderGrace = 20 * time.Second

// stopRenders finishes the renders in progress, or cancels them after
// renderGrace.
func stopRenders(r *service.Renderer) error {
	ctx, cancel := context.WithTimeout(context.Background(), renderGrace)
	defer cancel()
	if err := r.Stop(ctx); err == nil {
		return nil
	}
	kill, cancelKill := context.WithTimeout(context.Background(), renderGrace)
	defer cancelKill()
	return r.Kill(kill)
}
