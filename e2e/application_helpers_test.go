package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"hatch/internal/clock"
	"hatch/internal/ident"
	"hatch/internal/testkit"
)

// appWalk is a walk through one application: the task list's path and a
// directory of small files to upload.
type appWalk struct {
	*walk
	app   string          // /applications/N
	dir   string          // files written for the uploads
	added map[string]bool // tables that have had a row added
}

// sectionKeys are the task list's items in order.
var sectionKeys = []string{"basic", "venues", "staff", "incubation", "capability", "performance", "brand", "plan", "pledge"}

// conditionCodes are the 备案条件 the panel lists.
var conditionCodes = []string{"C1", "C2", "C3", "C4a", "C4b", "C5", "C6", "C7", "C8", "C9", "C10"}

var (
	appPathRe = regexp.MustCompile(`^/applications/(\d+)/guidance$`)
	rowPathRe = regexp.MustCompile(`^/applications/\d+/rows/\d+$`)
)

// upload is a file for one slot of a row or section.
type upload struct{ slot, file string }

// pdfFile writes a small valid PDF named name (once) and returns its path.
func (a *appWalk) pdfFile(name string) string {
	a.t.Helper()
	p := filepath.Join(a.dir, name+".pdf")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if err := os.WriteFile(p, []byte(minimalPDF), 0o644); err != nil {
		a.t.Fatal(err)
	}
	return p
}

// pngFile writes a small picture (not of one colour) named name and returns
// its path.
func (a *appWalk) pngFile(name string) string {
	a.t.Helper()
	p := filepath.Join(a.dir, name+".png")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	img := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(6 * x), G: uint8(120 + 3*y), B: 200, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		a.t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		a.t.Fatal(err)
	}
	return p
}

// section opens a section's page from the task list.
func (a *appWalk) section(key string) {
	a.t.Helper()
	a.open(a.app)
	a.click(`a.task-name[href="` + a.app + "/sections/" + key + `"]`)
	a.expectPath(a.app + "/sections/" + key)
}

// addRow opens a new row of table (the first time through 新增一行 on the
// section's page, then by its address), lets fill type the row, saves it
// and uploads files to the saved row. It returns the row's path.
func (a *appWalk) addRow(section, table string, fill func(), files ...upload) string {
	a.t.Helper()
	if a.added[table] {
		a.open(a.app + "/tables/" + table + "/new")
	} else {
		a.open(a.app + "/sections/" + section)
		a.click("#table-" + table + " .card-head a.button")
		a.added[table] = true
	}
	a.expectPath(a.app + "/tables/" + table + "/new")
	fill()
	a.click("#save-row")
	row := a.path()
	if !rowPathRe.MatchString(row) {
		a.t.Fatalf("saving a row of %s stayed at %s; page says:\n%s", table, row, clip(a.text("main"), 1500))
	}
	a.expectText("#flash", "已保存")
	for _, f := range files {
		a.upload(f.slot, f.file)
	}
	return row
}

// upload chooses a file for a slot's input and presses its 上传 button.
func (a *appWalk) upload(slot, file string) {
	a.t.Helper()
	a.pg().MustElement("#file-" + slot).MustSetFiles(file)
	a.click("#slot-" + slot + " form.upload-form button[type=submit]")
	a.expectText("#flash", "已上传")
	a.expectText("#slot-"+slot+" .file-list", filepath.Base(file))
}

// expectClean fails when the page lists problems still to fix.
func (a *appWalk) expectClean() {
	a.t.Helper()
	for _, sel := range []string{"#issue-summary", "#error-summary"} {
		if a.has(sel) {
			a.t.Fatalf("at %s %s says:\n%s", a.path(), sel, clip(a.text(sel), 1500))
		}
	}
}

// check ticks the checkbox of name with value.
func (a *appWalk) check(name, value string) {
	a.t.Helper()
	el := a.pg().MustElement(fmt.Sprintf("input[type=checkbox][name=%q][value=%q]", name, value))
	if !el.MustProperty("checked").Bool() {
		el.MustClick()
	}
	if !el.MustProperty("checked").Bool() {
		a.t.Fatalf("checkbox %s=%s did not tick", name, value)
	}
}

// disabled reports whether the input sel has the disabled attribute.
func (a *appWalk) disabled(sel string) bool {
	a.t.Helper()
	return a.pg().MustElement(sel).MustAttribute("disabled") != nil
}

// expectDisabled fails unless each input is disabled (want true) or
// enabled (want false).
func (a *appWalk) expectDisabled(want bool, sels ...string) {
	a.t.Helper()
	for _, sel := range sels {
		if got := a.disabled(sel); got != want {
			a.t.Fatalf("at %s: %s disabled=%v, want %v", a.path(), sel, got, want)
		}
	}
}

// state is a task-list item's status tag.
func (a *appWalk) state(key string) string {
	a.t.Helper()
	return strings.TrimSpace(a.text("#task-" + key + "-status"))
}

// shotElement saves a PNG of one element, numbered with the page shots,
// whole even when it is taller than the window.
func (w *walk) shotElement(name, sel string) {
	w.t.Helper()
	box := elementBox(w.pg().MustElement(sel))
	w.capture(name, false, &box)
}

// elementBox is the border box of el on the page (not the window), at
// scale 1, as a screenshot's clip.
func elementBox(el *rod.Element) proto.PageViewport {
	box := el.MustEval(`() => {
		const r = this.getBoundingClientRect();
		return {x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height};
	}`)
	return proto.PageViewport{X: box.Get("x").Num(), Y: box.Get("y").Num(),
		Width: box.Get("w").Num(), Height: box.Get("h").Num(), Scale: 1}
}

// fictionalID builds a 公民身份号码 with the GB 11643 check character, and
// makes sure the server's own check accepts it.
func fictionalID(t *testing.T, area, birth, seq string) string {
	t.Helper()
	id := ident.IDNumberWithCheck(area + birth + seq)
	if msg := ident.CheckIDNumber(id, clock.Today(testkit.Now())); msg != "" {
		t.Fatalf("fictional ID %s: %s", id, msg)
	}
	return id
}

// fictionalUSCC builds a 统一社会信用代码 (enterprise, 91) from a region code
// and eight organisation-code characters, with the GB 11714 and GB 32100
// check characters, and makes sure the server's own check accepts it.
func fictionalUSCC(t *testing.T, region, body string) string {
	t.Helper()
	code := ident.USCCWithCheck("91" + region + body)
	if msg := ident.CheckUSCC(code); msg != "" {
		t.Fatalf("fictional USCC %s: %s", code, msg)
	}
	return code
}
