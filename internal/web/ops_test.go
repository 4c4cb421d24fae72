package web_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"hatch/internal/blob"
	"hatch/internal/blobtest"
	"hatch/internal/metrics"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/web"
)

const metricsToken = "scrape-0123456789abcdef"

func keepOpen(s *service.Settings) { s.KeepRoundsOpen = true }

func seededDir(_ testing.TB, d *blob.Dir) blob.Store { return d }

// newMeteredSite is a site with metrics m, /metrics behind token (""
// for none).
func newMeteredSite(t testing.TB, st *store.Store, m *metrics.Metrics, token string) *site {
	t.Helper()
	return newSiteOpts(t, st, keepOpen, seededDir, web.Options{Metrics: m, MetricsToken: token})
}

// getWith is a GET with the given headers and no cookie.
func getWith(t testing.TB, url string, header map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func bearerOf(tok string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + tok}
}

// TestMetricsAccess: /metrics answers only the bearer token of
// HATCH_METRICS_TOKEN; without a token set, the site does not serve it
// and the operations listener does, to whoever reaches its address.
func TestMetricsAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		withToken := newMeteredSite(t, st, metrics.New(), metricsToken)
		admin := withToken.browser().mustLogin("admin")
		tests := []struct {
			name   string
			status int
			get    func() (int, string)
		}{
			{"the token gets the metrics", 200, func() (int, string) {
				return getWith(t, withToken.srv.URL+"/metrics", bearerOf(metricsToken))
			}},
			{"another token is refused", 403, func() (int, string) {
				return getWith(t, withToken.srv.URL+"/metrics", bearerOf(metricsToken+"x"))
			}},
			{"no token is refused", 403, func() (int, string) { return getWith(t, withToken.srv.URL+"/metrics", nil) }},
			{"an administrator's session without the token is refused", 403, func() (int, string) {
				r := admin.get("/metrics")
				return r.status, r.body
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				status, body := tt.get()
				if status != tt.status || (status == 200) != strings.Contains(body, "hatch_http_requests_total") {
					t.Fatalf("status %d, want %d:\n%.300s", status, tt.status, body)
				}
			})
		}
		t.Run("without a token the site has no /metrics, even with a token sent", func(t *testing.T) {
			open := newMeteredSite(t, st, metrics.New(), "")
			for _, h := range []map[string]string{nil, bearerOf(metricsToken)} {
				if status, _ := getWith(t, open.srv.URL+"/metrics", h); status != http.StatusNotFound {
					t.Fatalf("status %d, want 404", status)
				}
			}
		})
	})
}

// TestOpsListener: the operations listener serves /metrics, /healthz and
// /readyz and nothing else; a token, when set, is asked for there too.
func TestOpsListener(t *testing.T) {
	st := storetest.New(t, "sqlite")
	m := metrics.New()
	s := newMeteredSite(t, st, m, "")
	ops := func(token string) *httptest.Server {
		srv := httptest.NewServer(web.NewOps(s.svc, quiet, web.Options{Metrics: m, MetricsToken: token}))
		t.Cleanup(srv.Close)
		return srv
	}
	open, guarded := ops(""), ops(metricsToken)
	tests := []struct {
		name   string
		url    string
		header map[string]string
		status int
		body   string
	}{
		{"without a token the metrics are served", open.URL + "/metrics", nil, 200, "hatch_db_connections"},
		{"alive", open.URL + "/healthz", nil, 200, "ok"},
		{"ready", open.URL + "/readyz", nil, 200, "ok"},
		{"no pages", open.URL + "/login", nil, 404, ""},
		{"with a token set, none is refused", guarded.URL + "/metrics", nil, 403, ""},
		{"with a token set, it is served", guarded.URL + "/metrics", bearerOf(metricsToken), 200, "hatch_render_jobs_waiting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := getWith(t, tt.url, tt.header)
			if status != tt.status || !strings.Contains(body, tt.body) {
				t.Fatalf("status %d, want %d with %q:\n%.300s", status, tt.status, tt.body, body)
			}
		})
	}
}

// TestReadiness: /readyz is 200 while the database and the blob store
// answer, and 503 naming the part that does not, with nothing of the
// cause; /healthz stays up while only the blob store is down.
func TestReadiness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		t.Run("both answer", func(t *testing.T) {
			s := newSite(t, st)
			expectStatus(t, s, "/readyz", 200, "ok\n")
		})
		t.Run("the blob directory is gone", func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "attachments")
			s := newSiteOn(t, st, keepOpen, func(t testing.TB, _ *blob.Dir) blob.Store {
				d, err := blob.NewDir(root)
				if err != nil {
					t.Fatal(err)
				}
				return d
			})
			os.RemoveAll(root)
			expectStatus(t, s, "/readyz", 503, "not ready: blob store\n")
			expectStatus(t, s, "/healthz", 200, "ok\n")
		})
		t.Run("the bucket's server is unreachable", func(t *testing.T) {
			var proxy *tcpProxy
			s := newSiteOn(t, st, keepOpen, func(t testing.TB, _ *blob.Dir) blob.Store {
				cfg := blobtest.Config(t)
				blobtest.S3With(t, cfg) // makes the bucket and removes it at the end
				proxy = newTCPProxy(t, cfg.Endpoint)
				cfg.Endpoint = proxy.addr()
				bucket, err := blob.NewS3(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				return bucket
			})
			expectStatus(t, s, "/readyz", 200, "ok\n")
			proxy.close()
			expectStatus(t, s, "/readyz", 503, "not ready: blob store\n")
		})
		t.Run("the database is closed", func(t *testing.T) {
			own := storetest.New(t, st.Engine())
			s := newSite(t, own)
			own.Close()
			expectStatus(t, s, "/readyz", 503, "not ready: database\n")
		})
	})
}

func expectStatus(t *testing.T, s *site, path string, status int, body string) {
	t.Helper()
	if got, b := getWith(t, s.srv.URL+path, nil); got != status || b != body {
		t.Fatalf("%s: %d %q, want %d %q", path, got, b, status, body)
	}
}

// tcpProxy forwards connections to a server until it is closed; closed,
// its port refuses connections as a server that is down does.
type tcpProxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newTCPProxy(t testing.TB, target string) *tcpProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln}
	go p.serve(target)
	t.Cleanup(p.close)
	return p
}

func (p *tcpProxy) addr() string { return p.ln.Addr().String() }

func (p *tcpProxy) serve(target string) {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close() }()
		go func() { io.Copy(c, up); c.Close() }()
	}
}

func (p *tcpProxy) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// scrape reads /metrics with the token and parses it with Prometheus's
// own text parser.
func (s *site) scrape(t testing.TB) map[string]*dto.MetricFamily {
	t.Helper()
	status, body := getWith(t, s.srv.URL+"/metrics", map[string]string{"Authorization": "Bearer " + metricsToken,
		"Accept": "text/plain"})
	if status != 200 {
		t.Fatalf("/metrics: %d", status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// sample is the value of the series of family name with labels (a
// counter's or gauge's value, a histogram's count), and whether it is
// there.
func sample(fams map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
	for _, m := range f.Metric {
		if !hasLabels(m, labels) {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

func hasLabels(m *dto.Metric, labels []string) bool {
	for i := 0; i+1 < len(labels); i += 2 {
		found := false
		for _, l := range m.Label {
			found = found || (l.GetName() == labels[i] && l.GetValue() == labels[i+1])
		}
		if !found {
			return false
		}
	}
	return true
}

// TestMetricsScrape: after a failed login, a lock-out, a row save, an
// import and a render through the server, /metrics parses with
// Prometheus's parser and each count moved by exactly what was done.
func TestMetricsScrape(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newMeteredSite(t, st, metrics.New(), metricsToken)
		before := s.scrape(t)
		doMeasuredWork(t, s)
		after := s.awaitScrape(t, "hatch_render_duration_seconds", "outcome", "ok")
		moved := []struct {
			name   string
			labels []string
			by     float64
		}{
			{"hatch_http_requests_total", []string{"route", "POST /api/v1/applications/{id}/tables/{table}/rows", "code", "201"}, 1},
			{"hatch_http_request_duration_seconds", []string{"route", "POST /api/v1/applications/{id}/tables/{table}/rows"}, 1},
			{"hatch_http_requests_total", []string{"route", "POST /api/v1/applications/{id}/tables/{table}/imports", "code", "201"}, 1},
			{"hatch_http_requests_total", []string{"route", "/", "code", "404"}, 1},
			{"hatch_logins_failed_total", []string{"reason", "password"}, 5},
			{"hatch_logins_failed_total", []string{"reason", "locked"}, 1},
			{"hatch_login_locks_total", []string{"scope", "account"}, 1},
			{"hatch_import_duration_seconds", []string{"step", "preview", "outcome", "ok"}, 1},
			{"hatch_import_duration_seconds", []string{"step", "commit", "outcome", "ok"}, 1},
			{"hatch_render_duration_seconds", []string{"outcome", "ok"}, 1},
		}
		for _, m := range moved {
			t.Run(fmt.Sprintf("%s%v moved by %g", m.name, m.labels, m.by), func(t *testing.T) {
				was, _ := sample(before, m.name, m.labels...)
				now, ok := sample(after, m.name, m.labels...)
				if (m.by > 0 && !ok) || now-was != m.by {
					t.Fatalf("%g → %g (present %t)", was, now, ok)
				}
			})
		}
		present := [][]string{
			{"hatch_blob_operations_total", "op", "put", "outcome", "ok"},
			{"hatch_blob_operation_duration_seconds", "op", "put"},
			{"hatch_db_connections", "state", "idle"},
			{"hatch_db_connections_max"},
			{"hatch_db_waits_total"},
			{"hatch_db_wait_seconds_total"},
			{"hatch_render_jobs_waiting"},
			{"hatch_db_batches_total"},
			{"hatch_db_batched_transactions_total"},
			{"hatch_db_batch_retries_total"},
			{"go_goroutines"},
		}
		for _, p := range present {
			t.Run(p[0]+" is there", func(t *testing.T) {
				if _, ok := sample(after, p[0], p[1:]...); !ok {
					t.Fatalf("missing")
				}
			})
		}
		t.Run("the database pools are named by engine", func(t *testing.T) {
			pool := map[string]string{"sqlite": "writer", "postgres": "main"}[st.Engine()]
			if _, ok := sample(after, "hatch_db_connections", "pool", pool, "state", "in_use"); !ok {
				t.Fatalf("no pool %q", pool)
			}
		})
	})
}

// doMeasuredWork is what TestMetricsScrape counts: six logins with a
// wrong password (the fifth locks the account; the sixth finds it locked
// and is counted as such, not as a password), a page that does not exist, a row
// saved, an import previewed and committed, a 申报书 rendered.
func doMeasuredWork(t *testing.T, s *site) {
	c := s.apiClient()
	lockAt := s.svc.Settings().AccountLockAt
	for i := range lockAt + 1 {
		want := http.StatusUnprocessableEntity
		if i == lockAt {
			want = http.StatusTooManyRequests
		}
		expect(t, "wrong password", c.login("demo-reviewer", "not the password"), want)
	}
	s.browser().get("/nowhere/at/all")
	me := s.as("demo-applicant")
	expect(t, "row", me.call("POST", fmt.Sprintf("/api/v1/applications/%d/tables/teams/rows", s.demoApp(t)),
		map[string]any{"values": map[string]string{"name": "计数团队", "state": "在孵", "members": "3"}}), http.StatusCreated)
	app := "/api/v1" + s.branchApp()
	r := expect(t, "import", me.multipart("POST", app+"/tables/teams/imports", map[string]string{"mode": "append"},
		map[string][]byte{"file": []byte(importHeader + "计数团队二,张三,在孵,5,智能硬件,电子信息,2021-01-15,否\n")}),
		http.StatusCreated)
	expect(t, "commit", me.call("POST", fmt.Sprintf("%s/imports/%d/commit", app, r.num("id")), nil), http.StatusOK)
	s.browser().mustLogin("demo-applicant").generate(s.branchApp())
}

// awaitScrape scrapes until the series is there: a worker records a
// render just after it stores the version the page shows.
func (s *site) awaitScrape(t *testing.T, name string, labels ...string) map[string]*dto.MetricFamily {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		fams := s.scrape(t)
		if _, ok := sample(fams, name, labels...); ok || time.Now().After(deadline) {
			return fams
		}
		time.Sleep(20 * time.Millisecond)
	}
}
