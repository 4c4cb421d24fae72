package web

import (
	"log/slog"
	"net/http"
	"time"

	"hatch/internal/service"
)

// Monitoring reads /metrics, load balancers and orchestrators /healthz
// (the process is alive and reaches its database) and /readyz (it can
// serve: the database and the blob store both answer).

// readyTimeout bounds each part's answer to /readyz, well inside the
// probe intervals of load balancers.
const readyTimeout = 2 * time.Second

// handleReady answers 200 when the database and the blob store answer,
// and 503 naming the part that does not; the cause goes to the log only.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	if part := s.svc.Ready(r.Context(), readyTimeout); part != "" {
		http.Error(w, "not ready: "+part, http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}

// handleMetrics serves the metrics to a scraper. When HATCH_METRICS_TOKEN
// is set, every /metrics asks for it as a bearer token (403 without it).
// When it is not, the site's listener has no /metrics (404), and only the
// operations listener (open true), on an address of the operator's
// network, serves it to whoever reaches it.
func (s *Server) handleMetrics(open bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch {
		case s.opts.Metrics == nil || (s.opts.MetricsToken == "" && !open):
			http.NotFound(w, r)
		case s.opts.MetricsToken != "" && !metricsTokenIn(r, s.opts.MetricsToken):
			http.Error(w, "forbidden: /metrics needs the bearer token of HATCH_METRICS_TOKEN", http.StatusForbidden)
		default:
			s.opts.Metrics.Handler().ServeHTTP(w, r)
		}
	}
}

func metricsTokenIn(r *http.Request, want string) bool {
	got, ok := bearer(r)
	return ok && service.SameToken(got, want)
}

// NewOps is the handler of the operations listener (HATCH_METRICS_ADDR):
// /metrics, /healthz and /readyz only, with no pages and no sessions, for
// `hatch serve` beside the site and for `hatch worker`, which has none.
func NewOps(svc *service.Service, log *slog.Logger, opts Options) http.Handler {
	s := &Server{svc: svc, log: log, opts: opts}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", s.handleMetrics(true))
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /readyz", s.handleReady)
	return mux
}
