package form

import (
	"strings"

	"hatch/internal/domain"
)

// RowRule decides whether a row counts: a row that breaks one stays in its
// table, shown with the reason ("不计入：成立至入孵 30 个月，超过 24 个月"),
// and is left out of every count, sum and share the conditions make
// (在孵企业 of 300号 第八条).
type RowRule struct {
	Code string // R3: how tests and the page's notes name it
	// Applies limits the rule to some rows (a graduate's G2 applies only
	// when G2 is chosen); nil applies it to every row.
	Applies *When
	// One of the checks:
	Months *MonthsRule // a span of months between two dates
	Must   *When       // a value the row must have
	Over   *Over       // a sum of the row's cells must exceed a limit
	Lasts  *Lasts      // a date must not come before another (a lease runs to D)
	// a span of the row must share a day with another (孵化协议 and 申请年度)
	Overlaps *Overlaps
	// the row's value must name a counted row of another table (收入的服务对象
	// is one of the 在孵对象); its failure gives Reason
	Among *Among
	// Label names what is measured ("成立至入孵"); Reason is the whole
	// reason for Must, whose failure has no figure.
	Label  string
	Reason string
}

// Over says the row's cells together must exceed a limit ("累计获得投资
// 超过 500 万元", strictly more, as 300号 writes it).
type Over struct {
	Fields []string
	Limit  Limit
	Unit   string
}

// Lasts says the row's date Until may not come before Reach: a lease that
// ended before the data cut-off is no site the incubator controls.
type Lasts struct {
	Until, Reach DateRef
	ReachLabel   string // 数据截止日
}

// Overlaps says the row's span From..To must share at least one day with
// the span SpanFrom..SpanTo, named SpanLabel (申请年度): an agreement that
// ended before the year or starts after it gives no benefit in it.
type Overlaps struct {
	From, To         DateRef
	SpanFrom, SpanTo DateRef
	SpanLabel        string
}

// Among says the row's Field must name a counted row of Table by its
// Column: the same text, regardless of case and surrounding spaces.
type Among struct {
	Field         string
	Table, Column string
}

// uncheckable ends the reason of a rule whose dates cannot be read: the
// row is not shown to count until they can.
const uncheckable = "无法核对（日期未填写或格式不正确）"

// Excluded returns why a row does not count, in rule order; nil when it
// counts.
func (a *App) Excluded(t *Table, r domain.Row) []string {
	var out []string
	for i := range t.RowRules {
		if reason := a.breaks(&t.RowRules[i], r.Data); reason != "" {
			out = append(out, reason)
		}
	}
	return out
}

// breaks returns the reason a row breaks the rule, or "".
func (a *App) breaks(rr *RowRule, row domain.Values) string {
	if rr.Applies != nil && !rr.Applies.active(row) {
		return ""
	}
	switch {
	case rr.Months != nil:
		months, limit, within, ok := a.Months(*rr.Months, row)
		if !ok {
			return rr.Label + uncheckable
		}
		if !within {
			return rr.Label + " " + monthsText(months) + "，超过 " + monthsText(limit)
		}
	case rr.Lasts != nil:
		until, ok1 := a.date(rr.Lasts.Until, row)
		reach, ok2 := a.date(rr.Lasts.Reach, row)
		switch {
		case !ok1 || !ok2:
			return rr.Label + uncheckable
		case until.Before(reach):
			return rr.Label + " " + FormatDate(until) + " 早于" + rr.Lasts.ReachLabel + " " + FormatDate(reach)
		}
	case rr.Overlaps != nil:
		return a.overlapBreak(rr, row)
	case rr.Must != nil:
		if !rr.Must.active(row) {
			return rr.Reason
		}
	case rr.Among != nil:
		if !a.among(*rr.Among, row) {
			return rr.Reason
		}
	case rr.Over != nil:
		sum := 0.0
		for _, f := range rr.Over.Fields {
			n, _ := Number(row[f])
			sum += n
		}
		if limit := a.Limit(rr.Over.Limit, row); sum <= limit {
			return rr.Label + " " + trimNumber(sum) + " " + rr.Over.Unit + "，未超过 " + trimNumber(limit) + " " + rr.Over.Unit
		}
	}
	return ""
}

// overlapBreak is the reason the row's span misses the other span, or "".
func (a *App) overlapBreak(rr *RowRule, row domain.Values) string {
	o := rr.Overlaps
	from, ok1 := a.date(o.From, row)
	to, ok2 := a.date(o.To, row)
	spanFrom, ok3 := a.date(o.SpanFrom, row)
	spanTo, ok4 := a.date(o.SpanTo, row)
	switch {
	case !ok1 || !ok2 || !ok3 || !ok4:
		return rr.Label + uncheckable
	case to.Before(spanFrom) || from.After(spanTo):
		return rr.Label + " " + FormatDate(from) + " 至 " + FormatDate(to) + " 与" + o.SpanLabel + "（" +
			FormatDate(spanFrom) + " 至 " + FormatDate(spanTo) + "）没有重叠"
	}
	return ""
}

// among reports whether the row's value names a counted row of the other
// table.
func (a *App) among(m Among, row domain.Values) bool {
	v := sameText(row[m.Field])
	if v == "" {
		return false
	}
	for _, r := range a.Counted(m.Table) {
		if sameText(r.Data[m.Column]) == v {
			return true
		}
	}
	return false
}

// sameText is text as names are compared: trimmed, in one case.
func sameText(v string) string { return strings.ToUpper(strings.TrimSpace(v)) }

// Counts reports whether a row counts (it breaks none of its table's row
// rules).
func (a *App) Counts(t *Table, r domain.Row) bool { return len(a.Excluded(t, r)) == 0 }

// Counted are the table's rows that count, in order.
func (a *App) Counted(table string) []domain.Row {
	t := a.Type.Table(table)
	if t == nil || len(t.RowRules) == 0 {
		return a.Rows[table]
	}
	reasons := a.reasons(t)
	var out []domain.Row
	for i, r := range a.Rows[table] {
		if len(reasons[i]) == 0 {
			out = append(out, r)
		}
	}
	return out
}

// leftOut are the table's rows that do not count, in order.
func (a *App) leftOut(table string) []domain.Row {
	t := a.Type.Table(table)
	if t == nil || len(t.RowRules) == 0 {
		return nil
	}
	reasons := a.reasons(t)
	var out []domain.Row
	for i, r := range a.Rows[table] {
		if len(reasons[i]) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// reasons are Excluded for each row of the table, in row order; within
// one evaluation (memoised) they are worked out once.
func (a *App) reasons(t *Table) [][]string {
	if got, ok := a.memo[t.Key]; ok {
		return got
	}
	out := make([][]string, len(a.Rows[t.Key]))
	for i, r := range a.Rows[t.Key] {
		out[i] = a.Excluded(t, r)
	}
	if a.memo != nil {
		a.memo[t.Key] = out
	}
	return out
}

// memoised is a copy of the App that remembers which rows count while one
// evaluation runs over it: the conditions and the checks ask the same
// question many times, and the rows do not change meanwhile. A copy, so
// that Apps stay safe to read from several goroutines.
func (a *App) memoised() *App {
	if a.memo != nil {
		return a
	}
	m := *a
	m.memo = map[string][][]string{}
	return &m
}

// CountedField is the field of the warning a row that does not count
// carries: pages find the row's 不计入 note by it.
const CountedField = "counted"

// ExcludedNote is the note a page shows beside a row that does not count.
func ExcludedNote(reasons []string) string {
	if len(reasons) == 0 {
		return ""
	}
	return "不计入：" + strings.Join(reasons, "；") + "。"
}

// exclusionIssues are warnings on the rows that do not count: they do not
// block submission (the row is simply not counted), but the row shows why.
func (a *App) exclusionIssues(t *Table) []Issue {
	if len(t.RowRules) == 0 {
		return nil
	}
	var out []Issue
	all := a.reasons(t)
	for i, r := range a.Rows[t.Key] {
		if reasons := all[i]; len(reasons) > 0 {
			out = append(out, Issue{Section: t.Section, Table: t.Key, RowID: r.ID, Field: CountedField, Label: "是否计入",
				Message: ExcludedNote(reasons), Warning: true})
		}
	}
	return out
}
