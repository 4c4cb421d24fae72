package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hatch/internal/metrics"
)

// scrapeText is the registry as a scraper reads it.
func scrapeText(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestMetrics(t *testing.T) {
	tests := []struct {
		name string
		do   func(m *metrics.Metrics)
		want []string
	}{
		{"requests are counted by route and status, and timed by route", func(m *metrics.Metrics) {
			m.ObserveRequest("GET /applications/{id}", 200, 30*time.Millisecond)
			m.ObserveRequest("GET /applications/{id}", 200, 30*time.Millisecond)
			m.ObserveRequest("GET /applications/{id}", 404, time.Millisecond)
		}, []string{
			`hatch_http_requests_total{code="200",route="GET /applications/{id}"} 2`,
			`hatch_http_requests_total{code="404",route="GET /applications/{id}"} 1`,
			`hatch_http_request_duration_seconds_count{route="GET /applications/{id}"} 3`,
			`hatch_http_request_duration_seconds_bucket{route="GET /applications/{id}",le="0.05"} 3`,
		}},
		{"renders, imports, logins, locks and blob operations are counted by their labels", func(m *metrics.Metrics) {
			m.RenderDone(metrics.OK, 2*time.Second)
			m.ImportDone("preview", metrics.Problems, time.Second)
			m.LoginFailed("captcha")
			m.Locked("address")
			m.BlobDone("open", "missing", time.Millisecond)
			m.LimitRefused("export")
		}, []string{
			`hatch_limit_refusals_total{action="export"} 1`,
			`hatch_render_duration_seconds_count{outcome="ok"} 1`,
			`hatch_import_duration_seconds_count{outcome="problems",step="preview"} 1`,
			`hatch_logins_failed_total{reason="captcha"} 1`,
			`hatch_login_locks_total{scope="address"} 1`,
			`hatch_blob_operations_total{op="open",outcome="missing"} 1`,
			`hatch_blob_operation_duration_seconds_count{op="open"} 1`,
		}},
		{"pools are read at the scrape", func(m *metrics.Metrics) {
			m.WatchPools(func() []metrics.Pool {
				return []metrics.Pool{{Name: "writer", MaxOpen: 1, InUse: 1, WaitCount: 7, WaitDuration: 3 * time.Second}}
			})
		}, []string{
			`hatch_db_connections{pool="writer",state="in_use"} 1`,
			`hatch_db_connections{pool="writer",state="idle"} 0`,
			`hatch_db_connections_max{pool="writer"} 1`,
			`hatch_db_waits_total{pool="writer"} 7`,
			`hatch_db_wait_seconds_total{pool="writer"} 3`,
		}},
		{"write batches are read at the scrape", func(m *metrics.Metrics) {
			m.WatchBatches(func() metrics.Batches { return metrics.Batches{Batches: 4, Transactions: 90, Retries: 2} })
		}, []string{
			"hatch_db_batches_total 4",
			"hatch_db_batched_transactions_total 90",
			"hatch_db_batch_retries_total 2",
		}},
		{"the render queue is counted at the scrape", func(m *metrics.Metrics) {
			m.WatchRenderQueue(func(context.Context) (int, error) { return 3, nil })
		}, []string{"hatch_render_jobs_waiting 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metrics.New()
			tt.do(m)
			got := scrapeText(t, m)
			for _, w := range tt.want {
				if !strings.Contains(got, w+"\n") {
					t.Errorf("no line %s", w)
				}
			}
		})
	}
}

// TestQueueUnreadable: a queue the database cannot count is left out of
// the scrape, and the rest is still served.
func TestQueueUnreadable(t *testing.T) {
	m := metrics.New()
	m.WatchRenderQueue(func(context.Context) (int, error) { return 0, errors.New("database closed") })
	m.LoginFailed("password")
	got := scrapeText(t, m)
	if strings.Contains(got, "hatch_render_jobs_waiting ") || !strings.Contains(got, `hatch_logins_failed_total{reason="password"} 1`) {
		t.Fatalf("scrape:\n%s", got)
	}
}

// TestNilMetricsRecordNothing: a server or service built without metrics
// calls the same methods on nil.
func TestNilMetricsRecordNothing(t *testing.T) {
	var m *metrics.Metrics
	m.ObserveRequest("GET /", 200, time.Millisecond)
	m.RenderDone(metrics.OK, time.Second)
	m.ImportDone("commit", metrics.OK, time.Second)
	m.LoginFailed("password")
	m.Locked("account")
	m.BlobDone("put", metrics.OK, time.Second)
	m.WatchPools(nil)
	m.WatchRenderQueue(nil)
}

// BenchmarkObserveRequest is what the middleware adds to every request
// once its route and status have been seen: it must not allocate.
func BenchmarkObserveRequest(b *testing.B) {
	m := metrics.New()
	m.ObserveRequest("PUT /api/v1/applications/{id}/rows/{row}", 200, time.Millisecond)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.ObserveRequest("PUT /api/v1/applications/{id}/rows/{row}", 200, time.Millisecond)
		}
	})
}
