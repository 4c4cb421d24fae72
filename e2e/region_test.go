package e2e

import (
	"fmt"
	"strings"
	"testing"

	"hatch/internal/region"
	"hatch/internal/testkit"

	"github.com/go-rod/rod/lib/proto"
)

// chooseRegion picks a 所属区市 as a user does with the picker's script:
// the province first, then each level below among those it lists in place.
func (w *walk) chooseRegion(code string) {
	w.t.Helper()
	w.pg().MustElement("[data-region-picker][data-region-ready]") // the script has its data
	path := region.Path(code)
	if len(path) == 0 {
		w.t.Fatalf("no region %s", code)
	}
	for i, r := range path {
		sel := [...]string{"#region-province", "#region-city", "#region"}[i]
		w.pg().MustElement(fmt.Sprintf("%s option[value=%q]", sel, r.Code))
		w.choose(sel, r.Code)
	}
}

// selected is the value of the select sel.
func (w *walk) selected(sel string) string {
	return w.pg().MustElement(sel).MustEval(`() => this.value`).String()
}

// disabled reports whether the control sel is disabled.
func (w *walk) disabled(sel string) bool {
	return w.pg().MustElement(sel).MustProperty("disabled").Bool()
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
// cities and choosing a city its counties, in place, without leaving the
// page or losing what was typed, and the county chosen is saved.
func TestRegionPickerWalk(t *testing.T) {
	w := applicantWalk(t, "region")
	w.open("/carriers/new?kind=makerspace")
	w.fill("#name", "区市选择众创空间")
	w.pg().MustElement("[data-region-picker][data-region-ready]")
	if w.has(".region-pick") {
		t.Fatal("the 选择 buttons are still there with the script running")
	}
	if !w.disabled("#region") {
		t.Error("the county select is enabled before any city is chosen")
	}

	w.choose("#region-province", "110000")
	w.pg().MustElement(`#region-city option[value="110108"]`)
	w.expectText("#region-city-label", "区（县）")
	w.choose("#region-city", "110108")
	if !w.disabled("#region") || !strings.Contains(w.text("#region"), "其下不再细分") {
		t.Errorf("after 海淀区 the county select reads %q, disabled %v; want nothing below", w.text("#region"), w.disabled("#region"))
	}

	w.choose("#region-province", "350000")
	w.pg().MustElement(`#region-city option[value="350200"]`)
	w.expectText("#region-city-label", "市（地区、自治州、盟）")
	if got := w.selected("#region-city"); got != "350000" {
		t.Errorf("after choosing 福建省 the city is %q, want the province alone", got)
	}
	if w.has(`#region-city option[value="110108"]`) {
		t.Error("北京市's districts are still listed after choosing 福建省")
	}
	w.choose("#region-city", "350200")
	w.pg().MustElement(`#region option[value="350203"]`)
	w.expectText("#region-level-label", "区（县、县级市、旗）")
	if got := w.selected("#region"); got != "350200" || w.disabled("#region") {
		t.Errorf("after choosing 厦门市 the county is %q (disabled %v), want the city alone", got, w.disabled("#region"))
	}
	w.expectPath("/carriers/new?kind=makerspace")
	if got := w.pg().MustElement("#name").MustProperty("value").String(); got != "区市选择众创空间" {
		t.Errorf("载体名称 reads %q after choosing a province", got)
	}

	w.choose("#region", "350206")
	w.fill("#address", "福建省厦门市湖里区软件园三期")
	w.setValue("#started_on", "2019-06-01")
	w.shot("region-picker")
	w.click("#save-carrier")
	w.expectPath("/home")
	row := w.text("#list-makerspace")
	if !strings.Contains(row, "区市选择众创空间") || !strings.Contains(row, "福建省 厦门市 湖里区") {
		t.Errorf("首页 lists:\n%s\nwant 区市选择众创空间 in 福建省 厦门市 湖里区", row)
	}
}

// TestRegionPickerWithoutScriptWalk: without the picker's script (its
// file is blocked, as a browser that runs no script would not run it), the
// 选择 buttons bring the page back with the level below listed and
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
	w.click(".region-level-pick:nth-child(1) .region-pick")
	w.expectText("#flash", "已列出福建省的市（地区、自治州、盟）")
	w.choose("#region-city", "350200")
	w.click(".region-level-pick:nth-child(2) .region-pick")
	w.expectText("#flash", "已列出厦门市的区（县、县级市、旗）")
	if got := w.pg().MustElement("#name").MustProperty("value").String(); got != "无脚本众创空间" {
		t.Errorf("载体名称 reads %q after 选择", got)
	}
	w.choose("#region", "350203")
	w.shot("region-picked")
	w.fill("#address", "福建省厦门市思明区1号")
	w.setValue("#started_on", "2019-06-01")
	w.click("#save-carrier")
	w.expectPath("/home")
	if row := w.text("#list-makerspace"); !strings.Contains(row, "福建省 厦门市 思明区") {
		t.Errorf("首页 lists:\n%s\nwant 福建省 厦门市 思明区", row)
	}
}
