package e2e

import (
	"hatch/internal/testkit"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"
)

// clockAhead lets the test move the browser's clock forward: Date.now
// runs ahead by what window.hatchClockAhead(ms) added up.
const clockAhead = `(() => {
	const now = Date.now.bind(Date);
	let ahead = 0;
	Date.now = () => now() + ahead;
	window.hatchClockAhead = (ms) => { ahead += ms; };
})()`

// TestSessionWarningTrustsNoClockButItsOwn: the idle-timeout warning
// counts down the time the server says is left, on the browser's clock,
// so a computer whose clock is far from the server's (here three years)
// neither logs the user out at once nor never warns. With an idle limit
// of 5 min 4 s, the warning (5 min ahead) shows 4 s after a page loads.
// It is a named alertdialog that takes focus, covers no field, reads out
// no ticking countdown but says once when the last minute begins, and
// 继续使用 (or Esc) puts focus back where the user was.
func TestSessionWarningTrustsNoClockButItsOwn(t *testing.T) {
	bin := testkit.Chromium(t)
	skewed := time.Now().AddDate(-3, 0, 0).Format(time.RFC3339)
	srv := startServer(t, "", "HATCH_IDLE_TIMEOUT=5m4s", "HATCH_TEST_NOW="+skewed)
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: "session"}
	// A low window, so the field can be at its top edge, where a warning
	// stuck to the top of the window would cover it.
	w.pg().MustSetViewport(1024, 480, 1, false)
	w.page.MustEvalOnNewDocument(clockAhead)
	w.login("demo-applicant", "Demo@2021")
	w.expectPath("/services")
	w.open("/account")
	const field = "current"
	w.pg().MustElement("#" + field).MustEval(`() => { this.focus(); this.scrollIntoView({block: "start"}); }`)

	w.waitWarning()
	w.expectFocus("session-keep", "when the warning appears")
	if name := w.accessibleName("#session-warning"); !strings.Contains(name, "超时") {
		t.Fatalf("the warning's accessible name is %q, want one that says 超时", name)
	}
	left := w.countdown()
	if left < 4*time.Minute+30*time.Second || left > 5*time.Minute+4*time.Second {
		t.Fatalf("the countdown reads %s: the page does not believe the server's 5 min", left)
	}
	if live := w.pg().MustElement("#session-countdown").MustEval(`() => {
		const l = this.closest("[aria-live]:not([aria-live=off]), [role=alert], [role=status], [role=log], [role=timer], [role=marquee]");
		return l ? l.outerHTML.slice(0, 120) : "";
	}`).Str(); live != "" {
		t.Fatalf("the countdown is in a live region, read out every second: %s", live)
	}
	w.shot("session-warning")
	w.focusCovered(field)

	w.pg().MustElement("#session-keep").MustClick()
	w.pg().MustElement("#session-warning").MustWaitInvisible()
	w.expectFocus(field, "after 继续使用")

	w.waitWarning() // 4 s after the session was extended
	w.expectFocus("session-keep", "when the warning appears again")
	w.pg().MustElement("#session-announce").MustEval(`() => {
		window.hatchAnnounced = 0;
		new MutationObserver(() => { window.hatchAnnounced++; }).observe(this, {childList: true, characterData: true, subtree: true});
	}`)
	w.pg().MustEval(`() => window.hatchClockAhead(4 * 60 * 1000)`)
	w.pg().MustWait(`() => document.getElementById("session-announce").textContent !== ""`)
	w.expectText("#session-announce", "1 分钟")
	time.Sleep(2 * time.Second) // two more ticks of the countdown
	if n := w.pg().MustEval(`() => window.hatchAnnounced`).Int(); n != 1 {
		t.Fatalf("the last minute was announced %d times, want once", n)
	}
	if left := w.countdown(); left >= time.Minute {
		t.Fatalf("the countdown reads %s after the clock moved 4 min ahead", left)
	}
	w.expectPath("/account") // a page that thought the session over would have left by now

	w.pg().Keyboard.MustType(input.Escape) // as 继续使用
	w.pg().MustElement("#session-warning").MustWaitInvisible()
	w.expectFocus(field, "after Esc")
}

// waitWarning waits until the session warning shows.
func (w *walk) waitWarning() {
	w.t.Helper()
	w.pg().MustElement("#session-warning").MustWaitVisible()
}

// countdown is the time the warning says is left.
func (w *walk) countdown() time.Duration {
	w.t.Helper()
	text := w.text("#session-countdown")
	m := regexp.MustCompile(`^(\d+) 分 (\d+) 秒$`).FindStringSubmatch(text)
	if m == nil {
		w.t.Fatalf("the countdown reads %q, want M 分 S 秒", text)
	}
	min, _ := strconv.Atoi(m[1])
	sec, _ := strconv.Atoi(m[2])
	return time.Duration(min)*time.Minute + time.Duration(sec)*time.Second
}

// expectFocus fails unless the element with id has focus.
func (w *walk) expectFocus(id, when string) {
	w.t.Helper()
	if got := w.activeID(); got != id {
		w.t.Fatalf("%s focus is on %q, want #%s", when, got, id)
	}
}

// focusCovered focuses the field with id while the warning shows, at the
// top edge of the window, and fails if the warning covers any of it.
func (w *walk) focusCovered(id string) {
	w.t.Helper()
	over := w.pg().MustElement("#" + id).MustEval(`() => {
		this.focus();
		this.scrollIntoView({block: "start"});
		const f = this.getBoundingClientRect(), b = document.getElementById("session-warning").getBoundingClientRect();
		return f.bottom > b.top && f.top < b.bottom && f.right > b.left && f.left < b.right;
	}`).Bool()
	if over {
		w.t.Fatalf("the session warning covers the focused field #%s", id)
	}
}

// accessibleName is the name the browser gives sel for assistive
// technology.
func (w *walk) accessibleName(sel string) string {
	w.t.Helper()
	el := w.pg().MustElement(sel)
	res, err := proto.AccessibilityGetPartialAXTree{ObjectID: el.Object.ObjectID}.Call(w.pg())
	if err != nil || len(res.Nodes) == 0 || res.Nodes[0].Name == nil {
		w.t.Fatalf("accessibility tree of %s: %v", sel, err)
	}
	return res.Nodes[0].Name.Value.Str()
}
