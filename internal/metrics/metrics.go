// Package metrics holds what Hatch tells its operators' monitoring, in the
// Prometheus text format: requests by route, the database pools, 申报书
// renders, imports, logins and the blob store. Each Metrics has its own
// registry, so that tests can build several servers side by side; every
// method is safe on a nil *Metrics, which records nothing.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one process's metrics and the registry they are read from.
type Metrics struct {
	reg *prometheus.Registry

	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// routes caches the series of each route and status, so that a
	// request costs two map lookups under a read lock and no label
	// strings (strconv of the status happens once per pair).
	mu     sync.RWMutex
	counts map[routeCode]prometheus.Counter
	times  map[string]prometheus.Observer

	renders       *prometheus.HistogramVec
	imports       *prometheus.HistogramVec
	loginsFailed  *prometheus.CounterVec
	locked        *prometheus.CounterVec
	limited       *prometheus.CounterVec
	blobOps       *prometheus.CounterVec
	blobLatency   *prometheus.HistogramVec
	renderWaiting prometheus.GaugeFunc
}

type routeCode struct {
	route string
	code  int
}

// New builds the metrics on a registry of their own, with Go's runtime
// and process metrics beside them.
func New() *Metrics {
	m := &Metrics{
		reg:    prometheus.NewRegistry(),
		counts: map[routeCode]prometheus.Counter{},
		times:  map[string]prometheus.Observer{},
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.requests = m.counterVec("hatch_http_requests_total",
		"HTTP requests answered, by route pattern and status code.", "route", "code")
	m.latency = m.histogramVec("hatch_http_request_duration_seconds",
		"Time to answer an HTTP request, by route pattern.", prometheus.DefBuckets, "route")
	m.renders = m.histogramVec("hatch_render_duration_seconds",
		"Time one 申报书 render job took in a worker, by outcome (ok, cancelled, error).",
		[]float64{.25, .5, 1, 2, 4, 8, 15, 30, 60, 120, 300}, "outcome")
	m.imports = m.histogramVec("hatch_import_duration_seconds",
		"Time of a table import step (preview, commit), by outcome (ok, problems, refused, error).",
		[]float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30}, "step", "outcome")
	m.loginsFailed = m.counterVec("hatch_logins_failed_total",
		"Logins refused, by reason (password, captcha, locked).", "reason")
	m.locked = m.counterVec("hatch_login_locks_total",
		"Lock-outs started after repeated failures, by what was locked (account, address).", "scope")
	m.limited = m.counterVec("hatch_limit_refusals_total",
		"Requests refused by a per-account limit, by action (render, import, export, list_export).", "action")
	m.blobOps = m.counterVec("hatch_blob_operations_total",
		"Blob store operations, by operation (put, open, delete, list) and outcome (ok, missing, error).",
		"op", "outcome")
	m.blobLatency = m.histogramVec("hatch_blob_operation_duration_seconds",
		"Time of a blob store operation (for put, the whole upload), by operation.",
		[]float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}, "op")
	return m
}

func (m *Metrics) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	v := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	m.reg.MustRegister(v)
	return v
}

func (m *Metrics) histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	v := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
	m.reg.MustRegister(v)
	return v
}

// Handler serves the registry in the Prometheus text format. A gauge
// read at scrape time that fails (the render queue, with the database
// down) is left out; the rest is still served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// ObserveRequest counts one answered request. route is the pattern the
// router matched (never the raw path, which would make a series per
// application id).
func (m *Metrics) ObserveRequest(route string, code int, d time.Duration) {
	if m == nil {
		return
	}
	c, o := m.series(route, code)
	c.Inc()
	o.Observe(d.Seconds())
}

// series returns the cached series of route and code, making them on
// first use. Routes and codes are few, so the cache stays small.
func (m *Metrics) series(route string, code int) (prometheus.Counter, prometheus.Observer) {
	k := routeCode{route, code}
	m.mu.RLock()
	c, okc := m.counts[k]
	o, oko := m.times[route]
	m.mu.RUnlock()
	if okc && oko {
		return c, o
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, okc = m.counts[k]; !okc {
		c = m.requests.WithLabelValues(route, strconv.Itoa(code))
		m.counts[k] = c
	}
	if o, oko = m.times[route]; !oko {
		o = m.latency.WithLabelValues(route)
		m.times[route] = o
	}
	return c, o
}
