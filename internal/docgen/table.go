package docgen

import (
	"math"
	"strings"

	"github.com/signintech/gopdf"

	"hatch/internal/form"
)

// column is one column of a grid: its header and how wide it wants to be.
type column struct {
	header  string
	natural float64 // preferred text width in points (padding excluded)
	flex    float64 // > 0: the column takes a share of the spare width in this proportion
	least   float64 // a flexible column's narrowest text width when space is short
	align   Align   // Left or Center
	shade   bool    // cells shaded, as the labels of a field list
	bold    bool
}

// gridStyle is how a grid is set.
type gridStyle struct {
	size   float64 // font size
	header bool    // print the header row, repeated on every page
}

const (
	cellPadX = 2.5 // points
	cellPadY = 2.5
	cellLead = 1.4 // line height as a multiple of the font size
)

// Shades of the grid, legible in black-and-white print.
var (
	shadeHeader = [3]uint8{0xE6, 0xE6, 0xE6}
	shadeLabel  = [3]uint8{0xF2, 0xF2, 0xF2}
)

// fieldColumn is the column of a declared field: its header with the unit,
// and a width from the field's kind and length.
func (w *Writer) fieldColumn(f *form.Field, size float64) column {
	w.setFont(false, size)
	em := size
	c := column{header: f.Header(), align: Left}
	switch f.Kind {
	case form.Date:
		c.natural = w.lineWidth("0000-00-00")
	case form.USCC:
		c.natural = w.lineWidth("91110108MA0QM1010X") + em/2
	case form.IDNumber:
		c.natural = w.lineWidth("1101**********002X") + em/2
	case form.Int:
		c.natural = w.lineWidth("000000")
	case form.Decimal:
		c.natural = w.lineWidth("0000000.00")
	case form.Mobile:
		c.natural = w.lineWidth("00000000000")
	case form.Phone:
		c.natural = w.lineWidth("0000-00000000")
	case form.Region: // printed as the full name
		c.natural, c.flex, c.least = 7*em, 1, 4*em
	case form.YesNo:
		c.natural = 2 * em
	case form.Enum:
		widest := 0.0
		for _, o := range f.Options {
			widest = math.Max(widest, w.lineWidth(o))
		}
		c.natural = math.Min(math.Max(widest, 2*em), 6*em)
	case form.LongText:
		c.natural, c.flex, c.least = 10*em, 3, 6*em
	case form.MultiEnum, form.URL, form.Email:
		c.natural, c.flex, c.least = 7*em, 1.5, 4*em
	default: // Text
		n := f.MaxLen
		if n <= 0 {
			n = 100
		}
		c.flex = math.Min(math.Max(float64(n)/50, 1), 2)
		c.natural = math.Min(float64(n)/2, 6+2*c.flex) * em
		c.least = math.Min(c.natural, 3.5*em)
	}
	// The header, bold, should not need more than three lines.
	w.setFont(true, size)
	c.natural = math.Max(c.natural, math.Min(w.lineWidth(c.header)/3, 5*em))
	c.natural = math.Max(c.natural, 2*em)
	return c
}

// layoutColumns shares avail points among the columns: fixed columns
// (dates, codes, numbers, options) get their natural width, flexible ones
// (names, texts) share what is left in proportion to their weight. When the
// natural widths do not fit, the flexible columns narrow first, down to
// their least width; only then are all columns scaled.
func layoutColumns(cols []column, avail float64) []float64 {
	widths := make([]float64, len(cols))
	total, flex, shrink := 0.0, 0.0, 0.0
	for i, c := range cols {
		widths[i] = c.natural + 2*cellPadX
		total += widths[i]
		flex += c.flex
		if c.flex > 0 && c.least < c.natural {
			shrink += c.natural - c.least
		}
	}
	switch {
	case total <= avail && flex > 0:
		spare := avail - total
		for i, c := range cols {
			widths[i] += spare * c.flex / flex
		}
		return widths
	case total > avail && total-shrink <= avail:
		cut := (total - avail) / shrink
		for i, c := range cols {
			if c.flex > 0 && c.least < c.natural {
				widths[i] -= (c.natural - c.least) * cut
			}
		}
		return widths
	}
	if total-shrink > avail {
		total = 0
		for i, c := range cols {
			if c.flex > 0 && c.least < c.natural {
				widths[i] = c.least + 2*cellPadX
			}
			total += widths[i]
		}
	}
	for i := range widths {
		widths[i] *= avail / total
	}
	return widths
}

// grid sets rows of cells with borders: every row as tall as its tallest
// cell, rows taller than a page split over pages, and the header row (if
// any) repeated at the top of every page.
type grid struct {
	w      *Writer
	cols   []column
	widths []float64
	st     gridStyle
	hh     float64 // height of the header row, 0 without one
}

func (w *Writer) newGrid(cols []column, st gridStyle) *grid {
	g := &grid{w: w, cols: cols, widths: layoutColumns(cols, w.textWidth()), st: st}
	if st.header {
		heads := make([]string, len(cols))
		for i, c := range cols {
			heads[i] = c.header
		}
		_, n := g.cellLines(heads, true)
		g.hh = float64(n)*g.lineHeight() + 2*cellPadY
	}
	return g
}

func (g *grid) lineHeight() float64 { return g.st.size * cellLead }

// cellLines breaks every cell of a row into lines.
func (g *grid) cellLines(cells []string, bold bool) ([][]string, int) {
	w := g.w
	w.setFont(bold, g.st.size)
	out := make([][]string, len(g.cols))
	n := 0
	for i := range g.cols {
		if i >= len(cells) {
			break
		}
		if g.cols[i].bold != bold {
			w.setFont(g.cols[i].bold || bold, g.st.size)
		}
		inner := g.widths[i] - 2*cellPadX
		var lines []string
		for _, para := range strings.Split(clean(cells[i]), "\n") {
			lines = append(lines, breakLines(para, inner, inner, w.width)...)
		}
		out[i] = lines
		n = max(n, len(lines))
		if g.cols[i].bold != bold {
			w.setFont(bold, g.st.size)
		}
	}
	return out, max(n, 1)
}

// drawHeader sets the header row.
func (g *grid) drawHeader() {
	if !g.st.header {
		return
	}
	heads := make([]string, len(g.cols))
	for i, c := range g.cols {
		heads[i] = c.header
	}
	lines, n := g.cellLines(heads, true)
	h := float64(n)*g.lineHeight() + 2*cellPadY
	g.w.ensure(h)
	g.drawRow(lines, 0, n, h, true, true)
}

// drawRow sets lines [from, from+n) of every cell as one band of height h.
func (g *grid) drawRow(lines [][]string, from, n int, h float64, header, centerV bool) {
	w := g.w
	pdf := w.pdf
	x := w.geom.left
	y := w.y
	lh := g.lineHeight()
	for i, c := range g.cols {
		cw := g.widths[i]
		switch {
		case header:
			fillRect(pdf, x, y, cw, h, shadeHeader)
		case c.shade:
			fillRect(pdf, x, y, cw, h, shadeLabel)
		}
		pdf.SetStrokeColor(0, 0, 0)
		pdf.RectFromUpperLeftWithStyle(x, y, cw, h, "D")
		cell := lines[i]
		end := min(from+n, len(cell))
		w.setFont(header || c.bold, g.st.size)
		top := y + cellPadY
		if centerV && end-from < n {
			top += float64(n-(end-from)) * lh / 2
		}
		if i == 0 && !header && from > 0 && len(cell) > 0 {
			// A row continued from the previous page repeats its 序号.
			w.drawText(
				x+(cw-w.lineWidth(cell[0]))/2,
				top+(lh-g.st.size)/2+ascent*g.st.size,
				cell[0],
				0,
			)
		}
		for k := from; k < end; k++ {
			s := cell[k]
			tx := x + cellPadX
			if header || c.align == Center {
				tx = x + (cw-w.lineWidth(s))/2
			}
			w.drawText(tx, top+float64(k-from)*lh+(lh-g.st.size)/2+ascent*g.st.size, s, 0)
		}
		x += cw
	}
	w.y += h
}

// fillRect paints a rectangle; the fill colour is also gopdf's text colour
// for the next text drawn, so it is reset to black.
func fillRect(pdf *gopdf.GoPdf, x, y, w, h float64, c [3]uint8) {
	pdf.SetFillColor(c[0], c[1], c[2])
	pdf.RectFromUpperLeftWithStyle(x, y, w, h, "F")
	pdf.SetFillColor(0, 0, 0)
}

// start begins the grid: the header, on a new page if it does not fit
// with a line of the first row.
func (g *grid) start() {
	if g.w.err != nil {
		return
	}
	need := 2 * (g.lineHeight() + 2*cellPadY)
	if g.st.header {
		need += 3 * g.lineHeight()
	}
	g.w.ensure(need)
	g.drawHeader()
}

// row sets one row, splitting it over pages when it is taller than the
// room left and taller than a page.
func (g *grid) row(cells []string) {
	w := g.w
	if w.err != nil {
		return
	}
	lines, n := g.cellLines(cells, false)
	lh := g.lineHeight()
	for from := 0; from < n; {
		room := int(math.Floor((w.bodyBottom() - w.y - 2*cellPadY + 0.01) / lh))
		rest := n - from
		if rest > room {
			// Move the whole rest to a new page if it fits there and we are
			// not already at the top of one.
			full := int(
				math.Floor(
					(w.bodyBottom() - w.geom.top - g.headerHeight() - 2*cellPadY + 0.01) / lh,
				),
			)
			if room < 1 || (rest <= full && from == 0 && !g.atStart()) {
				g.nextPage()
				continue
			}
		}
		take := min(rest, max(room, 1))
		g.drawRow(lines, from, take, float64(take)*lh+2*cellPadY, false, false)
		from += take
		if from < n {
			g.nextPage()
		}
	}
}

func (g *grid) headerHeight() float64 { return g.hh }

// atStart reports whether the grid is at the top of a page, just under
// its header.
func (g *grid) atStart() bool {
	return g.w.y <= g.w.geom.top+g.headerHeight()+0.01
}

func (g *grid) nextPage() {
	g.w.newPage()
	g.drawHeader()
}
