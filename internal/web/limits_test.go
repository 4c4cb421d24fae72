package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hatch/internal/clock"
	"hatch/internal/service"
	"hatch/internal/store"
)

// limitedSite is a site whose per-account limits a test reaches in a few
// requests.
func limitedSite(t *testing.T, st *store.Store) *site {
	t.Helper()
	return newSiteWith(t, st, func(s *service.Settings) {
		s.KeepRoundsOpen = true
		s.Limits = service.Limits{
			Renders:     1,
			Imports:     service.Rate{N: 1, Per: 10 * time.Minute},
			Exports:     service.Rate{N: 2, Per: 10 * time.Minute},
			ListExports: service.Rate{N: 1, Per: 10 * time.Minute},
		}
	})
}

// from sends a request as a browser does from a page: with the page as
// its Referer and, for a form, the page's CSRF token.
func (b *browser) from(page, method, path string, form url.Values) response {
	b.s.t.Helper()
	if form != nil && form.Get("_csrf") == "" {
		form.Set("_csrf", b.csrf)
	}
	return b.do(method, path, form, map[string]string{"Referer": b.s.srv.URL + page})
}

// wantLedBack checks a page's refused action: back to the page it came
// from, with when to retry, and the message on that page.
func wantLedBack(t *testing.T, b *browser, r response, page, retry string, words ...string) response {
	t.Helper()
	if r.status != http.StatusSeeOther || r.location != page {
		t.Fatalf("refused action: %d to %q, want 303 back to %q", r.status, r.location, page)
	}
	if got := r.header.Get("Retry-After"); got != retry {
		t.Errorf("Retry-After %q, want %q", got, retry)
	}
	back := b.get(page)
	mustContain(t, "the page led back to", back.body, append([]string{`class="notice notice-error"`}, words...)...)
	return back
}

// wantLimited checks an API refusal: 429, Retry-After, the usual error body.
func wantLimited(t *testing.T, r apiResponse, retry string, words ...string) {
	t.Helper()
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != retry {
		t.Fatalf("want 429 with Retry-After %s, got %s (Retry-After %q)", retry, r, r.header.Get("Retry-After"))
	}
	for _, w := range words {
		if !strings.Contains(r.str("error"), w) {
			t.Errorf("error %q, want it to say %q", r.str("error"), w)
		}
	}
}

// TestLimitsThroughTheServer: beyond an account's limit, the API answers
// 429 with Retry-After and its error body, and a page leads back to where
// the button or link was, the message on top.
func TestLimitsThroughTheServer(t *testing.T) { testLimitPages(t, goldenFiles) }

func testLimitPages(t *testing.T, g golden) {
	g.each(t, func(t *testing.T, st *store.Store) {
		s := limitedSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		api := s.as("demo-applicant")
		app, other := newApplication(t, b, "限额众创空间"), newApplication(t, b, "限额众创空间二")
		b.get(other + "/guidance") // takes the flash of the creation
		t.Run("下载材料 beyond the renders waiting leads back to the versions page", func(t *testing.T) {
			b.get(app + "/versions")
			page := b.pressGenerate(app, "press-1")
			b.get(app + "/versions")
			if again := b.pressGenerate(app, "press-again"); again != page {
				t.Errorf("a new press while the render waits leads to %s, want its page %s", again, page)
			}
			b.get(other + "/versions")
			r := b.from(other+"/versions", "POST", other+"/versions", url.Values{"press": {"press-2"}})
			back := wantLedBack(t, b, r, other+"/versions", "30", "您已有 1 份申报书正在排队或生成")
			g.check(t, "app_versions_limited", normaliseVersions(back.body))
		})
		t.Run("the API's 下载材料 beyond it is 429", func(t *testing.T) {
			wantLimited(t, api.call("POST", "/api/v1"+other+"/versions", struct{}{}), "30", "正在排队或生成")
		})
		table := app + "/tables/teams"
		retryAt := g.at.Add(10 * time.Minute).In(clock.Zone).Format("15:04")
		t.Run("exports beyond the rate are 429 on the API", func(t *testing.T) {
			expect(t, "template", api.call("GET", "/api/v1"+table+"/template", nil), http.StatusOK)
			expect(t, "export", api.call("GET", "/api/v1"+table+"/export", nil), http.StatusOK)
			wantLimited(t, api.call("GET", "/api/v1"+app+"/export", nil), "600",
				"导出表格过于频繁：每个账号每 10 分钟最多 2 次。请于 "+retryAt+" 后再试。")
		})
		t.Run("an export link beyond the rate leads back to the page, where it was", func(t *testing.T) {
			r := b.from(table+"?page=1&sort=name", "GET", table+"/export", nil)
			wantLedBack(t, b, r, table+"?page=1&sort=name", "600", "导出表格过于频繁", "请于 "+retryAt+" 后再试")
		})
		t.Run("without a page of this site to go back to, the page above the link", func(t *testing.T) {
			for name, referer := range map[string]string{
				"no referring page":                  "",
				"a page of another site":             "https://elsewhere.example" + table,
				"a path that leaves the site":        s.srv.URL + "//elsewhere.example" + table,
				"a path with a backslash":            s.srv.URL + "/\\elsewhere.example",
				"the refused link itself":            s.srv.URL + table + "/template",
				"a referring page that is not a URL": "%zz",
			} {
				t.Run(name, func(t *testing.T) {
					r := b.do("GET", table+"/template", nil, map[string]string{"Referer": referer})
					wantLedBack(t, b, r, table, "600", "导出表格过于频繁")
				})
			}
		})
		t.Run("an import beyond the rate goes back to the import form", func(t *testing.T) {
			file := map[string][]byte{"file": []byte(importHeader + "限额团队,张三,在孵,5,智能硬件,电子信息,2021-01-15,否\n")}
			b.get(table)
			if r := b.postMultipart(table+"/imports", nil, file); r.status != http.StatusSeeOther ||
				!strings.Contains(r.location, "/imports/") {
				t.Fatalf("first import: %d %q", r.status, r.location)
			}
			b.get(table)
			r := b.postMultipart(table+"/imports", nil, file)
			wantLedBack(t, b, r, table+"?import=1#import", "600", "导入过于频繁", "请于 "+retryAt+" 后再试")
			wantLimited(t, api.multipart("POST", "/api/v1"+table+"/imports", nil, file), "600", "导入过于频繁")
		})
		t.Run("a department's list export beyond its rate leads back to the filtered 工作台", func(t *testing.T) {
			rb := s.browser().mustLogin("demo-province")
			list := "/workbench?status=" + url.QueryEscape("待省级审核")
			if r := rb.from(list, "GET", "/workbench/export.xlsx?status="+url.QueryEscape("待省级审核"), nil); r.status != http.StatusOK {
				t.Fatalf("first export: %d", r.status)
			}
			r := rb.from(list, "GET", "/workbench/paper-register.xlsx", nil)
			wantLedBack(t, rb, r, list, "600", "导出名单过于频繁")
		})
		t.Run("another account's limits are its own", func(t *testing.T) {
			other := s.as("demo-applicant-2")
			list := expect(t, "list", other.call("GET", "/api/v1/applications", nil), http.StatusOK)
			id := list.num("items.0.id")
			expect(t, "template", other.call("GET", "/api/v1/applications/"+itoa(id)+"/tables/teams/template", nil),
				http.StatusOK)
		})
	})
}
