package e2e

import (
	"testing"

	"github.com/go-rod/rod"

	"hatch/internal/testkit"
)

// TestWorkbenchAt1366 opens the province's 工作台 and its 推荐排序 on the
// office laptop's screen, 1366 × 768: neither scrolls sideways, and each
// 工作台 row shows the days waiting, the paper check, the score and the
// deadlines.
func TestWorkbenchAt1366(t *testing.T) {
	bin := testkit.Chromium(t)
	srv := startServer(t, "")
	cleanScreenshots(t, "sqlite-wb")
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: "sqlite-wb"}
	w.pg().MustSetViewport(1366, 768, 1, false)
	w.login("demo-province", demoPassword)
	w.expectPath("/workbench")
	for _, col := range []string{"等待", "纸质材料", "专家评分", "期限"} {
		w.expectText("#queue thead", col)
	}
	w.expectText("#queue tbody", "天")
	w.expectText("#queue tbody", "纸质材料 2021-11-19")
	w.expectText("#queue tbody", "版本号一致")
	w.noSidewaysScroll("#queue")
	w.shotView("workbench-1366")
	w.pg().MustEval(`() => window.scrollTo(0, document.querySelector("#queue-summary").getBoundingClientRect().top + scrollY - 8)`)
	w.shotView("workbench-1366-table")

	w.click("#order-link")
	w.expectPath("/workbench/order")
	// The page opens on the newest round; 西山众创汇 is in the 2021 round.
	if err := w.pg().MustElement("#round").Select([]string{"2021年度众创空间国家备案"}, true, rod.SelectorTypeText); err != nil {
		w.t.Fatalf("choose the 2021 round: %v", err)
	}
	w.clickText(`form[aria-label="选择申报批次"] button`, "^查看$")
	w.expectText("#order-list", "西山众创汇")
	w.noSidewaysScroll("#order-list")
	w.shotView("recommend-order-1366")
}

// noSidewaysScroll fails when the page, or the table sel in its frame,
// is wider than the window.
func (w *walk) noSidewaysScroll(sel string) {
	w.t.Helper()
	r := w.pg().MustEval(`(sel) => {
		const t = document.querySelector(sel), wrap = t.closest(".table-wrap") || t.parentElement;
		return {page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
			table: wrap.scrollWidth - wrap.clientWidth};
	}`, sel)
	if p, tb := r.Get("page").Int(), r.Get("table").Int(); p > 0 || tb > 0 {
		widths := w.pg().MustEval(`(sel) => [...document.querySelectorAll(sel + " thead th")].map(th => th.offsetWidth).join(" ")`, sel)
		w.t.Logf("column widths of %s: %s", sel, widths.Str())
		w.t.Errorf("at 1366 px the page scrolls %d px and %s %d px sideways", p, sel, tb)
	}
}
