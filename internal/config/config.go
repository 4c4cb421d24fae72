// Package config reads Hatch's settings from flags and environment
// variables (a flag wins over its variable) and checks them at boot.
package config

import (
	"errors"
	"flag"
	"fmt"
	"hatch/internal/blob"
	"hatch/internal/clock"
	"io"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of a running Hatch.
type Config struct {
	Addr         string        // -addr / HATCH_ADDR
	DataDir      string        // -data / HATCH_DATA: SQLite database and attachments
	DatabaseURL  string        // HATCH_DATABASE_URL: postgres:// switches to PostgreSQL
	Demo         bool          // -demo / HATCH_DEMO: seed demo data into an empty database
	SupportPhone string        // HATCH_SUPPORT_PHONE
	SupportHours string        // HATCH_SUPPORT_HOURS
	SecureCookie bool          // HATCH_SECURE_COOKIE: serving over HTTPS
	TrustProxy   bool          // HATCH_TRUST_PROXY: take client addresses from the proxy's headers
	IdleTimeout  time.Duration // HATCH_IDLE_TIMEOUT
	MaxUploadMB  int           // HATCH_MAX_UPLOAD_MB: per file
	MaxAppMB     int           // HATCH_MAX_APP_FILES_MB: attachments per application
	TestCaptcha  string        // HATCH_TEST_CAPTCHA: for automated tests only
	// TestNow (HATCH_TEST_NOW, RFC 3339), for automated tests only: the
	// server's clock reads this instant at start-up and runs on from it,
	// so that a test can run the whole server on any day.
	TestNow    string
	RoundsOpen bool // HATCH_ROUNDS_OPEN: closed rounds still accept applications (default: on with demo data)
	// PublicURL is the address people reach Hatch at, printed in the QR
	// code of every 申报书 page (HATCH_PUBLIC_URL); "" takes it from each
	// request.
	PublicURL string
	// SMTP: e-mail notifications go through this server when SMTPAddr is
	// set (HATCH_SMTP_ADDR host:port, HATCH_SMTP_FROM, HATCH_SMTP_USER,
	// HATCH_SMTP_PASSWORD); otherwise they are only logged and kept in
	// the outbox.
	SMTPAddr, SMTPFrom, SMTPUser, SMTPPassword string
	// BlobURL (HATCH_BLOB_URL) puts attachments and 申报书 PDFs in an
	// S3-compatible bucket: s3://bucket?endpoint=host:port&region=…
	// &secure=true|false&create=true&presign=10m. Empty keeps them on disk
	// under DataDir. The credentials are the usual AWS_ACCESS_KEY_ID,
	// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
	BlobURL                                   string
	BlobAccessKey, BlobSecretKey, BlobSession string
	// RenderWorkers is how many 申报书 this process renders at once
	// (HATCH_RENDER_WORKERS). `hatch serve` runs them beside the web
	// unless it is 0; `hatch worker` runs only them. The default is 1: a
	// render keeps one core busy for its seconds, so on a 2-core machine
	// one worker leaves the other core to saves, and more 下载材料 at once
	// wait in the queue instead of slowing everyone's saves. Machines
	// given over to `hatch worker` set about one per core.
	RenderWorkers int
	// RenderTimeout (HATCH_RENDER_TIMEOUT) is how long one render may take
	// before it is stopped and tried again; a render left by a process
	// that died is taken up again a fifth of that later.
	RenderTimeout time.Duration
	// MetricsAddr (HATCH_METRICS_ADDR), host:port, starts the operations
	// listener: /metrics, /healthz and /readyz only, for `hatch serve`
	// beside the site and for `hatch worker`. Empty starts none.
	MetricsAddr string
	// MetricsToken (HATCH_METRICS_TOKEN) is the bearer token every
	// /metrics asks for. Without it the site's listener does not serve
	// /metrics, and the operations listener serves it to whoever reaches
	// its address.
	MetricsToken string
	// LogFormat (HATCH_LOG_FORMAT) is text, the default, or json: one JSON
	// object per line, for a log collector.
	LogFormat string

	// Limits are the per-account limits on 下载材料, imports and exports
	// (HATCH_LIMIT_*, limits.go).
	Limits Limits
}

// Load parses args (without the program name) over the environment.
func Load(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	c := defaults(getenv)
	c.readBlob(getenv)
	c.Limits = readLimits(getenv)
	fs := flag.NewFlagSet("hatch serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", c.Addr, "监听地址 (HATCH_ADDR)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "数据目录：SQLite 数据库与附件 (HATCH_DATA)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "空数据库首次启动时创建演示数据 (HATCH_DEMO)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	// Demo sites show the seeded 2021 round, long closed; keep it usable
	// unless the setting says otherwise.
	c.RoundsOpen = c.Demo
	if v := getenv("HATCH_ROUNDS_OPEN"); v != "" {
		c.RoundsOpen = boolEnv(v)
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("多余的参数：%s", strings.Join(fs.Args(), " "))
	}
	return c, c.Validate()
}

func defaults(getenv func(string) string) Config {
	env := func(k, d string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return d
	}
	return Config{
		Addr:          env("HATCH_ADDR", "127.0.0.1:8080"),
		DataDir:       env("HATCH_DATA", "./hatch-data"),
		DatabaseURL:   getenv("HATCH_DATABASE_URL"),
		Demo:          boolEnv(env("HATCH_DEMO", "true")),
		SupportPhone:  env("HATCH_SUPPORT_PHONE", "010-88656315"),
		SupportHours:  env("HATCH_SUPPORT_HOURS", "工作日 8:30-17:30"),
		SecureCookie:  boolEnv(getenv("HATCH_SECURE_COOKIE")),
		TrustProxy:    boolEnv(getenv("HATCH_TRUST_PROXY")),
		IdleTimeout:   durationEnv(getenv("HATCH_IDLE_TIMEOUT"), 30*time.Minute),
		MaxUploadMB:   intEnv(getenv("HATCH_MAX_UPLOAD_MB"), 10),
		MaxAppMB:      intEnv(getenv("HATCH_MAX_APP_FILES_MB"), 200),
		TestCaptcha:   getenv("HATCH_TEST_CAPTCHA"),
		TestNow:       strings.TrimSpace(getenv("HATCH_TEST_NOW")),
		PublicURL:     strings.TrimRight(strings.TrimSpace(getenv("HATCH_PUBLIC_URL")), "/"),
		SMTPAddr:      strings.TrimSpace(getenv("HATCH_SMTP_ADDR")),
		SMTPFrom:      strings.TrimSpace(getenv("HATCH_SMTP_FROM")),
		SMTPUser:      getenv("HATCH_SMTP_USER"),
		SMTPPassword:  getenv("HATCH_SMTP_PASSWORD"),
		RenderWorkers: intEnv(getenv("HATCH_RENDER_WORKERS"), 1),
		RenderTimeout: durationEnv(getenv("HATCH_RENDER_TIMEOUT"), 5*time.Minute),
		MetricsAddr:   strings.TrimSpace(getenv("HATCH_METRICS_ADDR")),
		MetricsToken:  getenv("HATCH_METRICS_TOKEN"),
		LogFormat:     strings.ToLower(strings.TrimSpace(env("HATCH_LOG_FORMAT", "text"))),
	}
}

// readBlob reads where attachments live and the bucket's credentials
// (the usual variables of S3 clients).
func (c *Config) readBlob(getenv func(string) string) {
	c.BlobURL = strings.TrimSpace(getenv("HATCH_BLOB_URL"))
	c.BlobAccessKey = getenv("AWS_ACCESS_KEY_ID")
	c.BlobSecretKey = getenv("AWS_SECRET_ACCESS_KEY")
	c.BlobSession = getenv("AWS_SESSION_TOKEN")
}

// boolEnv reads the usual spellings; anything unknown counts as false.
func boolEnv(v string) bool {
	b, _ := strconv.ParseBool(strings.TrimSpace(v))
	return b
}

// durationEnv returns -1 for an unparsable value, which Validate reports.
func durationEnv(v string, d time.Duration) time.Duration {
	if v == "" {
		return d
	}
	x, err := time.ParseDuration(v)
	if err != nil {
		return -1
	}
	return x
}

func intEnv(v string, d int) int {
	if v == "" {
		return d
	}
	x, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return x
}

// Validate reports every problem at once, each saying which setting to fix.
func (c Config) Validate() error {
	var errs []string
	add := func(bad bool, msg string) {
		if bad {
			errs = append(errs, msg)
		}
	}
	c.checkStorage(add)
	c.checkLimits(add)
	c.checkLimitSettings(add)
	c.checkAddresses(add)
	c.checkOps(add)
	_, err := c.startClock()
	add(err != nil, "HATCH_TEST_NOW 应为 RFC 3339 格式的时刻，例如 2021-11-15T10:00:00+08:00")
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = errors.New(e)
	}
	return errors.Join(out...)
}

// checkStorage checks where the data lives.
func (c Config) checkStorage(add func(bool, string)) {
	add(c.DatabaseURL == "" && strings.TrimSpace(c.DataDir) == "", "HATCH_DATA / -data 不能为空")
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		add(err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql"),
			"HATCH_DATABASE_URL 应为 postgres:// 开头的 PostgreSQL 连接地址")
	}
	if c.BlobURL != "" {
		_, err := blob.ParseS3URL(c.BlobURL)
		add(err != nil, fmt.Sprintf("HATCH_BLOB_URL %v", err))
		add(c.BlobAccessKey == "" || c.BlobSecretKey == "",
			"设置了 HATCH_BLOB_URL 时，AWS_ACCESS_KEY_ID 与 AWS_SECRET_ACCESS_KEY 应为对象存储的访问密钥")
	}
}

// S3 is the bucket attachments go to, with its credentials; ok is false
// when they stay on disk.
func (c Config) S3() (cfg blob.S3Config, ok bool) {
	if c.BlobURL == "" {
		return cfg, false
	}
	cfg, _ = blob.ParseS3URL(c.BlobURL) // Validate has checked it
	cfg.AccessKey, cfg.SecretKey, cfg.SessionToken = c.BlobAccessKey, c.BlobSecretKey, c.BlobSession
	return cfg, true
}

// checkLimits checks the session and upload limits.
func (c Config) checkLimits(add func(bool, string)) {
	add(c.IdleTimeout < time.Minute, "HATCH_IDLE_TIMEOUT 应为不少于 1m 的时长，例如 30m")
	add(c.MaxUploadMB < 1 || c.MaxUploadMB > 1024, "HATCH_MAX_UPLOAD_MB 应为 1 至 1024 之间的整数")
	add(c.MaxAppMB < c.MaxUploadMB || c.MaxAppMB > 100000,
		"HATCH_MAX_APP_FILES_MB 应为不小于单个文件上限（HATCH_MAX_UPLOAD_MB）的整数")
	add(c.RenderWorkers < 0 || c.RenderWorkers > maxRenderWorkers,
		fmt.Sprintf("HATCH_RENDER_WORKERS 应为 0 至 %d 之间的整数（0 表示本进程不生成申报书）", maxRenderWorkers))
	add(c.RenderTimeout < 5*time.Second || c.RenderTimeout > time.Hour,
		"HATCH_RENDER_TIMEOUT 应为 5s 至 1h 之间的时长，例如 5m")
}

// maxRenderWorkers bounds HATCH_RENDER_WORKERS: each render holds about
// 70 MB for its seconds, and river caps a queue's workers far above this.
const maxRenderWorkers = 64

// checkAddresses checks the addresses Hatch listens on, sends mail
// through and prints.
func (c Config) checkAddresses(add func(bool, string)) {
	_, _, err := net.SplitHostPort(c.Addr)
	add(err != nil, fmt.Sprintf("HATCH_ADDR / -addr %q 不是“主机:端口”形式，例如 127.0.0.1:8080", c.Addr))
	if c.SMTPAddr != "" {
		_, _, err := net.SplitHostPort(c.SMTPAddr)
		add(err != nil, fmt.Sprintf("HATCH_SMTP_ADDR %q 不是“主机:端口”形式，例如 smtp.example.gov.cn:587",
			c.SMTPAddr))
		_, err = mail.ParseAddress(c.SMTPFrom)
		add(err != nil, "设置了 HATCH_SMTP_ADDR 时，HATCH_SMTP_FROM 应为发件地址，例如 hatch@example.gov.cn")
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		add(err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "",
			"HATCH_PUBLIC_URL 应为 https:// 或 http:// 开头的网址，例如 https://hatch.example.gov.cn")
	}
}

// checkOps checks what operators monitor Hatch with: the operations
// listener, the metrics token and the log format.
func (c Config) checkOps(add func(bool, string)) {
	if c.MetricsAddr != "" {
		_, port, err := net.SplitHostPort(c.MetricsAddr)
		add(err != nil, fmt.Sprintf("HATCH_METRICS_ADDR %q 不是“主机:端口”形式，例如 127.0.0.1:9090", c.MetricsAddr))
		// Port 0 asks for any free port, a different one each time.
		add(err == nil && port != "0" && c.MetricsAddr == c.Addr, "HATCH_METRICS_ADDR 应与 HATCH_ADDR 不同：它是另开的运维端口")
	}
	if c.MetricsToken != "" {
		add(len(c.MetricsToken) < minMetricsToken || strings.ContainsAny(c.MetricsToken, " \t\r\n"),
			fmt.Sprintf("HATCH_METRICS_TOKEN 应为至少 %d 个字符、不含空格的随机字符串，例如 openssl rand -hex 32 的输出", minMetricsToken))
	}
	add(c.LogFormat != "text" && c.LogFormat != "json", "HATCH_LOG_FORMAT 应为 text 或 json")
}

// minMetricsToken keeps the metrics token out of guessing range.
const minMetricsToken = 16

// Logger is the process's logger in the configured format, writing to w.
func (c Config) Logger(w io.Writer) *slog.Logger {
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// Clock is the system's clock: the machine's, or with HATCH_TEST_NOW one
// that starts at that instant.
func (c Config) Clock() func() time.Time {
	start, err := c.startClock()
	if err != nil || start.IsZero() {
		return clock.System
	}
	return clock.Since(start)
}

func (c Config) startClock() (time.Time, error) {
	if c.TestNow == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, c.TestNow)
}
