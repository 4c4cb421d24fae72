package web_test

import (
	"net/http"
	"testing"

	"hatch/internal/storetest"
)

// BenchmarkPages measures whole requests through the full server on each
// engine: a logged-in 首页 (session lookup, actor, carriers, render) and
// the login page (a new captcha row per view).
func BenchmarkPages(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			s := newSite(b, storetest.New(b, engine))
			home := s.browser().mustLogin("demo-applicant")
			anon := s.browser()
			b.Run("home", func(b *testing.B) { benchGet(b, home, "/home") })
			b.Run("login-page", func(b *testing.B) { benchGet(b, anon, "/login") })
		})
	}
}

func benchGet(b *testing.B, br *browser, path string) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if r := br.get(path); r.status != http.StatusOK {
			b.Fatalf("GET %s: %d", path, r.status)
		}
	}
}
