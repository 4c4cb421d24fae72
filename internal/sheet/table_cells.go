package sheet

import (
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// bookStyles are the table sheets' cell styles; grey is a conditional
// (differential) style.
type bookStyles struct {
	head, text, date, integer, decimal, grey int
}

func (b *bookWriter) styles() {
	b.do(func() error { return b.f.SetDefaultFont(font) })
	add := func(id *int, s *excelize.Style) {
		b.do(func() (err error) { *id, err = b.f.NewStyle(s); return err })
	}
	cell := func(numFmt int, custom string) *excelize.Style {
		// Thin borders print the grid (gridlines do not), so that a number
		// never runs into the text of the next column on paper.
		s := &excelize.Style{Font: &excelize.Font{Family: font, Size: 11}, NumFmt: numFmt,
			Border: bookBorder(), Alignment: &excelize.Alignment{Vertical: "center"}}
		if custom != "" {
			s.CustomNumFmt = &custom
		}
		return s
	}
	add(&b.st.head, &excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 11, Family: font},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EFF8"}},
		Border:    bookBorder(),
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	add(&b.st.text, cell(49, "")) // 49 is "@": what is typed stays text
	add(&b.st.date, cell(0, "yyyy-mm-dd"))
	add(&b.st.integer, cell(1, "")) // "0"
	add(&b.st.decimal, cell(2, "")) // "0.00"
	b.do(func() (err error) {
		b.st.grey, err = b.f.NewConditionalStyle(&excelize.Style{
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		})
		return err
	})
}

func bookBorder() []excelize.Border {
	var out []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		out = append(out, excelize.Border{Type: side, Color: "A6A6A6", Style: 1})
	}
	return out
}

// column is the style of a column's cells, empty ones included, so that an
// 18-digit 身份证号码 typed into the template stays text instead of turning
// into 1.1E+17.
func (st *bookStyles) column(k form.Kind) int {
	switch k {
	case form.Date:
		return st.date
	case form.Int:
		return st.integer
	case form.Decimal:
		return st.decimal
	}
	return st.text
}

// bookColumnWidth fits the header and the widest value, with room for the
// drop-down arrow where there is one.
func bookColumnWidth(f *form.Field, rows []domain.Values) float64 {
	w := bookTextWidth(ColumnHeader(f))
	for _, r := range rows {
		if w >= bookMaxWidth {
			break
		}
		w = max(w, bookTextWidth(r[f.Key]))
	}
	w += 2
	if len(bookChoices(f)) > 0 {
		w += 2
	}
	return float64(min(max(w, bookMinWidth), bookMaxWidth))
}

// bookTextWidth is the widest line of s in Excel's character units: CJK
// and full-width characters take two.
func bookTextWidth(s string) int {
	widest, n := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			n = 0
		case r < 0x1100:
			n++
		default:
			k := width.LookupRune(r).Kind()
			if k == width.EastAsianWide || k == width.EastAsianFullwidth {
				n += 2
			} else {
				n++
			}
		}
		widest = max(widest, n)
	}
	return widest
}

// bookLines estimates how many lines text wraps to in a column of width w.
func bookLines(text string, w float64) int {
	usable := max(int(w)-1, 1)
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n += max((bookTextWidth(line)+usable-1)/usable, 1)
	}
	return n
}

// bookCell is the value of f's cell in row: nil (no cell) when empty or not
// fillable in the row's state; a date or number when the value reads as
// one exactly as the column's format will show it; otherwise the text as
// typed, so that nothing is lost on the way out and back in.
func bookCell(f *form.Field, row domain.Values) any {
	v := row[f.Key]
	if strings.TrimSpace(v) == "" || !f.Fillable(row) {
		return nil
	}
	switch f.Kind {
	case form.Date:
		if t, ok := form.ParseDate(v); ok && t.Year() >= 1900 && t.Year() <= 9999 {
			return t
		}
	case form.Int:
		if n, ok := form.Number(v); ok && n == math.Trunc(n) && math.Abs(n) < 1e15 {
			return n
		}
	case form.Decimal:
		// More than two decimals would show rounded by "0.00" and be read
		// back rounded, so such a value stays text.
		if n, ok := form.Number(v); ok && bookDecimals(n) <= 2 && math.Abs(n) < 1e13 {
			return n
		}
	}
	return v
}

func bookDecimals(n float64) int {
	s := strconv.FormatFloat(n, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}
