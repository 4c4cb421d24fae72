package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"hatch/internal/clock"
	"hatch/internal/demo"
	"hatch/internal/seed"
	"hatch/internal/web"
)

func serve(
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
	if a.cfg.TestCaptcha != "" {
		a.log.Warn("HATCH_TEST_CAPTCHA 已设置：任何验证码都接受该值。仅供自动化测试使用，生产环境切勿设置！")
	}
	if a.cfg.TestNow != "" {
		a.log.Warn("HATCH_TEST_NOW 已设置：系统时钟从 " + a.cfg.TestNow + " 起走。仅供自动化测试使用，生产环境切勿设置！")
	}
	if a.cfg.Demo {
		if err := a.store.Startup(ctx, func() error { return seedDemo(ctx, a, stdout) }); err != nil {
			return fmt.Errorf("创建演示数据：%w", err)
		}
	}
	h, err := web.New(a.svc, a.log, a.webOptions())
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("监听 %s：%w", a.cfg.Addr, err)
	}
	// A start that fails below stops the operations listener too.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ops, err := a.startOps(ctx, stdout)
	if err != nil {
		ln.Close()
		return err
	}
	if a.cfg.RenderWorkers > 0 {
		r, err := a.startRenders(ctx)
		if err != nil {
			ln.Close()
			return err
		}
		defer stopRenders(r)
	}
	fmt.Fprintf(stdout, "Hatch 已启动（数据库：%s）：http://%s/\n", a.store.Engine(), ln.Addr())
	go a.sweepSessions(ctx)
	go a.sweepBlobs(ctx)
	return errors.Join(serveUntilDone(ctx, ln, h), ops())
}

// webOptions are the site's settings from the configuration.
func (a *app) webOptions() web.Options {
	return web.Options{SupportPhone: a.cfg.SupportPhone, SupportHours: a.cfg.SupportHours,
		SecureCookie: a.cfg.SecureCookie, TrustProxy: a.cfg.TrustProxy, PublicURL: a.cfg.PublicURL,
		Metrics: a.metrics, MetricsToken: a.cfg.MetricsToken}
}

// serveUntilDone serves until ctx ends, then lets requests in flight finish.
func serveUntilDone(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Minute,
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// sweepSessions deletes expired sessions and captchas every few minutes.
func (a *app) sweepSessions(ctx context.Context) {
	every(ctx, 5*time.Minute, func() {
		if err := a.svc.SweepSessions(ctx); err != nil {
			a.log.Error("sweep sessions", "err", err)
		}
	})
}

// sweepBlobs deletes, every few hours, the stored files left by uploads
// whose rows were never written. Files are judged by the storage's own
// times, so the machine's clock is the one to compare with.
func (a *app) sweepBlobs(ctx context.Context) {
	every(ctx, 6*time.Hour, func() {
		swept, err := a.svc.SweepBlobs(ctx, clock.System().Add(-sweepGrace))
		if err != nil {
			a.log.Error("sweep blobs", "err", err)
		} else if swept.Deleted+swept.Abandoned > 0 {
			a.log.Info("sweep blobs", "deleted", swept.Deleted, "abandoned uploads", swept.Abandoned)
		}
	})
}

// every runs fn every d until ctx ends.
func every(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

func seedDemo(ctx context.Context, a *app, stdout io.Writer) error {
	accts, err := seed.Demo(ctx, a.svc)
	if err != nil || len(accts) == 0 {
		return err
	}
	fmt.Fprintf(stdout, "已创建演示数据。演示账号（密码均为 %s）：\n", demo.Password)
	for _, x := range accts {
		fmt.Fprintf(stdout, "  %-20s %-8s %s\n", x.Login, x.Role, x.Note)
	}
	fmt.Fprintln(stdout, "生产环境请使用 -demo=false 或 HATCH_DEMO=false 启动。")
	return nil
}
