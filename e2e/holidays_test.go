package e2e

import (
	"testing"

	"hatch/internal/testkit"
)

// TestHolidaysWalk: 火炬中心 opens 节假日安排 from its menu, sees the
// built-in years, and a year's text refused at its line keeps what was
// typed.
func TestHolidaysWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	srv := startServer(t, "")
	cleanScreenshots(t, "holidays")
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: "holidays"}
	w.login("demo-torch", demoPassword)
	w.clickText(".sidenav a", "^节假日安排$")
	w.expectPath("/admin/holidays")
	w.expectText("#year-2021 summary", "系统内置")
	w.pg().MustElement("#year-2021 summary").MustClick()
	w.expectText("#body-2021", "2021-10-09\t班\t国庆节调休上班")
	w.shotView("holidays")

	w.pg().MustElement("#year-2023 summary").MustClick()
	w.fill("#body-2023", "2023-10-01\t休\t国庆节\n2023-10-09\t班\t调休")
	w.click("#year-2023 button[type=submit]")
	w.expectText("#body-2023-error", "第2行：2023-10-09是工作日")
	if got := w.pg().MustElement("#body-2023").MustProperty("value").String(); got != "2023-10-01\t休\t国庆节\n2023-10-09\t班\t调休" {
		t.Errorf("the refused text reads %q", got)
	}
	w.shotView("holidays-refused")
}
