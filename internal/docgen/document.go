package docgen

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/ident"
	"hatch/internal/region"
)

// Document is the 申报书 as content, before layout: what the PDF prints and
// what the 核对申报信息 page shows, built once by Build so the two cannot
// differ. Every value is final text: masked, "—" where not fillable,
// region codes named.
type Document struct {
	Title     string // the type's name: 国家备案众创空间申报书
	Subject   string
	Version   string // the 版本号
	QR        string // what the QR code on every page encodes; "" for none
	Generated time.Time
	Cover     []Line
	CoverNote string
	// Draft says why this version cannot be submitted ("" when it can).
	Draft string
	// Pledge is the signed 承诺书, printed after the cover.
	Pledge []Scan
	Parts  []Part
	// Appendix are the attachments printed after the index.
	Appendix []Appended
}

// Appended is an attachment printed in the appendix, with its caption
// and, shorter, the title the 目录 lists it by.
type Appended struct {
	Caption, Title string
	Scan           Scan
}

// Line is a label and its value, and the key of the declared field it
// shows ("" on the cover), so that a page can attach remarks to the field
// without matching printed labels.
type Line struct{ Field, Label, Value string }

// Part is one numbered part of the document: a section of the declaration,
// or the attachment index.
type Part struct {
	Key     string // the section's key; "files" for the attachment index
	Heading string // 一、基础信息
	Texts   []Text
	Fields  []Line
	Notes   []string // sentences about uploaded files
	Tables  []Table
}

// Own reports whether the part has content besides its tables.
func (p *Part) Own() bool { return len(p.Texts)+len(p.Fields)+len(p.Notes) > 0 }

// Text is a long text: the field it shows, its title ("" when the section
// is titled the same) and its paragraphs.
type Text struct {
	Field string
	Title string
	Paras []string
}

// Table is a detail table with every column.
type Table struct {
	Key, Title, Intro string
	Columns           []Column
	Rows              []TableRow
}

// Column is a table column. Field is the declared field it shows; nil for
// 序号 and the attachment index's own columns, which Kind names.
type Column struct {
	Header string
	Field  *form.Field
	Kind   ColumnKind
}

// Whole reports whether the column's values are never broken across
// lines: dates, codes and numbers people read and copy as one.
func (c Column) Whole() bool {
	if c.Field == nil {
		return false
	}
	switch c.Field.Kind {
	case form.Date, form.USCC, form.IDNumber, form.Mobile, form.Phone, form.Int, form.Decimal:
		return true
	}
	return false
}

// ColumnKind tells the layout how wide a column without a field wants to be.
type ColumnKind int

// The kinds of columns without a declared field.
const (
	ColField ColumnKind = iota
	ColSeq              // 序号
	ColName             // a file name
	ColText             // a short description
	ColSize             // a file size
	ColHash             // a SHA-256
)

// TableRow is one printed row: the stored row it shows (ID, 0 in the
// attachment index) or the file a line of the index lists (FileID).
type TableRow struct {
	ID     int64
	FileID int64
	Cells  []string
}

// Build turns an application and what the document says about itself into
// a Document, in the order of the declaration: the layout comes from the
// type, so another application type needs no new code here.
func Build(a *form.App, m Meta) (*Document, error) {
	if a == nil || a.Type == nil {
		return nil, fmt.Errorf("docgen: no application")
	}
	d := &Document{
		Title:     a.Type.Name,
		Subject:   strings.TrimSpace(m.Carrier + " " + m.Round),
		Version:   m.Version,
		Generated: m.GeneratedAt,
		Cover:     coverLines(m),
		CoverNote: "本申报书由科技创业孵化机构信息服务系统根据在线填报的内容生成，各页所印版本号相同；" +
			"纸质申报书须与系统中该版本一致，在首页加盖公章。",
		Pledge: m.Pledge,
		Draft:  m.Draft,
	}
	if m.VerifyURL != "" {
		d.QR = m.VerifyURL + "?v=" + m.Version
	}
	for i := range a.Type.Sections {
		d.Parts = append(d.Parts, buildSection(a, m, i+1, &a.Type.Sections[i]))
	}
	d.Parts = append(d.Parts, attachmentPart(a, m, len(a.Type.Sections)+1))
	d.Appendix = appendix(a, m)
	return d, nil
}

// appendix orders the scans to append as the index lists them, captioned
// with their number in the index.
func appendix(a *form.App, m Meta) []Appended {
	if len(m.Appendix) == 0 {
		return nil
	}
	byID := map[int64]Scan{}
	for _, s := range m.Appendix {
		byID[s.FileID] = s
	}
	var out []Appended
	for i, f := range attachmentList(a, m.Files) {
		if s, ok := byID[f.file.ID]; ok {
			title := fmt.Sprintf("附件 %d《%s》", i+1, f.file.Name)
			out = append(
				out,
				Appended{Caption: fmt.Sprintf("%s（%s，%s）", title, f.slot, f.place), Title: title, Scan: s},
			)
		}
	}
	return out
}

func coverLines(m Meta) []Line {
	date := ""
	if !m.GeneratedAt.IsZero() {
		date = m.GeneratedAt.In(clock.Zone).Format("2006年1月2日")
	}
	return []Line{
		{Label: "载　　体", Value: m.Carrier},
		{Label: "运营主体", Value: m.Operator},
		{Label: "申报批次", Value: m.Round},
		{Label: "生成日期", Value: date},
		{Label: "版 本 号", Value: m.Version},
	}
}

func buildSection(a *form.App, m Meta, n int, s *form.Section) Part {
	p := Part{Key: s.Key, Heading: chineseNumber(n) + "、" + s.Title}
	values := a.Sections[s.Key]
	for i := range s.Fields {
		f := &s.Fields[i]
		v := sectionValue(a, s, f, values)
		if s.Kind == form.TextSection && f.Kind == form.LongText {
			p.Texts = append(p.Texts, longText(s, f, v))
			continue
		}
		p.Fields = append(p.Fields, Line{Field: f.Key, Label: f.Header(), Value: v})
	}
	if s.Kind == form.UploadSection {
		p.Notes = uploadNotes(s, m.Files)
	}
	for _, key := range s.Tables {
		if t := a.Type.Table(key); t != nil {
			p.Tables = append(p.Tables, buildTable(a, t))
		}
	}
	return p
}

func longText(s *form.Section, f *form.Field, v string) Text {
	t := Text{Field: f.Key}
	if f.Label != s.Title {
		t.Title = f.Header()
	}
	for _, para := range strings.Split(strings.TrimSpace(v), "\n") {
		if para = strings.TrimSpace(para); para != "" {
			t.Paras = append(t.Paras, para)
		}
	}
	if len(t.Paras) == 0 {
		t.Paras = []string{"（未填写）"}
	}
	return t
}

func sectionValue(a *form.App, s *form.Section, f *form.Field, values domain.Values) string {
	switch {
	case f.Computed != nil:
		return a.Value(s.Key, f.Key)
	case !f.Fillable(values):
		return "—"
	}
	return cellValue(f, values[f.Key])
}

// cellValue is a value as printed: identity numbers masked, regions named.
func cellValue(f *form.Field, v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return ""
	case f.Kind == form.IDNumber:
		return ident.MaskIDNumber(v)
	case f.Kind == form.Region:
		if r, ok := region.Lookup(v); ok {
			return r.FullName()
		}
	}
	return v
}

// uploadNotes states the files on record for an upload section.
func uploadNotes(s *form.Section, files []domain.AppFile) []string {
	var out []string
	for _, slot := range s.Files {
		var names []string
		for _, f := range files {
			if f.RowID == 0 && f.Slot == slot.Key {
				names = append(names, "《"+f.Name+"》")
			}
		}
		text := slot.Label + "：未上传。"
		if len(names) > 0 {
			text = slot.Label + "：已上传" + strings.Join(names, "、") + "，存档于系统，见附件目录。"
		}
		out = append(out, text)
	}
	return out
}

// buildTable is a detail table: 序号 and every column, "—" in cells that
// are not fillable in their row; a table whose rows may not count (在孵企业
// past their months) ends with 是否计入, so the paper says what the counts
// left out and why, as the pages do.
func buildTable(a *form.App, t *form.Table) Table {
	rows, d := a.Rows[t.Key], a.Dates
	cutoff := ""
	if !d.Cutoff.IsZero() {
		cutoff = form.FormatDate(d.Cutoff)
	}
	out := Table{Key: t.Key, Title: t.Title, Intro: t.IntroOn(cutoff)}
	out.Columns = append(out.Columns, Column{Header: "序号", Kind: ColSeq})
	for i := range t.Columns {
		out.Columns = append(
			out.Columns,
			Column{Header: t.Columns[i].Header(), Field: &t.Columns[i]},
		)
	}
	var notes []string
	for n, r := range rows {
		cells := make([]string, 0, len(out.Columns))
		cells = append(cells, strconv.Itoa(n+1))
		for i := range t.Columns {
			f := &t.Columns[i]
			if f.Computed == nil && !f.Fillable(r.Data) {
				cells = append(cells, "—")
				continue
			}
			cells = append(cells, cellValue(f, r.Data[f.Key]))
		}
		if len(t.RowRules) > 0 {
			cells = append(cells, countedCell(a, t, r, n+1, &notes))
		}
		out.Rows = append(out.Rows, TableRow{ID: r.ID, Cells: cells})
	}
	if len(t.RowRules) > 0 {
		out.Columns = append(out.Columns, Column{Header: "是否计入", Kind: ColText})
	}
	if len(notes) > 0 {
		out.Intro = strings.TrimSpace(out.Intro + "\n" + strings.Join(notes, "\n"))
	}
	return out
}

// countedCell is a row's 是否计入: 计入 or 不计入; the reasons of a row
// left out go to notes (第 30 行不计入：…), which the table's introduction
// prints, as a wide table has no room for them in a cell.
func countedCell(a *form.App, t *form.Table, r domain.Row, n int, notes *[]string) string {
	reasons := a.Excluded(t, r)
	if len(reasons) == 0 {
		return "计入"
	}
	*notes = append(*notes, "第 "+strconv.Itoa(n)+" 行"+form.ExcludedNote(reasons))
	return "不计入"
}

// attachmentPart is the index of the attachments: name, what it is, where
// it belongs, size and SHA-256, in the order of the declaration.
func attachmentPart(a *form.App, m Meta, n int) Part {
	t := Table{
		Key:   "files",
		Intro: "下列附件随申报书在线提交，存档于系统；SHA-256 为文件内容的校验值，可用于核对纸质材料所附文件与存档文件是否一致。",
		Columns: []Column{
			{Header: "序号", Kind: ColSeq},
			{Header: "附件名称", Kind: ColName},
			{Header: "材料类别", Kind: ColText},
			{Header: "所属表格与行", Kind: ColText},
			{Header: "大小", Kind: ColSize},
			{Header: "SHA-256", Kind: ColHash},
		},
	}
	for i, f := range attachmentList(a, m.Files) {
		t.Rows = append(
			t.Rows,
			TableRow{
				FileID: f.file.ID,
				Cells: []string{strconv.Itoa(i + 1), f.file.Name, f.slot, f.place,
					form.FileSize(f.file.Size), strings.ToLower(f.file.SHA256)},
			},
		)
	}
	return Part{Key: "files", Heading: chineseNumber(n) + "、附件目录", Tables: []Table{t}}
}

// attachment is one line of the attachment index.
type attachment struct {
	file         domain.AppFile
	place        string // the table and row, or the section
	slot         string // the slot's label
	order, slotN int
	row          int
}

// rowPlace is where a stored row prints: its table and row number.
type rowPlace struct {
	table *form.Table
	order int
	row   int
}

func attachmentList(a *form.App, files []domain.AppFile) []attachment {
	rows := map[int64]rowPlace{}
	for ti := range a.Type.Tables {
		t := &a.Type.Tables[ti]
		for i, r := range a.Rows[t.Key] {
			rows[r.ID] = rowPlace{table: t, order: ti + 1, row: i + 1}
		}
	}
	out := make([]attachment, 0, len(files))
	for _, f := range files {
		out = append(out, placeFile(a.Type, rows, f))
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.order != y.order {
			return x.order < y.order
		}
		if x.row != y.row {
			return x.row < y.row
		}
		if x.slotN != y.slotN {
			return x.slotN < y.slotN
		}
		return x.file.ID < y.file.ID
	})
	return out
}

func placeFile(t *form.Type, rows map[int64]rowPlace, f domain.AppFile) attachment {
	at := attachment{file: f, slot: f.Slot}
	if f.RowID == 0 {
		at.place = "—"
		for si := range t.Sections {
			s := &t.Sections[si]
			for k, slot := range s.Files {
				if slot.Key == f.Slot {
					at.place, at.slot, at.slotN = s.Title, slot.Label, k
				}
			}
		}
		return at
	}
	wh, ok := rows[f.RowID]
	if !ok {
		at.order = len(t.Tables) + 1
		at.place = "（所属行已删除）"
		return at
	}
	at.order, at.row = wh.order, wh.row
	at.place = fmt.Sprintf("%s 第 %d 行", wh.table.Title, wh.row)
	for k, slot := range wh.table.Files {
		if slot.Key == f.Slot {
			at.slot, at.slotN = slot.Label, k
		}
	}
	return at
}

// Scan is an uploaded file printed inside the document, such as the signed
// 承诺书: a JPEG, PNG or PDF, told apart by content.
type Scan struct {
	FileID int64 // the domain.AppFile it is, for the appendix
	Name   string
	Data   []byte
}
