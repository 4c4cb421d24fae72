package e2e

import (
	"regexp"
	"strings"
	"testing"
)

// TestUnprintableWalk: a text typed with a rare character and with letters
// no font of the 申报书 has. The save keeps both and says, beside the field,
// which will not print; 核对申报信息 marks them where they stand; after
// 下载材料 the versions page lists the place with a link to it.
func TestUnprintableWalk(t *testing.T) {
	w := applicantWalk(t, "print")
	w.open("/applications")
	w.clickText("#applications td a", "^"+regexp.QuoteMeta(demoComplete)+"$")
	app := w.path()
	w.open(app + "/sections/capability")
	w.fill("#text", "空间导师𠀀先生来自شركة科技。")
	w.click("#save-section")
	w.expectText("#text-error", "“ش”（U+0634）")
	w.expectText("#text-error", "在申报书中无法印出")
	if got := w.pg().MustElement("#text").MustProperty("value").String(); got != "空间导师𠀀先生来自شركة科技。" {
		t.Errorf("the field reads %q after the save", got)
	}
	w.shotElement("field-warning", "#text-error")

	w.open(app + "/preview")
	w.expectElement("#print-places")
	marks := w.pg().MustElements("mark.unprintable")
	if len(marks) != 1 || !strings.HasPrefix(marks[0].MustText(), "شركة") {
		t.Errorf("核对申报信息 marks %d runs, want the one Arabic word", len(marks))
	} else if title := marks[0].MustAttribute("title"); title == nil || !strings.Contains(*title, "〔U+0634〕〔U+0631〕〔U+0643〕〔U+0629〕") {
		t.Errorf("the mark's title is %v, want what prints instead", title)
	}
	w.expectText("#part-capability", "𠀀先生")
	w.shotElement("preview-mark", "#part-capability")

	w.open(app + "/versions")
	w.click("#generate") // the page that follows the render goes on by itself to the versions page
	w.awaitPath(app + "/versions")
	w.expectText("#print-places", "服务能力")
	w.clickText("#print-places a", "服务能力")
	w.expectPath(app + "/sections/capability")
	if hash := w.pg().MustEval(`() => location.hash`).String(); hash != "#text" {
		t.Errorf("the link leads to %q, want the field #text", hash)
	}
}
