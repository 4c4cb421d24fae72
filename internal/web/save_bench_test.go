package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/metrics"
	"hatch/internal/storetest"
	"hatch/internal/web"
)

// BenchmarkSaveRowRequest is one row save through the whole server — the
// session, the API handler, the service rules and the transaction —
// without a network, so the figure is the server's own cost per save;
// with metrics=on, also what counting it for /metrics costs.
func BenchmarkSaveRowRequest(b *testing.B) {
	for _, engine := range storetest.Engines {
		for _, metered := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/metrics=%s", engine, map[bool]string{false: "off", true: "on"}[metered]), func(b *testing.B) {
				benchSaveRowRequest(b, engine, metered)
			})
		}
	}
}

func benchSaveRowRequest(b *testing.B, engine string, metered bool) {
	opts := web.Options{}
	if metered {
		opts.Metrics = metrics.New()
	}
	s := newSiteOpts(b, storetest.New(b, engine), keepOpen, seededDir, opts)
	c := s.as("demo-applicant")
	app := s.demoApp(b)
	r := expect(b, "row", c.call("POST", fmt.Sprintf("/api/v1/applications/%d/tables/teams/rows", app),
		map[string]any{"values": map[string]string{"name": "基准团队", "state": "在孵", "members": "3"}}), http.StatusCreated)
	path := fmt.Sprintf("/api/v1/applications/%d/rows/%d", app, r.num("id"))
	h := s.srv.Config.Handler
	u, _ := url.Parse(s.srv.URL)
	cookie := c.c.Jar.Cookies(u)[0]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		body, _ := json.Marshal(map[string]any{"values": map[string]string{"name": "基准团队", "state": "在孵",
			"members": fmt.Sprint(3 + i%5)}, "revision": i + 1})
		req := httptest.NewRequest("PUT", path, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", c.csrf)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("save %d: %d %s", i, rec.Code, rec.Body)
		}
	}
}

// demoApp returns the id of demo-applicant's complete demo application.
func (s *site) demoApp(tb testing.TB) int64 {
	tb.Helper()
	ctx := context.Background()
	u, _, _ := s.st.UserByLogin(ctx, "demo-applicant")
	list, err := s.svc.Applications(ctx, domain.Actor{User: u, OrgCertified: true})
	if err != nil || len(list) == 0 {
		tb.Fatalf("no demo application: %v", err)
	}
	return list[len(list)-1].ID
}

// BenchmarkSaveRowParallel saturates the server in-process: every
// goroutine saves its own row, as many users at once would, with no load
// generator competing for the CPU. ns/op is the inverse of throughput.
func BenchmarkSaveRowParallel(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			s := newSite(b, storetest.New(b, engine))
			c := s.as("demo-applicant")
			app := s.demoApp(b)
			u, _ := url.Parse(s.srv.URL)
			cookie := c.c.Jar.Cookies(u)[0]
			h := s.srv.Config.Handler
			rows := make(chan int64, 64)
			for i := 0; i < 64; i++ {
				r := expect(b, "row", c.call("POST", fmt.Sprintf("/api/v1/applications/%d/tables/teams/rows", app),
					map[string]any{"values": map[string]string{"name": fmt.Sprint("并行团队", i), "state": "在孵", "members": "3"}}), http.StatusCreated)
				rows <- r.num("id")
			}
			b.SetParallelism(8)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				row, rev := <-rows, int64(1)
				path := fmt.Sprintf("/api/v1/applications/%d/rows/%d", app, row)
				for pb.Next() {
					body, _ := json.Marshal(map[string]any{"values": map[string]string{"name": "并行团队", "state": "在孵",
						"members": fmt.Sprint(3 + rev%5)}, "revision": rev})
					req := httptest.NewRequest("PUT", path, strings.NewReader(string(body)))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("X-CSRF-Token", c.csrf)
					req.AddCookie(cookie)
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Errorf("save: %d %s", rec.Code, rec.Body)
						return
					}
					rev++
				}
			})
		})
	}
}
