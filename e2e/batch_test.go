package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-rod/rod"
	"github.com/xuri/excelize/v2"

	"hatch/internal/testkit"
)

// TestBatchAndRegisterWalk: demo-province ticks three applications on its
// 工作台 (select all, then one off and on again), records 纸质材料已收 for
// them in one go with a 版本号 each, sees which passed and why the one
// returned to its applicant did not, opens the 纸质材料登记, filters it and
// exports it; the 工作台 is also looked at 1366×768.
func TestBatchAndRegisterWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	srv := startServer(t, "")
	cleanScreenshots(t, "batch")
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: "batch"}
	w.login("demo-province", demoPassword)
	w.open("/workbench")
	// The 2021 round's recommended: 西山众创汇 and the filed 中关村分部.
	w.expectText(".quota-fact dd", "已推荐 2 / 名额 未设定")
	w.pg().MustSetViewport(1366, 768, 1, false)
	w.noSideScroll()
	w.shotView("workbench-1366x768")
	w.pg().MustSetViewport(1366, 900, 1, false)

	// 全选本页 is the script's; the three rows are then ticked by name.
	w.tick("#select-all")
	if n := w.pg().MustEval(`() => document.querySelectorAll("input.batch-pick:checked").length`).Int(); n < 3 {
		t.Fatalf("select all ticked %d rows", n)
	}
	w.expectText("#batch-count", "已选")
	w.tick("#select-all")
	for _, name := range []string{"海淀青创汇众创空间", "中关村创客工场", "清河智造众创空间"} {
		w.tick(`input.batch-pick[aria-label="选择 ` + name + `"]`)
	}
	w.expectText("#batch-count", "已选 3 份")
	w.shot("workbench-ticked")
	w.choose("#batch_action", "paper")
	w.navigating(func(p *rod.Page) { p.MustElement("#batch-next").MustClick() })
	w.expectPath("/workbench/batch")
	w.expectText("h1", "批量纸质材料已收")
	if got := w.pg().MustElement("#receiver").MustProperty("value").String(); got != "孙审核" {
		t.Errorf("签收人 prefilled %q, want the reviewer", got)
	}

	// Each paper copy's 版本号 as typed from it: lower case and spaces are
	// typing slips, not another version.
	for _, row := range w.pg().MustElements("#batch-apps tbody tr") {
		code := row.MustElement("td:last-child").MustText()
		in := row.MustElement(`input[name^="version-"]`)
		in.MustInput(strings.ToLower(strings.ReplaceAll(code, "-", " ")))
	}
	w.fill("#copies", "3")
	w.shot("batch-form")
	w.navigating(func(p *rod.Page) { p.MustElement("#batch-submit").MustClick() })
	w.expectText("#result-title", "已办理 1 份，未办理 2 份")
	w.expectText(".batch-done", "与提交的版本一致")
	w.expectText("#batch-result", "该申报当前为“退回修改”，不能办理“纸质材料核验”。")
	w.expectText("#batch-result", "该申报当前为“待市级初审”")
	w.shot("batch-result")

	w.navigating(func(p *rod.Page) { p.MustElement("#to-register").MustClick() })
	w.expectPath("/workbench/paper-register")
	w.expectText("#register", "海淀青创汇众创空间")
	w.expectText("#register", "份数不足")
	w.shot("register")
	w.tick("#short")
	w.navigating(func(p *rod.Page) { p.MustElement(".filter-form button[type=submit]").MustClick() })
	w.expectText("#register-summary", "共 1 条")
	if w.has("#register tbody tr:nth-child(2)") {
		t.Error("the 份数不足 filter lists more than the one short receipt")
	}
	w.shotView("register-short")

	href := w.pg().MustElement("#register-export").MustProperty("href").String()
	res, body := w.fetch(href)
	if res.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		t.Fatalf("export: %s", res.Status)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("纸质材料登记")
	if err != nil || len(rows) != 4 || rows[3][3] != "海淀青创汇众创空间" || rows[3][11] != "份数不足" || rows[3][12] != "孙审核" {
		t.Errorf("export rows: %q, %v", rows, err)
	}
	drawFromTheWorkbench(w)
	recommendTableFromTheWorkbench(w)
}

// recommendTableFromTheWorkbench: the 工作台 narrowed to one round offers
// the 推荐表 of that round; the workbook lists, under its 17 column heads,
// as many spaces as the 工作台 says the province has recommended.
func recommendTableFromTheWorkbench(w *walk) {
	w.t.Helper()
	w.open("/workbench")
	round := w.pg().MustElement("#round option:nth-child(2)").MustProperty("value").String()
	w.choose("#round", round)
	w.navigating(func(p *rod.Page) { p.MustElement(".queue-filters button[type=submit]").MustClick() })
	href := w.pg().MustElement("#recommend-link").MustProperty("href").String()
	if !strings.Contains(href, "round="+round) {
		w.t.Fatalf("the 推荐表 link %q drops the round filter %s", href, round)
	}
	w.shotView("workbench-round")
	fact := w.text("#quota-" + round)
	var recommended int
	if _, err := fmt.Sscanf(fact, "已推荐 %d", &recommended); err != nil || recommended == 0 {
		w.t.Fatalf("the 工作台 says %q", fact)
	}
	res, body := w.fetch(href)
	if res.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		w.t.Fatalf("推荐表: %s", res.Status)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("推荐表")
	if err != nil {
		w.t.Fatal(err)
	}
	head := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 1 && r[1] == "统一社会信用代码" })
	if head < 0 || len(rows[head]) != 17 || rows[head][16] != "推荐意见" {
		w.t.Fatalf("推荐表 heads: %q", rows)
	}
	var listed [][]string
	for _, r := range rows[head+1:] {
		if len(r) > 2 && r[2] != "" {
			listed = append(listed, r)
		}
	}
	if len(listed) != recommended {
		w.t.Fatalf("推荐表 lists %d spaces, the 工作台 says %d recommended: %q", len(listed), recommended, listed)
	}
	for i, r := range listed {
		if r[0] != strconv.Itoa(i+1) || len(r) < 17 || r[16] == "" {
			w.t.Errorf("推荐表 row %d: %q", i+1, r)
		}
	}
}

// drawFromTheWorkbench: 分配专家 for the one application waiting for the
// province, from the 工作台: the count asked, a wrong one refused beside
// its field and kept, then the experts drawn and named on the result.
func drawFromTheWorkbench(w *walk) {
	w.t.Helper()
	w.open("/workbench?status=province_review")
	w.tick(`input.batch-pick[aria-label="选择 海淀青创汇众创空间"]`)
	w.choose("#batch_action", "experts")
	w.navigating(func(p *rod.Page) { p.MustElement("#batch-next").MustClick() })
	w.expectText("h1", "批量分配专家")
	w.pg().MustElement("#per_app").MustSelectAllText().MustInput("三")
	w.navigating(func(p *rod.Page) { p.MustElement("#batch-submit").MustClick() })
	w.expectText("#batch-confirm", "请填写每份申报的专家人数")
	if got := w.pg().MustElement("#per_app").MustProperty("value").String(); got != "三" {
		w.t.Errorf("the count typed came back as %q", got)
	}
	w.shot("experts-refused")
	w.pg().MustElement("#per_app").MustSelectAllText().MustInput("4")
	w.navigating(func(p *rod.Page) { p.MustElement("#batch-submit").MustClick() })
	w.expectText("#result-title", "已办理 1 份")
	w.expectText(".batch-done", "专家：")
	w.shot("experts-drawn")
}

// tick clicks a checkbox, which leads nowhere.
func (w *walk) tick(sel string) {
	w.t.Helper()
	w.pg().MustElement(sel).MustClick()
}
