package testkit_test

import (
	"strings"
	"testing"

	"hatch/internal/testkit"
)

func TestDiff(t *testing.T) {
	t.Run("equal texts have no diff", func(t *testing.T) {
		if d := testkit.Diff("a\nb\n", "a\nb\n"); d != "" {
			t.Fatalf("diff of equal texts: %q", d)
		}
	})
	t.Run("a changed line shows both versions", func(t *testing.T) {
		d := testkit.Diff("<p>生成日期 2021年11月15日</p>\n<p>same</p>", "<p>生成日期 2026年12月4日</p>\n<p>same</p>")
		if !strings.Contains(d, "-") || !strings.Contains(d, "2021年11月15日") || !strings.Contains(d, "2026年12月4日") {
			t.Fatalf("diff does not show the changed line:\n%s", d)
		}
	})
	t.Run("a long diff is cut", func(t *testing.T) {
		var a, b strings.Builder
		for i := range 500 {
			a.WriteString("old line\n")
			b.WriteString("new line " + strings.Repeat("x", i%3) + "\n")
		}
		d := testkit.Diff(a.String(), b.String())
		if n := strings.Count(d, "\n"); n > 45 || !strings.Contains(d, "- ") || !strings.Contains(d, "+ ") || !strings.HasSuffix(d, "…") {
			t.Fatalf("diff of %d lines not cut:\n%s", n, d)
		}
	})
}

func TestClock(t *testing.T) {
	t.Run("stands still until moved", func(t *testing.T) {
		c := testkit.NewClock(testkit.Day)
		if !c.Now().Equal(testkit.Day) || !c.Now().Equal(c.Now()) {
			t.Fatal("a new clock does not read its instant")
		}
		c.Advance(90 * 60e9)
		if got := c.Now().Sub(testkit.Day); got.Minutes() != 90 {
			t.Fatalf("advanced by %v, want 90m", got)
		}
	})
}
