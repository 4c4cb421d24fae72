package form

import (
	"strconv"
	"time"

	"hatch/internal/domain"
)

// AddMonths moves t by n calendar months, keeping the day but never
// running into the month after: 2020-01-31 + 1 month is 2020-02-29.
func AddMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}

// WholeMonths is the number of whole months from from to to (negative when
// to is earlier): 2020-03-15 → 2020-05-14 is 1, → 2020-05-15 is 2.
func WholeMonths(from, to time.Time) int {
	if to.Before(from) {
		return -WholeMonths(to, from)
	}
	m := (to.Year()-from.Year())*12 + int(to.Month()-from.Month())
	if AddMonths(from, m).After(to) {
		m--
	}
	return m
}

// WithinMonths reports whether to is at most n months after from
// (入孵日期 − 成立日期 ≤ 24 个月: entry on the day 24 months after founding
// still counts, the day after does not).
func WithinMonths(from, to time.Time, n int) bool { return !to.After(AddMonths(from, n)) }

// MonthOf is the first day of t's month.
func MonthOf(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }

// FormatMonth prints a month as 2024-01.
func FormatMonth(t time.Time) string { return t.Format("2006-01") }

// RoundDate names one of the round's dates.
type RoundDate string

// The round's dates a rule can refer to.
const (
	RoundCutoff    RoundDate = "cutoff"    // the data cut-off D
	RoundOperating RoundDate = "operating" // the latest start of operation
)

// DateRef is a date a rule reads: a field of the row (or of Section), or a
// date of the round. Edge reads a year field (申请年度 2025) as its first or
// last day instead of a date.
type DateRef struct {
	Section string
	Field   string
	Round   RoundDate
	Edge    YearEdge
}

// YearEdge is the day of a year a year field stands for.
type YearEdge int

// Year edges; NoEdge means the field holds a date.
const (
	NoEdge   YearEdge = iota
	FirstDay          // 1 January
	LastDay           // 31 December
)

// date reads the referenced date for a row; ok is false when it is empty
// or unreadable.
func (a *App) date(ref DateRef, row domain.Values) (time.Time, bool) {
	switch {
	case ref.Round == RoundCutoff:
		return a.Dates.Cutoff, !a.Dates.Cutoff.IsZero()
	case ref.Round == RoundOperating:
		return a.Dates.OperatingFrom, !a.Dates.OperatingFrom.IsZero()
	case ref.Section != "":
		row = a.Sections[ref.Section]
	}
	if ref.Edge != NoEdge {
		return yearDay(row[ref.Field], ref.Edge)
	}
	return ParseDate(row[ref.Field])
}

// yearDay is the first or last day of the year a value names.
func yearDay(v string, e YearEdge) (time.Time, bool) {
	y, ok := Integer(v)
	if !ok || y < 1 || y > 9999 {
		return time.Time{}, false
	}
	if e == LastDay {
		return time.Date(int(y), 12, 31, 0, 0, 0, 0, time.UTC), true
	}
	return time.Date(int(y), 1, 1, 0, 0, 0, 0, time.UTC), true
}

// MonthsRule says a span between two dates may last at most Max months.
type MonthsRule struct {
	From, To DateRef
	Max      Limit
}

// Months checks the rule for a row: the span's whole months, its limit,
// and whether both dates could be read.
func (a *App) Months(m MonthsRule, row domain.Values) (months, limit int, within, ok bool) {
	from, ok1 := a.date(m.From, row)
	to, ok2 := a.date(m.To, row)
	limit = int(a.Limit(m.Max, row))
	if !ok1 || !ok2 {
		return 0, limit, false, false
	}
	return WholeMonths(from, to), limit, WithinMonths(from, to, limit), true
}

// Benefit is a span of months in which a designation gives a benefit.
type Benefit struct {
	First, Last time.Time // first days of the first and last month
}

// BenefitMonths is the span a designation earns within a policy period
// (42号: 2024-01 to 2027-12): from the month after designation, or the
// period's first month for a body designated earlier; to the month of
// cancellation, or the period's last month. ok is false when no month is
// left (designated in or after the last month, or cancelled before the
// first). A zero cancelled means never cancelled.
func BenefitMonths(designated, cancelled, periodFrom, periodTo time.Time) (b Benefit, ok bool) {
	first := MonthOf(designated).AddDate(0, 1, 0)
	if p := MonthOf(periodFrom); first.Before(p) {
		first = p
	}
	last := MonthOf(periodTo)
	if !cancelled.IsZero() && MonthOf(cancelled).Before(last) {
		last = MonthOf(cancelled)
	}
	if last.Before(first) {
		return Benefit{}, false
	}
	return Benefit{First: first, Last: last}, true
}

// monthsText prints a number of months: "30 个月".
func monthsText(n int) string { return strconv.Itoa(n) + " 个月" }
