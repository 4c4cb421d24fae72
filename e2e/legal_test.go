package e2e

import (
	"strings"
	"testing"

	"hatch/internal/testkit"
)

// TestLegalSaysWhatRechecksBeforeSaving opens 修改法人信息 of a certified
// organisation in a real browser: a change to the representative brings
// up the notice above 保存 at once and changing it back withdraws it, an
// address does not; saving the unchanged data keeps the certification, and
// saving the announced change goes through without a second step.
func TestLegalSaysWhatRechecksBeforeSaving(t *testing.T) {
	bin := testkit.Chromium(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		legalWalk(t, bin, "sqlite", "")
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		legalWalk(t, bin, "postgres", postgresDB(t))
	})
}

func legalWalk(t *testing.T, bin, engine, dbURL string) {
	srv := startServer(t, dbURL)
	cleanScreenshots(t, engine+"-legal")
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: engine + "-legal"}
	w.login(applicantLogin, demoPassword)
	w.open("/my/legal")
	w.expectText("#recert-info", "法定代表人姓名")
	live := func() bool { return w.pg().MustElement("#recert-live").MustVisible() }
	if live() {
		w.t.Fatal("the notice shows before anything changed")
	}
	saved := w.pg().MustElement("#rep_name").MustProperty("value").String()

	w.fill("#reg_address", "北京市海淀区中关村大街1号")
	if live() {
		w.t.Fatal("a new address brings up the notice")
	}
	w.fill("#rep_name", saved+"明")
	if !live() {
		w.t.Fatal("a new representative's name does not bring up the notice")
	}
	w.expectText("#recert-live", "法定代表人姓名")
	w.pg().MustElement("#recert-live").MustEval(`() => this.scrollIntoView({block: "center"})`)
	w.shotView("notice")
	w.fill("#rep_name", saved)
	if live() {
		w.t.Fatal("the notice stays once the name is as saved")
	}

	w.click("#save-legal")
	w.expectPath("/my")
	w.expectText("#flash", "认证状态不变")
	w.expectText("#cert-status", "国家平台实名认证通过")

	w.open("/my/legal")
	w.fill("#rep_name", saved+"明")
	w.click("#save-legal")
	w.expectPath("/my")
	if strings.Contains(w.text("main"), "请确认") {
		w.t.Fatal("the server asked again after the notice was shown")
	}
	w.expectText("#cert-status", "实名认证未通过")
	w.expectText("#cert-failed", "法定代表人姓名与登记信息不一致")
}
