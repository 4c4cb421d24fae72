package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"hatch/internal/blob"
	"hatch/internal/config"
	"hatch/internal/domain"
	"hatch/internal/metrics"
	"hatch/internal/notify"
	"hatch/internal/service"
	"hatch/internal/store"
)

// app is the wired-up core every subcommand uses.
type app struct {
	cfg   config.Config
	store *store.Store
	svc   *service.Service
	log   *slog.Logger
	// metrics is what /metrics serves: this process's requests, renders,
	// imports, logins, blob operations and database pools.
	metrics *metrics.Metrics
}

// open loads configuration, connects, migrates and builds the service.
func open(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	stderr io.Writer,
) (*app, error) {
	cfg, err := config.Load(args, getenv, stderr)
	if err != nil {
		return nil, err
	}
	log := cfg.Logger(stderr)
	st, err := store.Open(
		ctx,
		store.Options{URL: cfg.DatabaseURL, Dir: cfg.DataDir, Now: cfg.Clock()},
	)
	if err != nil {
		return nil, fmt.Errorf("打开数据库：%w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("升级数据库结构：%w", err)
	}
	blobs, err := openBlobs(ctx, cfg)
	if err != nil {
		st.Close()
		return nil, err
	}
	settings := service.DefaultSettings()
	settings.IdleTimeout = cfg.IdleTimeout
	settings.MaxUpload = int64(cfg.MaxUploadMB) << 20
	settings.MaxAppFiles = int64(cfg.MaxAppMB) << 20
	settings.TestCaptcha = cfg.TestCaptcha
	settings.KeepRoundsOpen = cfg.RoundsOpen
	settings.Limits = limitsOf(cfg.Limits)
	var notifier notify.Notifier = notify.LogOutbox{Log: log, Outbox: st}
	if cfg.SMTPAddr != "" {
		notifier = notify.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Username: cfg.SMTPUser,
			Password: cfg.SMTPPassword, Next: notifier, Now: st.Now}
	}
	m := metrics.New()
	svc := service.New(
		service.Deps{Store: st, Blobs: blobs, Notifier: notifier, Log: log, Settings: settings, Metrics: m},
	)
	if err := st.Startup(ctx, func() error { return svc.EnsureRounds(ctx) }); err != nil {
		st.Close()
		return nil, fmt.Errorf("创建申报批次：%w", err)
	}
	return &app{cfg: cfg, store: st, svc: svc, log: log, metrics: m}, nil
}

// openBlobs opens where attachments live: the bucket of HATCH_BLOB_URL,
// or the directory under HATCH_DATA.
func openBlobs(ctx context.Context, cfg config.Config) (blob.Store, error) {
	if s3, ok := cfg.S3(); ok {
		st, err := blob.NewS3(ctx, s3)
		if err != nil {
			return nil, fmt.Errorf("连接对象存储（HATCH_BLOB_URL）：%w", err)
		}
		return st, nil
	}
	d, err := blob.NewDir(attachmentsDir(cfg))
	if err != nil {
		return nil, fmt.Errorf("创建附件目录：%w", err)
	}
	return d, nil
}

// attachmentsDir is where the disk store keeps its files.
func attachmentsDir(cfg config.Config) string { return filepath.Join(cfg.DataDir, "attachments") }

func (a *app) Close() error { return a.store.Close() }

// system is the actor the command line acts as.
var system = domain.System()

func migrate(
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
	v, err := a.store.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "数据库（%s）已是最新结构，版本 %d。\n", a.store.Engine(), v)
	return nil
}

// limitsOf turns the HATCH_LIMIT_* settings into the service's limits.
func limitsOf(l config.Limits) service.Limits {
	rate := func(r config.Rate) service.Rate { return service.Rate{N: r.N, Per: r.Per} }
	return service.Limits{Renders: l.Renders, Imports: rate(l.Imports), Exports: rate(l.Exports),
		ListExports: rate(l.ListExports)}
}
