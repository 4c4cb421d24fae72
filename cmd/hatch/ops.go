package main

import (
	"context"
	"fmt"
	"io"
	"net"

	"hatch/internal/web"
)

// startOps starts the operations listener when HATCH_METRICS_ADDR is set:
// /metrics, /healthz and /readyz on an address of the operator's own
// network, for `hatch serve` and for `hatch worker`, which has no site.
// It stops with ctx; wait returns once it has.
func (a *app) startOps(ctx context.Context, stdout io.Writer) (wait func() error, err error) {
	if a.cfg.MetricsAddr == "" {
		return func() error { return nil }, nil
	}
	ln, err := net.Listen("tcp", a.cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("监听运维端口 %s（HATCH_METRICS_ADDR）：%w", a.cfg.MetricsAddr, err)
	}
	done := make(chan error, 1)
	go func() { done <- serveUntilDone(ctx, ln, web.NewOps(a.svc, a.log, a.webOptions())) }()
	fmt.Fprintf(stdout, "运维端口（/metrics、/healthz、/readyz）：http://%s/\n", ln.Addr())
	return func() error { return <-done }, nil
}
