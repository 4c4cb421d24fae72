package service

import (
	"fmt"
	"maps"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/ident"
	"hatch/internal/sheet"
)

// planner works out what an import does, row by row, against the table
// as it is: which rows are new, which update a row they name (by the
// table's MatchBy columns), which change nothing, and in replace mode which
// rows go. It applies the form's rules exactly as a save does.
type planner struct {
	v       editing
	t       *form.Table
	tf      sheet.TableFile
	p       ImportPreview
	plan    importPlan
	byKey   map[string][]domain.Row // the table's rows by match key
	seen    map[string]int          // match key → the file line that named it
	matched map[int64]bool          // rows of the table the file names
}

func planImport(
	v editing,
	t *form.Table,
	in ImportInput,
	tf sheet.TableFile,
	current []domain.Row,
) (ImportPreview, importPlan) {
	pl := &planner{v: v, t: t, tf: tf, byKey: map[string][]domain.Row{}, seen: map[string]int{},
		matched: map[int64]bool{}}
	pl.p = ImportPreview{Table: t, Mode: in.Mode, FileName: in.File.Name, Sheet: tf.Sheet,
		Ignored: tf.Ignored, Missing: missingColumns(t, tf)}
	pl.plan.Before = revisionsOf(current)
	for _, r := range current {
		if k := matchKey(t, r.Data); k != "" {
			pl.byKey[k] = append(pl.byKey[k], r)
		}
	}
	for _, row := range tf.Rows {
		pl.row(row)
	}
	if in.Mode == ImportReplace {
		pl.removeUnnamed(current)
	}
	return pl.p, pl.plan
}

// row plans one row of the file.
func (pl *planner) row(row sheet.TableRow) {
	refused := pl.refuse(row)
	key := matchKey(pl.t, row.Values)
	var cur *domain.Row
	if key != "" {
		if first, dup := pl.seen[key]; dup {
			pl.rowRefusal(row.Line, fmt.Sprintf("与第 %d 行的%s相同，同一%s只能出现一次。", first,
				joinLabels(pl.matchLabels()), pl.rowNoun()))
			return
		}
		pl.seen[key] = row.Line
		found := pl.byKey[key]
		if len(found) > 1 {
			pl.rowRefusal(row.Line, fmt.Sprintf("表中已有 %d 行%s与此行相同，无法确定要更新哪一行；请先在表中删除重复的行。",
				len(found), joinLabels(pl.matchLabels())))
			return
		}
		if len(found) == 1 {
			cur = &found[0]
			pl.matched[cur.ID] = true
		}
	}
	if refused {
		return
	}
	pl.keep(row, cur)
}

// refuse reports the cells no save would accept: a value where the row's
// state allows none, or in a computed column. The file must change.
func (pl *planner) refuse(row sheet.TableRow) bool {
	issues := form.Refused(pl.t.Columns, row.Values)
	for _, is := range issues {
		is.Message = strings.TrimSuffix(is.Message, form.ClearBeforeSaving) + "请在文件中清空这个单元格后重新导入。"
		pl.p.Refusals = append(pl.p.Refusals, pl.cell(row.Line, is))
	}
	return len(issues) > 0
}

// keep plans a row the form would save, with its problems as drafts.
func (pl *planner) keep(row sheet.TableRow, cur *domain.Row) {
	values := row.Values
	if cur != nil {
		values = merged(pl.t, cur.Data, row.Values)
	}
	values = form.CanonicalIdentifiers(pl.t.Columns, clean(values))
	for _, is := range pl.v.rules().RowFieldIssues(pl.t, domain.Row{Table: pl.t.Key, Data: values}) {
		if !is.Warning {
			pl.p.Problems = append(pl.p.Problems, pl.cell(row.Line, is))
		}
	}
	switch {
	case cur == nil:
		pl.p.New++
		pl.plan.Insert = append(pl.plan.Insert, values)
	case sameValues(pl.t, clean(cur.Data), values):
		pl.p.Unchanged++
	default:
		pl.p.Updated++
		pl.plan.Update = append(
			pl.plan.Update,
			plannedUpdate{ID: cur.ID, Line: row.Line, Values: values},
		)
	}
}

// merged is a row the file names, updated with the columns the file has;
// the columns it lacks keep their values, unless the new state of the row
// leaves them no place.
func merged(t *form.Table, old, file domain.Values) domain.Values {
	out := maps.Clone(old)
	maps.Copy(out, file)
	for i := range t.Columns {
		f := &t.Columns[i]
		if _, given := file[f.Key]; !given && !f.Fillable(out) {
			delete(out, f.Key)
		}
	}
	return out
}

// sameValues reports whether two rows say the same: numbers and dates are
// compared as such, so "460" read from Excel is the "460.00" typed on the
// page.
func sameValues(t *form.Table, a, b domain.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		y, ok := b[k]
		if !ok {
			return false
		}
		if f := t.Column(k); x != y &&
			(f == nil || form.Canonical(f, x) != form.Canonical(f, y) && !sameNumber(f, x, y)) {
			return false
		}
	}
	return true
}

func sameNumber(f *form.Field, x, y string) bool {
	if f.Kind != form.Int && f.Kind != form.Decimal {
		return false
	}
	a, okA := form.Number(x)
	b, okB := form.Number(y)
	return okA && okB && a == b
}

// removeUnnamed plans, for a replacing import, the removal of every row
// the file does not name.
func (pl *planner) removeUnnamed(current []domain.Row) {
	for _, r := range current {
		if !pl.matched[r.ID] {
			pl.p.Removed++
			pl.plan.Delete = append(pl.plan.Delete, r.ID)
		}
	}
}

// cell places an issue at its row and column.
func (pl *planner) cell(line int, is form.Issue) CellProblem {
	return CellProblem{
		Line:    line,
		Column:  pl.tf.Columns[is.Field],
		Label:   is.Label,
		Message: is.Message,
	}
}

func (pl *planner) rowRefusal(line int, msg string) {
	pl.p.Refusals = append(pl.p.Refusals, CellProblem{Line: line, Message: msg})
}

func (pl *planner) matchLabels() []string {
	var out []string
	for _, k := range pl.t.MatchBy {
		out = append(out, pl.t.Column(k).Label)
	}
	return out
}

// rowNoun is what one row of the table is called in messages.
func (pl *planner) rowNoun() string {
	if len(pl.t.MatchBy) > 0 {
		return strings.TrimSuffix(pl.t.Column(pl.t.MatchBy[0]).Label, "名称")
	}
	return "行"
}

// matchKey is the value of a row's MatchBy columns, compared as codes are
// (case and spaces aside, and a 统一社会信用代码 or 身份证号码 in its
// canonical form, full width folded); "" when one is empty or the table
// has none.
func matchKey(t *form.Table, v domain.Values) string {
	parts := make([]string, len(t.MatchBy))
	for i, k := range t.MatchBy {
		val := v[k]
		if t.Column(k).Identifier() {
			val = ident.Canonical(val)
		}
		parts[i] = strings.ToUpper(strings.Join(strings.Fields(val), ""))
		if parts[i] == "" {
			return ""
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "\x1f")
}

// missingColumns are the labels of the table's input columns that the
// file has no header for.
func missingColumns(t *form.Table, tf sheet.TableFile) []string {
	var out []string
	for i := range t.Columns {
		f := &t.Columns[i]
		if _, ok := tf.Columns[f.Key]; !ok && f.Input() {
			out = append(out, f.Label)
		}
	}
	return out
}
