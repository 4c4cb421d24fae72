package docgen

import (
	"math"
	"sort"
	"strings"

	"github.com/signintech/gopdf"
)

// column is one column of a grid: its header, and the widths its content
// asks for (text widths in points, padding excluded).
type column struct {
	header string
	least  float64 // the width of its widest piece that may not break
	most   float64 // the width that sets every value on one line
	floor  float64 // the least its header needs: what a squeezed column keeps
	head   float64 // the width that sets the header on one line
	whole  bool    // values are never broken: one too wide is set smaller
	align  Align   // Left or Center
	shade  bool    // cells shaded, as the labels of a field list
	bold   bool
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

	// A whole value is set at no less than this share of the grid's size;
	// one that would need less is not the date, code or figure its column
	// holds (a draft keeps whatever was typed) and breaks like text.
	wholeLeast = 0.6
)

// Shades of the grid, legible in black-and-white print.
var (
	shadeHeader = [3]uint8{0xE6, 0xE6, 0xE6}
	shadeLabel  = [3]uint8{0xF2, 0xF2, 0xF2}
)

// measure widens the column for a value, measured in the current font:
// a whole value's full width is its least, a text's widest unbreakable
// piece. No value asks for more than limit: one longer than any date, code
// or figure in a whole column (a draft's stray text, see wholeLeast) or a
// very long word breaks rather than widen its column without end.
func (c *column) measure(w *Writer, v string, limit float64) {
	total, piece := extent(v, w.width)
	if c.whole {
		piece = total
	}
	c.least = max(c.least, min(piece, limit))
	c.most = max(c.most, total)
}

// fitHeader widens the column for its bold header: two characters at
// least, its unbreakable pieces, and no more than three lines (the header
// is set once a page, the values on every row: they ask for the rest).
func (c *column) fitHeader(w *Writer, size float64) {
	w.setFont(true, size)
	total, piece := extent(c.header, w.width)
	least := max(piece, min(total/3, 5*size), 2*size)
	for least < min(total, 5*size) && len(breakLines(c.header, least, least, w.width)) > 3 {
		least += size / 4
	}
	c.floor, c.head = least, total
	c.least = max(c.least, least)
	c.most = max(c.most, c.least)
}

// layoutColumns shares avail points among the columns, from their
// content. Each column is at least its least; beyond that, the widths are
// the longest values' divided by the fewest lines k that let every column
// fit (k = 1: every value on one line), so that no column wraps much more
// than another. The room left then sets on one line, cheapest first, the
// columns whose values it can hold (names, states, figures beside long
// texts), then the headers it can (a header broken in the middle of a word
// reads badly), and what remains is shared among the columns that still
// wrap, in proportion to their widths, or among all. When even the least
// widths do not fit, squeeze decides.
func layoutColumns(cols []column, avail, em float64) []float64 {
	least, most := make([]float64, len(cols)), make([]float64, len(cols))
	room := avail
	for i, c := range cols {
		least[i], most[i] = c.least, max(c.most, c.least)
		room -= 2 * cellPadX
	}
	if sum(least) > room {
		return squeeze(cols, least, avail)
	}
	widths := inLines(least, most, room, em)
	spare := oneLine(widths, most, room-sum(widths))
	heads := make([]float64, len(cols))
	for i, c := range cols {
		heads[i] = max(widths[i], c.head)
	}
	spare = oneLine(widths, heads, spare)
	weights := make([]float64, len(cols))
	for i := range widths {
		if widths[i] < most[i] {
			weights[i] = widths[i]
		}
	}
	if sum(weights) == 0 {
		copy(weights, widths)
	}
	out := share(widths, weights, spare)
	for i := range out {
		out[i] += 2 * cellPadX
	}
	return out
}

// inLines returns the widths that set the longest value of every column
// in the fewest lines that fit room, each at least its least. A line holds
// whole characters: a width that wraps is rounded up to whole ems.
func inLines(least, most []float64, room, em float64) []float64 {
	widths := make([]float64, len(least))
	for k := 1.0; ; k++ {
		for i := range widths {
			widths[i] = max(least[i], min(most[i], math.Ceil(most[i]/k/em-0.01)*em))
		}
		if sum(widths) <= room || k > 1000 {
			return widths
		}
	}
}

// oneLine widens to their most, cheapest first, the columns that spare can
// set on one line, and returns what is left of spare.
func oneLine(widths, most []float64, spare float64) float64 {
	order := make([]int, len(widths))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return most[order[a]]-widths[order[a]] < most[order[b]]-widths[order[b]]
	})
	for _, i := range order {
		if cost := most[i] - widths[i]; cost > 0 && cost <= spare {
			widths[i], spare = most[i], spare-cost
		}
	}
	return spare
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// share adds spare to widths in proportion to weights.
func share(widths, weights []float64, spare float64) []float64 {
	total := sum(weights)
	out := make([]float64, len(widths))
	for i, x := range widths {
		out[i] = x
		if total > 0 {
			out[i] += spare * weights[i] / total
		}
	}
	return out
}

// squeeze fits columns whose least text widths exceed avail (padding
// included). The whole columns keep their least; the others keep what
// their headers need and share the rest in proportion to how much wider
// their longest words are, breaking them where they must. If the whole
// columns leave too little for that, the others share what they leave, in
// proportion to their floors; if they alone are too wide, every column is
// scaled, and whole values are set smaller (grid.cell).
func squeeze(cols []column, least []float64, avail float64) []float64 {
	whole, floors, more := 0.0, 0.0, 0.0
	for i, c := range cols {
		if c.whole {
			whole += least[i] + 2*cellPadX
		} else {
			floors += min(c.floor, least[i]) + 2*cellPadX
			more += least[i] - min(c.floor, least[i])
		}
	}
	out := make([]float64, len(cols))
	for i, c := range cols {
		floor := min(c.floor, least[i]) + 2*cellPadX
		switch {
		case whole >= avail:
			out[i] = (least[i] + 2*cellPadX) * avail / (whole + floors + more)
		case c.whole:
			out[i] = least[i] + 2*cellPadX
		case whole+floors >= avail:
			out[i] = floor * (avail - whole) / floors
		default:
			out[i] = floor + (least[i]+2*cellPadX-floor)*(avail-whole-floors)/more
		}
	}
	return out
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

	// The rules of the rows set on the current page, from top to bottom:
	// each band draws its horizontal rules, the vertical ones are drawn
	// once when the grid leaves the page (close), so that a large table
	// draws a few lines a row rather than a rectangle per cell.
	open           bool
	ruleTop, ruleY float64
}

func (w *Writer) newGrid(cols []column, st gridStyle) *grid {
	g := &grid{w: w, cols: cols, widths: layoutColumns(cols, w.textWidth(), st.size), st: st}
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

// cellText is a cell broken into lines, and the size it is set in.
type cellText struct {
	lines []string
	size  float64
}

// cellLines breaks every cell of a row into lines, and returns the number
// of lines of the tallest.
func (g *grid) cellLines(cells []string, header bool) ([]cellText, int) {
	out := make([]cellText, len(g.cols))
	n := 1
	for i := range g.cols {
		if i >= len(cells) {
			break
		}
		out[i] = g.cell(i, clean(cells[i]), header)
		n = max(n, len(out[i].lines))
	}
	return out, n
}

// cell breaks the text of column i into lines.
func (g *grid) cell(i int, text string, header bool) cellText {
	w := g.w
	w.setFont(header || g.cols[i].bold, g.st.size)
	inner := g.widths[i] - 2*cellPadX
	if g.cols[i].whole && !header {
		if c, ok := g.wholeCell(text, inner); ok {
			return c
		}
	}
	c := cellText{size: g.st.size}
	for _, para := range strings.Split(text, "\n") {
		c.lines = append(c.lines, breakLines(para, inner, inner, w.width)...)
	}
	return c
}

// wholeCell sets a value that is never broken on one line: smaller if it
// is wider than the column could be made (layoutColumns), but not below
// wholeLeast of the size (false: the value breaks as text).
func (g *grid) wholeCell(text string, inner float64) (cellText, bool) {
	size := g.st.size
	if text == "" {
		return cellText{size: size}, true
	}
	wd := g.w.lineWidth(text)
	if wd <= inner {
		return cellText{lines: []string{text}, size: size}, true
	}
	if inner < wholeLeast*wd {
		return cellText{}, false
	}
	// Tenths of a point, rounded down: the value fits, and a long table
	// uses few sizes.
	return cellText{lines: []string{text}, size: math.Floor(size*inner/wd*10) / 10}, true
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
func (g *grid) drawRow(lines []cellText, from, n int, h float64, header, centerV bool) {
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
		cell := lines[i].lines
		end := min(from+n, len(cell))
		size := lines[i].size
		w.setFont(header || c.bold, size)
		top := y + cellPadY
		if centerV && end-from < n {
			top += float64(n-(end-from)) * lh / 2
		}
		base := top + (lh-size)/2 + ascent*size // of the band's first line
		if i == 0 && !header && from > 0 && len(cell) > 0 {
			// A row continued from the previous page repeats its 序号.
			w.drawText(x+(cw-w.lineWidth(cell[0]))/2, base, cell[0], 0)
		}
		for k := from; k < end; k++ {
			s := cell[k]
			tx := x + cellPadX
			if header || c.align == Center {
				tx = x + (cw-w.lineWidth(s))/2
			}
			w.drawText(tx, base+float64(k-from)*lh, s, 0)
		}
		x += cw
	}
	g.rule(y, h)
	w.y += h
}

// ruleLine is the width of the grid's rules (Writer.newPage sets it).
const ruleLine = 0.6

// rule draws the horizontal rules of a band from y to y+h: its top when it
// is the first band on the page, and its bottom. The rules reach half a
// line beyond the verticals, so that the corners are square.
func (g *grid) rule(y, h float64) {
	pdf := g.w.pdf
	x0 := g.w.geom.left - ruleLine/2
	x1 := g.w.geom.left + sum(g.widths) + ruleLine/2
	pdf.SetStrokeColor(0, 0, 0)
	if !g.open {
		g.open, g.ruleTop = true, y
		pdf.Line(x0, y, x1, y)
	}
	pdf.Line(x0, y+h, x1, y+h)
	g.ruleY = y + h
}

// close draws the vertical rules of the bands set on this page.
func (g *grid) close() {
	if !g.open || g.w.err != nil {
		return
	}
	x := g.w.geom.left
	g.w.pdf.Line(x, g.ruleTop, x, g.ruleY)
	for _, cw := range g.widths {
		x += cw
		g.w.pdf.Line(x, g.ruleTop, x, g.ruleY)
	}
	g.open = false
}

// end finishes the grid on its last page.
func (g *grid) end() { g.close() }

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
	g.close()
	g.w.newPage()
	g.drawHeader()
}
