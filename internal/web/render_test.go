package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hatch/internal/service"
	"hatch/internal/store"
)

// startRenders runs one render worker beside the site until the test
// ends, once per site.
func (s *site) startRenders() {
	s.t.Helper()
	if s.renderer != nil {
		return
	}
	r, err := s.svc.StartRenders(s.t.Context(), service.RenderOptions{Workers: 1})
	if err != nil {
		s.t.Fatal(err)
	}
	s.renderer = r
	s.t.Cleanup(func() { _ = r.Kill(s.t.Context()) })
}

var (
	renderPathRe = regexp.MustCompile(`^/applications/\d+/renders/\d+$`)
	doneRe       = regexp.MustCompile(`data-versions="([^"]+)"`)
)

// pressGenerate is 下载材料 with the given press token; it returns the
// render page it leads to.
func (b *browser) pressGenerate(app, press string) string {
	b.s.t.Helper()
	r := b.post(app+"/versions", url.Values{"press": {press}})
	if r.status != http.StatusSeeOther || !renderPathRe.MatchString(r.location) {
		b.s.t.Fatalf("下载材料: %d %q\n%s", r.status, r.location, r.body)
	}
	return r.location
}

// awaitRender reloads a render page, as the page does by itself, until
// the 申报书 is made; it returns the last page and the versions page it
// leads to (…/versions?new=ID).
func (b *browser) awaitRender(renderPage string) (response, string) {
	b.s.t.Helper()
	b.s.startRenders()
	deadline := time.Now().Add(90 * time.Second)
	for {
		p := b.get(renderPage)
		if p.status != http.StatusOK {
			b.s.t.Fatalf("render page: %d\n%s", p.status, p.body)
		}
		if m := doneRe.FindStringSubmatch(p.body); m != nil {
			return p, strings.ReplaceAll(m[1], "&amp;", "&")
		}
		if strings.Contains(p.body, `id="render-failed"`) || time.Now().After(deadline) {
			b.s.t.Fatalf("the render did not finish:\n%s", p.body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// generate is 下载材料 followed until done: the versions page it leads to.
func (b *browser) generate(app string) string {
	b.s.t.Helper()
	_, versions := b.awaitRender(b.pressGenerate(app, ""))
	return versions
}

// TestRenderPageThroughTheServer: 下载材料 answers at once with a page that
// follows the render (reloading itself without script), one press is one
// job, another organisation's applicant gets 404, and the page ends with
// the 版本号 and the download.
func TestRenderPageThroughTheServer(t *testing.T) { testRenderPage(t, goldenFiles) }

func testRenderPage(t *testing.T, g golden) {
	g.each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "排队众创空间")
		b.get(app + "/guidance") // takes the flash of the creation
		page := b.pressGenerate(app, "press-1")
		t.Run("the same press sent again leads to the same render", func(t *testing.T) {
			if again := b.pressGenerate(app, "press-1"); again != page {
				t.Errorf("a resent press leads to %s, want %s", again, page)
			}
		})
		t.Run("a waiting render reloads itself without script", func(t *testing.T) {
			w := b.get(page)
			if w.status != http.StatusOK {
				t.Fatalf("render page: %d", w.status)
			}
			mustContain(t, "render", w.body, "排队等候生成", "即将开始生成", `<noscript><meta http-equiv="refresh" content="2"></noscript>`,
				`data-poll="2"`)
			g.check(t, "app_render_waiting", normaliseRender(w.body))
		})
		t.Run("another organisation's applicant gets 404", func(t *testing.T) {
			other := s.browser().mustLogin("demo-applicant-2")
			if r := other.get(page); r.status != http.StatusNotFound {
				t.Errorf("another organisation's render page: %d, want 404", r.status)
			}
			mine := appIDOf(t, app)
			theirs := "/applications/" + itoa(mine+1000) + page[strings.LastIndex(page, "/renders/"):]
			if r := b.get(theirs); r.status != http.StatusNotFound {
				t.Errorf("the job under an application not its own: %d, want 404", r.status)
			}
		})
		done, versions := b.awaitRender(page)
		t.Run("once made, the page gives the 版本号 and the download, and stops reloading", func(t *testing.T) {
			code := versionRe.FindString(done.body)
			if code == "" || strings.Contains(done.body, "http-equiv=\"refresh\"") {
				t.Fatalf("done page without 版本号 or still reloading:\n%s", done.body)
			}
			mustContain(t, "render", done.body, "申报书已生成", `id="render-download"`, "/pdf")
			g.check(t, "app_render_done", normaliseRender(done.body))
			list := b.get(versions)
			mustContain(t, "versions", list.body, "已生成申报书，版本号 "+code, "data-download=")
		})
		t.Run("the press queued one version", func(t *testing.T) {
			vv, err := s.svc.Versions(t.Context(), s.applicant(), appIDOf(t, app))
			if err != nil || len(vv.Versions) != 1 {
				t.Errorf("%d versions (%v), want 1", len(vv.Versions), err)
			}
		})
	})
}

// normaliseRender hides what changes from run to run on the render page.
func normaliseRender(body string) string {
	body = normaliseVersions(body)
	body = regexp.MustCompile(`/renders/\d+`).ReplaceAllString(body, "/renders/N")
	return regexp.MustCompile(`new=\d+`).ReplaceAllString(body, "new=N")
}
