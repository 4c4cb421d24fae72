package e2e

import (
	"bytes"
	"hatch/internal/testkit"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
)

// TestReviewChainWalk takes demo-applicant's complete application through
// the whole review chain in a real browser, once on each database engine:
// 下载材料 and 提交申报材料 (first without the declaration), 推荐 by 海淀区,
// a remark on one team row and 退回修改 by 北京市 (first without a comment),
// the applicant's change of that row and a new version submitted again,
// 推荐 once more, the diff, 纸质材料核验 with the old and then the new
// 版本号, 专家评审, 公示, 推荐至火炬中心, and 火炬中心 until 备案通过; then
// the whole log in 办件进度. Each account has its own browser context.
func TestReviewChainWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		reviewChainWalk(t, bin, "sqlite", "")
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		reviewChainWalk(t, bin, "postgres", postgresDB(t))
	})
}

const applicantLogin = "demo-applicant"

var refNoRe = regexp.MustCompile(`^ZC2021-110000-\d{6}$`)

// chainWalk is one application's way through the chain. Its walk's page is
// the tab of the account acting now (see as).
type chainWalk struct {
	*walk
	pages map[string]*rod.Page // per login; the applicant's is in the default context, where downloads are allowed

	app    string // /applications/N
	review string // /review/N
	id     string // N
	ref    string // 受理编号
	v1, v2 string // the versions submitted first and second

	row        string // the team row remarked on, as the review page's id: row-teams-R
	rowID      string // R
	team       string // its 团队名称
	members    string // its 人员数量 as submitted first
	newMembers string // after the change
}

const (
	remarkText   = "团队人数与入驻协议所列成员不符，请核实后修改。"
	returnText   = "请按具体意见核实团队信息，修改后重新提交。"
	cityComment  = "经初审，材料真实完整，同意推荐。"
	cityAgain    = "已按北京市意见修改，同意推荐。"
	provComment  = "经专家评审和公示，推荐至火炬中心。"
	torchPublic1 = "2021-11-08"
	torchPublic2 = "2021-11-12"

	// round2021 is the demo's 众创空间 round, the chain's.
	round2021 = "2021年度众创空间国家备案"
	// filedBranch is demo-applicant's third 众创空间, filed in that round.
	filedBranch = "启明星众创空间（中关村分部）"
)

func reviewChainWalk(t *testing.T, bin, engine, dbURL string) {
	begin := time.Now()
	srv := startServer(t, dbURL)
	cleanScreenshots(t, engine+"-chain")
	page := newBrowser(t, bin)
	c := &chainWalk{walk: &walk{t: t, page: page, base: srv.base, engine: engine + "-chain"},
		pages: map[string]*rod.Page{applicantLogin: page}}
	steps := []struct {
		name string
		run  func(*chainWalk)
	}{
		{"applicant submits", chainSubmit},
		{"海淀区 推荐", chainCityRecommends},
		{"北京市 remarks and returns", chainProvinceReturns},
		{"applicant changes the row and resubmits", chainResubmit},
		{"海淀区 again, 北京市 checks the paper copy and recommends", chainProvinceRecommends},
		{"火炬中心 files it", chainTorchFiles},
		{"applicant sees 已备案", chainFiled},
	}
	for _, s := range steps {
		start := time.Now()
		s.run(c)
		t.Logf("step %q took %s", s.name, time.Since(start).Round(10*time.Millisecond))
	}
	t.Logf("%s: the whole review chain walk took %s", engine, time.Since(begin).Round(10*time.Millisecond))
}

// narrowToRound picks the round named name in the 工作台's 申报批次 filter
// and applies it; it returns the round's id.
func (w *walk) narrowToRound(name string) string {
	w.t.Helper()
	round := w.pg().MustElementR("#round option", "^"+regexp.QuoteMeta(name)+"$").MustProperty("value").String()
	w.choose("#round", round)
	w.click(`form.queue-filters button[type=submit]`)
	if !strings.Contains(w.path(), "round="+round) {
		w.t.Fatalf("the round filter led to %s", w.path())
	}
	return round
}

// as makes login the account acting now: its own tab in its own browser
// context, logged in the first time.
func (c *chainWalk) as(login string) {
	c.t.Helper()
	c.asLanding(login, "/workbench")
}

// asLanding is as for an account whose work starts at landing.
func (c *chainWalk) asLanding(login, landing string) {
	c.t.Helper()
	if p, ok := c.pages[login]; ok {
		c.page = p
		return
	}
	ctx := c.pages[applicantLogin].Browser().MustIncognito()
	c.t.Cleanup(func() { ctx.Close() })
	p := ctx.MustPage()
	p.Timeout(stepTimeout).MustSetViewport(1366, 900, 1, false)
	c.pages[login], c.page = p, p
	c.login(login, demoPassword)
	c.expectPath(landing)
}

// generate presses 下载材料 on the task list, waits for the download and
// returns the new 版本号 (see verWalk.generate for why not walk.click).
func (c *chainWalk) generate() string {
	c.t.Helper()
	c.open(c.app)
	data, name := c.download(func() { c.pg().MustElement("#generate").MustClick() })
	c.pg().MustWait(`() => document.readyState === "complete"`)
	c.expectPath(c.app + "/versions")
	code := strings.TrimSpace(c.pg().MustElement("#versions tr.row-new td").MustText())
	if !versionCodeRe.MatchString(code) {
		c.t.Fatalf("the new version's 版本号 reads %q", code)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || name != "申报书-"+code+".pdf" {
		c.t.Fatalf("下载材料 downloaded %q (%d bytes, %q)", name, len(data), clip(string(data), 20))
	}
	return code
}

// submit ticks the declaration and submits the newest version to the
// default 受理机构, and checks the confirmation.
func (c *chainWalk) submit(version string) {
	c.t.Helper()
	c.open(c.app)
	c.click("#submit-link")
	c.expectPath(c.app + "/submit")
	c.expectText("#submit-version", version)
	c.expectAcceptor("110000", "北京市科学技术委员会")
	if c.has("#submit-blockers") {
		c.t.Fatalf("提交申报材料 is blocked:\n%s", c.text("#submit-blockers"))
	}
	c.pg().MustElement("#declared").MustClick()
	c.click("#submit-button")
	c.expectPath(c.app + "/submitted")
	c.expectText("#submitted h1", "申报材料已提交")
	if got := strings.TrimSpace(c.text("#bound-version")); got != version {
		c.t.Fatalf("the confirmation binds %s, want the version just generated, %s", got, version)
	}
	ref := strings.TrimSpace(c.text("#ref-no"))
	if !refNoRe.MatchString(ref) || (c.ref != "" && ref != c.ref) {
		c.t.Fatalf("受理编号 %q (before: %q)", ref, c.ref)
	}
	c.ref = ref
	c.expectText("#acceptor-name", "北京市科学技术委员会")
	c.expectText("main", "一式 5 份")
}

// expectAcceptor fails unless the 受理机构 select has code chosen.
func (c *chainWalk) expectAcceptor(code, name string) {
	c.t.Helper()
	sel := c.pg().MustElement("#acceptor")
	if v := sel.MustProperty("value").String(); v != code {
		c.t.Fatalf("受理机构 is %q, want %s", v, code)
	}
	if got := sel.MustEval(`() => this.selectedOptions[0].textContent`).String(); !strings.Contains(got, name) {
		c.t.Fatalf("受理机构 shows %q, want %s", got, name)
	}
}

// act fills the 办理 form of action with name/value pairs and sends it.
func (c *chainWalk) act(action string, fields ...string) {
	c.t.Helper()
	form := "#act-" + action
	for i := 0; i+1 < len(fields); i += 2 {
		sel := form + "-" + fields[i]
		if fields[i] == "drafts" { // 随本次决定发送 or 保留为草稿
			c.pg().MustElement(form + ` input[name="drafts"][value="` + fields[i+1] + `"]`).MustClick()
			continue
		}
		if strings.HasPrefix(fields[i], "public_") {
			c.setValue(sel, fields[i+1])
		} else {
			c.fill(sel, fields[i+1])
		}
	}
	c.click(form + " button[type=submit]")
}

// acted fails unless the last act was taken and left the status want.
func (c *chainWalk) acted(flash, status string) {
	c.t.Helper()
	c.expectPath(c.review)
	c.expectText("#flash", flash)
	c.expectText("#review-status", status)
}

func (c *chainWalk) expectStatus(code int) {
	c.t.Helper()
	if got := c.status(); got != code {
		c.t.Fatalf("%s answered %d, want %d; page says:\n%s", c.path(), got, code, clip(c.text("main"), 800))
	}
}

// chainSubmit: 下载材料, 提交申报材料 first without the declaration (another
// 受理机构 chosen, which is kept), then with it; 办件进度 says 待市级初审.
func chainSubmit(c *chainWalk) {
	c.login(applicantLogin, demoPassword)
	c.expectPath("/services")
	c.open("/applications")
	c.clickText("#applications td a", "^"+regexp.QuoteMeta(demoComplete)+"$")
	c.app = c.path()
	if !appIDPathRe.MatchString(c.app) {
		c.t.Fatalf("the application's link led to %s", c.app)
	}
	c.id = strings.TrimPrefix(c.app, "/applications/")
	c.review = "/review/" + c.id
	c.expectText("#task-progress", "已完成 9 / 9 项")
	c.v1 = c.generate()

	c.open(c.app)
	c.click("#submit-link")
	c.expectPath(c.app + "/submit")
	c.expectAcceptor("110000", "北京市科学技术委员会")
	c.expectText("#submit-version", c.v1)
	c.expectText("#acceptor-card", "一式 5 份")
	if n := len(c.pg().MustElements("#acceptor option[value]:not([value=''])")); n != 1 {
		c.t.Fatalf("a 海淀区 space is offered %d 受理机构, want only 北京市", n)
	}
	c.click("#submit-button")
	c.expectPath(c.app + "/submit")
	c.expectStatus(http.StatusUnprocessableEntity)
	c.expectText(".field:has(#declared) #declared-error", "申报声明")
	c.expectElement(`#declared[aria-invalid="true"][aria-describedby~="declared-error"]`)
	c.expectAcceptor("110000", "北京市科学技术委员会")
	if c.has("#acceptor-error") {
		c.t.Fatalf("a chosen 受理机构 is refused: %s", c.text("#acceptor-error"))
	}
	if c.pg().MustElement("#declared").MustProperty("checked").Bool() {
		c.t.Fatal("the declaration is ticked after the refusal")
	}
	c.shot("submit-undeclared")

	c.pg().MustElement("#declared").MustClick()
	c.click("#submit-button")
	c.expectPath(c.app + "/submitted")
	if got := strings.TrimSpace(c.text("#bound-version")); got != c.v1 {
		c.t.Fatalf("the confirmation binds %s, want the version just generated, %s", got, c.v1)
	}
	c.ref = strings.TrimSpace(c.text("#ref-no"))
	if !refNoRe.MatchString(c.ref) {
		c.t.Fatalf("受理编号 %q", c.ref)
	}
	c.expectText("#acceptor-name", "北京市科学技术委员会")
	c.expectText("main", "一式 5 份")
	c.shot("submitted")
	c.clickText("main a.button", "^查看办件进度$")
	c.expectPath(c.app + "/progress")
	c.expectText("#progress-status", "待市级初审")
	c.expectText("main", c.ref)
}

// chainCityRecommends: 海淀区 finds it on the 工作台 of its round by
// searching, and recommends it.
func chainCityRecommends(c *chainWalk) {
	c.as("demo-city")
	// The department's size: the demo's four 众创空间 of the 2021 round,
	// demo-applicant's filed 中关村分部 of that round, its 孵化器认定 (2022)
	// and the branch's 免税资格申请 (2026), and this one.
	c.expectText("#count-all", "8 份")
	round := c.narrowToRound(round2021)
	// Waiting for 海淀区 in the round: 中关村创客工场's and this one.
	c.expectText("#tab-city_review .tab-count-todo", "2")
	c.fill("#q", "启明星")
	c.click(`form.queue-filters button[type=submit]`)
	if u := c.path(); !strings.HasPrefix(u, "/workbench?") || !strings.Contains(u, "q=%E5%90%AF%E6%98%8E%E6%98%9F") ||
		!strings.Contains(u, "round="+round) {
		c.t.Fatalf("the search led to %s", u)
	}
	// The operator in the round: this one and the branch it had filed.
	rows := c.pg().MustElements("#queue tbody tr")
	if len(rows) != 2 {
		c.t.Fatalf("searching 启明星 in the 2021 round lists %d applications:\n%s", len(rows), c.text("#queue"))
	}
	var mine, branch string
	for _, r := range rows {
		if t := r.MustText(); strings.Contains(t, c.ref) {
			mine = t
		} else {
			branch = t
		}
	}
	for _, want := range []string{c.ref, demoComplete, "北京启明星众创科技有限公司", "待市级初审", "待办", c.v1} {
		if !strings.Contains(mine, want) {
			c.t.Fatalf("the 工作台 row reads %q, want %s in it", mine, want)
		}
	}
	for _, want := range []string{filedBranch, "北京启明星众创科技有限公司", "已备案"} {
		if !strings.Contains(branch, want) {
			c.t.Fatalf("the other 工作台 row reads %q, want %s in it", branch, want)
		}
	}
	c.shot("city-workbench")
	c.click("#open-" + c.id)
	c.expectPath(c.review)
	c.expectText("#review-status", "待市级初审")
	c.expectText("#review-ref", c.ref)
	c.expectText("#review-version", c.v1)
	c.expectText("main h1", demoComplete)
	c.shotView("city-review")
	c.act("recommend", "comment", cityComment)
	c.acted("已办理“推荐”", "待省级审核")
}

// chainProvinceReturns: 北京市 opens it from the 工作台, remarks on a team
// 在孵's 人员数量, is refused 退回修改 without a comment, then returns it;
// 火炬中心 cannot see it meanwhile.
func chainProvinceReturns(c *chainWalk) {
	c.as("demo-province")
	c.click("#open-" + c.id)
	c.expectPath(c.review)
	c.expectText("#review-status", "待省级审核")

	c.as("demo-torch")
	c.open(c.review)
	c.expectStatus(http.StatusNotFound)
	if c.has("#act") || strings.Contains(c.text("main"), c.ref) {
		c.t.Fatal("火炬中心 sees an application still at the province")
	}
	c.as("demo-province")

	team := c.pg().MustEval(`() => {
		const t = document.querySelector("#doc-table-teams");
		const heads = [...t.querySelectorAll("thead th")].map(th => th.textContent.trim());
		const state = heads.findIndex(h => h.includes("状态")), members = heads.findIndex(h => h.includes("人员数量"));
		const name = heads.indexOf("团队名称");
		for (const tr of t.querySelectorAll("tbody tr[id^='row-teams-']")) {
			const cells = tr.querySelectorAll(":scope > td");
			if (cells[state].textContent.trim() === "在孵") {
				return {id: tr.id, name: cells[name].textContent.trim(), members: cells[members].textContent.trim()};
			}
		}
		return null;
	}`)
	if team.Nil() {
		c.t.Fatal("the review page's 累计创业团队 table has no team 在孵")
	}
	c.row, c.team, c.members = team.Get("id").String(), team.Get("name").String(), team.Get("members").String()
	c.rowID = strings.TrimPrefix(c.row, "row-teams-")
	n, err := strconv.Atoi(c.members)
	if err != nil {
		c.t.Fatalf("%s has 人员数量 %q", c.team, c.members)
	}
	c.newMembers = strconv.Itoa(n + 1)
	c.t.Logf("remark on %s (%s), 人员数量 %s", c.team, c.row, c.members)

	c.click("#" + c.row + " a.remark-add-link")
	c.expectElement("#" + c.row + " details.remark-add[open]")
	key := "#rm-teams-" + c.rowID
	c.choose(key+"-field", "members")
	c.fill(key+"-text", remarkText)
	c.click("#" + c.row + " form.remark-form button[type=submit]")
	c.expectPath(c.review)
	c.expectText("#flash", "待发送")
	pending := "#" + c.row + " + tr.remark-row"
	c.expectText(pending, "待发送")
	c.expectText(pending, remarkText)
	c.expectText(pending, "人员数量")
	c.expectText("#drafts .count-badge", "1")
	c.expectText("#drafts", remarkText)
	c.expectText("#drafts", c.team)
	c.pg().MustElement("#" + c.row).MustEval(`() => this.scrollIntoView({block: "center"})`)
	c.shotView("province-remark-pending")

	c.act("return") // no comment
	c.expectPath(c.review + "/actions")
	c.expectStatus(http.StatusUnprocessableEntity)
	c.expectText("#act-return #act-return-comment-error", "审核意见")
	c.expectElement(`#act-return-comment[aria-invalid="true"]`)
	c.expectText("#review-status", "待省级审核")
	c.expectText("#drafts .count-badge", "1")
	c.expectText(pending, "待发送")

	// With its comment but no word about the draft: the form lists it and asks.
	c.act("return", "comment", returnText)
	c.expectStatus(http.StatusUnprocessableEntity)
	c.expectText("#act-return-drafts", "本部门有 1 条待发送的意见草稿")
	c.expectText("#act-return-drafts", remarkText)
	c.expectText("#act-return-drafts", "请选择随本次决定发送，或保留为草稿")
	if got := c.pg().MustElement("#act-return-comment").MustProperty("value").String(); got != returnText {
		c.t.Fatalf("the comment typed was lost: %q", got)
	}
	c.shotElement("province-drafts-asked", "#act-return")

	c.act("return", "drafts", "send")
	c.acted("已办理“退回修改”", "退回修改")
	c.expectText("#flash", "随本次决定发送了 1 条意见")
	c.expectText(pending, "已发送")
	if c.has("#drafts .remark-draft") {
		c.t.Fatal("the remark is still pending after 退回修改")
	}
}

// chainResubmit: the applicant is told, finds the remark on the task list
// and beside the field, changes the row, generates a new version and
// submits it.
func chainResubmit(c *chainWalk) {
	c.as(applicantLogin)
	c.open(c.app)
	badge := strings.TrimSpace(c.text("#notifications-link .badge"))
	if n, err := strconv.Atoi(badge); err != nil || n < 1 {
		c.t.Fatalf("the header's unread badge reads %q", badge)
	}
	c.expectText("#app-returned", "已退回修改")
	c.expectText("#app-returned", "北京市科学技术委员会")
	c.expectText("#app-returned", returnText)
	c.expectText("#app-returned", remarkText)
	rowPath := c.app + "/rows/" + c.rowID
	link := `#app-returned a[href="` + rowPath + `"]`
	c.expectText(link, c.team)
	c.shot("tasks-returned")

	c.click(link)
	c.expectPath(rowPath)
	c.expectText(".field:has(#members) .field-remark", remarkText)
	if got := c.pg().MustElement("#members").MustProperty("value").String(); got != c.members {
		c.t.Fatalf("the row's 人员数量 is %q, the review page showed %q", got, c.members)
	}
	c.shot("row-remark")
	c.fill("#members", c.newMembers)
	c.click("#save-row")
	c.expectPath(rowPath)
	c.expectText("#flash", "已保存")
	if c.has("#issue-summary") {
		c.t.Fatalf("the changed row has problems:\n%s", c.text("#issue-summary"))
	}

	c.click("#notifications-link")
	c.expectPath("/notifications")
	c.expectText("#notifications li:first-child", "退回修改")
	if c.has("#notifications-link .badge") {
		c.t.Fatal("the unread badge stays on the messages page")
	}

	c.v2 = c.generate()
	if c.v2 == c.v1 {
		c.t.Fatalf("the new version repeats %s", c.v1)
	}
	c.submit(c.v2)
}

// chainProvinceRecommends: 海淀区 recommends again; 北京市 sees the diff,
// records the old 版本号 (推荐 blocked), then the new one typed loosely,
// the expert score and 公示, and recommends to 火炬中心.
func chainProvinceRecommends(c *chainWalk) {
	c.as("demo-city")
	c.open(c.review)
	c.expectText("#review-status", "待市级初审")
	c.expectText("#review-version", c.v2)
	c.act("recommend", "comment", cityAgain)
	c.acted("已办理“推荐”", "待省级审核")

	c.as("demo-province")
	c.open(c.review)
	c.expectText("#review-status", "待省级审核")
	c.expectText("#review-version", c.v2)
	c.expectText("#diff-title", c.v1)
	if c.has("#diff .diff-fields") {
		c.t.Fatalf("the diff lists changed fields:\n%s", c.text("#diff .diff-fields"))
	}
	changes := c.pg().MustElements("#diff .diff-row")
	if len(changes) != 1 {
		c.t.Fatalf("the diff lists %d rows, want 1:\n%s", len(changes), c.text("#diff"))
	}
	head := changes[0].MustElement(".diff-row-head").MustText()
	for _, want := range []string{"修改", "累计创业团队", c.team} {
		if !strings.Contains(head, want) {
			c.t.Fatalf("the diff's row reads %q, want %s in it", head, want)
		}
	}
	changes[0].MustElement(`a[href="#` + c.row + `"]`)
	cells := changes[0].MustElements(".diff-cells tbody tr")
	if len(cells) != 1 {
		c.t.Fatalf("the diff's row lists %d cells, want 1:\n%s", len(cells), changes[0].MustText())
	}
	label := cells[0].MustElement("th").MustText()
	old, cur := cells[0].MustElement("del").MustText(), cells[0].MustElement("ins").MustText()
	if !strings.Contains(label, "人员数量") || old != c.members || cur != c.newMembers {
		c.t.Fatalf("the diff's cell reads %q: %q → %q, want 人员数量: %s → %s", label, old, cur, c.members, c.newMembers)
	}
	c.shotElement("province-diff", "#diff")

	// The paper copy of the first version.
	c.expectText("#paper-result", "未核验")
	c.act("paper_check", "version", c.v1)
	c.acted("不一致", "待省级审核")
	c.expectElement("#paper-result.paper-mismatch")
	c.expectText("#paper-result", c.v1)
	c.expectElement("#act-recommend fieldset[disabled]")
	c.expectElement("#act-recommend button[disabled]")
	c.expectText("#act-recommend-reason", "不一致")
	c.shotElement("province-paper-mismatch", "#act") // the outcome above, 推荐至火炬中心 blocked below

	// The right one, in lower case without dashes.
	typed := strings.ToLower(strings.ReplaceAll(c.v2, "-", ""))
	c.act("paper_check", "version", typed)
	c.acted("已记录“纸质材料核验”", "待省级审核")
	c.expectElement("#paper-result.paper-matched")
	c.expectText("#paper-result", "版本号一致")
	// The paper matches; the chain still asks for the experts and a 公示
	// that has ended, each in its turn.
	c.expectText("#act-recommend-reason", "尚未记录专家评审分数")
	c.expectText("#act-publicity-reason", "尚未记录专家评审分数")
	c.act("score", "score", "88.5")
	c.acted("已记录“专家评审”", "待省级审核")
	c.expectText("#act-recommend-reason", "尚未公示")
	// Entering the first day shows the fifth working day and fills the last.
	c.setValue("#act-publicity-public_from", "2021-09-28")
	// The hint comes from the server's calendar, after the page has loaded.
	c.pg().MustWait(`() => document.querySelector("#act-publicity .publicity-end").textContent !== ""`)
	c.expectText("#act-publicity .publicity-end", "第 5 个工作日是 2021-10-09")
	if got := c.pg().MustElement("#act-publicity-public_to").MustProperty("value").String(); got != "2021-10-09" {
		c.t.Errorf("公示结束日期 reads %q after the first day, want 2021-10-09 (National Day, and its worked Saturday)", got)
	}
	c.shotElement("province-publicity", "#act-publicity")
	c.act("publicity", "public_from", "2021-11-01", "public_to", "2021-11-05")
	c.acted("已记录“公示”", "待省级审核")
	if c.has("#act-recommend fieldset[disabled]") || c.has("#act-recommend-reason") {
		c.t.Fatalf("推荐至火炬中心 is still blocked: %s", c.text("#act-recommend"))
	}
	c.expectText("#act-recommend legend", "推荐至火炬中心")
	c.act("recommend", "comment", provComment)
	c.acted("已办理“推荐至火炬中心”", "待形式审查")
}

// chainTorchFiles: 火炬中心 finds it on its 工作台 and takes it to 备案通过.
func chainTorchFiles(c *chainWalk) {
	c.as("demo-torch")
	c.open("/workbench")
	c.click("#open-" + c.id)
	c.expectPath(c.review)
	c.expectText("#review-status", "待形式审查")
	c.act("formal_pass")
	c.acted("已办理“形式审查通过”", "专家评审中")
	c.act("score", "score", "90")
	c.acted("已记录“专家评审”", "专家评审中")
	c.act("publicity", "public_from", torchPublic1, "public_to", torchPublic2)
	c.acted("已办理“公示”", "公示中")
	c.act("file")
	c.acted("已办理“备案通过”", "已备案")
	c.expectText("#no-actions", "已办结")
}

// chainFiled: 办件进度 shows 已备案 with every step; the review page is not
// the applicant's.
func chainFiled(c *chainWalk) {
	c.as(applicantLogin)
	c.open(c.app + "/progress")
	c.expectText("#progress-status", "已备案")
	var got []string
	for _, li := range c.pg().MustElements("#step-log > li") {
		got = append(got, strings.TrimSpace(li.MustElement(".step-head strong").MustText()))
	}
	want := []string{"提交", "推荐", "退回修改", "提交", "推荐", "纸质材料核验", "纸质材料核验", "专家评审", "公示",
		"推荐至火炬中心", "形式审查通过", "专家评审", "公示", "备案通过"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		c.t.Fatalf("办件进度 lists the steps\n  %s\nwant\n  %s", strings.Join(got, " "), strings.Join(want, " "))
	}
	log := c.text("#step-log")
	for _, s := range []string{c.v1, c.v2, remarkText, returnText, cityComment, cityAgain, provComment,
		"与提交的版本一致", "与提交的版本不一致", "已完成专家评审", torchPublic1, "海淀区", "北京市科学技术委员会", "火炬"} {
		if !strings.Contains(log, s) {
			c.t.Errorf("办件进度's log does not mention %q", s)
		}
	}
	// The experts' scores and the reviewers' own names stay with the departments.
	for _, s := range []string{"88.5", "孙审核", "刘审核"} {
		if strings.Contains(log, s) {
			c.t.Errorf("办件进度 shows %q to the applicant", s)
		}
	}
	c.shot("progress-filed")
	if c.t.Failed() {
		c.t.FailNow()
	}

	c.open(c.review)
	c.expectStatus(http.StatusForbidden)
	if c.has("#act") || c.has("#doc") {
		c.t.Fatal("the applicant sees the review page")
	}
}
