package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/testkit"
)

// The demo applicant's carriers the two walks file for.
const (
	// The demo's own 孵化器 already has its 2022 application: the walk
	// files for a second one it registers first.
	newIncubator  = "启明星科技企业孵化器（上地二园）"
	incubatorSite = "启明星孵化大厦A座"
	incubatorAddr = "北京市海淀区上地信息路8号"
	spaceAddress  = "北京市海淀区中关村大街1号创业大厦3层"
)

// TestIncubatorWalk files a 国家级科技企业孵化器认定 in a real browser, once
// on each database engine: the menu, a new application for 启明星科技企业孵化器
// in the 2022 round, 基础信息 as 综合孵化器 (no 公共服务平台) and then as
// 专业孵化器 (with it), an 在孵企业 past the 48 months shown 不计入 and left
// out of the count, the bulk of the tables through the JSON API, 提交
// refused while K12 fails, the 申报书 looked at page by page, 提交 once the
// conditions are met, 海淀区's 推荐, and 北京市's 实地核查 with the uploaded
// 实地核查报告.
func TestIncubatorWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		typeWalk(t, bin, "sqlite", "", "inc", incubatorSteps)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		typeWalk(t, bin, "postgres", postgresDB(t), "inc", incubatorSteps)
	})
}

// TestExemptionWalk files a 创业孵化机构免税资格申请 for 启明星众创空间 in a
// real browser, once on each database engine: 机构与资格 with the benefit's
// months in the 免税条件 panel, a 房产, an 在孵对象 that is a 创业团队 (no
// 统一社会信用代码, a 身份证号码), a 孵化服务 income and a 非孵化服务 one shown
// 不计入 and taxable, the 申请表 looked at, 提交 and 海淀区's 推荐.
func TestExemptionWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		typeWalk(t, bin, "sqlite", "", "ex", exemptionSteps, exemptionNow)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		typeWalk(t, bin, "postgres", postgresDB(t), "ex", exemptionSteps, exemptionNow)
	})
}

// typeStep is one named step of a walk through an application type.
type typeStep struct {
	name string
	run  func(*tyWalk)
}

var incubatorSteps = []typeStep{
	{"menu and new application", incNew},
	{"综合孵化器 has no 公共服务平台", incGeneral},
	{"专业孵化器 has it", incProfessional},
	{"the tables through the API", incBulk},
	{"an 在孵企业 past 48 months is 不计入", incLateFirm},
	{"下载材料 and 提交 refused for K12", incRefused},
	{"the 30th firm, 下载材料 and the PDF", incComplete},
	{"提交", (*tyWalk).submit},
	{"海淀区 推荐", (*tyWalk).cityRecommends},
	{"北京市 实地核查 with its report", incSiteCheck},
}

var exemptionSteps = []typeStep{
	{"menu and new application", exNew},
	{"机构与资格", exBasic},
	{"房产", exProperty},
	{"在孵对象: a 创业团队", exIncubatee},
	{"income, one 不计入", exIncome},
	{"承诺书 and 附件", exUploads},
	{"conditions and 下载材料", exComplete},
	{"提交", (*tyWalk).submit},
	{"海淀区 推荐", (*tyWalk).cityRecommends},
}

// tyWalk is a walk through one application of a type other than the
// 众创空间's: the browser, and the applicant's JSON API session for the
// rows nobody should have to type in a test.
type tyWalk struct {
	*appWalk
	api     *apiClient
	id      int64         // the application's id
	version string        // the 版本号 submitted
	ref     string        // 受理编号
	pdf     []byte        // the 申报书 as downloaded last
	chain   *domain.Chain // the type's review chain, whose words the pages use
}

// exemptionNow is the server's clock for the 免税 walk: the 2026 round is
// open, so 认定/备案日期 in 2024 is no date in the future. (The last of
// duplicate settings is the one the server reads.)
const exemptionNow = "HATCH_TEST_NOW=2026-11-16T10:00:00+08:00"

func typeWalk(t *testing.T, bin, engine, dbURL, kind string, steps []typeStep, env ...string) {
	begin := time.Now()
	srv := startServer(t, dbURL, env...)
	name := engine + "-" + kind
	cleanScreenshots(t, name)
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: name}
	a := &tyWalk{appWalk: &appWalk{walk: w, dir: t.TempDir(), added: map[string]bool{}}}
	for _, s := range steps {
		start := time.Now()
		s.run(a)
		t.Logf("step %q took %s", s.name, time.Since(start).Round(10*time.Millisecond))
	}
	t.Logf("%s: the whole %s walk took %s", engine, kind, time.Since(begin).Round(10*time.Millisecond))
}

// newFromMenu logs in, opens the type's list from the side menu, and
// creates an application for carrier in round; it ends on the task list.
func (a *tyWalk) newFromMenu(typ, service, carrier, round string) {
	a.t.Helper()
	a.chain = domain.ChainOf(typ)
	a.login("demo-applicant", demoPassword)
	a.expectPath("/services")
	a.open("/home")
	a.clickText("nav.sidenav a", "^"+service+"$")
	a.expectPath("/applications?type=" + typ)
	a.expectText("main h1", service)
	a.expectElement(`nav.sidenav a[href="/applications?type=` + typ + `"][aria-current="page"]`)
	a.click("#new-application")
	a.expectPath("/applications/new?type=" + typ)
	a.pickCard("carrier", carrier)
	a.pickCard("round", round)
	a.shot("app-new")
	a.click("#create-application")
	m := appPathRe.FindStringSubmatch(a.path())
	if m == nil {
		a.t.Fatalf("creating the application led to %s; page says:\n%s", a.path(), clip(a.text("main"), 1500))
	}
	a.app = "/applications/" + m[1]
	fmt.Sscan(m[1], &a.id)
	a.expectText("#flash", "申报书已创建")
	a.click("#start")
	a.expectPath(a.app)
	a.expectText("main h1", carrier)
	a.expectText("main h1", round)
	a.api = newAPIClient(a.t, a.base)
}

// pickCard chooses the radio of name whose card's title is exactly title
// (启明星众创空间 is also the start of 启明星众创空间（亦庄分部）).
func (a *tyWalk) pickCard(name, title string) {
	a.t.Helper()
	ok := a.pg().MustEval(`(name, title) => {
		for (const input of document.querySelectorAll("input[type=radio][name='" + name + "']")) {
			const strong = input.closest("label").querySelector("strong");
			if (strong && strong.textContent.trim() === title) { input.click(); return input.checked; }
		}
		return false;
	}`, name, title).Bool()
	if !ok {
		a.t.Fatalf("no %s card %q on %s:\n%s", name, title, a.path(), clip(a.text("main"), 1000))
	}
}

// radio clicks the radio button name=value.
func (a *tyWalk) radio(name, value string) {
	a.t.Helper()
	a.pg().MustElement(fmt.Sprintf("input[type=radio][name=%q][value=%q]", name, value)).MustClick()
}

// saveSection presses 保存 and expects the section saved without problems.
func (a *tyWalk) saveSection(key string) {
	a.t.Helper()
	a.click("#save-section")
	a.expectPath(a.app + "/sections/" + key)
	a.expectText("#flash", "已保存")
	a.expectClean()
}

// hasTask reports whether the task list (open) lists the section key.
func (a *tyWalk) hasTask(key string) bool {
	return a.has("#task-" + key + "-status")
}

// condition is the panel's line for a condition: its tag and figure.
func (a *tyWalk) condition(code string) (tag, figure string) {
	a.t.Helper()
	sel := "#cond-" + code
	return strings.TrimSpace(a.text(sel + " .tag")), strings.TrimSpace(a.text(sel + " .cond-figure"))
}

// panel logs every condition of the panel and returns them by code.
func (a *tyWalk) panel() map[string]string {
	a.t.Helper()
	out := map[string]string{}
	var lines []string
	for _, li := range a.pg().MustElements("aside.cond-panel li.cond") {
		code := strings.TrimPrefix(*li.MustAttribute("id"), "cond-")
		tag := strings.TrimSpace(li.MustElement(".tag").MustText())
		fig := strings.TrimSpace(li.MustElement(".cond-figure").MustText())
		out[code] = tag + "：" + fig
		lines = append(lines, code+" "+tag+"："+fig)
	}
	a.t.Logf("conditions:\n  %s", strings.Join(lines, "\n  "))
	return out
}

// generate presses 下载材料 on the task list, waits for the download and
// returns the new 版本号; the PDF is kept in a.pdf.
func (a *tyWalk) generate() string {
	a.t.Helper()
	a.open(a.app)
	data, name := a.download(func() { a.pg().MustElement("#generate").MustClick() })
	a.pg().MustWait(`() => document.readyState === "complete"`)
	a.expectPath(a.app + "/versions")
	code := strings.TrimSpace(a.pg().MustElement("#versions tr.row-new td").MustText())
	if !versionCodeRe.MatchString(code) {
		a.t.Fatalf("the new version's 版本号 reads %q", code)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || name != "申报书-"+code+".pdf" {
		a.t.Fatalf("下载材料 downloaded %q (%d bytes, %q)", name, len(data), clip(string(data), 20))
	}
	a.pdf = data
	return code
}

// lookAtPDF checks the downloaded 申报书: the 版本号 on every page and the
// type's title, and renders its first pages next to the screenshots.
func (a *tyWalk) lookAtPDF(code, title string) {
	a.t.Helper()
	text := testkit.PDFText(a.t, a.pdf, "-layout")
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	if n := testkit.PDFPages(a.t, a.pdf); n != len(pages) {
		a.t.Fatalf("pdftotext read %d pages, pdfinfo counts %d", len(pages), n)
	}
	for i, p := range pages {
		if !strings.Contains(p, code) {
			a.t.Errorf("page %d of %d does not show the 版本号 %s:\n%s", i+1, len(pages), code, clip(p, 600))
		}
	}
	if !strings.Contains(pages[0], title) {
		a.t.Errorf("the cover does not name the type %s:\n%s", title, clip(pages[0], 800))
	}
	a.t.Logf("the 申报书 %s has %d pages", code, len(pages))
	prog, err := exec.LookPath("pdftoppm")
	if err != nil {
		a.t.Fatalf("pdftoppm: %v", err)
	}
	prefix := filepath.Join(screenshotDir, a.engine+"-pdf")
	pdf := prefix + ".pdf" // kept beside its pages, to look at the rest
	if err := os.WriteFile(pdf, a.pdf, 0o644); err != nil {
		a.t.Fatal(err)
	}
	if out, err := exec.Command(prog, "-r", "60", "-f", "1", "-l", "3", "-png", pdf, prefix).CombinedOutput(); err != nil {
		a.t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	shots, _ := filepath.Glob(prefix + "-*.png")
	for _, f := range shots {
		b, err := os.ReadFile(f)
		if err == nil {
			err = checkImage(b)
		}
		if err != nil {
			a.t.Errorf("%s: %v", f, err)
		}
	}
	if len(shots) == 0 {
		a.t.Error("pdftoppm wrote no page")
	}
	if a.t.Failed() {
		a.t.FailNow()
	}
}

// submit: 提交申报材料 to 北京市, with the declaration.
func (a *tyWalk) submit() {
	a.t.Helper()
	a.open(a.app)
	a.click("#submit-link")
	a.expectPath(a.app + "/submit")
	a.expectText("#submit-version", a.version)
	if a.has("#submit-blockers") {
		a.t.Fatalf("提交申报材料 is blocked:\n%s", a.text("#submit-blockers"))
	}
	if v := a.pg().MustElement("#acceptor").MustProperty("value").String(); v != "110000" {
		a.t.Fatalf("受理机构 is %q, want 110000", v)
	}
	a.pg().MustElement("#declared").MustClick()
	a.click("#submit-button")
	a.expectPath(a.app + "/submitted")
	a.expectText("#submitted h1", "申报材料已提交")
	if got := strings.TrimSpace(a.text("#bound-version")); got != a.version {
		a.t.Fatalf("the confirmation binds %s, want %s", got, a.version)
	}
	a.ref = strings.TrimSpace(a.text("#ref-no"))
	a.expectText("#acceptor-name", "北京市科学技术委员会")
	a.t.Logf("submitted %s as %s", a.version, a.ref)
	a.shot("submitted")
}

// cityRecommends: 海淀区 opens it from its 工作台 in its own browser context
// and recommends it.
func (a *tyWalk) cityRecommends() {
	a.t.Helper()
	ctx := a.page.Browser().MustIncognito()
	a.t.Cleanup(func() { ctx.Close() })
	applicant := a.page
	a.page = ctx.MustPage()
	a.page.Timeout(stepTimeout).MustSetViewport(1366, 900, 1, false)
	defer func() { a.page = applicant }()
	a.login("demo-city", demoPassword)
	a.expectPath("/workbench")
	id := fmt.Sprint(a.id)
	a.expectText("#open-"+id, "") // listed
	row := a.pg().MustElement("#open-" + id).MustEval(`() => this.closest("tr").textContent`).String()
	waiting := a.chain.StatusLabel(domain.AppCityReview) // 待市级初审; 待市级审核 for 免税
	for _, want := range []string{a.ref, waiting} {
		if !strings.Contains(row, want) {
			a.t.Fatalf("the 工作台 row reads %q, want %s in it", strings.Join(strings.Fields(row), " "), want)
		}
	}
	a.click("#open-" + id)
	review := "/review/" + id
	a.expectPath(review)
	a.expectText("#review-status", waiting)
	a.expectText("#review-ref", a.ref)
	a.expectText("#review-version", a.version)
	a.shotView("city-review")
	a.pg().MustElement("#act-recommend-comment").MustSelectAllText().MustInput("经初审，材料真实完整，同意推荐。")
	a.click("#act-recommend button[type=submit]")
	a.expectPath(review)
	a.expectText("#flash", "已办理“"+a.chain.ActionLabel(domain.ActRecommend, domain.LevelCity)+"”")
	a.expectText("#review-status", a.chain.StatusLabel(domain.AppProvinceReview))
}

// asReviewer runs steps as login in a browser context of its own, then
// returns to the applicant's.
func (a *tyWalk) asReviewer(login string, steps func()) {
	a.t.Helper()
	ctx := a.page.Browser().MustIncognito()
	a.t.Cleanup(func() { ctx.Close() })
	applicant := a.page
	a.page = ctx.MustPage()
	a.page.Timeout(stepTimeout).MustSetViewport(1366, 900, 1, false)
	defer func() { a.page = applicant }()
	a.login(login, demoPassword)
	steps()
}

// incSiteCheck: 北京市 records its 实地核查 with the signed 实地核查报告, which
// the form takes as a file: without it the form says so beside the slot
// and keeps the 核查意见; with it, the log links the report, which
// downloads as the PDF it was.
func incSiteCheck(a *tyWalk) {
	a.asReviewer("demo-province", func() {
		review := "/review/" + fmt.Sprint(a.id)
		a.open(review)
		a.expectText("#act-site_check legend", "实地核查")
		a.expectElement(`#act-site_check[enctype="multipart/form-data"] input[type=file][name="file-site_report"]`)
		a.expectText(`label[for="act-site_check-file-site_report"]`, "实地核查报告")
		a.shotElement("province-site-check-form", "#act-site_check")
		a.pg().MustElement("#act-site_check").MustScrollIntoView()
		a.shotView("province-site-check-page")

		comment := "孵化场地、在孵企业与申报材料一致，核查组意见见实地核查报告。"
		a.fill("#act-site_check-comment", comment)
		a.click("#act-site_check button[type=submit]")
		a.expectText("#act-site_check-file-site_report-error", "实地核查须上传实地核查报告。")
		if got := a.pg().MustElement("#act-site_check-comment").MustProperty("value").String(); got != comment {
			a.t.Fatalf("the refused form kept the 核查意见 as %q", got)
		}
		a.shotElement("province-site-check-refused", "#act-site_check")

		report := a.pdfUpload("实地核查报告（签字版）")
		a.pg().MustElement("#act-site_check-file-site_report").MustSetFiles(report)
		a.click("#act-site_check button[type=submit]")
		a.expectPath(review)
		a.expectText("#flash", "已记录“实地核查”")
		link := a.pg().MustElementR("#log .log-files a", "实地核查报告（签字版）.pdf")
		li := strings.Join(strings.Fields(link.MustEval(`() => this.closest("li").textContent`).String()), " ")
		if !strings.HasPrefix(li, "实地核查报告：") {
			a.t.Errorf("the log's line of the file reads %q", li)
		}
		a.expectText("#log", comment)
		got := a.pg().MustEval(`(u) => fetch(u).then(async r => r.status + " " + r.headers.get("content-type") + " " +
			(await r.arrayBuffer()).byteLength)`, *link.MustAttribute("href")).String()
		if want := fmt.Sprintf("200 application/pdf %d", len(xrefPDF())); got != want {
			a.t.Errorf("the report downloads as %q, want %q", got, want)
		}
		a.shotElement("province-log", "#log")
	})
}

// ---- the JSON API, for rows in bulk ----

// apiSection saves a section's values over whatever it holds.
func (a *tyWalk) apiSection(key string, values map[string]string) {
	a.t.Helper()
	var cur struct{ Revision int64 }
	a.api.must(a.t, "GET", fmt.Sprintf("/api/v1/applications/%d/sections/%s", a.id, key), nil, &cur, http.StatusOK)
	a.api.must(a.t, "PUT", fmt.Sprintf("/api/v1/applications/%d/sections/%s", a.id, key),
		map[string]any{"values": values, "revision": cur.Revision}, nil, http.StatusOK)
}

// apiRow adds a row to table and uploads a small PDF to each slot.
func (a *tyWalk) apiRow(table string, values map[string]string, slots ...string) int64 {
	a.t.Helper()
	var saved struct{ ID int64 }
	a.api.must(a.t, "POST", fmt.Sprintf("/api/v1/applications/%d/tables/%s/rows", a.id, table),
		map[string]any{"values": values}, &saved, http.StatusCreated)
	for _, s := range slots {
		a.apiFile(saved.ID, s)
	}
	return saved.ID
}

// apiFile uploads a small PDF to a row's slot, or a section's (row 0).
func (a *tyWalk) apiFile(row int64, slot string) {
	a.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("row_id", fmt.Sprint(row))
	mw.WriteField("slot", slot)
	fw, _ := mw.CreateFormFile("file", slot+".pdf")
	fw.Write(xrefPDF())
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/applications/%d/files", a.base, a.id), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if status, body := a.api.send(req); status != http.StatusCreated {
		a.t.Fatalf("upload %s to row %d: %d %s", slot, row, status, clip(string(body), 300))
	}
}

// xrefPDF is a one-page PDF with a cross-reference table (demo.PDF): the
// 申报书 embeds the 承诺书, and minimalPDF, which has none, would be
// printed as a page asking for it apart.
func xrefPDF() []byte { return demo.PDF("Hatch e2e upload") }

// pdfUpload writes xrefPDF as name.pdf for the upload forms.
func (a *tyWalk) pdfUpload(name string) string {
	a.t.Helper()
	p := filepath.Join(a.dir, name+".pdf")
	if err := os.WriteFile(p, xrefPDF(), 0o644); err != nil {
		a.t.Fatal(err)
	}
	return p
}

// submission is the API's view of 提交: ready, and the reasons when not.
func (a *tyWalk) submission() (bool, []string) {
	a.t.Helper()
	var s struct {
		Ready    bool
		Blockers []string
	}
	status, body := a.api.do("GET", fmt.Sprintf("/api/v1/applications/%d/submission", a.id), nil)
	if status != http.StatusOK {
		a.t.Fatalf("GET submission: %d %s", status, clip(string(body), 300))
	}
	if err := json.Unmarshal(body, &s); err != nil {
		a.t.Fatal(err)
	}
	return s.Ready, s.Blockers
}

// ---- 国家级科技企业孵化器认定 ----

func incNew(a *tyWalk) {
	newAPIClient(a.t, a.base).must(a.t, "POST", "/api/v1/carriers", map[string]string{"kind": "incubator",
		"name": newIncubator, "address": incubatorAddr, "region": "110108", "started_on": "2015-06-01"}, nil, http.StatusCreated)
	a.newFromMenu("incubator", "国家级科技企业孵化器认定", newIncubator, "2022年度国家级科技企业孵化器认定")
	a.expectText("aside.cond-panel h2", "认定条件")
	for _, k := range []string{"basic", "sites", "funds", "team", "firms", "graduates", "system", "services",
		"results", "plan", "attachments", "pledge"} {
		if got := a.state(k); got != "未开始" {
			a.t.Errorf("a new application's %s is %q, want 未开始", k, got)
		}
	}
	// The type of the incubator is not chosen yet: no 公共服务平台.
	if a.hasTask("platforms") {
		a.t.Error("公共服务平台 is listed before the type is chosen")
	}
	a.expectText("#task-progress", "已完成 0 / 12 项")
	a.shot("tasks-new")
}

// incGeneral fills 基础信息 as a 综合孵化器: 主导产业领域 is not to be filled,
// and neither the task list nor the panel has 公共服务平台 or K14.
func incGeneral(a *tyWalk) {
	a.section("basic")
	a.chooseRegion("110108")
	a.fill("#address", incubatorAddr)
	a.setValue("#founded_on", "2015-06-01")
	a.setValue("#operating_since", "2015-09-01")
	a.choose("#kind", "综合孵化器")
	a.expectDisabled(true, "#main_industry")
	a.radio("hardship", "否")
	a.radio("provincial", "是")
	a.expectDisabled(false, "#provincial_no", "#provincial_on")
	a.fill("#provincial_no", "京科发〔2017〕88号")
	a.setValue("#provincial_on", "2017-06-30")
	a.fill("#stat_years", "5")
	a.fill("#contact", "李晓雯")
	a.fill("#contact_title", "运营总监")
	a.fill("#contact_mobile", "13811112222")
	a.fill("#contact_email", "incubator@qimingxing.example.com")
	a.fill("#intro", "启明星科技企业孵化器位于上地信息产业基地，2015年开始运营，聚焦电子信息领域的科技型初创企业。")
	a.saveSection("basic")
	a.expectText("#months", "85") // 2015-09-01 to the cut-off 2022-10-31

	a.open(a.app)
	if a.hasTask("platforms") {
		a.t.Fatalf("a 综合孵化器's task list has 公共服务平台:\n%s", a.text(".task-list"))
	}
	if a.has("#cond-K14") {
		a.t.Fatalf("a 综合孵化器's panel has K14: %s", a.text("#cond-K14"))
	}
	if got := a.state("basic"); got != "已完成" {
		a.t.Fatalf("基础信息 is %q after saving it", got)
	}
	tag, fig := a.condition("K2")
	if tag != "符合" {
		a.t.Errorf("K2 is %s: %s", tag, fig)
	}
	a.shot("tasks-general")
}

// incProfessional changes the type: 主导产业领域 is asked, and 公共服务平台
// appears in the task list, as a page, and as K14.
func incProfessional(a *tyWalk) {
	a.section("basic")
	a.choose("#kind", "专业孵化器")
	a.expectDisabled(false, "#main_industry")
	a.choose("#main_industry", "电子信息")
	a.saveSection("basic")
	a.open(a.app)
	if !a.hasTask("platforms") {
		a.t.Fatalf("a 专业孵化器's task list has no 公共服务平台:\n%s", a.text(".task-list"))
	}
	a.expectText(`a.task-name[href="`+a.app+`/sections/platforms"]`, "公共服务平台")
	a.expectText("#task-progress", "/ 13 项")
	a.expectText("#cond-K14 .cond-title", "专业孵化器")
	a.shot("tasks-professional")
	a.section("platforms")
	a.expectText("main h1", "公共服务平台")
	a.expectText("main .lead", "专业孵化器")
	a.expectElement("#table-platforms")
	a.shot("platforms-section")
}

// incFirm is an 在孵企业 that counts: 电子信息, founded 3 months before it
// joined, well within 48 months of the cut-off.
func incFirm(a *tyWalk, i int, financed bool) {
	v := map[string]string{"name": fmt.Sprintf("北京启明星孵化%02d号科技有限公司", i),
		"uscc": fictionalUSCC(a.t, "110108", fmt.Sprintf("MA0FH%03d", i)), "founded_on": "2020-03-01",
		"joined_on": "2020-06-01", "tech_field": "电子信息", "industry": "电子信息", "site": incubatorSite, "area": "150",
		"on_site": "是", "tsme_no": fmt.Sprintf("2021110108A%05d", i), "patent_applied": "否", "ip_count": "2",
		"financed": "否", "revenue": "120"}
	slots := []string{"license", "agreement"}
	if financed {
		v["financed"], v["financed_amount"], v["financed_on"], v["investor"], v["own_fund"] =
			"是", "200", "2021-08-01", "启明星种子基金", "是"
		slots = append(slots, "finance_proof")
	}
	a.apiRow("firms", v, slots...)
}

// incBulk fills the rest through the JSON API: one 10000 m² site, a fund
// and 3 cases, 3 staff for a headcount of 3, 3 mentors, 29 firms that count
// (one short of the 30 a 专业孵化器 needs), 15 graduates, a platform, the
// four texts, 附件 and 承诺书.
func incBulk(a *tyWalk) {
	start := time.Now()
	a.apiRow("sites", map[string]string{"name": incubatorSite, "address": incubatorAddr, "tenure": "自有",
		"deed_no": "京（2016）海淀区不动产权第0012345号", "area": "10000", "public_area": "4000", "office_area": "500"},
		"proof", "layout")
	a.apiRow("funds", map[string]string{"name": "启明星种子基金", "type": "自有种子资金", "amount": "800",
		"set_up_on": "2016-05-01"}, "proof")
	for i := 1; i <= 3; i++ {
		a.apiRow("fund_cases", map[string]string{"company": fmt.Sprintf("北京启明星孵化%02d号科技有限公司", i),
			"date": "2021-08-01", "amount": "200", "mode": "股权", "summary": "种子轮股权投资，用于样机研发。"}, "proof")
	}
	a.apiSection("team", map[string]string{"headcount": "3"})
	staff := []struct{ name, area, birth, seq string }{
		{"赵明远", "110108", "19850312", "031"}, {"钱思琪", "110105", "19900721", "042"}, {"孙立新", "110102", "19880115", "053"}}
	for _, s := range staff {
		a.apiRow("pro_staff", map[string]string{"name": s.name, "id_number": fictionalID(a.t, s.area, s.birth, s.seq),
			"post": "孵化服务经理", "full_time": "是", "basis": "创业服务培训", "experience": "从事科技企业孵化服务五年以上。"},
			"contract", "proof")
	}
	for _, m := range []string{"周建华", "吴晓峰", "郑雅琴"} {
		a.apiRow("mentors", map[string]string{"name": m, "type": "企业家", "appointer": "本孵化器", "expertise": "电子信息"},
			"letter")
	}
	for i := 1; i <= 29; i++ {
		incFirm(a, i, i <= 4)
	}
	for i := 1; i <= 15; i++ {
		a.apiRow("graduates", map[string]string{"name": fmt.Sprintf("北京启明星毕业%02d号科技有限公司", i),
			"uscc": fictionalUSCC(a.t, "110108", fmt.Sprintf("MA0GR%03d", i)), "joined_on": "2016-03-01",
			"graduated_on": "2019-06-30", "criteria": gradCriterion, "hte_no": fmt.Sprintf("GR2019110012%02d", i),
			"hte_on": "2019-12-02"}, "hte_proof")
	}
	a.apiRow("platforms", map[string]string{"name": "电子信息检测公共服务平台", "type": "检验检测", "own": "是",
		"area": "300", "equipment": "示波器、频谱分析仪、EMC 预测试系统。"}, "proof")
	for key, text := range map[string]string{
		"system":   "运营主体为北京启明星众创科技有限公司；入孵条件、毕业标准、退出机制和服务制度见附件管理制度。",
		"services": "提供创业辅导、投融资对接、技术转移、人才招聘和市场开拓服务，每月举办路演。",
		"results":  "截至2022年10月31日在孵企业30家，累计毕业企业15家，4家企业获得投资。",
		"plan":     "未来三年聚焦电子信息，建设检测平台二期，每年新增在孵企业10家以上。",
	} {
		a.apiSection(key, map[string]string{"text": text})
	}
	a.apiFile(0, "license")
	a.apiFile(0, "rules")
	a.apiFile(0, "pledge")
	a.t.Logf("the API filled the tables in %s", time.Since(start).Round(10*time.Millisecond))

	a.open(a.app)
	var open []string
	for _, k := range []string{"basic", "sites", "funds", "team", "firms", "graduates", "platforms", "system",
		"services", "results", "plan", "attachments", "pledge"} {
		if got := a.state(k); got != "已完成" {
			open = append(open, k+" "+got)
		}
	}
	if len(open) > 0 {
		a.shot("tasks-open")
		a.t.Fatalf("after the API, not 已完成: %s", strings.Join(open, ", "))
	}
	a.expectText("#task-progress", "已完成 13 / 13 项")
}

// gradCriterion is the 毕业条件 every graduate meets.
const gradCriterion = "高新技术企业"

// lateFirm joined 52 months before the cut-off, in 电子信息 (48 months).
const lateFirm = "北京老牌电子科技有限公司"

// incLateFirm adds, through the pages, an 在孵企业 past its 48 months: it
// is saved, shown 不计入 with the reason, and left out of the count.
func incLateFirm(a *tyWalk) {
	a.addRow("firms", "firms", func() {
		a.fill("#name", lateFirm)
		a.fill("#uscc", fictionalUSCC(a.t, "110108", "MA0FH900"))
		a.setValue("#founded_on", "2017-09-01")
		a.setValue("#joined_on", "2018-06-01")
		a.choose("#tech_field", "电子信息")
		a.choose("#industry", "电子信息")
		a.fill("#site", incubatorSite)
		a.fill("#area", "200")
		a.radio("on_site", "是")
		a.fill("#tsme_no", "2021110108A00900")
		a.radio("patent_applied", "否")
		a.fill("#ip_count", "3")
		a.radio("financed", "否")
		a.expectDisabled(true, "#financed_amount", "#financed_on", "#investor")
	}, upload{"license", a.pdfUpload("营业执照-老牌电子")}, upload{"agreement", a.pdfUpload("孵化协议-老牌电子")})
	// The row page says why it does not count.
	summary := a.text("#excluded")
	if !regexp.MustCompile(`不计入：入孵至数据截止日 52 个月，超过 48 个月`).MatchString(summary) {
		a.t.Fatalf("the row page's note does not say why it does not count:\n%s", summary)
	}
	if a.has("#issue-summary") {
		a.t.Errorf("a row that does not count is shown as a row with problems")
	}
	a.shot("firm-row-excluded")

	// The count leaves it out; the table lists it.
	a.open(a.app + "/sections/firms")
	a.expectText("#firm_count", "29")
	a.expectText("#table-firms .table-counts", "共 30 行")
	a.open(a.app + "/tables/firms?q=" + "老牌电子")
	tr := a.pg().MustElementR("#rows tbody tr", lateFirm)
	a.t.Logf("the table's row of the firm 不计入 reads %q", strings.Join(strings.Fields(tr.MustText()), " "))
	if !strings.Contains(tr.MustText(), "不计入：入孵至数据截止日 52 个月") {
		a.t.Error("the table page does not mark the row 不计入 with its reason")
	}
	a.shot("firms-table-excluded")
	a.open(a.app)
	tag, fig := a.condition("K12")
	if tag != "不符合" || !strings.Contains(fig, "计入的在孵企业 29 家") || !strings.Contains(fig, "另有 1 家不计入") {
		a.t.Fatalf("K12 reads %s：%s", tag, fig)
	}
}

// incRefused: 下载材料 makes a version even so; 提交 is refused, naming K12.
func incRefused(a *tyWalk) {
	code := a.generate()
	a.t.Logf("version with K12 unmet: %s", code)
	a.open(a.app)
	a.panel()
	a.shot("tasks-k12-unmet")
	a.shotElement("conditions-k12-unmet", "aside.cond-panel")
	a.click("#submit-link")
	a.expectPath(a.app + "/submit")
	a.expectText("#submit-blockers", "认定条件 K12")
	a.expectText("#submit-blockers", "计入的在孵企业 29 家")
	if !a.disabled("#submit-button") {
		a.t.Fatal("the 提交 button is enabled while K12 fails")
	}
	ready, why := a.submission()
	if ready || len(why) != 1 || !strings.Contains(why[0], "认定条件 K12") {
		a.t.Fatalf("the API's submission is ready=%v, blockers %q; want only K12", ready, why)
	}
	a.shot("submit-refused")
}

// incComplete adds the 30th firm: every condition is met, and the new
// 申报书 is looked at.
func incComplete(a *tyWalk) {
	incFirm(a, 30, false)
	a.open(a.app)
	p := a.panel()
	for code, line := range p {
		if !strings.HasPrefix(line, "符合") {
			a.t.Errorf("%s is not met: %s", code, line)
		}
	}
	if a.t.Failed() {
		a.t.FailNow()
	}
	a.shotElement("conditions-met", "aside.cond-panel")
	a.version = a.generate()
	a.shot("versions")
	a.lookAtPDF(a.version, "国家级科技企业孵化器申报书")
}

// ---- 创业孵化机构免税资格申请 ----

const (
	teamName   = "智研视觉创业团队"
	rentClient = "北京会展服务有限公司"
)

func exNew(a *tyWalk) {
	a.newFromMenu("exemption", "创业孵化机构免税资格申请", demoComplete, "2026年度创业孵化机构免税资格申请")
	a.expectText("aside.cond-panel h2", "免税条件")
	for _, k := range []string{"basic", "property", "incubatees", "income", "pledge", "attachments"} {
		if got := a.state(k); got != "未开始" {
			a.t.Errorf("a new application's %s is %q, want 未开始", k, got)
		}
	}
	a.shot("tasks-new")
}

// exBasic fills 机构与资格 and reads the benefit's months in the panel.
func exBasic(a *tyWalk) {
	a.section("basic")
	a.expectText("#name", demoComplete)
	a.chooseRegion("110108")
	a.fill("#address", spaceAddress)
	a.choose("#kind", "国家备案众创空间")
	a.fill("#designation_no", "国科火字〔2024〕35号")
	a.setValue("#designated_on", "2024-03-15")
	a.radio("cancelled", "否")
	a.expectDisabled(true, "#cancelled_on")
	a.fill("#year", "2026")
	a.fill("#site_area", "1200")
	a.radio("ledger", "是")
	a.expectDisabled(false, "#ledger_note")
	a.fill("#ledger_note", "设“主营业务收入—孵化服务收入”明细科目单独核算。")
	a.fill("#contact", "李晓雯")
	a.fill("#contact_title", "财务经理")
	a.fill("#contact_mobile", "13811113333")
	a.fill("#contact_email", "tax@qimingxing.example.com")
	a.saveSection("basic")
	a.open(a.app)
	// 备案 in March 2024: from April 2024, the whole of 2026.
	for code, want := range map[string]string{"E1": "国家备案众创空间", "E2": "自 2024-04 起享受",
		"E3": "申请年度 2026 年享受 12 个月（2026-01 至 2026-12）", "E6": "单独核算"} {
		if tag, fig := a.condition(code); tag != "符合" || !strings.Contains(fig, want) {
			a.t.Errorf("%s reads %s：%s; want 符合 with %q", code, tag, fig, want)
		}
	}
	if a.t.Failed() {
		a.t.FailNow()
	}
	a.shotElement("conditions-basic", "aside.cond-panel")
}

// exProperty: one leased building, let to 在孵对象.
func exProperty(a *tyWalk) {
	a.addRow("property", "property", func() {
		a.fill("#address", spaceAddress)
		a.choose("#category", "房产")
		a.choose("#tenure", "租入")
		a.expectDisabled(true, "#deed_no", "#land_area")
		a.fill("#lessor", "北京创业大厦物业管理有限公司")
		a.setValue("#lease_from", "2020-01-01")
		a.setValue("#lease_to", "2028-12-31")
		a.fill("#building_area", "1200")
		a.choose("#use", "出租给在孵对象")
		a.fill("#incubatee_area", "800")
		a.fill("#public_area", "200")
	}, upload{"lease", a.pdfUpload("租赁合同")})
	a.expectClean()
	a.open(a.app + "/sections/property")
	a.expectText("#building_area", "1200")
	a.expectText("#exempt_building_area", "1200")
}

// exIncubatee: a 创业团队 is asked for its leader's 身份证号码, not for a
// 统一社会信用代码.
func exIncubatee(a *tyWalk) {
	a.addRow("incubatees", "incubatees", func() {
		a.choose("#kind", "创业团队")
		a.expectDisabled(true, "#uscc")
		a.expectDisabled(false, "#leader", "#id_number")
		a.expectText(`.field:has(#uscc) [data-nf-note]`, "此状态下不可填")
		a.fill("#name", teamName)
		a.fill("#leader", "陈思远")
		a.fill("#id_number", fictionalID(a.t, "110108", "19960518", "217"))
		a.setValue("#agreement_from", "2025-03-01")
		a.setValue("#agreement_to", "2027-02-28")
		a.fill("#property", spaceAddress)
		a.fill("#area", "700")
		a.shot("incubatee-team-form")
	}, upload{"agreement", a.pdfUpload("孵化协议-智研视觉")})
	a.expectClean()
	a.open(a.app + "/tables/incubatees")
	heads := a.text("#rows thead")
	if !strings.Contains(heads, "统一社会信用代码") {
		a.t.Logf("the 在孵对象 table's columns: %s", strings.Join(strings.Fields(heads), " "))
	}
	tr := a.pg().MustElementR("#rows tbody tr", teamName)
	a.t.Logf("the 创业团队's row reads %q", strings.Join(strings.Fields(tr.MustText()), " "))
	a.shot("incubatees-table")
}

// exIncome: a 经营租赁服务 to the team counts; a 非孵化服务 is 不计入 and
// taxable.
func exIncome(a *tyWalk) {
	a.addRow("income", "income", func() {
		a.fill("#month", "3")
		a.choose("#service", "经营租赁服务")
		a.fill("#client", teamName)
		a.fill("#amount", "12.5")
		a.fill("#invoice", "FP2026030001")
	})
	a.expectClean()
	a.addRow("income", "income", func() {
		a.fill("#month", "5")
		a.choose("#service", "非孵化服务")
		a.fill("#client", rentClient)
		a.fill("#amount", "3")
		a.fill("#invoice", "FP2026050007")
	})
	summary := a.text("#excluded")
	if !strings.Contains(summary, "不计入") || !strings.Contains(summary, "非孵化服务收入，应纳税") {
		a.t.Fatalf("the 非孵化服务 row's page does not say it is taxable:\n%s", summary)
	}
	a.shot("income-row-excluded")
	a.open(a.app + "/sections/income")
	a.expectText("#exempt_income", "12.50")
	a.expectText("#taxable_income", "3.00")
	a.open(a.app + "/tables/income")
	a.expectText("#table-counts", "共 2 行")
	tr := a.pg().MustElementR("#rows tbody tr", rentClient)
	a.t.Logf("the 非孵化服务 row reads %q", strings.Join(strings.Fields(tr.MustText()), " "))
	if !strings.Contains(tr.MustText(), "不计入") {
		a.t.Error("the table page does not mark the row 不计入")
	}
	a.shot("income-table-excluded")
	a.open(a.app)
	if tag, fig := a.condition("E5"); tag != "符合" || !strings.Contains(fig, "免税收入 12.50 万元（1 笔），应税收入 3.00 万元（1 笔）") {
		a.t.Fatalf("E5 reads %s：%s", tag, fig)
	}
}

func exUploads(a *tyWalk) {
	a.section("pledge")
	a.upload("pledge", a.pdfUpload("承诺书-签字盖章"))
	a.expectClean()
	a.section("attachments")
	a.upload("designation", a.pdfUpload("备案文件"))
	a.upload("ledger", a.pdfUpload("孵化服务收入明细账"))
	a.expectClean()
}

// exComplete: every task 已完成, every 免税条件 met; the 申请表 looked at.
func exComplete(a *tyWalk) {
	a.open(a.app)
	for _, k := range []string{"basic", "property", "incubatees", "income", "area", "pledge", "attachments"} {
		if got := a.state(k); got != "已完成" {
			a.t.Errorf("%s is %q, want 已完成", k, got)
		}
	}
	a.expectText("#task-progress", "已完成 7 / 7 项")
	for code, line := range a.panel() {
		if !strings.HasPrefix(line, "符合") {
			a.t.Errorf("%s is not met: %s", code, line)
		}
	}
	a.shot("tasks-complete")
	a.shotElement("conditions-complete", "aside.cond-panel")
	if a.t.Failed() {
		a.t.FailNow()
	}
	a.open(a.app + "/sections/area")
	a.expectText("#used_share", "75")
	a.shot("area-section")
	a.version = a.generate()
	a.lookAtPDF(a.version, "创业孵化机构免税资格申请表")
}
