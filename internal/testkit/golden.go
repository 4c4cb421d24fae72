package testkit

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool(
	"update",
	false,
	"rewrite the golden files in testdata/ from the current output",
)

// Updating reports whether the run rewrites golden files (-update).
func Updating() bool { return *update }

// Golden compares got with the golden file at path, or rewrites the file
// when the run has -update. A difference fails the test with a diff of the
// first differing lines.
func Golden(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if d := Diff(ReadGolden(t, path), got); d != "" {
		t.Fatalf(
			"output differs from %s (- golden, + now); if the change is intended, run with -update and review it:\n%s",
			path,
			d,
		)
	}
}

// maxDiffLines is how much of a diff a failure prints: enough to see the
// first differences, not a whole page.
const maxDiffLines = 40

// Diff returns the lines that differ between want and got, hunk after
// hunk, each line with its number, "-" for want and "+" for got, after two
// lines of context; it stops after maxDiffLines lines. It is "" when they
// are equal. Lines are matched greedily within a window, which is enough
// to read how a page changed.
func Diff(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	i, j, shown := 0, 0, 0 // shown: lines of w already printed as context
	for (i < len(w) || j < len(g)) && len(out) < maxDiffLines {
		if i < len(w) && j < len(g) && w[i] == g[j] {
			i, j = i+1, j+1
			continue
		}
		for k := max(shown, i-2); k < i; k++ {
			out = append(out, fmt.Sprintf("  %5d  %s", k+1, w[k]))
		}
		a, b := resync(w[i:], g[j:])
		out = append(out, side("-", w, i, i+a)...)
		out = append(out, side("+", g, j, j+b)...)
		i, j, shown = i+a, j+b, i+a
	}
	if len(out) > maxDiffLines {
		out = append(out[:maxDiffLines], "…")
	}
	return strings.Join(out, "\n")
}

// side lists lines[from:to] marked with sign and their numbers, at most
// half of maxDiffLines, so that both sides of a long hunk show.
func side(sign string, lines []string, from, to int) []string {
	var out []string
	for k := from; k < to && len(out) < maxDiffLines/2; k++ {
		out = append(out, fmt.Sprintf("%s %5d  %s", sign, k+1, lines[k]))
	}
	if n := to - from - len(out); n > 0 {
		out = append(out, fmt.Sprintf("%s        … %d more lines", sign, n))
	}
	return out
}

// diffWindow is how far ahead resync looks for where two texts agree again.
const diffWindow = 200

// resync returns the fewest lines to drop from the fronts of w and g (a
// from w, b from g) after which their next lines agree again, or the
// whole window when they do not within it.
func resync(w, g []string) (a, b int) {
	for n := 1; n <= 2*diffWindow; n++ {
		for a := max(0, n-diffWindow); a <= min(n, diffWindow); a++ {
			b := n - a
			if agree(w[min(a, len(w)):], g[min(b, len(g)):]) {
				return min(a, len(w)), min(b, len(g))
			}
		}
	}
	return min(diffWindow, len(w)), min(diffWindow, len(g))
}

// agree reports whether w and g start with the same three lines, or end
// together.
func agree(w, g []string) bool {
	n := min(3, len(w), len(g))
	if n == 0 {
		return len(w) == len(g)
	}
	return slices.Equal(w[:n], g[:n])
}

// ReadGolden returns the golden file at path.
func ReadGolden(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	return string(b)
}
