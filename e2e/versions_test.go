package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hatch/internal/demo"
	"hatch/internal/testkit"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// demoComplete is the carrier of demo-applicant's complete demo
// application (every task 已完成).
const demoComplete = "启明星众创空间"

var (
	appIDPathRe   = regexp.MustCompile(`^/applications/\d+$`)
	versionCodeRe = regexp.MustCompile(`^\d{4}[A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4}$`)
	sha256Re      = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// TestVersionsWalk goes through the 申报书 of the complete demo
// application in a real browser, once on each database engine: 核对申报信息,
// 下载材料 with the browser's download of the PDF, a second version, an
// edit that marks both 数据已修改, the byte-identical download of the older
// version, and the public verification of a 版本号.
func TestVersionsWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		versionsWalk(t, bin, "sqlite", "")
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		versionsWalk(t, bin, "postgres", postgresDB(t))
	})
}

// verWalk is a walk through the versions of one application.
type verWalk struct {
	*walk
	app   string     // /applications/N
	first versionRow // the version 下载材料 made first
	pdf   []byte     // its bytes as the browser downloaded them
	newer versionRow // the second version
}

// versionRow is one row of the versions table as the page shows it.
type versionRow struct {
	id, code, sha, status, pages, size string
}

func versionsWalk(t *testing.T, bin, engine, dbURL string) {
	begin := time.Now()
	srv := startServer(t, dbURL)
	cleanScreenshots(t, engine+"-ver")
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: engine + "-ver"}
	v := &verWalk{walk: w}
	steps := []struct {
		name string
		run  func(*verWalk)
	}{
		{"核对申报信息", previewStep},
		{"下载材料", firstVersion},
		{"second version", secondVersion},
		{"edit marks 数据已修改", staleVersions},
		{"older version again", olderAgain},
		{"public verification", verifyCode},
		{"a draft says it cannot be submitted", draftVersion},
		{"submitted, every page is read-only", lockedAfterSubmit},
	}
	for _, s := range steps {
		start := time.Now()
		s.run(v)
		t.Logf("step %q took %s", s.name, time.Since(start).Round(10*time.Millisecond))
	}
	t.Logf("%s: the whole versions walk took %s", engine, time.Since(begin).Round(10*time.Millisecond))
}

// previewStep: log in, open the complete demo application from the list,
// 核对申报信息 shows the cover, the parts and tables with rows.
func previewStep(v *verWalk) {
	v.login("demo-applicant", demoPassword)
	v.expectPath("/services")
	// Manual 三: 在线办事 is a menu, 我的信息 an item in it.
	v.pg().MustElement("#online-menu summary").MustClick()
	v.shotView("online-menu")
	v.clickText("#online-menu a", "^我的信息$")
	v.expectPath("/my")
	v.expectElement(`#online-menu a[href="/my"][aria-current="page"]`)
	v.open("/applications")
	v.clickText("#applications td a", "^"+regexp.QuoteMeta(demoComplete)+"$")
	v.app = v.path()
	if !appIDPathRe.MatchString(v.app) {
		v.t.Fatalf("the application's link led to %s", v.app)
	}
	v.expectText("#task-progress", "已完成 9 / 9 项")
	v.expectText("#app-doc", "尚未生成")
	if v.has("#versions-link") {
		v.t.Fatal("全部版本 is offered before any version exists")
	}
	v.click("#preview-link")
	v.expectPath(v.app + "/preview")
	v.expectText("main h1", "核对申报信息")
	if v.has("#preview-open") {
		v.t.Fatalf("the complete application's preview warns:\n%s", v.text("#preview-open"))
	}
	v.expectText("#doc-cover", demoComplete)
	v.expectText("#doc-cover", "下载时生成") // the 版本号
	parts := v.pg().MustElements("article.doc section.doc-part")
	if len(parts) < 5 {
		v.t.Fatalf("the preview has %d parts, want at least 5", len(parts))
	}
	var heads []string
	for _, p := range parts {
		heads = append(heads, strings.TrimSpace(p.MustElement("h2").MustText()))
	}
	v.t.Logf("preview parts: %s", strings.Join(heads, " | "))
	// Detail tables with real rows (not the （无） placeholder).
	filled := 0
	var firstTable string
	for _, tb := range v.pg().MustElements("article.doc .doc-table") {
		if n := len(tb.MustElements("tbody tr td:not(.empty)")); n > 0 {
			filled++
			if firstTable == "" {
				firstTable = "#" + *tb.MustAttribute("id")
			}
		}
	}
	if filled == 0 {
		v.t.Fatal("no table of the preview has a row")
	}
	v.t.Logf("preview: %d parts, %d tables with rows", len(parts), filled)
	// Dates and codes print on one line, however narrow their column.
	broken := v.pg().MustEval(`() => [...document.querySelectorAll("article.doc td")]
		.filter(td => /^(\d{4}-\d{2}-\d{2}|[0-9A-Z]{18})$/.test(td.textContent.trim()))
		.filter(td => { const r = document.createRange(); r.selectNodeContents(td);
			return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1 })
		.map(td => td.textContent.trim())`).Arr()
	if len(broken) > 0 {
		v.t.Fatalf("the preview breaks %d dates or codes across lines, e.g. %s", len(broken), broken[0])
	}
	v.shotView("preview-top")
	v.shotElement("preview-table", firstTable)
}

// firstVersion: 下载材料 on the preview makes a version, the versions page
// marks it and the browser downloads its PDF, whose SHA-256 is the row's.
func firstVersion(v *verWalk) {
	data, name := v.generate()
	v.expectText("#versions-new", "已生成申报书，版本号")
	rows := v.versionRows()
	if len(rows) != 1 {
		v.t.Fatalf("the versions page lists %d versions after the first 下载材料, want 1", len(rows))
	}
	v.first = rows[0]
	v.expectNew(v.first)
	v.expectPDF(data, name, v.first)
	if !strings.Contains(v.first.status, "最新") || strings.Contains(v.first.status, "数据已修改") {
		v.t.Fatalf("the only version's status is %q, want 最新", v.first.status)
	}
	if v.has("#versions-stale") {
		v.t.Fatalf("a fresh version is reported stale: %s", v.text("#versions-stale"))
	}
	v.expectText("#versions-new", v.first.code)
	v.pdf = data
	v.t.Logf("first version %s: %s pages, %s, sha256 %s", v.first.code, v.first.pages, v.first.size, v.first.sha)
	v.shot("versions-first")

	v.open(v.app)
	v.expectText("#app-doc", v.first.code)
	v.expectText("#app-doc", "共 1 个版本")
	v.expectElement("#versions-link")
}

// secondVersion: 下载材料 on the versions page makes another version, listed
// first.
func secondVersion(v *verWalk) {
	v.click("#versions-link")
	v.expectPath(v.app + "/versions")
	data, name := v.generate()
	rows := v.versionRows()
	if len(rows) != 2 {
		v.t.Fatalf("the versions page lists %d versions after the second 下载材料, want 2", len(rows))
	}
	v.newer = rows[0]
	if v.newer.code == v.first.code || v.newer.id == v.first.id {
		v.t.Fatalf("the second version repeats the first: %s (%s)", v.newer.code, v.newer.id)
	}
	if rows[1].id != v.first.id || rows[1].code != v.first.code || rows[1].sha != v.first.sha {
		v.t.Fatalf("the second row is %+v, want the first version %+v", rows[1], v.first)
	}
	v.expectNew(v.newer)
	v.expectPDF(data, name, v.newer)
	if !strings.Contains(v.newer.status, "最新") {
		v.t.Fatalf("the newest version's status is %q, want 最新", v.newer.status)
	}
	if strings.Contains(rows[1].status, "最新") || strings.Contains(rows[1].status, "数据已修改") {
		v.t.Fatalf("the older version's status is %q, want no tag", rows[1].status)
	}
	v.t.Logf("second version %s: %s pages, %s", v.newer.code, v.newer.pages, v.newer.size)
	v.shot("versions-second")
}

// staleVersions: a small edit of 基础信息 marks every version 数据已修改.
func staleVersions(v *verWalk) {
	v.open(v.app)
	v.click(`a.task-name[href="` + v.app + `/sections/basic"]`)
	v.expectPath(v.app + "/sections/basic")
	v.shotView("section-tabs")
	title := v.pg().MustElement("#contact_title").MustProperty("value").String()
	if title == "" {
		v.t.Fatal("the demo application has no 联系人职务")
	}
	v.fill("#contact_title", title+"兼项目经理")
	v.click("#save-section")
	v.expectPath(v.app + "/sections/basic")
	v.expectText("#flash", "已保存。")

	v.open(v.app)
	v.expectText("#app-doc", v.newer.code)
	v.expectText("#app-doc", "数据已修改")
	v.shotView("tasks-stale")
	v.click("#versions-link")
	v.expectPath(v.app + "/versions")
	v.expectText("#versions-stale", v.newer.code)
	rows := v.versionRows()
	if len(rows) != 2 {
		v.t.Fatalf("the versions page lists %d versions after the edit, want 2", len(rows))
	}
	for _, r := range rows {
		if !strings.Contains(r.status, "数据已修改") {
			v.t.Errorf("version %s after the edit shows %q, want 数据已修改", r.code, r.status)
		}
	}
	if !strings.Contains(rows[0].status, "最新") {
		v.t.Errorf("the newest version after the edit shows %q, want 最新 too", rows[0].status)
	}
	if v.has("tr.row-new") {
		v.t.Error("a version is marked new on a plain visit of the versions page")
	}
	v.shot("versions-stale")
	if v.t.Failed() {
		v.t.FailNow()
	}
}

// olderAgain: the older version's 下载 link sends the same bytes as the
// browser downloaded when it was made.
func olderAgain(v *verWalk) {
	data, name := v.download(func() {
		v.pg().MustElement("#version-" + v.first.id + ` a[href$="/pdf"]`).MustClick()
	})
	v.expectPath(v.app + "/versions") // a download, not a navigation
	v.expectPDF(data, name, v.first)
	if !bytes.Equal(data, v.pdf) {
		v.t.Fatalf("the re-download of %s differs from the first download (%d and %d bytes)", v.first.code, len(data), len(v.pdf))
	}

	// Not for anyone else: without the session the PDF is not sent.
	client := &http.Client{Timeout: stepTimeout, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := client.Get(v.base + v.app + "/versions/" + v.first.id + "/pdf")
	if err != nil {
		v.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		v.t.Fatalf("an anonymous GET of the PDF answered 200 (%s)", resp.Header.Get("Content-Type"))
	}
}

// verifyCode: an anonymous browser page checks the newer 版本号, typed in
// lower case without dashes, then an unknown one.
func verifyCode(v *verWalk) {
	anon := v.page.Browser().MustIncognito()
	v.t.Cleanup(func() { anon.Close() })
	page := anon.MustPage()
	page.Timeout(stepTimeout).MustSetViewport(1366, 900, 1, false)
	a := &walk{t: v.t, page: page, base: v.base, engine: v.engine, n: v.n}
	a.open("/verify")
	a.expectPath("/verify")
	a.expectText("main h1", "申报书版本核验")
	if a.has("header form[action=\"/logout\"]") {
		a.t.Fatal("the anonymous page is logged in")
	}
	typed := strings.ToLower(strings.ReplaceAll(v.newer.code, "-", ""))
	a.fill("#v", typed)
	a.shot("verify-form")
	a.click(`#verify-form button[type=submit]`)
	if got := a.status(); got != http.StatusOK {
		a.t.Fatalf("/verify for a known code answered %d", got)
	}
	a.expectText("#verify-result", demoComplete)
	a.expectText("#verify-result", v.newer.code)
	a.expectText("#verify-result", v.newer.sha)
	a.expectText("#verify-result", "2021年度众创空间国家备案")
	a.expectText("#verify-result", v.newer.pages+" 页")
	a.expectText("#verify-result .tag", "申报书尚未提交")
	facts := map[string]string{}
	dts, dds := a.pg().MustElements("#verify-result dl dt"), a.pg().MustElements("#verify-result dl dd")
	for i := range min(len(dts), len(dds)) {
		facts[strings.TrimSpace(dts[i].MustText())] = strings.TrimSpace(dds[i].MustText())
	}
	for _, k := range []string{"载体", "运营主体", "申报批次", "生成时间", "页数"} {
		if facts[k] == "" {
			a.t.Errorf("the result has no %s: %v", k, facts)
		}
	}
	if facts["载体"] != demoComplete {
		a.t.Errorf("载体 is %q, want %s", facts["载体"], demoComplete)
	}
	if a.has("#v-error") {
		a.t.Errorf("a known code shows an error: %s", a.text("#v-error"))
	}
	a.t.Logf("verify %s: %v", typed, facts)
	a.shot("verify-result")
	if a.t.Failed() {
		a.t.FailNow()
	}

	unknown := "2021ZC-0000-0000"
	if unknown == v.first.code || unknown == v.newer.code {
		unknown = "2021ZC-1111-1111"
	}
	a.fill("#v", unknown)
	a.click(`#verify-form button[type=submit]`)
	if got := a.status(); got != http.StatusNotFound {
		a.t.Fatalf("/verify for an unknown code answered %d, want 404", got)
	}
	a.expectText(".field-error", "未找到版本号")
	a.expectText(".field-error", unknown)
	a.expectElement(`#v[aria-describedby~="v-error"]`)
	if a.has("#verify-result") {
		a.t.Fatalf("an unknown code shows a result: %s", a.text("#verify-result"))
	}
	a.shot("verify-unknown")
	v.n = a.n
}

// generate presses 下载材料 and waits for the versions page it leads to and
// for the download hatch.js starts there: the press leads to the page that
// follows the render, which hatch.js updates in place and leaves for the
// versions page once the 申报书 is made. It returns the PDF's bytes and
// name.
//
// Not walk.click: the versions page starts the download while it is still
// loading (on DOMContentLoaded), which aborts the page's load event, so
// there is none to wait for.
func (v *verWalk) generate() ([]byte, string) {
	v.t.Helper()
	data, name := v.download(func() { v.pg().MustElement("#generate").MustClick() })
	v.pg().MustWait(`() => document.readyState === "complete"`)
	v.expectPath(v.app + "/versions") // hatch.js drops ?new
	return data, name
}

// versionRows reads the versions table, newest first.
func (v *verWalk) versionRows() []versionRow {
	v.t.Helper()
	var rows []versionRow
	for _, tr := range v.pg().MustElements("#versions tbody tr") {
		cells := tr.MustElements("td")
		if len(cells) != 7 {
			v.t.Fatalf("a version row has %d cells, want 7: %s", len(cells), tr.MustText())
		}
		r := versionRow{id: strings.TrimPrefix(*tr.MustAttribute("id"), "version-"),
			code: strings.TrimSpace(cells[0].MustText()), pages: strings.TrimSpace(cells[3].MustText()),
			size: strings.TrimSpace(cells[4].MustText()), status: strings.TrimSpace(cells[5].MustText())}
		r.sha = v.publishedSHA(r.code)
		if !versionCodeRe.MatchString(r.code) || !sha256Re.MatchString(r.sha) || r.id == "" {
			v.t.Fatalf("a version row reads %+v", r)
		}
		rows = append(rows, r)
	}
	return rows
}

var publishedSHARe = regexp.MustCompile(`\b[0-9a-f]{64}\b`)

// publishedSHA is the SHA-256 the public verification page gives for a
// 版本号: the applicant's page no longer shows the hash, anyone checking a
// paper copy does.
func (v *verWalk) publishedSHA(code string) string {
	v.t.Helper()
	resp, err := http.Get(v.base + "/verify?v=" + url.QueryEscape(code))
	if err != nil {
		v.t.Fatalf("verify %s: %v", code, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return publishedSHARe.FindString(string(body))
}

// expectNew fails unless r is the row marked new, with its download.
func (v *verWalk) expectNew(r versionRow) {
	v.t.Helper()
	tr := v.pg().MustElement("#versions tr.row-new")
	if id := *tr.MustAttribute("id"); id != "version-"+r.id {
		v.t.Fatalf("the row marked new is %s, want version-%s", id, r.id)
	}
	want := v.app + "/versions/" + r.id + "/pdf"
	if got := tr.MustAttribute("data-download"); got == nil || *got != want {
		v.t.Fatalf("the new row's data-download is %v, want %s", got, want)
	}
}

// expectPDF fails unless data is a PDF named for r's 版本号 whose SHA-256
// is the one published for it.
func (v *verWalk) expectPDF(data []byte, name string, r versionRow) {
	v.t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		v.t.Fatalf("the download of %s is not a PDF: %q", r.code, clip(string(data), 40))
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != r.sha {
		v.t.Fatalf("the download of %s has SHA-256 %s, the verification page shows %s", r.code, got, r.sha)
	}
	if want := "申报书-" + r.code + ".pdf"; name != want {
		v.t.Errorf("the download of %s is named %q, want %q", r.code, name, want)
	}
}

// download lets the browser save downloads into a fresh directory, runs
// action, and waits until the one download it starts has completed. It
// returns the file's bytes and the name the server suggested.
//
// Rod's Browser.WaitDownload listens for the deprecated Page.download*
// events; this asks Chromium for the Browser.download* events
// (eventsEnabled) instead.
func (w *walk) download(action func()) ([]byte, string) {
	w.t.Helper()
	dir := w.t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*stepTimeout)
	defer cancel()
	b := w.page.Browser().Context(ctx)
	set := proto.BrowserSetDownloadBehavior{Behavior: proto.BrowserSetDownloadBehaviorBehaviorAllowAndName,
		DownloadPath: dir, EventsEnabled: true}
	if err := set.Call(b); err != nil {
		w.t.Fatalf("allow downloads: %v", err)
	}
	defer proto.BrowserSetDownloadBehavior{Behavior: proto.BrowserSetDownloadBehaviorBehaviorDefault}.Call(w.page.Browser())
	var begin *proto.BrowserDownloadWillBegin
	var state proto.BrowserDownloadProgressState
	wait := b.EachEvent(func(e *proto.BrowserDownloadWillBegin) {
		if begin == nil {
			begin = e
		}
	}, func(e *proto.BrowserDownloadProgress) bool {
		if begin == nil || e.GUID != begin.GUID {
			return false
		}
		state = e.State
		return e.State != proto.BrowserDownloadProgressStateInProgress
	})
	action()
	wait()
	switch {
	case begin == nil:
		w.t.Fatalf("no download began within %s (at %s)", 2*stepTimeout, w.path())
	case state != proto.BrowserDownloadProgressStateCompleted:
		w.t.Fatalf("the download of %s ended %q", begin.URL, state)
	}
	data, err := os.ReadFile(filepath.Join(dir, begin.GUID))
	if err != nil {
		w.t.Fatalf("read the download of %s: %v", begin.URL, err)
	}
	return data, begin.SuggestedFilename
}

// status is the HTTP status of the document the page shows.
func (w *walk) status() int {
	w.t.Helper()
	return w.pg().MustEval(`() => {
		const n = performance.getEntriesByType("navigation")[0];
		return n ? n.responseStatus : 0;
	}`).Int()
}

// shotView saves a PNG of what the window shows, numbered with the page
// shots.
func (w *walk) shotView(name string) {
	w.t.Helper()
	w.capture(name, false, nil)
}

// draftVersion: 下载材料 of the unfinished branch application still makes a
// version, for checking on paper; the versions page and the PDF's cover say
// that it cannot be submitted and how much is left to fix.
func draftVersion(v *verWalk) {
	complete := v.app
	v.open("/applications")
	v.clickText("#applications td a", "^"+regexp.QuoteMeta(demo.Branch.Name)+"$")
	v.app = v.path()
	v.click("#preview-link")
	v.expectText("#doc-draft", "不能提交")
	data, _ := v.generate()
	v.expectText("#versions-draft", "不能提交")
	v.expectText("#versions-draft", "处问题未修正")
	if row := v.versionRows()[0]; !strings.Contains(row.status, "草稿，不能提交") {
		v.t.Fatalf("the draft version's status is %q", row.status)
	}
	if cover := testkit.PDFText(v.t, data, "-f", "1", "-l", "1"); !strings.Contains(cover, "【不能提交】") {
		v.t.Fatalf("the draft's cover does not say it cannot be submitted:\n%s", cover)
	}
	v.shot("versions-draft")
	v.app = complete
}

// lockedAfterSubmit: the complete application, generated afresh and
// submitted, shows every filling page read-only with the reason on top.
func lockedAfterSubmit(v *verWalk) {
	v.open(v.app + "/versions")
	v.generate()
	if v.has("#versions-draft") {
		v.t.Fatalf("the complete application's version is a draft: %s", v.text("#versions-draft"))
	}
	v.open(v.app + "/submit")
	v.pg().MustElement("#declared").MustClick()
	v.click("#submit-button")
	v.expectPath(v.app + "/submitted")
	for _, page := range []string{"/sections/basic", "/tables/teams", "/sections/capability", ""} {
		v.open(v.app + page)
		v.expectText("#locked", "内容不能再修改")
		for _, control := range []string{"#save-section", "#add-row", "form.upload-form", "#generate", "#submit-link"} {
			if v.has(control) {
				v.t.Errorf("%s still offers %s after 提交", page, control)
			}
		}
	}
	v.open(v.app + "/sections/basic")
	if !v.pg().MustElement("#contact").MustEval(`() => this.matches(":disabled")`).Bool() {
		v.t.Error("基础信息's fields take input after 提交")
	}
	v.shot("locked-basic")
}
