package testkit

import (
	"strings"
	"testing"
	"time"

	"hatch/internal/clock"
)

// Later is far from Day: another year, month and day, another hour, and
// an instant whose day in China is not its day in UTC. A test that renders
// at Day and at Later and finds more than the dates changed has found
// output that depends on something other than the clock it was given.
var Later = time.Date(2027, 12, 31, 7, 45, 0, 0, clock.Zone)

// dateLayouts are the ways Hatch prints a date or a time, longest first.
var dateLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006年1月2日",
	"15:04",
}

// MaskDates replaces every date and time of the instant at, as Hatch
// prints them in China, with a placeholder naming the layout.
func MaskDates(text string, at time.Time) string {
	for _, layout := range dateLayouts {
		text = strings.ReplaceAll(text, at.In(clock.Zone).Format(layout), "‹"+layout+"›")
	}
	return text
}

// ShowsDay reports whether text shows the date of at, in either of the
// ways Hatch prints a date.
func ShowsDay(text string, at time.Time) bool {
	return strings.Contains(text, clock.Date(at)) ||
		strings.Contains(text, at.In(clock.Zone).Format("2006年1月2日"))
}

// SameButDates fails t unless got, made at the instant at, is want (made
// at Day) but for the dates and times of the two instants, and shows at's
// date wherever want shows Day's.
func SameButDates(t testing.TB, name, want, got string, at time.Time) {
	t.Helper()
	if d := Diff(MaskDates(want, Day), MaskDates(got, at)); d != "" {
		t.Fatalf(
			"on %s, %s differs from its golden file in more than dates (- golden, + now):\n%s",
			clock.Date(at),
			name,
			d,
		)
	}
	if ShowsDay(want, Day) && !ShowsDay(got, at) {
		t.Fatalf(
			"%s shows %s in its golden file but not %s when the clock says so",
			name,
			clock.Date(Day),
			clock.Date(at),
		)
	}
}
