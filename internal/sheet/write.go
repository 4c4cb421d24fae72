package sheet

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Report is a one-sheet workbook to print: a title row and a note row over
// the whole width, a header row frozen above the data, bordered cells,
// landscape pages.
type Report struct {
	Sheet   string // the sheet's tab
	Title   string
	Note    string // under the title: who, when, which filter
	Columns []Column
	Rows    [][]any // one value per column: text, numbers
	Wrap    bool    // wrap long text in the data cells
	Empty   string  // printed under the header when there are no rows
}

// Column is a header and its width in Excel's character units.
type Column struct {
	Header string
	Width  float64
}

// Col is a column of header and width.
func Col(header string, width float64) Column { return Column{Header: header, Width: width} }

// font is the face of every cell: the one every Chinese office printer and
// every copy of Excel and WPS has.
const font = "宋体"

// XLSX lays the report out as an .xlsx file.
func (r Report) XLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	w := &reportWriter{f: f, sheet: r.Sheet}
	w.err = f.SetSheetName("Sheet1", r.Sheet)
	w.last, _ = excelize.ColumnNumberToName(len(r.Columns))
	st := w.styles(r.Wrap)
	w.banner(1, r.Title, st.title, 32)
	w.banner(2, r.Note, st.note, 22)
	for i, c := range r.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w.set(col+"3", c.Header)
		w.do(func() error { return f.SetColWidth(r.Sheet, col, col, c.Width) })
	}
	w.style("A3", w.last+"3", st.head)
	for i, row := range r.Rows {
		w.row(i+4, row, st)
	}
	if len(r.Rows) == 0 && r.Empty != "" {
		w.set("A4", r.Empty)
		w.do(func() error { return f.MergeCell(r.Sheet, "A4", w.last+"4") })
		w.style("A4", w.last+"4", st.center)
	}
	w.printSetup()
	w.do(func() error {
		return f.SetPanes(
			r.Sheet,
			&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"},
		)
	})
	if w.err != nil {
		return nil, fmt.Errorf("sheet: write %s: %w", r.Sheet, w.err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("sheet: write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// printSetup prints the report on landscape pages as wide as the columns
// (shrunk to the page's width, as many pages long as it takes), with the
// title, the note and the header repeated on every page.
func (w *reportWriter) printSetup() {
	landscape, one, any := "landscape", 1, 0
	fit := true
	w.do(func() error {
		return w.f.SetPageLayout(w.sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &any})
	})
	w.do(func() error { return w.f.SetSheetProps(w.sheet, &excelize.SheetPropsOptions{FitToPage: &fit}) })
	w.do(func() error {
		return w.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: "'" + w.sheet + "'!$1:$3", Scope: w.sheet})
	})
}

// reportWriter writes cells until the first error, which it keeps, so the
// layout reads as a list of steps.
type reportWriter struct {
	f     *excelize.File
	sheet string
	last  string // the last column's name
	err   error
}

func (w *reportWriter) do(step func() error) {
	if w.err == nil {
		w.err = step()
	}
}

func (w *reportWriter) set(cell string, v any) {
	w.do(func() error { return w.f.SetCellValue(w.sheet, cell, v) })
}

func (w *reportWriter) style(from, to string, id int) {
	w.do(func() error { return w.f.SetCellStyle(w.sheet, from, to, id) })
}

// banner writes text across the whole width of row n.
func (w *reportWriter) banner(n int, text string, style int, height float64) {
	r := strconv.Itoa(n)
	w.set("A"+r, text)
	w.do(func() error { return w.f.MergeCell(w.sheet, "A"+r, w.last+r) })
	w.style("A"+r, w.last+r, style)
	w.do(func() error { return w.f.SetRowHeight(w.sheet, n, height) })
}

// row writes one data row, its first cell (the 序号) centred.
func (w *reportWriter) row(n int, values []any, st reportStyles) {
	r := strconv.Itoa(n)
	for j, v := range values {
		col, _ := excelize.ColumnNumberToName(j + 1)
		w.set(col+r, v)
	}
	w.style("A"+r, w.last+r, st.cell)
	w.style("A"+r, "A"+r, st.center)
}

type reportStyles struct{ title, note, head, cell, center int }

func (w *reportWriter) styles(wrap bool) reportStyles {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1},
		{Type: "bottom", Color: "000000", Style: 1},
	}
	var st reportStyles
	add := func(id *int, s *excelize.Style) {
		w.do(func() (err error) { *id, err = w.f.NewStyle(s); return err })
	}
	add(&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Family: font},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	add(&st.note, &excelize.Style{Font: &excelize.Font{Size: 11, Family: font},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}})
	add(
		&st.head,
		&excelize.Style{Font: &excelize.Font{Bold: true, Size: 11, Family: font}, Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EFF8"}},
			Alignment: &excelize.Alignment{
				Horizontal: "center",
				Vertical:   "center",
				WrapText:   true,
			}},
	)
	add(&st.cell, &excelize.Style{Font: &excelize.Font{Size: 11, Family: font}, Border: border,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: wrap}})
	add(&st.center, &excelize.Style{Font: &excelize.Font{Size: 11, Family: font}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	return st
}
