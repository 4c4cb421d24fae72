package e2e

import (
	"strings"
	"testing"
	"time"

	"hatch/internal/testkit"

	"github.com/go-rod/rod"
)

// TestWithdrawAndDraftsWalk: 北京市 returns the application with a draft
// remark, which the 退回修改 form lists first and asks about; after the
// resubmission 北京市 recommends to 火炬中心; the review page opens on the
// 重新提交 cue at 1366×768, the remark beside the change it caused and the
// wide tables scrolling in their own box; 北京市 withdraws the
// recommendation before 火炬中心 acts, and 火炬中心's 工作台 no longer lists it.
func TestWithdrawAndDraftsWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	srv := startServer(t, "")
	cleanScreenshots(t, "withdraw")
	page := newBrowser(t, bin)
	c := &chainWalk{walk: &walk{t: t, page: page, base: srv.base, engine: "withdraw"},
		pages: map[string]*rod.Page{applicantLogin: page}}
	for _, step := range []func(*chainWalk){chainSubmit, chainCityRecommends, chainProvinceReturns, chainResubmit,
		chainProvinceRecommends, resubmissionAt1366, provinceWithdraws} {
		start := time.Now()
		step(c)
		t.Logf("step took %s", time.Since(start).Round(10*time.Millisecond))
	}
}

// resubmissionAt1366: 北京市 opens the resubmitted application's page in a
// 1366×768 window: the cue first, the remark paired with its change, and
// no horizontal scrollbar for the page itself.
func resubmissionAt1366(c *chainWalk) {
	c.as("demo-province")
	c.pg().MustSetViewport(1366, 768, 1, false)
	defer c.pg().MustSetViewport(1366, 900, 1, false)
	c.open(c.review)
	c.expectText("#resubmit", "重新提交")
	c.expectText("#resubmit .pair", remarkText)
	c.expectText("#resubmit .pair", "已修改")
	c.expectText("#resubmit .pair-change", c.newMembers)
	wide := c.pg().MustEval(`() => document.documentElement.scrollWidth > document.documentElement.clientWidth`).Bool()
	if wide {
		c.t.Fatal("the review page scrolls sideways at 1366 px")
	}
	c.shotView("province-resubmission-1366")
	c.pg().MustElement("#doc-table-teams").MustEval(`() => this.scrollIntoView({block: "start"})`)
	box := c.pg().MustElement("#doc-table-teams .table-scroll").MustEval(`() => {
		const r = this.getBoundingClientRect();
		return {bottom: r.bottom, sideways: this.scrollWidth > this.clientWidth};
	}`)
	if box.Get("bottom").Num() > 768 {
		c.t.Errorf("the teams table's scroll box ends at %v px, below the 768 px window: its bar is out of sight", box.Get("bottom").Num())
	}
	c.shotView("province-wide-table-1366")
}

// provinceWithdraws: 北京市 withdraws its 推荐至火炬中心 with a reason.
func provinceWithdraws(c *chainWalk) {
	c.as("demo-torch")
	c.open("/workbench")
	c.expectText("main", c.ref)
	c.as("demo-province")
	c.open(c.review)
	// An internal note first: the department's own, marked as hidden from
	// the applicant.
	c.choose("#note_section", "venues")
	c.fill("#note_text", noteText)
	c.click("#notes button[type=submit]")
	c.expectText("#flash", "仅本部门可见")
	c.expectText("#notes", "内部备注（申报单位不可见）")
	c.expectText("#notes", noteText)
	c.shotElement("province-notes", "#notes")
	c.expectText("#withdraw legend", "撤回本部门的“推荐至火炬中心”")
	c.click("#withdraw button[type=submit]")
	c.expectText("#withdraw", "撤回须填写撤回理由")
	c.fill("#withdraw-comment", "推荐表排序有误，撤回后重新推荐。")
	c.click("#withdraw button[type=submit]")
	c.acted("已撤回", "待省级审核")
	c.expectText("#log", "已撤回")
	c.expectText("#log", "撤回理由：推荐表排序有误，撤回后重新推荐。")
	c.shotElement("province-withdrawn-log", "#log")
	c.as("demo-torch")
	c.open("/workbench")
	if strings.Contains(c.text("main"), c.ref) {
		c.t.Fatal("火炬中心's 工作台 still lists the withdrawn recommendation")
	}
	c.as(applicantLogin)
	c.open(c.app + "/progress")
	c.expectText("main", "撤回理由：推荐表排序有误，撤回后重新推荐。")
	if strings.Contains(c.text("body"), noteText) {
		c.t.Fatal("the applicant's 办件进度 shows the internal note")
	}
}

const noteText = "已电话核实场地租赁合同，原件待实地核查时查看。"
