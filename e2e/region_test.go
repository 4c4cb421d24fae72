package e2e

import (
	"fmt"
	"strings"
	"testing"

	"hatch/internal/testkit"

	"github.com/go-rod/rod/lib/proto"
)

// chooseRegion picks a 所属区市 as a user does with the picker's script:
// the province first, then a region of those it lists in place.
func (w *walk) chooseRegion(code string) {
	w.t.Helper()
	w.pg().MustElement("[data-region-picker][data-region-ready]") // the script has its data
	w.choose("#region-province", code[:2]+"0000")
	w.pg().MustElement(fmt.Sprintf("#region option[value=%q]", code))
	w.choose("#region", code)
}

// applicantWalk is a browser logged in as demo-applicant on a server of
// its own, its screenshots named by name.
func applicantWalk(t *testing.T, name string) *walk {
	bin := testkit.Chromium(t)
	srv := startServer(t, "")
	cleanScreenshots(t, name)
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: name}
	w.login("demo-applicant", demoPassword)
	return w
}

// TestRegionPickerWalk: with the script, choosing a province lists its
// regions in place, without leaving the page or losing what was typed,
// and the region chosen is saved.
func TestRegionPickerWalk(t *testing.T) {
	w := applicantWalk(t, "region")
	w.open("/carriers/new?kind=makerspace")
	w.fill("#name", "区市选择众创空间")
	w.pg().MustElement("[data-region-picker][data-region-ready]")
	if w.has(".region-pick") {
		t.Fatal("the 选择 button is still there with the script running")
	}

	w.choose("#region-province", "350000")
	w.pg().MustElement(`#region option[value="350200"]`)
	w.expectText("#region-level-label", "市（地区、自治州、盟）")
	if got := w.pg().MustElement("#region").MustEval(`() => this.value`).String(); got != "350000" {
		t.Errorf("after choosing 福建省 the region is %q, want the province alone", got)
	}

	w.choose("#region-province", "110000")
	w.pg().MustElement(`#region option[value="110108"]`)
	w.expectText("#region-level-label", "区（县）")
	if w.has(`#region option[value="350200"]`) {
		t.Error("福建省's regions are still listed after choosing 北京市")
	}
	w.expectPath("/carriers/new?kind=makerspace")
	if got := w.pg().MustElement("#name").MustProperty("value").String(); got != "区市选择众创空间" {
		t.Errorf("载体名称 reads %q after choosing a province", got)
	}

	w.choose("#region", "110108")
	w.fill("#address", "北京市海淀区中关村大街27号")
	w.setValue("#started_on", "2019-06-01")
	w.shot("region-picker")
	w.click("#save-carrier")
	w.expectPath("/home")
	row := w.text("#list-makerspace")
	if !strings.Contains(row, "区市选择众创空间") || !strings.Contains(row, "北京市 海淀区") {
		t.Errorf("首页 lists:\n%s\nwant 区市选择众创空间 in 北京市 海淀区", row)
	}
}

// TestRegionPickerWithoutScriptWalk: without the picker's script (its
// file is blocked, as a browser that runs no script would not run it), the
// 选择 button brings the page back with the province's regions listed and
// everything typed kept.
func TestRegionPickerWithoutScriptWalk(t *testing.T) {
	w := applicantWalk(t, "region-noscript")
	if err := (proto.NetworkEnable{}).Call(w.pg()); err != nil {
		t.Fatal(err)
	}
	if err := (proto.NetworkSetBlockedURLs{Urls: []string{"*/static/region.*.js"}}).Call(w.pg()); err != nil {
		t.Fatal(err)
	}
	w.open("/carriers/new?kind=makerspace")
	w.fill("#name", "无脚本众创空间")
	w.choose("#region-province", "350000")
	w.click(".region-pick")
	w.expectText("#flash", "已列出福建省的市（地区、自治州、盟）")
	if got := w.pg().MustElement("#name").MustProperty("value").String(); got != "无脚本众创空间" {
		t.Errorf("载体名称 reads %q after 选择", got)
	}
	w.choose("#region", "350200")
	w.shot("region-picked")
}
