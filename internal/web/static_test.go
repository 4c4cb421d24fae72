package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"hatch/internal/storetest"
)

// TestStaticFilesByContentHash: pages link the CSS and script by names that
// carry their content's hash, which browsers may keep for a year; the plain
// names still answer, to be revalidated; a hash the binary does not have is
// not found.
func TestStaticFilesByContentHash(t *testing.T) {
	s := newSite(t, storetest.New(t, "sqlite"))
	page := s.browser().get("/login").body
	links := regexp.MustCompile(`(?:href|src)="(/static/([a-z]+)\.([0-9a-f]{12})\.(css|js))"`).FindAllStringSubmatch(page, -1)
	if len(links) != 3 {
		t.Fatalf("the login page links %d hashed static files, want 3:\n%s", len(links), page)
	}
	get := func(path string) *http.Response {
		t.Helper()
		resp, err := http.Get(s.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	for _, l := range links {
		hashed, plain := l[1], "/static/"+l[2]+"."+l[4]
		t.Run(hashed+" is kept for a year", func(t *testing.T) {
			resp := get(hashed)
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || len(body) == 0 {
				t.Fatalf("status %d, %d bytes", resp.StatusCode, len(body))
			}
			if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
				t.Errorf("Cache-Control %q", cc)
			}
			plainResp := get(plain)
			plainBody, _ := io.ReadAll(plainResp.Body)
			if string(plainBody) != string(body) {
				t.Errorf("%s and %s differ", plain, hashed)
			}
			if cc := plainResp.Header.Get("Cache-Control"); cc != "no-cache" {
				t.Errorf("%s: Cache-Control %q, want no-cache", plain, cc)
			}
		})
	}
	t.Run("a hash this binary does not have is not found", func(t *testing.T) {
		if resp := get("/static/hatch.000000000000.css"); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
}
