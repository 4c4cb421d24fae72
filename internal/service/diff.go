package service

import (
	"strconv"
	"strings"

	"hatch/internal/docgen"
)

// Diff is what changed between two submitted versions, read from their
// printed content: what a reviewer sees is what the paper says.
type Diff struct {
	From   string // the earlier version's 版本号
	Fields []FieldChange
	Rows   []RowChange
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool { return len(d.Fields) == 0 && len(d.Rows) == 0 }

// FieldChange is one value that differs: a field, a text, or a cell.
type FieldChange struct {
	Part, Label, Old, New string
}

// Row change kinds.
const (
	RowAdded   = "新增"
	RowChanged = "修改"
	RowRemoved = "删除"
)

// RowChange is a table row added, changed or removed; Cells holds the
// changed cells, or every filled cell of an added or removed row.
type RowChange struct {
	Part, Table string
	TableKey    string
	RowID       int64
	Kind        string
	Name        string
	Cells       []FieldChange
}

// Compare lists the differences between two documents of the same type.
// Rows are matched by their stored id, so an edited row is one change,
// not a removal and an addition; rows of the attachment index, which have
// no id, are matched by their content.
func Compare(old, cur *docgen.Document) Diff {
	var d Diff
	oldParts := map[string]*docgen.Part{}
	for i := range old.Parts {
		oldParts[old.Parts[i].Key] = &old.Parts[i]
	}
	for i := range cur.Parts {
		p := &cur.Parts[i]
		o := oldParts[p.Key]
		if o == nil {
			o = &docgen.Part{}
		}
		d.Fields = append(d.Fields, compareLines(p.Heading, partLines(o), partLines(p))...)
		for ti := range p.Tables {
			d.Rows = append(
				d.Rows,
				compareTable(p.Heading, tableOf(o, p.Tables[ti].Key), &p.Tables[ti])...)
		}
	}
	return d
}

// partLines are a part's own values: fields, texts, notes.
func partLines(p *docgen.Part) []docgen.Line {
	out := append([]docgen.Line(nil), p.Fields...)
	for _, t := range p.Texts {
		label := t.Title
		if label == "" {
			label = strings.TrimLeft(p.Heading, "一二三四五六七八九十、")
		}
		out = append(
			out,
			docgen.Line{Field: t.Field, Label: label, Value: strings.Join(t.Paras, "\n")},
		)
	}
	for i, n := range p.Notes {
		out = append(out, docgen.Line{Label: "附件 " + strconv.Itoa(i+1), Value: n})
	}
	return out
}

// lineKey matches lines across versions: by the field they show, or by
// their label where they show none (the notes on uploads).
func lineKey(l docgen.Line) string {
	if l.Field != "" {
		return "field:" + l.Field
	}
	return "label:" + l.Label
}

func compareLines(part string, old, cur []docgen.Line) []FieldChange {
	was := map[string]string{}
	for _, l := range old {
		was[lineKey(l)] = l.Value
	}
	var out []FieldChange
	for _, l := range cur {
		if v, ok := was[lineKey(l)]; !ok && l.Value != "" || ok && v != l.Value {
			out = append(out, FieldChange{Part: part, Label: l.Label, Old: v, New: l.Value})
		}
	}
	return out
}

func tableOf(p *docgen.Part, key string) *docgen.Table {
	for i := range p.Tables {
		if p.Tables[i].Key == key {
			return &p.Tables[i]
		}
	}
	return &docgen.Table{Key: key}
}

// rowKey matches rows across versions: the stored id, or the content.
func rowKey(r docgen.TableRow) string {
	if r.ID != 0 {
		return strconv.FormatInt(r.ID, 10)
	}
	return strings.Join(r.Cells[min(1, len(r.Cells)):], "\x1f")
}

func compareTable(part string, old, cur *docgen.Table) []RowChange {
	was := map[string]docgen.TableRow{}
	for _, r := range old.Rows {
		was[rowKey(r)] = r
	}
	title := cur.Title
	if title == "" {
		title = strings.TrimLeft(part, "一二三四五六七八九十、")
	}
	var out []RowChange
	for _, r := range cur.Rows {
		o, ok := was[rowKey(r)]
		delete(was, rowKey(r))
		ch := RowChange{
			Part:     part,
			Table:    title,
			TableKey: cur.Key,
			RowID:    r.ID,
			Name:     rowLabel(cur, r),
		}
		if !ok {
			ch.Kind, ch.Cells = RowAdded, cellChanges(cur, docgen.TableRow{}, r)
		} else if ch.Cells = cellChanges(cur, o, r); len(ch.Cells) > 0 {
			ch.Kind = RowChanged
		} else {
			continue
		}
		out = append(out, ch)
	}
	for _, r := range old.Rows { // in the old order
		if _, gone := was[rowKey(r)]; gone {
			out = append(
				out,
				RowChange{
					Part:     part,
					Table:    title,
					TableKey: cur.Key,
					RowID:    r.ID,
					Kind:     RowRemoved,
					Name:     rowLabel(old, r),
					Cells:    cellChanges(old, r, docgen.TableRow{}),
				},
			)
		}
	}
	return out
}

// cellChanges lists the cells that differ, skipping 序号, which moves
// with every insertion.
func cellChanges(t *docgen.Table, old, cur docgen.TableRow) []FieldChange {
	var out []FieldChange
	for i := 1; i < len(t.Columns); i++ {
		o, c := cellAt(old, i), cellAt(cur, i)
		if o != c {
			out = append(out, FieldChange{Label: t.Columns[i].Header, Old: o, New: c})
		}
	}
	return out
}

func cellAt(r docgen.TableRow, i int) string {
	if i < len(r.Cells) {
		return r.Cells[i]
	}
	return ""
}

// rowLabel names a row by its first filled cell after 序号.
func rowLabel(t *docgen.Table, r docgen.TableRow) string {
	for i := 1; i < len(r.Cells); i++ {
		if s := strings.TrimSpace(r.Cells[i]); s != "" && s != "—" {
			return s
		}
	}
	return ""
}
