package docgen

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"hatch/internal/fonts"

	"github.com/signintech/gopdf"
)

// Page geometry, in points (1 pt = 1/72 in).
//
// The 申报书 is bound (装订) on the left edge of its portrait pages: that
// edge keeps the usual margin plus what the binding takes, the opposite
// edge less. The bottom margin is the band of the footer and of the QR code
// (watermark.go), which stays 10 mm from the edges and clear of the body.
const (
	mm = 72 / 25.4

	margin           = 25 * mm // the usual margin: the top, and every edge of a Word file
	marginBinding    = 5 * mm  // what the binding takes on the bound edge
	marginBound      = margin + marginBinding
	marginOpposite   = 20 * mm                    // the edge opposite the bound one
	marginFoot       = qrFromEdge + qrSize + 4*mm // the footer's band, the QR code in it
	footerFromBottom = 15 * mm                    // baseline of the page-number footer

	// Noto Serif SC and Noto Sans SC share their ideographic em box: from
	// 0.12 em below the baseline to 0.88 em above it (OS/2 880/-120).
	ascent = 0.88
)

// Font sizes in points, after the Chinese 字号 that official documents use.
const (
	SizeTitle   = 22   // 二号: document title
	SizeHeading = 16   // 三号: headings
	SizeBody    = 14   // 四号: body text
	SizeSmall   = 10.5 // 五号: notes
	SizeFooter  = 9    // 小五: page numbers
)

// Align is the horizontal alignment of a paragraph.
type Align int

const (
	// Justify spreads every line but the last over the full width
	// (两端对齐), the norm for Chinese body text. Lines that would need
	// gaps wider than a tenth of an em (a line broken before a long Latin
	// word) stay left-aligned, so that text extraction puts no spaces
	// between the characters.
	Justify Align = iota
	Left
	Center
	Right
)

// Style describes how a paragraph is set.
type Style struct {
	Size    float64 // font size in points; 0 means SizeBody
	Bold    bool
	Leading float64 // line height as a multiple of Size; 0 means 1.8
	Indent  float64 // first-line indent in em (2 for Chinese body text)
	Align   Align
	Gray    bool    // print in grey, for notes
	Red     bool    // print in red, for the letterhead of an official letter (红头)
	Before  float64 // space above the paragraph, in mm
	After   float64 // space below the paragraph, in mm
}

// Info is the document information stored in the PDF.
type Info struct {
	Title   string
	Subject string
	Created time.Time // zero: no creation date
}

// Writer lays out an A4 portrait document, top to bottom, breaking pages as
// needed and numbering them "第 n 页 共 N 页" when the document is done.
// Its methods record the first error and do nothing after it; Bytes returns
// it. A Writer is not safe for concurrent use; separate Writers are.
type Writer struct {
	pdf    *gopdf.GoPdf
	pages  int
	geom   geometry   // the current page's size and margins
	geoms  []geometry // every page's, for the footers
	pdfH   float64    // the height gopdf uses for coordinates (the last page added)
	onPage func()     // called on every new page, before anything is drawn on it
	note   string     // printed small at the left of every footer (the 版本号)
	ink    [3]uint8   // the colour text is being set in; black is zero
	y      float64    // top of the next line, from the top of the page
	err    error
	font   fontKey // the style text is set in
	face   faceKey // the face and size currently set in pdf
	added  map[fonts.Face]bool
	widths map[widthKey]float64
	done   bool

	// unnumbered leaves out the footer: a one-page form that is printed,
	// signed and scanned to become a page of another document (the 承诺书)
	// must not bring a page number of its own into it.
	unnumbered bool
}

type fontKey struct {
	bold bool
	size float64
}

type faceKey struct {
	face fonts.Face
	size float64
}

type widthKey struct {
	fontKey
	r rune
}

// NewWriter starts a document with one empty page.
func NewWriter(info Info) (*Writer, error) {
	pdf := new(gopdf.GoPdf)
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        bmpOnly(info.Title),
		Subject:      bmpOnly(info.Subject),
		Creator:      "Hatch 科技创业孵化机构信息服务系统",
		Producer:     "Hatch docgen",
		CreationDate: info.Created,
	})
	w := &Writer{pdf: pdf, widths: map[widthKey]float64{}, geom: portraitA4, added: map[fonts.Face]bool{}}
	w.setFont(false, SizeBody)
	w.newPage()
	return w, w.err
}

// geometry is a page's size and margins.
type geometry struct {
	w, h                     float64
	left, right, top, bottom float64
	landscape                bool
}

var (
	portraitA4 = geometry{
		w:      gopdf.PageSizeA4.W,
		h:      gopdf.PageSizeA4.H,
		left:   marginBound,
		right:  marginOpposite,
		top:    margin,
		bottom: marginFoot,
	}
	// A landscape page is turned a quarter for binding so that its top edge
	// lies on the bound edge, as the tables of official documents and books
	// are (GB/T 9704 puts a landscape table's head at the 订口): the reader
	// turns the bound document clockwise to read it. Its top margin is
	// therefore the bound one; its bottom edge, the outer edge of the bound
	// document, carries the footer and the QR code, like a portrait page's
	// bottom; its left and right edges, the top and foot of the paper, need
	// little, which leaves the tables their width.
	// A form printed on its own, never bound (the 承诺书): the usual margin
	// all round, as its Word version has.
	plainA4 = geometry{
		w:      gopdf.PageSizeA4.W,
		h:      gopdf.PageSizeA4.H,
		left:   margin,
		right:  margin,
		top:    margin,
		bottom: margin,
	}
	landscapeA4 = geometry{
		w:         gopdf.PageSizeA4.H,
		h:         gopdf.PageSizeA4.W,
		left:      15 * mm,
		right:     15 * mm,
		top:       marginBound,
		bottom:    marginFoot,
		landscape: true,
	}
)

func (w *Writer) pageWidth() float64  { return w.geom.w }
func (w *Writer) pageHeight() float64 { return w.geom.h }
func (w *Writer) textWidth() float64  { return w.pageWidth() - w.geom.left - w.geom.right }
func (w *Writer) bodyBottom() float64 { return w.pageHeight() - w.geom.bottom }

// Err returns the first error met so far.
func (w *Writer) Err() error { return w.err }

func (w *Writer) fail(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

func (w *Writer) newPage() {
	if w.geom.landscape {
		w.pdf.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: w.geom.w, H: w.geom.h}})
	} else {
		w.pdf.AddPage()
	}
	w.pdfH = w.geom.h
	w.pages++
	w.geoms = append(w.geoms, w.geom)
	w.y = w.geom.top
	// Give the page its content stream now, so that page n is the n-th
	// stream when the footers are drawn (see Bytes).
	w.pdf.SetLineWidth(0.6)
	if w.onPage != nil {
		w.onPage()
	}
}

// newPageIn starts a page of the given geometry.
func (w *Writer) newPageIn(g geometry) {
	if w.err != nil || w.done {
		return
	}
	w.geom = g
	w.newPage()
}

// setMargins gives the current page, still empty, the margins of g, a
// geometry of the same page size.
func (w *Writer) setMargins(g geometry) {
	if w.err != nil || w.done || !w.atTop() || g.w != w.geom.w || g.h != w.geom.h {
		return
	}
	w.geom = g
	w.geoms[len(w.geoms)-1] = g
	w.y = g.top
}

// atTop reports whether nothing has been set on the current page yet.
func (w *Writer) atTop() bool { return w.y <= w.geom.top+0.01 }

// ensure starts a new page unless h points still fit on this one. At the
// top of a page everything "fits": what is taller than a page overflows.
func (w *Writer) ensure(h float64) {
	if w.y+h > w.bodyBottom()+0.01 && w.y > w.geom.top+0.01 {
		w.newPage()
	}
}

// setFont sets the style of the text that follows: its main face (the
// serif, or the sans when bold) at size; a character the main face lacks
// is drawn and measured in a fallback (faceOf).
func (w *Writer) setFont(bold bool, size float64) {
	w.font = fontKey{bold, size}
	w.useFace(mainFace(bold), size)
}

// width returns the advance width of r, in points, in the current style.
func (w *Writer) width(r rune) float64 {
	k := widthKey{w.font, r}
	if v, ok := w.widths[k]; ok {
		return v
	}
	f := w.faceOf(r)
	w.useFace(f, w.font.size)
	v, err := w.pdf.MeasureTextWidth(string(r))
	if err != nil {
		w.fail(fmt.Errorf("docgen: measure %q: %w", r, err))
		v = w.font.size
	}
	w.useFace(mainFace(w.font.bold), w.font.size)
	w.widths[k] = v
	return v
}

func (w *Writer) lineWidth(s string) float64 {
	t := 0.0
	for _, r := range s {
		t += w.width(r)
	}
	return t
}

func (st Style) withDefaults() Style {
	if st.Size <= 0 {
		st.Size = SizeBody
	}
	if st.Leading <= 0 {
		st.Leading = 1.8
	}
	return st
}

// Text sets text as one paragraph per line of text ("\n" separates
// paragraphs), wrapped to the text width.
func (w *Writer) Text(text string, st Style) {
	if w.err != nil || w.done {
		return
	}
	st = st.withDefaults()
	w.y += st.Before * mm
	for _, para := range strings.Split(text, "\n") {
		w.paragraph(clean(para), st)
	}
	w.y += st.After * mm
}

func (w *Writer) paragraph(text string, st Style) {
	w.setFont(st.Bold, st.Size)
	lh := st.Size * st.Leading
	indent := st.Indent * st.Size
	tw := w.textWidth()
	lines := breakLines(text, tw-indent, tw, w.width)
	if len(lines) == 0 {
		w.ensure(lh)
		w.y += lh // an empty paragraph is an empty line
		return
	}
	if st.Gray || st.Red {
		w.ink = inkGray
		if st.Red {
			w.ink = inkRed
		}
		w.pdf.SetTextColor(w.ink[0], w.ink[1], w.ink[2])
		defer func() {
			w.pdf.SetTextColor(0, 0, 0)
			w.ink = [3]uint8{}
		}()
	}
	for i, line := range lines {
		w.ensure(lh)
		x, avail := w.geom.left, tw
		if i == 0 {
			x, avail = x+indent, avail-indent
		}
		lw := w.lineWidth(line)
		spacing := 0.0
		switch st.Align {
		case Center:
			x += (avail - lw) / 2
		case Right:
			x += avail - lw
		case Justify:
			if n := len([]rune(line)); i < len(lines)-1 && n > 1 && lw < avail {
				if s := (avail - lw) / float64(n-1); s <= 0.1*st.Size {
					spacing = s
				}
			}
		}
		w.drawText(x, w.y+(lh-st.Size)/2+ascent*st.Size, line, spacing)
		w.y += lh
	}
}

// drawText draws s with its baseline at (x, baseline), each run of
// characters in the face that has them.
func (w *Writer) drawText(x, baseline float64, s string, spacing float64) {
	if s == "" || w.err != nil {
		return
	}
	if spacing != 0 {
		w.fail(w.pdf.SetCharSpacing(spacing))
		defer func() { w.fail(w.pdf.SetCharSpacing(0)) }()
	}
	main := mainFace(w.font.bold)
	for len(s) > 0 && w.err == nil {
		f, run := w.run(s)
		s = s[len(run):]
		advance := w.lineWidth(run) + spacing*float64(utf8.RuneCountInString(run))
		w.useFace(f, w.font.size)
		w.pdf.SetXY(x, baseline)
		if err := w.pdf.Text(run); err != nil {
			w.fail(fmt.Errorf("docgen: draw text: %w", err))
		}
		x += advance
	}
	w.useFace(main, w.font.size)
}

// run splits off the start of s that one face prints.
func (w *Writer) run(s string) (fonts.Face, string) {
	var f fonts.Face
	for i, r := range s {
		g := w.faceOf(r)
		if i == 0 {
			f = g
		} else if g != f {
			return f, s[:i]
		}
	}
	return f, s
}

// Title sets a document title: large, bold, centred.
func (w *Writer) Title(text string) {
	w.Text(text, Style{Size: SizeTitle, Bold: true, Leading: 1.5, Align: Center, After: 6})
}

// Heading sets a section heading.
func (w *Writer) Heading(text string) {
	w.Text(
		text,
		Style{Size: SizeHeading, Bold: true, Leading: 1.6, Align: Left, Before: 2, After: 1},
	)
}

// Paragraph sets body text: indented by two characters, justified.
func (w *Writer) Paragraph(text string) {
	w.Text(text, Style{Indent: 2})
}

// Gap leaves mmHeight millimetres of vertical space (not carried over to a
// new page).
func (w *Writer) Gap(mmHeight float64) {
	if w.err != nil || w.done {
		return
	}
	w.y = math.Min(w.y+mmHeight*mm, w.bodyBottom())
}

// SignLine is one line of a signature block.
type SignLine struct {
	Label string  // e.g. "法定代表人（签字）："
	Blank float64 // length in mm of a rule after the label to write on; 0 for none
	Below float64 // extra space below the line, in mm (room for a seal)
}

// SignatureBlock sets lines for hand-written signatures, seals and dates,
// as a block whose longest line ends at the right margin, kept together on
// one page. Labels are printed as given (spaces included) and not wrapped.
func (w *Writer) SignatureBlock(lines ...SignLine) {
	if w.err != nil || w.done || len(lines) == 0 {
		return
	}
	const size, leading = SizeBody, 2.6
	lh := size * leading
	w.setFont(false, size)
	lines = append([]SignLine(nil), lines...) // labels are cleaned in place
	widest, total := 0.0, 0.0
	for i := range lines {
		lines[i].Label = clean(lines[i].Label)
		widest = math.Max(widest, w.lineWidth(lines[i].Label)+lines[i].Blank*mm)
		total += lh + lines[i].Below*mm
	}
	w.ensure(total)
	x := math.Max(w.geom.left, w.geom.left+w.textWidth()-widest-2*size)
	for _, l := range lines {
		baseline := w.y + (lh-size)/2 + ascent*size
		w.drawText(x, baseline, l.Label, 0)
		if l.Blank > 0 {
			x1 := x + w.lineWidth(l.Label)
			w.pdf.SetStrokeColor(0, 0, 0)
			w.pdf.Line(x1, baseline+3, x1+l.Blank*mm, baseline+3)
		}
		w.y += lh + l.Below*mm
	}
}

// SealBox draws a box of wMM × hMM millimetres for a seal at the right of
// the text, its label centred above it and the lines below (the signer,
// the date) centred under it, all kept together on one page.
func (w *Writer) SealBox(label string, wMM, hMM float64, below ...string) {
	if w.err != nil || w.done {
		return
	}
	const lh = SizeBody * 1.8
	boxW, boxH := wMM*mm, hMM*mm
	w.ensure(lh*float64(1+len(below)) + boxH + 2*mm)
	bx := w.geom.left + w.textWidth() - 12*mm - boxW
	w.setFont(false, SizeBody)
	centred := func(text string) {
		text = clean(text)
		w.drawText(bx+(boxW-w.lineWidth(text))/2, w.y+(lh-SizeBody)/2+ascent*SizeBody, text, 0)
		w.y += lh
	}
	centred(label)
	w.pdf.SetLineWidth(0.8)
	w.pdf.RectFromUpperLeftWithStyle(bx, w.y, boxW, boxH, "D")
	w.pdf.SetLineWidth(0.6)
	w.y += boxH + 2*mm*float64(min(1, len(below)))
	for _, l := range below {
		centred(l)
	}
}

// Letterhead sets the sender's name as the letterhead of an official
// letter (版头): large, red, centred, over a red rule across the text.
func (w *Writer) Letterhead(name string) {
	if w.err != nil || w.done {
		return
	}
	w.Text(name, Style{Size: 26, Bold: true, Red: true, Leading: 1.4, Align: Center, After: 2})
	w.pdf.SetStrokeColor(inkRed[0], inkRed[1], inkRed[2])
	w.pdf.SetLineWidth(2)
	w.pdf.Line(w.geom.left, w.y, w.geom.left+w.textWidth(), w.y)
	w.pdf.SetLineWidth(0.6)
	w.pdf.SetStrokeColor(0, 0, 0)
	w.y += 4 * mm
}

// The colours of text besides black: notes, and the red of a letterhead.
var (
	inkGray = [3]uint8{0x66, 0x66, 0x66}
	inkRed  = [3]uint8{0xCC, 0x00, 0x00}
)

// BottomNote sets a small grey note at the foot of the current page's text
// area (of a new page if it no longer fits), below everything else.
func (w *Writer) BottomNote(text string) {
	if w.err != nil || w.done {
		return
	}
	st := Style{Size: SizeSmall, Leading: 1.5, Align: Left, Gray: true}
	w.setFont(false, st.Size)
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n += max(1, len(breakLines(clean(para), w.textWidth(), w.textWidth(), w.width)))
	}
	h := float64(n) * st.Size * st.Leading
	w.ensure(h)
	w.y = math.Max(w.y, w.bodyBottom()-h)
	w.Text(text, st)
}

// Bytes numbers the pages and returns the finished PDF. Nothing can be
// added afterwards.
func (w *Writer) Bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.done {
		return nil, errors.New("docgen: Bytes called twice")
	}
	w.done = true
	w.setFont(false, SizeFooter)
	note := clean(w.note)
	for p := 1; p <= w.pages && !w.unnumbered; p++ {
		if err := w.pdf.SetPage(p); err != nil {
			return nil, fmt.Errorf("docgen: page %d: %w", p, err)
		}
		// gopdf places text with the height of the last page added, not of
		// the page being drawn on: shift by the difference.
		g := w.geoms[p-1]
		baseline := g.h - footerFromBottom + (w.pdfH - g.h)
		s := fmt.Sprintf("第 %d 页 共 %d 页", p, w.pages)
		x := (g.w - w.lineWidth(s)) / 2
		if note != "" { // a long note pushes the page number right, never under it
			x = max(x, g.left+w.lineWidth(note)+4*mm)
		}
		w.drawText(x, baseline, s, 0)
		if note != "" {
			w.drawText(g.left, baseline, note, 0)
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	b, err := w.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("docgen: write pdf: %w", err)
	}
	return fixToUnicode(b)
}

// Pages returns the number of pages so far.
func (w *Writer) Pages() int { return w.pages }

// bmpOnly drops the characters gopdf cannot store in the document
// information (it writes each rune as four hex digits: no surrogates).
func bmpOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return -1
		}
		return r
	}, clean(s))
}
