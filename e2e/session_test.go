package e2e

import (
	"hatch/internal/testkit"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestSessionWarningTrustsNoClockButItsOwn: the idle-timeout warning
// counts down the time the server says is left, on the browser's clock,
// so a computer whose clock is far from the server's (here three years)
// neither logs the user out at once nor never warns. With an idle limit
// of one minute, the warning shows as soon as the page loads.
func TestSessionWarningTrustsNoClockButItsOwn(t *testing.T) {
	bin := testkit.Chromium(t)
	skewed := time.Now().AddDate(-3, 0, 0).Format(time.RFC3339)
	srv := startServer(t, "", "HATCH_IDLE_TIMEOUT=1m", "HATCH_TEST_NOW="+skewed)
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: "session"}
	w.login("demo-applicant", "Demo@2021")
	w.expectPath("/services")
	w.pg().MustElement("#session-warning").MustWaitVisible()
	left := w.text("#session-countdown")
	m := regexp.MustCompile(`^0 分 (\d+) 秒$`).FindStringSubmatch(left)
	if m == nil {
		t.Fatalf("countdown reads %q, want 0 分 N 秒", left)
	}
	if s, _ := strconv.Atoi(m[1]); s < 30 {
		t.Fatalf("countdown reads %q: the page believes the session is nearly over", left)
	}
	time.Sleep(2 * time.Second) // a page that thought the session over would have left by now
	w.expectPath("/services")
	w.shot("session-warning")
}
