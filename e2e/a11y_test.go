package e2e

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"hatch/internal/testkit"
)

// axeScript is axe-core as npm installs it from e2e/package.json (the
// version is pinned there; scripts/install-test-deps.sh installs it).
const axeScript = "node_modules/axe-core/axe.min.js"

// axeTimeout bounds one run of axe over a page.
const axeTimeout = 2 * time.Minute

// wcagTags choose axe's rules for WCAG 2.0, 2.1 and 2.2, levels A and AA.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// The demo applicant whose application 北京市 returned with remarks: it has
// a submitted version, a review log, remarks beside fields, and rows whose
// state leaves cells not fillable. demo-city's queue has 中关村创客工场,
// submitted and waiting for it.
const (
	a11yApplicant = "demo-applicant-4"
	a11yCarrier   = "清河智造众创空间"
	a11yReviewer  = "demo-city"
	a11yReviewed  = "中关村创客工场"
)

// TestAccessibilityWalk checks the main pages of an applicant and of a
// reviewer with axe-core against WCAG 2.x A and AA, and, where axe cannot
// see, by hand: the "—" cells of a table are explained and legible, a
// button's focus ring stands out from the page, a 320 px wide window
// never scrolls sideways, and a save that leaves problems moves focus to
// their summary. Rendering does not depend on the engine: SQLite only.
func TestAccessibilityWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	axe := readAxe(t)
	srv := startServer(t, "")
	cleanScreenshots(t, "a11y")
	a := &a11yWalk{walk: &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: "a11y"}, axe: axe}
	steps := []struct {
		name string
		run  func(*a11yWalk)
	}{
		{"applicant's pages pass axe", applicantPages},
		{"— cells are explained and legible", notFillableCells},
		{"a focused secondary button shows its ring", secondaryFocusRing},
		{"320 px: no sideways scrolling", narrowPages},
		{"a save with problems focuses their summary", summaryFocus},
		{"reviewer's pages pass axe", reviewerPages},
	}
	for _, s := range steps {
		start := time.Now()
		s.run(a)
		t.Logf("step %q took %s", s.name, time.Since(start).Round(10*time.Millisecond))
	}
}

// readAxe is axe-core's script; without it the test is skipped, or fails
// where every test must run.
func readAxe(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(axeScript)
	if err != nil {
		testkit.Missing(t, "axe-core at e2e/"+axeScript+" (install it with scripts/install-test-deps.sh, or npm ci in e2e/)")
	}
	return string(b)
}

// a11yWalk is a walk that checks each page it opens with axe-core.
type a11yWalk struct {
	*walk
	axe  string // axe-core's source
	app  string // the applicant's application: /applications/N
	rows string // the table page with "—" cells
	row  string // a row page with file inputs
}

// axeViolation is one rule axe found broken, on the elements it names.
type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target  []string `json:"target"`
		Summary string   `json:"failureSummary"`
	} `json:"nodes"`
}

// audit runs axe-core over the page as it is now and fails the test, but
// goes on, for every violation, naming the rule, the elements and what to
// fix.
func (a *a11yWalk) audit(name string) {
	a.t.Helper()
	p := a.pg()
	if !p.MustEval(`() => typeof window.axe === "object"`).Bool() {
		// Evaluated through the DevTools protocol, which the pages'
		// Content-Security-Policy does not restrict, unlike a script tag.
		res, err := proto.RuntimeEvaluate{Expression: a.axe}.Call(p)
		if err != nil || res.ExceptionDetails != nil {
			a.t.Fatalf("inject axe-core into %s: %v %v", a.path(), err, res)
		}
	}
	// axe takes long over a whole 申报书 (thousands of cells to check for
	// contrast), longer still on a busy machine.
	out := a.page.Timeout(axeTimeout).MustEval(`async (tags) => {
		const r = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
		return r.violations;
	}`, wcagTags)
	var vs []axeViolation
	if err := out.Unmarshal(&vs); err != nil {
		a.t.Fatalf("axe's results at %s: %v", a.path(), err)
	}
	for _, v := range vs {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprintf("    %s: %s", strings.Join(n.Target, " "), strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		a.t.Errorf("%s (%s) breaks %s: %s\n%s", name, a.path(), v.ID, v.Help, strings.Join(where, "\n"))
	}
}

// visit opens path and audits it.
func (a *a11yWalk) visit(name, path string) {
	a.t.Helper()
	a.open(path)
	a.expectPath(path)
	a.audit(name)
}

// applicantPages: the login page, then every main page of the applicant.
func applicantPages(a *a11yWalk) {
	a.visit("登录", "/login")
	a.login(a11yApplicant, demoPassword)
	a.expectPath("/services")
	a.audit("服务事项")
	a.visit("首页", "/home")
	a.visit("我的信息", "/my")
	a.visit("申报列表", "/applications")
	a.clickText("#applications td a", "^"+regexp.QuoteMeta(a11yCarrier)+"$")
	a.app = a.path()
	a.audit("任务清单")
	for _, key := range sectionKeys {
		a.visit("section "+key, a.app+"/sections/"+key)
	}
	a.rows = a.app + "/tables/teams"
	a.visit("明细表 teams", a.rows)
	a.open(a.app + "/tables/venues")
	a.click("#rows tbody tr:first-child a[href*='/rows/']")
	a.row = a.path()
	if !rowPathRe.MatchString(a.row) {
		a.t.Fatalf("the first venue's link led to %s", a.row)
	}
	a.audit("行 venues")
	a.visit("核对申报信息", a.app+"/preview")
	a.visit("提交申报材料", a.app+"/submit")
	a.visit("全部版本", a.app+"/versions")
	a.visit("办件进度", a.app+"/progress")
}

// notFillableCells: a "—" cell says, to screen readers, why it is empty;
// the page says so to everyone; and the dash is legible (4.5:1).
func notFillableCells(a *a11yWalk) {
	a.open(a.rows)
	a.expectText("#na-note", "不可填")
	cells := a.pg().MustElements("#rows td .na")
	if len(cells) == 0 {
		a.t.Fatalf("the table at %s has no not-fillable cell", a.rows)
	}
	for _, c := range cells {
		if text := c.MustEval(`() => this.textContent`).Str(); !strings.Contains(text, "此状态下不可填") {
			a.t.Fatalf("a \"—\" cell reads %q to a screen reader, want it to say 此状态下不可填", text)
		}
	}
	colours := cells[0].MustEval(`() => {
		let bg = "", el = this;
		for (; el && !bg; el = el.parentElement) {
			const c = getComputedStyle(el).backgroundColor;
			if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") bg = c;
		}
		return {fg: getComputedStyle(this).color, bg: bg || "rgb(255, 255, 255)"};
	}`)
	fg, bg := cssColour(a.t, colours.Get("fg").Str()), cssColour(a.t, colours.Get("bg").Str())
	if r := contrast(fg, bg); r < 4.5 {
		a.t.Errorf("the \"—\" of a not-fillable cell has contrast %.2f:1 on its row, want at least 4.5:1", r)
	}
	a.shotElement("table-na", "#rows")
}

// secondaryFocusRing: the ring of a focused secondary button stands out
// from the page around it (3:1) on every side, not hidden by its shadow.
func secondaryFocusRing(a *a11yWalk) {
	a.open(a.app + "/sections/basic")
	const sel = "form.app-form .form-actions a.button-secondary"
	btn := a.pg().MustElement(sel)
	btn.MustScrollIntoView()
	btn.MustFocus()
	if !btn.MustMatches(":focus-visible") {
		a.t.Fatalf("%s focused from the keyboard does not match :focus-visible", sel)
	}
	img, box := a.shotAround("focused-secondary", btn, 24)
	for side, r := range ringContrasts(img, box) {
		if r < 3 {
			a.t.Errorf("the focus ring of %s has contrast %.2f:1 with the page at its %s, want at least 3:1", sel, r, side)
		}
	}
}

// narrowPages: at 320 CSS pixels wide (1280 px zoomed to 400 %) the pages
// with file inputs reflow instead of scrolling sideways (WCAG 1.4.10).
func narrowPages(a *a11yWalk) {
	a.pg().MustSetViewport(320, 640, 1, false)
	defer a.pg().MustSetViewport(1366, 900, 1, false)
	for _, path := range []string{a.row, a.app + "/sections/pledge", a.rows, a.app + "/tables/venues/new"} {
		a.open(path)
		a.capture("narrow", true, nil)
		w := a.pg().MustEval(`() => ({doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
			widest: [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
				&& !e.closest(".table-wrap, .table-scroll") && e.getClientRects().length).slice(0, 5)
				.map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).split(" ").join(".") : "")).join(", ")})`)
		if doc, view := w.Get("doc").Int(), w.Get("view").Int(); doc > view {
			a.t.Errorf("at 320 px %s is %d px wide and scrolls sideways; too wide: %s", path, doc, w.Get("widest").Str())
		}
	}
}

// summaryFocus: saving a section that is left with a problem brings the
// user back to it with focus on the list of problems; opening the same
// page again leaves focus alone.
func summaryFocus(a *a11yWalk) {
	a.open(a.app + "/sections/basic")
	a.fill("#contact_mobile", "1381234567")
	a.click("#save-section")
	a.expectText("#flash", "仍有")
	if id := a.activeID(); id != "issue-summary" {
		a.t.Fatalf("after a save with problems focus is on %q, want the problem summary", id)
	}
	a.open(a.app + "/sections/basic")
	if id := a.activeID(); id == "issue-summary" {
		a.t.Fatal("opening a section with problems moves focus to their summary, as only a save should")
	}
}

// reviewerPages: 工作台 and the review page of an application at its level.
func reviewerPages(a *a11yWalk) {
	a.logout()
	a.login(a11yReviewer, demoPassword)
	a.expectPath("/workbench")
	a.audit("工作台")
	a.clickText("#queue td a", "^"+regexp.QuoteMeta(a11yReviewed)+"$")
	a.audit("审核页")
}

// activeID is the id of the element that has focus ("" for none).
func (w *walk) activeID() string {
	return w.pg().MustEval(`() => document.activeElement ? document.activeElement.id : ""`).Str()
}
