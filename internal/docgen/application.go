package docgen

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/ident"
)

// Meta is what the 申报书 says about itself beyond the application's
// contents.
type Meta struct {
	Version     string    // the 版本号, printed on every page
	VerifyURL   string    // the QR code encodes VerifyURL?v=Version; "" for no QR code
	Carrier     string    // the carrier applied for
	Operator    string    // its 运营主体
	Round       string    // the 申报批次, e.g. 2021年度众创空间国家备案
	GeneratedAt time.Time // printed in China time; also the PDF's creation date
	// Files are the application's attachments, listed in the index at the
	// end (form.App only counts them).
	Files []domain.AppFile
}

// chinaTime is UTC+8 without a time-zone database.
var chinaTime = time.FixedZone("CST", 8*3600)

// Sizes of the 申报书.
const (
	sizeCover     = 26 // 一号: the document title on the cover
	sizeCoverInfo = 15
	sizeFields    = 11
	sizeText      = 12 // 小四: the long texts
	sizeTable     = 8.5
)

// Application generates the 申报书 of an application (manual 四（四）, 五):
// a cover for the seal, every section of the declaration in order (fields
// as a label/value list, texts as paragraphs, detail tables on landscape
// pages), and an index of the attachments. Every page carries the 版本号
// in its footer and as a watermark, and a QR code for verification.
//
// The layout comes from the declaration (a.Type): another application type
// gets its document without new code.
func Application(a *form.App, m Meta) ([]byte, error) {
	if a == nil || a.Type == nil {
		return nil, fmt.Errorf("docgen: no application")
	}
	w, err := NewWriter(Info{Title: a.Type.Name, Subject: strings.TrimSpace(m.Carrier + " " + m.Round), Created: m.GeneratedAt})
	if err != nil {
		return nil, err
	}
	qr := ""
	if m.VerifyURL != "" {
		qr = m.VerifyURL + "?v=" + m.Version
	}
	mk, err := newMarks(w, m.Version, qr)
	if err != nil {
		return nil, err
	}
	w.onPage = mk.draw
	mk.draw() // the first page exists already
	w.note = "版本号：" + m.Version

	d := &appDoc{w: w, a: a, m: m}
	d.cover()
	for i := range a.Type.Sections {
		d.section(i+1, &a.Type.Sections[i])
	}
	d.attachments()
	return w.Bytes()
}

type appDoc struct {
	w *Writer
	a *form.App
	m Meta
}

func (d *appDoc) cover() {
	w, m := d.w, d.m
	w.Gap(28)
	w.Text(d.a.Type.Name, Style{Size: sizeCover, Bold: true, Leading: 1.4, Align: Center})
	w.Gap(30)
	date := ""
	if !m.GeneratedAt.IsZero() {
		date = m.GeneratedAt.In(chinaTime).Format("2006年1月2日")
	}
	rows := [][2]string{
		{"载　　体", m.Carrier},
		{"运营主体", m.Operator},
		{"申报批次", m.Round},
		{"生成日期", date},
		{"版 本 号", m.Version},
	}
	w.setFont(false, sizeCoverInfo)
	labelW := w.lineWidth("运营主体：")
	x := w.geom.left + 12*mm
	valueX := x + labelW
	valueW := w.geom.left + w.textWidth() - 12*mm - valueX
	lh := sizeCoverInfo * 2.2
	for _, r := range rows {
		lines := breakLines(clean(r[1]), valueW, valueW, w.width)
		if len(lines) == 0 {
			lines = []string{""}
		}
		if len(lines) > 3 { // the cover stays one page; the sections print it whole
			lines = lines[:3]
			rs := []rune(lines[2])
			lines[2] = string(rs[:len(rs)-1]) + "…"
		}
		for i, l := range lines {
			base := w.y + (lh-sizeCoverInfo)/2 + ascent*sizeCoverInfo
			if i == 0 {
				w.drawText(x, base, r[0]+"：", 0)
			}
			w.drawText(valueX, base, l, 0)
			w.pdf.SetStrokeColor(0, 0, 0)
			w.pdf.Line(valueX, base+4, valueX+valueW, base+4)
			w.y += lh
		}
	}
	// The box for the seal.
	w.Gap(16)
	boxW, boxH := 62*mm, 50*mm
	bx := w.geom.left + w.textWidth() - 12*mm - boxW
	w.setFont(false, SizeBody)
	label := "运营主体（公章）"
	w.drawText(bx+(boxW-w.lineWidth(label))/2, w.y+ascent*SizeBody, label, 0)
	w.y += SizeBody * 1.8
	w.pdf.SetLineWidth(0.8)
	w.pdf.RectFromUpperLeftWithStyle(bx, w.y, boxW, boxH, "D")
	w.pdf.SetLineWidth(0.6)
	w.y += boxH
	w.BottomNote("本申报书由科技创业孵化机构信息服务系统根据在线填报的内容生成，各页所印版本号相同；" +
		"纸质申报书须与系统中该版本一致，在首页加盖公章。")
}

// section sets one section: its heading, its own fields or text on
// portrait pages, then its tables on landscape pages.
func (d *appDoc) section(n int, s *form.Section) {
	w := d.w
	heading := chineseNumber(n) + "、" + s.Title
	hasOwn := len(s.Fields) > 0 || len(s.Files) > 0
	if hasOwn {
		if w.geom.landscape || n == 1 {
			w.newPageIn(portraitA4)
		}
		w.ensure(SizeHeading*1.6 + 4*sizeFields*cellLead)
		w.Heading(heading)
		switch s.Kind {
		case form.TextSection:
			d.textSection(s)
		case form.UploadSection:
			d.uploadSection(s)
		default:
			d.fieldList(s, s.Fields)
		}
	}
	for ti, key := range s.Tables {
		t := d.a.Type.Table(key)
		if t == nil {
			continue
		}
		// A section's tables start on a new landscape page; the next ones
		// follow on the same page while there is room.
		if !w.geom.landscape || ti == 0 && !w.atTop() {
			w.newPageIn(landscapeA4)
		} else if !w.atTop() {
			w.Gap(6)
		}
		if !hasOwn && ti == 0 {
			w.Heading(heading)
		}
		d.table(t)
	}
}

// fieldList sets fields as a two-column list of labels and values.
func (d *appDoc) fieldList(s *form.Section, fields []form.Field) {
	if len(fields) == 0 {
		return
	}
	w := d.w
	w.setFont(false, sizeFields)
	widest := 0.0
	for i := range fields {
		widest = math.Max(widest, w.lineWidth(fields[i].Header()))
	}
	cols := []column{
		{natural: math.Min(widest, w.textWidth()*0.36), shade: true},
		{natural: w.textWidth() * 0.4, flex: 1},
	}
	g := w.newGrid(cols, gridStyle{size: sizeFields})
	w.Gap(1)
	g.start()
	values := d.a.Sections[s.Key]
	for i := range fields {
		f := &fields[i]
		g.row([]string{f.Header(), d.sectionValue(s, f, values)})
	}
	w.Gap(3)
}

func (d *appDoc) sectionValue(s *form.Section, f *form.Field, values domain.Values) string {
	switch {
	case f.Computed != nil:
		return d.a.Value(s.Key, f.Key)
	case !f.Fillable(values):
		return "—"
	}
	return cellValue(f, values[f.Key])
}

// cellValue is a value as printed: identity numbers masked.
func cellValue(f *form.Field, v string) string {
	if f.Kind == form.IDNumber && strings.TrimSpace(v) != "" {
		return ident.MaskIDNumber(strings.TrimSpace(v))
	}
	return v
}

// textSection sets the long texts as paragraphs, the other fields as a
// list below them.
func (d *appDoc) textSection(s *form.Section) {
	w := d.w
	values := d.a.Sections[s.Key]
	var rest []form.Field
	for i := range s.Fields {
		f := &s.Fields[i]
		if f.Kind != form.LongText {
			rest = append(rest, *f)
			continue
		}
		if f.Label != s.Title {
			w.Text(f.Header(), Style{Size: sizeText, Bold: true, Align: Left, Before: 1})
		}
		text := strings.TrimSpace(d.sectionValue(s, f, values))
		if text == "" {
			text = "（未填写）"
		}
		for _, para := range strings.Split(text, "\n") {
			if strings.TrimSpace(para) == "" {
				continue
			}
			w.Text(strings.TrimSpace(para), Style{Size: sizeText, Leading: 1.75, Indent: 2})
		}
		w.Gap(2)
	}
	d.fieldList(s, rest)
}

// uploadSection states the files on record; the scans themselves are
// embedded in a later step.
func (d *appDoc) uploadSection(s *form.Section) {
	for _, slot := range s.Files {
		var names []string
		for _, f := range d.m.Files {
			if f.RowID == 0 && f.Slot == slot.Key {
				names = append(names, "《"+f.Name+"》")
			}
		}
		text := slot.Label + "：未上传。"
		if len(names) > 0 {
			text = slot.Label + "：已上传 " + strings.Join(names, "、") + "，存档于系统，见附件目录。"
		}
		d.w.Text(text, Style{Size: sizeText, Leading: 1.75, Indent: 2})
	}
}

// table sets a detail table on landscape pages: 序号 and every column.
func (d *appDoc) table(t *form.Table) {
	w := d.w
	rows := d.a.Rows[t.Key]
	w.setFont(false, sizeTable)
	cols := []column{{header: "序号", natural: math.Max(w.lineWidth(strconv.Itoa(len(rows))), 2*sizeTable), align: Center}}
	for i := range t.Columns {
		cols = append(cols, w.fieldColumn(&t.Columns[i], sizeTable))
	}
	g := w.newGrid(cols, gridStyle{size: sizeTable, header: true})
	// Keep the title with the header and a first row.
	w.ensure(14*1.6 + SizeFooter*1.5 + g.headerHeight() + 3*g.lineHeight())
	w.Text(t.Title, Style{Size: 14, Bold: true, Leading: 1.6, Align: Center})
	if t.Intro != "" {
		w.Text(t.Intro, Style{Size: SizeFooter, Leading: 1.5, Align: Left, Gray: true, After: 1})
	}
	g.start()
	if len(rows) == 0 {
		cells := make([]string, len(cols))
		cells[1] = "（无）"
		g.row(cells)
	}
	for n, r := range rows {
		cells := make([]string, 0, len(cols))
		cells = append(cells, strconv.Itoa(n+1))
		for i := range t.Columns {
			f := &t.Columns[i]
			if f.Computed == nil && !f.Fillable(r.Data) {
				cells = append(cells, "—")
				continue
			}
			cells = append(cells, cellValue(f, r.Data[f.Key]))
		}
		g.row(cells)
	}
}

// attachment is one line of the attachment index.
type attachment struct {
	file         domain.AppFile
	place        string // the table and row, or the section
	slot         string // the slot's label
	order, slotN int
	row          int
}

// attachments sets the index of the attachments: name, where it belongs,
// size and SHA-256, in the order of the declaration.
func (d *appDoc) attachments() {
	w := d.w
	w.newPageIn(landscapeA4)
	w.Heading(chineseNumber(len(d.a.Type.Sections)+1) + "、附件目录")
	w.Text("下列附件随申报书在线提交，存档于系统；SHA-256 为文件内容的校验值，可用于核对纸质材料所附文件与存档文件是否一致。",
		Style{Size: SizeFooter, Leading: 1.5, Align: Left, Gray: true, After: 1})
	list := d.attachmentList()
	w.setFont(false, sizeTable)
	cols := []column{
		{header: "序号", natural: math.Max(w.lineWidth(strconv.Itoa(len(list))), 2*sizeTable), align: Center},
		{header: "附件名称", natural: 10 * sizeTable, flex: 2},
		{header: "材料类别", natural: 8 * sizeTable, flex: 1},
		{header: "所属表格与行", natural: 10 * sizeTable, flex: 1},
		{header: "大小", natural: w.lineWidth("000.0 KB")},
		{header: "SHA-256", natural: 32*hexWidth(w) + 1},
	}
	g := w.newGrid(cols, gridStyle{size: sizeTable, header: true})
	g.start()
	if len(list) == 0 {
		g.row([]string{"", "（无）"})
	}
	for i, f := range list {
		g.row([]string{strconv.Itoa(i + 1), f.file.Name, f.slot, f.place, formatSize(f.file.Size), strings.ToLower(f.file.SHA256)})
	}
}

func (d *appDoc) attachmentList() []attachment {
	type where struct {
		table   *form.Table
		order   int
		row     int
		section *form.Section
	}
	rows := map[int64]where{}
	for ti := range d.a.Type.Tables {
		t := &d.a.Type.Tables[ti]
		for i, r := range d.a.Rows[t.Key] {
			rows[r.ID] = where{table: t, order: ti + 1, row: i + 1}
		}
	}
	var out []attachment
	for _, f := range d.m.Files {
		at := attachment{file: f, slot: f.Slot}
		if f.RowID == 0 {
			at.place = "—"
			for si := range d.a.Type.Sections {
				s := &d.a.Type.Sections[si]
				for k, slot := range s.Files {
					if slot.Key == f.Slot {
						at.place, at.slot, at.slotN = s.Title, slot.Label, k
					}
				}
			}
		} else if wh, ok := rows[f.RowID]; ok {
			at.order, at.row = wh.order, wh.row
			at.place = fmt.Sprintf("%s 第 %d 行", wh.table.Title, wh.row)
			for k, slot := range wh.table.Files {
				if slot.Key == f.Slot {
					at.slot, at.slotN = slot.Label, k
				}
			}
		} else {
			at.order = len(d.a.Type.Tables) + 1
			at.place = "（所属行已删除）"
		}
		out = append(out, at)
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

// hexWidth is the width of the widest hexadecimal digit in the current
// font, so that a SHA-256 prints as two lines of 32 digits.
func hexWidth(w *Writer) float64 {
	widest := 0.0
	for _, r := range "0123456789abcdef" {
		widest = math.Max(widest, w.width(r))
	}
	return widest
}

// formatSize prints a file size for people: 812 B, 15.2 KB, 3.4 MB.
func formatSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// chineseNumber writes 1..99 in Chinese numerals: 一, 十二, 二十, 九十九.
func chineseNumber(n int) string {
	digits := []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n%10]
	case n%10 == 0:
		return digits[n/10] + "十"
	}
	return digits[n/10] + "十" + digits[n%10]
}
