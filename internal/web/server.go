// Package web serves Hatch's HTML pages and its JSON API over the service
// layer. Handlers parse the request, call one service method, and render or
// redirect; they hold no business rules.
package web

import (
	"log/slog"
	"net/http"
	"time"

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
}

// Server is the HTTP front of Hatch.
type Server struct {
	svc  *service.Service
	log  *slog.Logger
	opts Options
	tpl  *templates
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
