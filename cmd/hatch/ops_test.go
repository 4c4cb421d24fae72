package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var opsRe = regexp.MustCompile(`运维端口（/metrics、/healthz、/readyz）：http://([^/]+)/`)

// TestOpsListener: with HATCH_METRICS_ADDR, `hatch serve` and `hatch
// worker` each serve /metrics, /healthz and /readyz on that address; the
// site itself, with no HATCH_METRICS_TOKEN, has no /metrics.
func TestOpsListener(t *testing.T) {
	env := map[string]string{
		"HATCH_DATA":         t.TempDir(),
		"HATCH_TEST_CAPTCHA": "424242",
		"HATCH_ADDR":         "127.0.0.1:0",
		"HATCH_METRICS_ADDR": "127.0.0.1:0",
	}
	web := start(t, []string{"serve"}, env)
	site := "http://" + web.await(t, regexp.MustCompile(`Hatch 已启动（数据库：sqlite）：http://([^/]+)/`), 3*time.Minute)[1]
	ops := "http://" + web.await(t, opsRe, time.Second)[1]
	get(t, site+"/healthz", 200, "ok")
	checks := []struct {
		name, url string
		status    int
		want      string
	}{
		{"serve: the site has no /metrics", site + "/metrics", 404, ""},
		{"serve: the operations port has the request counts", ops + "/metrics", 200, `hatch_http_requests_total{code="200",route="GET /healthz"} 1`},
		{"serve: ready", ops + "/readyz", 200, "ok"},
		{"serve: alive", ops + "/healthz", 200, "ok"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { get(t, c.url, c.status, c.want) })
	}
	if err := web.end(t); err != nil {
		t.Fatalf("hatch serve: %v", err)
	}

	env["HATCH_DEMO"] = "false"
	worker := start(t, []string{"worker"}, env)
	ops = "http://" + worker.await(t, opsRe, time.Minute)[1]
	t.Run("worker: the operations port has the render queue", func(t *testing.T) {
		get(t, ops+"/metrics", 200, "hatch_render_jobs_waiting 0")
	})
	t.Run("worker: ready", func(t *testing.T) { get(t, ops+"/readyz", 200, "ok") })
	if err := worker.end(t); err != nil {
		t.Fatalf("hatch worker: %v", err)
	}
}

func get(t *testing.T, url string, status int, want string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status || !strings.Contains(string(b), want) {
		t.Fatalf("GET %s: %d, want %d with %q:\n%.400s", url, resp.StatusCode, status, want, b)
	}
}
