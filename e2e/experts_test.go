package e2e

import (
	"strings"
	"testing"
	"time"

	"hatch/internal/testkit"

	"github.com/go-rod/rod"
)

// TestExpertWalk is 专家评审 in a real browser: 海淀区 recommends the demo
// application, 北京市 assigns two experts by hand (one of its own city is
// flagged), the first expert logs in, reads the 申报书 without the
// applicant's contact details, saves a draft and submits the sheet, the
// second declares 回避, and 北京市 sees the average and records 专家评审.
func TestExpertWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	begin := time.Now()
	srv := startServer(t, "")
	cleanScreenshots(t, "sqlite-experts")
	page := newBrowser(t, bin)
	c := &chainWalk{walk: &walk{t: t, page: page, base: srv.base, engine: "sqlite-experts"},
		pages: map[string]*rod.Page{applicantLogin: page}}
	chainSubmit(c)
	chainCityRecommends(c)
	expertsAssigned(c)
	expertScores(c)
	expertRecuses(c)
	expertsRecorded(c)
	t.Logf("the expert walk took %s", time.Since(begin).Round(10*time.Millisecond))
}

// tick checks the expert whose label reads name in the assignment list.
func (c *chainWalk) tick(name string) {
	c.t.Helper()
	c.pg().MustElementR("#assign-form li label", name).MustElement("input").MustClick()
}

func expertsAssigned(c *chainWalk) {
	c.as("demo-province")
	c.open(c.review)
	c.expectElement("#experts")
	c.expectText("#assign-form", "马宏")
	c.expectText("#assign-form li:has(.expert-conflict)", "马宏") // of 海淀区, flagged
	c.tick("陈立新")
	c.tick("林晓帆")
	c.pg().MustElement("#experts").MustScrollIntoView()
	c.shotView("province-assign")
	c.click("#assign-experts")
	c.expectText("#flash", "已分配 2 位专家")
	c.expectText("#expert-sheets", "陈立新")
	c.expectText("#experts-pending", "林晓帆")
	c.expectText("#act-score", "还有 2 位专家尚未提交评分表")
	c.pg().MustElement("#experts").MustScrollIntoView()
	c.shotView("province-assigned")
}

func expertScores(c *chainWalk) {
	c.asLanding("demo-expert1", "/expert")
	c.expectText("#expert-tasks", "启明星众创空间")
	c.shotView("expert-tasks")
	c.clickText("#expert-tasks td a", "启明星众创空间")
	c.expectText("#doc", "不向评审专家显示")
	if body := c.text("main"); strings.Contains(body, "13800000001") || strings.Contains(body, "010-62785310") {
		c.t.Fatalf("the expert's page shows the applicant's phone")
	}
	c.fill(`input[name="score.team"]`, "18")
	c.fill("#comment", "运营团队稳定，")
	c.click("#sheet-save")
	c.expectText("#flash", "评分表已保存为草稿")
	for key, v := range map[string]string{"service": "22", "incubation": "21.5", "space": "13", "feature": "11"} {
		c.fill(`input[name="score.`+key+`"]`, v)
	}
	c.fill(`input[name="score.space"]`, "16") // above its 15
	c.click("#sheet-submit")
	c.expectText(`.has-error`, "分数应在0至15之间。")
	c.shotView("expert-sheet-refused")
	c.fill(`input[name="score.space"]`, "13")
	c.fill("#comment", "运营团队稳定，服务体系完整；建议补充孵化成效的佐证材料。")
	c.click("#sheet-submit")
	c.expectText("#flash", "评分表已提交")
	c.expectText("#sheet-total", "85.5")
	c.expectText("#sheet-closed", "评分表已提交")
	c.shotView("expert-submitted")
}

func expertRecuses(c *chainWalk) {
	c.asLanding("demo-expert2", "/expert")
	c.clickText("#expert-tasks td a", "启明星众创空间")
	c.pg().MustElement("#recuse summary").MustClick()
	c.fill("#reason", "本人曾为该单位提供创业辅导服务。")
	c.shotView("expert-recuse")
	c.click("#recuse-submit")
	c.expectPath("/expert")
	c.expectText("#flash", "已声明回避")
	c.expectText("#expert-tasks", "已回避")
}

func expertsRecorded(c *chainWalk) {
	c.as("demo-province")
	c.open(c.review)
	c.expectText("#experts-average", "85.5")
	c.expectText("#expert-sheets", "已回避")
	c.expectText("#experts-pending", "无")
	c.pg().MustElement("#experts").MustScrollIntoView()
	c.shotView("province-sheets")
	c.act("score")
	c.acted("已记录“专家评审”", "待省级审核")
	c.expectText("#log", "评审分数：85.5")
	c.expectText("#experts-blocked", "本轮专家评审结果已记录")
	c.pg().MustElement("#log").MustScrollIntoView()
	c.shotView("province-recorded")
}
