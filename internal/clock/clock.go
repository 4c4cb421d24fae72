// Package clock is where time enters Hatch. Production code asks a clock
// given to it for the current instant and never calls time.Now itself, so
// that tests can live on any day they choose, and every date a user reads
// is taken in one zone.
//
//   - clock.go: the zone, the machine's clock, a clock started at a chosen
//     instant, and the civil date of an instant.
package clock

import "time"

// Zone is China Standard Time, the time every user of Hatch reads (the
// Asia/Shanghai zone). It has been UTC+8 without daylight saving since
// 1991, so a fixed zone is exact and needs no time-zone database on the
// server.
var Zone = time.FixedZone("CST", 8*3600)

// System is the machine's clock: for production, and for what must follow
// the machine whatever day the application believes it is (network
// deadlines, measured durations).
func System() time.Time { return time.Now() }

// Since returns a clock that reads start now and runs on at the machine's
// pace, so that a server started by a test lives on a chosen day while
// sessions and timeouts still pass.
func Since(start time.Time) func() time.Time {
	base := time.Now()
	return func() time.Time { return start.Add(time.Since(base)) }
}

// Today is the calendar date in China at instant t, as midnight UTC: the
// form time.Parse gives a date typed as 2006-01-02, so the two compare
// directly. Comparing a typed date with the instant itself would call
// today "in the future" between 00:00 and 08:00 in China.
func Today(t time.Time) time.Time {
	y, m, d := t.In(Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Date formats the calendar date in China at t as 2006-01-02.
func Date(t time.Time) string { return t.In(Zone).Format(time.DateOnly) }

// Minute formats t in China as 2006-01-02 15:04.
func Minute(t time.Time) string { return t.In(Zone).Format("2006-01-02 15:04") }
