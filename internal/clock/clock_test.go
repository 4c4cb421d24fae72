package clock_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hatch/internal/clock"
)

func TestToday(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"early morning in China is still the previous day in UTC", time.Date(2026, 12, 3, 23, 30, 0, 0, time.UTC), "2026-12-04"},
		{"late evening in UTC is the next day in China", time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC), "2026-12-05"},
		{"midnight in China starts the day", time.Date(2026, 12, 4, 0, 0, 0, 0, clock.Zone), "2026-12-04"},
		{"an instant in another zone is read in China", time.Date(2026, 12, 4, 10, 0, 0, 0, time.FixedZone("PST", -8*3600)), "2026-12-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clock.Today(tt.at)
			if got.Format(time.DateOnly) != tt.want || got.Location() != time.UTC || got.Hour() != 0 {
				t.Fatalf("Today(%v) = %v, want %s at 00:00 UTC", tt.at, got, tt.want)
			}
			if d := clock.Date(tt.at); d != tt.want {
				t.Fatalf("Date(%v) = %s, want %s", tt.at, d, tt.want)
			}
			typed, _ := time.Parse(time.DateOnly, tt.want)
			if typed.After(got) || typed.Before(got) {
				t.Fatalf("a date typed as %s does not equal Today", tt.want)
			}
		})
	}
}

func TestSinceStartsAtTheGivenInstant(t *testing.T) {
	start := time.Date(2027, 12, 31, 7, 45, 0, 0, clock.Zone)
	now := clock.Since(start)
	first := now()
	if first.Before(start) || first.Sub(start) > time.Second {
		t.Fatalf("the clock reads %v, want %v", first, start)
	}
	if second := now(); second.Before(first) {
		t.Fatalf("the clock went back from %v to %v", first, second)
	}
}

// TestTimeEntersThroughTheClock reads every non-test source file of the
// server and fails where one takes the time, or a time zone, from the
// machine instead of from the clock it was given: that is how a page came
// to print the day a golden file was made, and how a date typed in China
// before 08:00 came to be "in the future".
func TestTimeEntersThroughTheClock(t *testing.T) {
	forbidden := map[string]string{
		"Now":          "ask the clock given to the package (or clock.System for a duration or a network deadline)",
		"Local":        "read times in clock.Zone",
		"LoadLocation": "use clock.Zone, which needs no time-zone database",
	}
	var found []string
	for _, root := range []string{"../../internal", "../../cmd/hatch"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
				filepath.Base(filepath.Dir(path)) == "clock" || strings.Contains(path, "testkit") {
				return err
			}
			found = append(found, timeUses(t, path, forbidden)...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(found) == 0 {
		return
	}
	t.Errorf("time taken from the machine outside package clock:\n%s", strings.Join(found, "\n"))
}

// timeUses lists the uses of time.X in the file at path for every X in
// forbidden, and of the method Local.
func timeUses(t *testing.T, path string, forbidden map[string]string) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		why, bad := forbidden[sel.Sel.Name]
		if id, ok := sel.X.(*ast.Ident); (ok && id.Name == "time" && bad) || sel.Sel.Name == "Local" {
			out = append(out, fmt.Sprintf("%s: %s — %s", fset.Position(sel.Pos()), sel.Sel.Name, why))
		}
		return true
	})
	return out
}
