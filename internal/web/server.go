// Package web serves Hatch's HTML pages and its JSON API over the service
// layer. Handlers parse the request, call the service, and render or
// redirect; they hold no business rules and never reach the store (a test
// fails if this package imports it). Every route is in routes.go. Its
// files, by what they serve:
//
//   - server.go, routes.go, middleware.go, context.go, render.go, errors.go,
//     download.go, static.go: the server, its routes, sessions and CSRF,
//     request helpers, templates, the error page, files sent, static assets
//   - ops.go: /metrics, /readyz and the operations listener
//   - site_pages.go, login_pages.go, password_pages.go, account_pages.go:
//     the front page, health and 404; 法人登录 and captchas; password reset;
//     账号设置
//   - home_pages.go, carrier_pages.go, staff_pages.go, my_pages.go: 服务事项
//     and 首页, 载体, 经办人, 我的信息 and 实名认证
//   - app_pages.go, app_sections.go, app_tables.go, app_rows.go,
//     app_inputs.go, app_forms.go, app_files.go, app_versions.go,
//     app_submit.go, app_imports.go: an application's list and task
//     list, sections, tables, table rows, inputs and posted forms,
//     attachments, 申报书 versions, submission and 办件进度, and tables
//     through Excel (template, export, import preview and commit)
//   - workbench_page.go, review_page.go, review_document.go: the reviewers'
//     工作台, the review page and the submitted 申报书 with its remarks;
//     workbench_batch.go, batch_page.go, paper_register_page.go: the batch
//     actions, the 名额 line and the 纸质材料登记
//   - admin_pages.go, round_pages.go, quota_pages.go: the administrator's
//     pages, 申报批次 and their 名额
//   - api_*.go: the JSON API, one file per resource, and its JSON helpers
package web

import (
	"log/slog"
	"net/http"
	"time"

	"hatch/internal/metrics"
	"hatch/internal/service"
)

// Options are the web layer's settings.
type Options struct {
	SupportPhone string // 技术支持电话, shown on 服务事项 and the login page
	SupportHours string // 技术支持服务时间
	SecureCookie bool   // set Secure on cookies (serving over HTTPS)
	// TrustProxy takes the client address from X-Forwarded-For / X-Real-IP;
	// only set it behind a reverse proxy that overwrites those headers.
	TrustProxy bool
	// IdleWarning is how long before the idle timeout the page warns.
	IdleWarning time.Duration
	// PublicURL is the site's address for the QR codes of 申报书 pages;
	// "" takes it from the request.
	PublicURL string
	// Metrics counts every request by route pattern and status, and is
	// served at /metrics (ops.go); nil counts nothing.
	Metrics *metrics.Metrics
	// MetricsToken is the bearer token /metrics asks for
	// (HATCH_METRICS_TOKEN). Without one, the site's listener does not
	// serve /metrics at all; the operations listener (NewOps) does.
	MetricsToken string
}

// Server is the HTTP front of Hatch.
type Server struct {
	svc  *service.Service
	log  *slog.Logger
	opts Options
	tpl  *templates
	// mux is the router, asked for the pattern of a request refused
	// before it reached the router (routeOf).
	mux *http.ServeMux
}

// New returns the HTTP handler for Hatch: every page, the API, static
// files and /healthz.
func New(svc *service.Service, log *slog.Logger, opts Options) (http.Handler, error) {
	tpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	if opts.IdleWarning == 0 {
		opts.IdleWarning = 5 * time.Minute
	}
	s := &Server{svc: svc, log: log, opts: opts, tpl: tpl}
	return s.routes(), nil
}
