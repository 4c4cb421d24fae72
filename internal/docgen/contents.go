package docgen

import (
	"math"
	"strconv"
)

// contents is the 目录 of the 申报书: a line for the signed 承诺书, for every
// part and each of its detail tables, and for the appended attachments and
// each of them, with the page it starts on.
//
// The pages are known only once the document is laid out, and the 目录
// comes before them. Its own length, though, depends on its titles alone:
// every number is set right-aligned at the margin, and each title leaves
// room for the widest number a document can have. So the 目录 is set with
// its titles where it belongs, the document follows (its parts noting their
// pages, see reached), and the numbers and their dotted leaders are drawn on
// the 目录's pages last. One pass, and the numbers are right however many
// pages the 目录 itself takes.
type contents struct {
	w       *Writer
	entries []tocEntry
	at      map[string]int // an entry's key → the page it starts on
}

// tocEntry is one line of the 目录, and where its title ended up.
type tocEntry struct {
	key, title string
	level      int // 0: the 承诺书, a part, the attachments; 1: a table, an attachment

	page     int     // the 目录 page of the title's last line
	baseline float64 // that line's baseline
	end      float64 // where that line ends, for the leader
}

// The 目录's title, the widest page number it leaves room for, and the
// period of its dotted leaders.
const (
	tocTitle  = "目　录"
	tocWidest = "0000"
	tocDots   = 3.5 // points
)

// contentsOf lists the entries of a document, in the order it prints them.
func contentsOf(d *Document) []tocEntry {
	var es []tocEntry
	if len(d.Pledge) > 0 {
		es = append(es, tocEntry{key: "pledge", title: "签字盖章的承诺书"})
	}
	for _, p := range d.Parts {
		es = append(es, tocEntry{key: partKey(&p), title: p.Heading})
		for _, t := range p.Tables {
			if t.Title != "" {
				es = append(es, tocEntry{key: tableKey(&t), title: t.Title, level: 1})
			}
		}
	}
	if len(d.Appendix) > 0 {
		es = append(es, tocEntry{key: appendixKey(0), title: "附件"})
	}
	for i, a := range d.Appendix {
		es = append(es, tocEntry{key: appendixKey(i), title: a.Title, level: 1})
	}
	return es
}

func partKey(p *Part) string      { return "part " + p.Key }
func tableKey(t *Table) string    { return "table " + t.Key }
func appendixKey(i int) string    { return "appendix " + strconv.Itoa(i) }
func (e *tocEntry) size() float64 { return []float64{SizeBody, sizeText}[e.level] }
func (e *tocEntry) indent() float64 {
	return float64(e.level) * 2 * SizeBody
}

// newContents sets the 目录's title and entries on new portrait pages,
// without their numbers.
func newContents(w *Writer, d *Document) *contents {
	c := &contents{w: w, entries: contentsOf(d), at: map[string]int{}}
	w.newPageIn(portraitA4)
	w.Text(tocTitle, Style{Size: SizeTitle, Bold: true, Leading: 1.5, Align: Center, After: 4})
	for i := range c.entries {
		c.setTitle(&c.entries[i])
	}
	return c
}

// setTitle sets an entry's title, wrapped short of the page number's column
// and of a few dots of leader, its further lines indented by an em.
func (c *contents) setTitle(e *tocEntry) {
	w := c.w
	size := e.size()
	w.setFont(false, size)
	lh := size * 2
	x := w.geom.left + e.indent()
	room := w.textWidth() - e.indent() - w.lineWidth(tocWidest) - 3*size
	lines := breakLines(clean(e.title), room, room-size, w.width)
	w.ensure(float64(len(lines)) * lh) // an entry stays on one page
	for _, line := range lines {
		w.ensure(lh)
		e.page, e.baseline = w.pages, w.y+(lh-size)/2+ascent*size
		w.drawText(x, e.baseline, line, 0)
		e.end = x + w.lineWidth(line)
		w.y += lh
		x = w.geom.left + e.indent() + size // further lines indented
	}
}

// reached notes that the entry key starts on the current page.
func (c *contents) reached(key string) { c.startsAt(key, c.w.pages) }

// startsAt notes that the entry key starts on page p; the first note
// counts.
func (c *contents) startsAt(key string, p int) {
	if _, ok := c.at[key]; !ok {
		c.at[key] = p
	}
}

// fill draws every entry's page number and leader on the 目录's pages.
func (c *contents) fill() {
	w := c.w
	if w.err != nil {
		return
	}
	for i := range c.entries {
		e := &c.entries[i]
		if p, ok := c.at[e.key]; ok && e.page > 0 {
			c.number(e, p)
		}
	}
}

func (c *contents) number(e *tocEntry, p int) {
	w := c.w
	dy := w.revisit(e.page)
	g := w.geoms[e.page-1]
	size := e.size()
	w.setFont(false, size)
	s := strconv.Itoa(p)
	x := g.left + (g.w - g.left - g.right) - w.lineWidth(s)
	w.drawText(x, e.baseline+dy, s, 0)
	// The dots start on a grid from the margin, so that they line up
	// from one entry to the next.
	from := g.left + math.Ceil((e.end+size/2-g.left)/tocDots)*tocDots
	w.leader(from, x-size/2, e.baseline+dy)
}

// leader draws a dotted line just above the baseline from x0 to x1: dots
// as graphics, so that copied text has none.
func (w *Writer) leader(x0, x1, baseline float64) {
	if x1-x0 < tocDots {
		return
	}
	w.pdf.SetLineWidth(1)
	w.pdf.SetStrokeColor(0, 0, 0)
	w.pdf.SetCustomLineType([]float64{1, tocDots - 1}, 0)
	w.pdf.Line(x0, baseline-0.5, x1, baseline-0.5)
	w.pdf.SetLineType("")
	w.pdf.SetLineWidth(0.6)
}

// revisit makes page p, laid out already, the page drawn on, and returns
// what to add to y coordinates on it: gopdf places everything with the
// height of the last page added (see Bytes).
func (w *Writer) revisit(p int) float64 {
	w.fail(w.pdf.SetPage(p))
	return w.pdfH - w.geoms[p-1].h
}
