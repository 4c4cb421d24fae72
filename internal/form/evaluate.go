package form

import (
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/ident"
)

// computed returns a read-only field's value from the rest of the
// application: counts and sums of table rows, organisation facts, months.
func (a *App) computed(section string, f *Field) string {
	c := f.Computed
	switch {
	case c.Count != "":
		return strconv.Itoa(len(a.Counted(c.Count)))
	case c.Sum[0] != "":
		return FormatNumber(a.SumIn(c.Rows, Col{c.Sum[0], c.Sum[1]}), decimalsOf(f))
	case len(c.SumAcross) > 0:
		return FormatNumber(a.SumOf(c.SumAcross...), decimalsOf(f))
	case c.Org != "":
		return map[string]string{"name": a.Org.Name, "uscc": a.Org.USCC, "rep": a.Org.Rep}[c.Org]
	case c.Carrier != "":
		return a.Carrier
	case c.MonthsFrom != "":
		return a.monthsToCutoff(a.Sections[section][c.MonthsFrom])
	case c.Percent[0] != "":
		return a.percentOf(section, c.Percent)
	}
	return ""
}

// percentOf is one field of a section as a share of another, in per cent
// with two decimals; "" while the whole is not above zero.
func (a *App) percentOf(section string, parts [2]string) string {
	part, _ := Number(a.Value(section, parts[0]))
	whole, ok := Number(a.Value(section, parts[1]))
	if !ok || whole <= 0 {
		return ""
	}
	return FormatNumber(min(max(part, 0), whole)/whole*100, 2)
}

func decimalsOf(f *Field) int {
	if f.Kind == Int {
		return 0
	}
	return 2
}

// sum adds a numeric column over a table's counted rows, skipping what is
// empty or not a number (those rows carry their own issues).
func (a *App) sum(table, column string) float64 { return a.SumOf(Col{table, column}) }

func (a *App) monthsToCutoff(from string) string {
	t, ok := ParseDate(from)
	if !ok || a.Dates.Cutoff.IsZero() || t.After(a.Dates.Cutoff) {
		return ""
	}
	return strconv.Itoa(WholeMonths(t, a.Dates.Cutoff))
}

// checkFields is CheckFields with the bounds the round sets (MinParam,
// MaxParam) checked on values that pass the rest.
func (a *App) checkFields(fields []Field, v domain.Values, complete bool) []Issue {
	out := CheckFields(fields, v, a.Dates, complete)
	flagged := map[string]bool{}
	for _, is := range out {
		flagged[is.Field] = true
	}
	for i := range fields {
		if f := &fields[i]; !flagged[f.Key] && f.Fillable(v) {
			if msg := a.paramBound(f, v[f.Key]); msg != "" {
				out = append(out, Issue{Field: f.Key, Label: f.Label, Message: msg})
			}
		}
	}
	return out
}

// paramBound says how a number breaks the round's bounds, or "".
func (a *App) paramBound(f *Field, val string) string {
	n, ok := Number(val)
	switch {
	case !ok:
	case f.MinParam != "" && n < a.Param(f.MinParam):
		return f.Label + "不能小于" + FormatNumber(a.Param(f.MinParam), 0) + unitSuffix(f) + "。"
	case f.MaxParam != "" && n > a.Param(f.MaxParam):
		return f.Label + "不能大于" + FormatNumber(a.Param(f.MaxParam), 0) + unitSuffix(f) + "。"
	}
	return ""
}

// SectionIssues checks one section's own fields and files.
func (a *App) SectionIssues(s *Section, complete bool) []Issue {
	v := a.Sections[s.Key]
	out := a.checkFields(s.Fields, v, complete)
	if complete {
		out = append(out, a.missingFiles(s.Files, 0, v)...)
	}
	for i := range out {
		out[i].Section = s.Key
	}
	return out
}

// RowFieldIssues checks a row's values completely (required ones too) but
// not its files: what a save reports, before the row's files are known.
func (a *App) RowFieldIssues(t *Table, r domain.Row) []Issue {
	out := a.checkFields(t.Columns, r.Data, true)
	for i := range out {
		out[i].Section, out[i].Table, out[i].RowID = t.Section, t.Key, r.ID
	}
	return out
}

// SectionFieldIssues is RowFieldIssues for a section's own fields.
func (a *App) SectionFieldIssues(s *Section) []Issue {
	out := a.checkFields(s.Fields, a.Sections[s.Key], true)
	for i := range out {
		out[i].Section = s.Key
	}
	return out
}

// RowIssues checks one row of a table: its values and its files.
func (a *App) RowIssues(t *Table, r domain.Row, complete bool) []Issue {
	out := a.checkFields(t.Columns, r.Data, complete)
	if complete {
		out = append(out, a.missingFiles(t.Files, r.ID, r.Data)...)
	}
	for i := range out {
		out[i].Section, out[i].Table, out[i].RowID = t.Section, t.Key, r.ID
	}
	return out
}

func (a *App) missingFiles(slots []FileSlot, rowID int64, v domain.Values) []Issue {
	var out []Issue
	for i := range slots {
		if slots[i].IsRequired(v) && a.FileCount(rowID, slots[i].Key) == 0 {
			out = append(
				out,
				Issue{
					Field:   slots[i].Key,
					Label:   slots[i].Label,
					Message: "请上传" + slots[i].Label + "。",
				},
			)
		}
	}
	return out
}

// Issues checks the whole application: every section, every row, the
// uniqueness of columns that must be unique, and the type's own checks.
// complete adds what submission needs (required fields and files).
func (a *App) Issues(complete bool) []Issue {
	a = a.memoised()
	var out []Issue
	for i := range a.Type.Sections {
		if s := &a.Type.Sections[i]; a.Shown(s) {
			out = append(out, a.SectionIssues(s, complete)...)
		}
	}
	for i := range a.Type.Tables {
		t := &a.Type.Tables[i]
		if !a.TableShown(t) {
			continue
		}
		for _, r := range a.Rows[t.Key] {
			out = append(out, a.RowIssues(t, r, complete)...)
		}
		out = append(out, a.duplicates(t)...)
		out = append(out, a.exclusionIssues(t)...)
	}
	for _, c := range a.Type.Checks {
		out = append(out, c(a)...)
	}
	return out
}

// duplicates reports rows whose UniqueBy value repeats an earlier row's.
func (a *App) duplicates(t *Table) []Issue {
	if t.UniqueBy == "" {
		return nil
	}
	seen := map[string]int64{}
	var out []Issue
	col := t.Column(t.UniqueBy)
	for _, r := range a.Rows[t.Key] {
		v := sameKey(col, r.Data[t.UniqueBy])
		if v == "" {
			continue
		}
		if first, dup := seen[v]; dup {
			out = append(
				out,
				Issue{
					Section: t.Section,
					Table:   t.Key,
					RowID:   r.ID,
					Field:   t.UniqueBy,
					Label:   col.Label,
					Message: col.Label + " " + v + " 与第 " + strconv.FormatInt(
						a.rowNumber(t.Key, first),
						10,
					) + " 行重复，同一企业只能填报一次。",
				},
			)
			continue
		}
		seen[v] = r.ID
	}
	return out
}

// sameKey is a value as uniqueness compares it: a code in its canonical
// form (the same 统一社会信用代码 in lower case or full width is a
// duplicate), other text without regard to case or surrounding spaces.
func sameKey(f *Field, v string) string {
	if f.Identifier() {
		return ident.Canonical(v)
	}
	return strings.ToUpper(strings.TrimSpace(v))
}

// rowNumber is a row's 1-based position in its table, as users count rows.
func (a *App) rowNumber(table string, id int64) int64 {
	for i, r := range a.Rows[table] {
		if r.ID == id {
			return int64(i + 1)
		}
	}
	return 0
}

// State is a task-list item's status.
type State string

// Task-list states (GOV.UK task list).
const (
	NotStarted State = "未开始"
	InProgress State = "未完成"
	Complete   State = "已完成"
)

// Status is one task-list item.
type Status struct {
	Section  *Section
	State    State
	Problems int // blocking problems on the section's page, tables included
	Warnings int
}

// Statuses computes the task list: each section's state from the rules.
func (a *App) Statuses() []Status { return a.StatusesOf(a.Issues(true)) }

// StatusesOf computes the task list from issues already found with
// Issues(true), so a page that also lists the issues checks only once.
func (a *App) StatusesOf(issues []Issue) []Status {
	out := make([]Status, 0, len(a.Type.Sections))
	for i := range a.Type.Sections {
		s := &a.Type.Sections[i]
		if !a.Shown(s) {
			continue
		}
		st := Status{Section: s}
		for _, is := range issues {
			if is.Section != s.Key {
				continue
			}
			if is.Warning {
				st.Warnings++
			} else {
				st.Problems++
			}
		}
		st.State = a.state(s, st.Problems)
		out = append(out, st)
	}
	return out
}

func (a *App) state(s *Section, problems int) State {
	switch {
	case !a.started(s):
		return NotStarted
	case problems > 0:
		return InProgress
	}
	return Complete
}

// started: anything typed, any row, or any file. A section with nothing
// to fill (its figures all computed) is never waiting for the applicant.
func (a *App) started(s *Section) bool {
	if !s.fillable() {
		return true
	}
	for _, v := range a.Sections[s.Key] {
		if a.Defaulted[s.Key] {
			break
		}
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	for _, t := range s.Tables {
		if len(a.Rows[t]) > 0 {
			return true
		}
	}
	return len(a.Files[0]) > 0 && a.sectionHasFile(s)
}

// fillable reports whether a section has anything the applicant fills:
// a field to type, a table or a file.
func (s *Section) fillable() bool {
	if len(s.Tables) > 0 || len(s.Files) > 0 {
		return true
	}
	for i := range s.Fields {
		if s.Fields[i].Input() {
			return true
		}
	}
	return false
}

func (a *App) sectionHasFile(s *Section) bool {
	for _, f := range s.Files {
		if a.FileCount(0, f.Key) > 0 {
			return true
		}
	}
	return false
}
