package docgen

import (
	"compress/zlib"
	"io"
	"math"
	"strconv"
	"time"

	"hatch/internal/domain"
	"hatch/internal/form"
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
	// Pledge is the uploaded, signed 承诺书, printed after the cover.
	Pledge []Scan
	// Appendix are attachments printed after the index, matched to Files
	// by FileID and printed in the index's order.
	Appendix []Scan
	// Draft says why this version cannot be submitted ("" when it can):
	// printed on the cover and beside the 版本号 on every page.
	Draft string
}

// Sizes of the 申报书.
const (
	sizeCover     = 26 // 一号: the document title on the cover
	sizeCoverInfo = 15
	sizeFields    = 11
	sizeText      = 12 // 小四: the long texts
	sizeTable     = 8.5
)

// Application generates the 申报书 of an application (manual 四（四）, 五):
// Build, then Render.
func Application(a *form.App, m Meta) ([]byte, error) {
	d, err := Build(a, m)
	if err != nil {
		return nil, err
	}
	pdf, _, err := Render(d)
	return pdf, err
}

// Render sets a Document as an A4 PDF and returns it with its page count:
// a cover for the seal, the 目录, the 承诺书, every part in order (fields as a
// label/value list, texts as paragraphs, detail tables on landscape pages
// with the header repeated). Every page carries the 版本号 in its footer
// and as a watermark, and the QR code for verification.
func Render(d *Document) ([]byte, int, error) {
	w, err := NewWriter(Info{Title: d.Title, Subject: d.Subject, Created: d.Generated})
	if err != nil {
		return nil, 0, err
	}
	w.pdf.SetCompressLevel(zlib.BestSpeed)
	mk, err := newMarks(w, d.Version, d.QR)
	if err != nil {
		return nil, 0, err
	}
	w.onPage = mk.draw
	mk.draw() // the first page exists already
	w.note = "版本号：" + d.Version
	if d.Draft != "" {
		w.note += "（核对用草稿，不能提交）"
	}

	r := &renderer{w: w, d: d}
	r.cover()
	r.toc = newContents(w, d)
	r.pledge(mk)
	for i := range d.Parts {
		r.part(i, &d.Parts[i])
	}
	r.appendix(mk)
	r.toc.fill()
	pdf, err := w.Bytes()
	return pdf, w.Pages(), err
}

type renderer struct {
	w       *Writer
	d       *Document
	toc     *contents
	sources []*io.ReadSeeker // imported PDFs, kept until the end (see pdfPages)
}

func (r *renderer) cover() {
	w := r.w
	top, below := 28.0, 30.0
	if r.d.Draft != "" { // room for the draft's box: the cover stays one page
		top, below = 12, 18
	}
	w.Gap(top)
	w.Text(r.d.Title, Style{Size: sizeCover, Bold: true, Leading: 1.4, Align: Center})
	w.Gap(below)
	w.setFont(false, sizeCoverInfo)
	labelW := w.lineWidth("运营主体：")
	x := w.geom.left + 12*mm
	valueX := x + labelW
	valueW := w.geom.left + w.textWidth() - 12*mm - valueX
	lh := sizeCoverInfo * 2.2
	for _, line := range r.d.Cover {
		for i, l := range coverValueLines(w, line.Value, valueW) {
			base := w.y + (lh-sizeCoverInfo)/2 + ascent*sizeCoverInfo
			if i == 0 {
				w.drawText(x, base, line.Label+"：", 0)
			}
			w.drawText(valueX, base, l, 0)
			w.pdf.SetStrokeColor(0, 0, 0)
			w.pdf.Line(valueX, base+4, valueX+valueW, base+4)
			w.y += lh
		}
	}
	r.draftBox()
	r.w.Gap(16)
	r.w.SealBox("运营主体（公章）", 62, 50)
	w.BottomNote(r.d.CoverNote)
}

// coverValueLines breaks a cover value into at most three lines: the cover
// stays one page, and the sections print the value whole.
func coverValueLines(w *Writer, v string, width float64) []string {
	lines := breakLines(clean(v), width, width, w.width)
	if len(lines) == 0 {
		return []string{""}
	}
	if len(lines) > 3 {
		lines = lines[:3]
		rs := []rune(lines[2])
		lines[2] = string(rs[:len(rs)-1]) + "…"
	}
	return lines
}

// draftBox frames, on the cover of a version generated with problems, the
// sentence that says it cannot be submitted, so nobody seals and posts it.
func (r *renderer) draftBox() {
	if r.d.Draft == "" {
		return
	}
	w := r.w
	w.Gap(6)
	top := w.y
	w.Text("【不能提交】"+r.d.Draft, Style{Size: SizeBody, Bold: true, Leading: 1.6, Before: 2, After: 2})
	w.pdf.SetLineWidth(1.2)
	w.pdf.RectFromUpperLeftWithStyle(w.geom.left-2*mm, top, w.textWidth()+4*mm, w.y-top, "D")
	w.pdf.SetLineWidth(0.6)
}

// part sets one part: its heading and own content on portrait pages, then
// its tables on landscape pages.
func (r *renderer) part(i int, p *Part) {
	w := r.w
	if p.Own() {
		if w.geom.landscape || i == 0 {
			w.newPageIn(portraitA4)
		}
		w.ensure(SizeHeading*1.6 + 4*sizeFields*cellLead)
		w.Heading(p.Heading)
		r.toc.reached(partKey(p))
		r.texts(p.Texts)
		r.fieldList(p.Fields)
		for _, n := range p.Notes {
			w.Text(n, Style{Size: sizeText, Leading: 1.75, Indent: 2})
		}
	}
	for ti := range p.Tables {
		// A part's tables start on a new landscape page; the next ones
		// follow on the same page while there is room.
		if !w.geom.landscape || ti == 0 && !w.atTop() {
			w.newPageIn(landscapeA4)
		} else if !w.atTop() {
			w.Gap(6)
		}
		if ti == 0 && !p.Own() {
			w.Heading(p.Heading)
			r.toc.reached(partKey(p))
		}
		r.table(&p.Tables[ti])
	}
}

// texts sets long texts as paragraphs under their titles.
func (r *renderer) texts(list []Text) {
	for _, t := range list {
		if t.Title != "" {
			r.w.Text(t.Title, Style{Size: sizeText, Bold: true, Align: Left, Before: 1})
		}
		for _, para := range t.Paras {
			r.w.Text(para, Style{Size: sizeText, Leading: 1.75, Indent: 2})
		}
		r.w.Gap(2)
	}
}

// fieldList sets fields as a two-column list of labels and values.
func (r *renderer) fieldList(lines []Line) {
	if len(lines) == 0 {
		return
	}
	w := r.w
	w.setFont(false, sizeFields)
	widest := 0.0
	for _, l := range lines {
		widest = math.Max(widest, w.lineWidth(l.Label))
	}
	label := math.Min(widest, w.textWidth()*0.36)
	cols := []column{
		{least: label, most: label, floor: label, shade: true},
		{least: w.textWidth() * 0.4, most: w.textWidth(), floor: w.textWidth() * 0.4},
	}
	g := w.newGrid(cols, gridStyle{size: sizeFields})
	w.Gap(1)
	g.start()
	for _, l := range lines {
		g.row([]string{l.Label, l.Value})
	}
	g.end()
	w.Gap(3)
}

// table sets a table on landscape pages, its header repeated on each.
func (r *renderer) table(t *Table) {
	w := r.w
	g := w.tableGrid(t, sizeTable)
	if t.Title != "" {
		// Keep the title with the header and a first row.
		w.ensure(14*1.6 + SizeFooter*1.5 + g.headerHeight() + 3*g.lineHeight())
		w.Text(t.Title, Style{Size: 14, Bold: true, Leading: 1.6, Align: Center})
		r.toc.reached(tableKey(t))
	}
	if t.Intro != "" {
		w.Text(t.Intro, Style{Size: SizeFooter, Leading: 1.5, Align: Left, Gray: true, After: 1})
	}
	g.table(t)
}

// tableGrid lays out t's columns for the current page in type of size
// points, each as wide as its content asks.
func (w *Writer) tableGrid(t *Table, size float64) *grid {
	w.setFont(false, size)
	cols := make([]column, len(t.Columns))
	for i := range t.Columns {
		cols[i] = w.tableColumn(&t.Columns[i], t.Rows, i, size)
	}
	return w.newGrid(cols, gridStyle{size: size, header: true})
}

// table sets t's header and rows; an empty table says so.
func (g *grid) table(t *Table) {
	g.start()
	if len(t.Rows) == 0 {
		cells := make([]string, len(g.cols))
		cells[min(1, len(cells)-1)] = "（无）"
		g.row(cells)
	}
	for _, row := range t.Rows {
		g.row(row.Cells)
	}
	g.end()
}

// tableColumn is the layout of a document column, from its header and
// the values of every row. It is called on the table's landscape page.
func (w *Writer) tableColumn(c *Column, rows []TableRow, i int, size float64) column {
	col := column{header: c.Header, whole: c.Whole() || c.Kind == ColSeq, align: Left}
	if c.Kind == ColSeq {
		col.align = Center
	}
	w.setFont(false, size)
	// No single piece may claim more than a sixth of the width, nor a value
	// on one line more than half: a long text wraps instead, and one very
	// long value cannot narrow every other column to its least.
	avail := w.textWidth()
	limit := avail / 6
	if col.whole {
		limit = w.lineWidth(wholeWidest)
	}
	for _, r := range rows {
		if i < len(r.Cells) {
			col.measure(w, clean(r.Cells[i]), limit)
		}
	}
	if c.Kind == ColHash { // two lines of 32 digits
		col.least = 32*hexWidth(w) + 1
		col.most = col.least
	}
	col.most = min(col.most, avail/2)
	col.fitHeader(w, size)
	return col
}

// wholeWidest is as wide as the widest value a whole column holds (an
// 18-character code, with room to spare): what is longer is not a date, a
// code or a figure.
const wholeWidest = "000000000000000000000000"

// hexWidth is the width of the widest hexadecimal digit in the current
// font, so that a SHA-256 prints as two lines of 32 digits.
func hexWidth(w *Writer) float64 {
	widest := 0.0
	for _, r := range "0123456789abcdef" {
		widest = math.Max(widest, w.width(r))
	}
	return widest
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
