package sheet

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// Guide is what a table workbook's 填写说明 states beyond the declaration:
// the round's dates and how attachments are matched.
type Guide struct {
	Round      string // e.g. "2021年度众创空间国家备案"
	Cutoff     string // 数据截止日, "2021-10-31"
	WindowFrom string // 活动时间范围 start, "2020-11-01"
	WindowTo   string // 活动时间范围 end, "2021-10-31"
	Operating  string // the operating-since limit of rule form.UpToOperating, "2020-04-30"
	Files      string // one paragraph on how attachment files are named to match rows; "" for none
}

// The sheets every table workbook has besides the tables. The reader skips
// them by name.
const (
	bookGuideSheet  = "填写说明"
	bookOptionSheet = "选项"
)

// bookSpareRows is how far drop-downs and greying reach below the written
// rows, so that people can add rows to a template or an export.
const bookSpareRows = 5000

// Column widths in Excel's character units: narrow enough to see several
// columns at once, wide enough for a date or a short name.
const (
	bookMinWidth = 8
	bookMaxWidth = 60
)

// ColumnHeader is the header cell text of a column as TableBook writes it:
// f.Header() (label with unit, e.g. "场地面积（m²）"), prefixed with "*" when
// f.Required. The reader matches headers with this function.
func ColumnHeader(f *form.Field) string {
	if f.Required {
		return "*" + f.Header()
	}
	return f.Header()
}

// BookColumns are the columns a table's sheet has, in order: the table's
// input columns (f.Input(), i.e. not Computed), in declaration order.
func BookColumns(t *form.Table) []*form.Field {
	var out []*form.Field
	for i := range t.Columns {
		if t.Columns[i].Input() {
			out = append(out, &t.Columns[i])
		}
	}
	return out
}

// TableBook is a detail table's workbook: the import template when rows is
// empty, an export of the rows otherwise (same layout, so export → edit →
// import works).
func TableBook(t *form.Table, g Guide, rows []domain.Values) ([]byte, error) {
	if t == nil {
		return nil, errors.New("sheet: table workbook without a table")
	}
	return writeBook([]*form.Table{t}, g, map[string][]domain.Values{t.Key: rows}, false)
}

// ApplicationBook is a whole application's tables in one workbook: a 填写说明
// sheet, then one sheet per table in the given order.
func ApplicationBook(
	tables []*form.Table,
	g Guide,
	rows map[string][]domain.Values,
) ([]byte, error) {
	return writeBook(tables, g, rows, true)
}

// writeBook lays out the sheets, then fills them: the option lists first,
// because the tables' drop-downs point at them.
func writeBook(
	tables []*form.Table,
	g Guide,
	rows map[string][]domain.Values,
	guideFirst bool,
) ([]byte, error) {
	names, err := bookSheetNames(tables)
	if err != nil {
		return nil, err
	}
	f := excelize.NewFile()
	defer f.Close()
	b := &bookWriter{f: f, lists: map[string]string{}}
	b.addSheets(names, guideFirst)
	b.styles()
	b.optionLists(tables)
	for i, t := range tables {
		b.tableSheet(t, names[i], rows[t.Key])
	}
	b.guideSheet(tables, names, g)
	if b.err != nil {
		return nil, fmt.Errorf("sheet: write table workbook: %w", b.err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("sheet: write table workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// bookWriter writes a table workbook until the first error, which it
// keeps, so the layout reads as a list of steps.
type bookWriter struct {
	f     *excelize.File
	st    bookStyles
	lists map[string]string // option list (bookListKey) → its range on 选项
	err   error
}

func (b *bookWriter) do(step func() error) {
	if b.err == nil {
		b.err = step()
	}
}

// bookSheetNames are the tabs of the tables' sheets. Excel refuses
// duplicate names (ignoring case), so two tables that cut to the same name
// are an error rather than one sheet silently overwriting the other.
func bookSheetNames(tables []*form.Table) ([]string, error) {
	seen := map[string]bool{
		strings.ToLower(bookGuideSheet): true, strings.ToLower(bookOptionSheet): true,
	}
	names := make([]string, len(tables))
	for i, t := range tables {
		if t == nil {
			return nil, errors.New("sheet: table workbook with a nil table")
		}
		names[i] = bookSheetName(t)
		if seen[strings.ToLower(names[i])] {
			return nil, fmt.Errorf("sheet: two sheets would be named %q", names[i])
		}
		seen[strings.ToLower(names[i])] = true
	}
	return names, nil
}

// bookSheetName is t.Title as a sheet tab: without the characters Excel
// forbids in names (and the apostrophe, which would need quoting in every
// formula), cut to Excel's 31 UTF-16 units.
func bookSheetName(t *form.Table) string {
	name := strings.TrimSpace(t.Title)
	if name == "" {
		name = t.Key
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) {
			return '_'
		}
		return r
	}, name)
	n := 0
	for i, r := range name {
		if n += utf16.RuneLen(r); n > 31 {
			return name[:i]
		}
	}
	if name == "" {
		return "明细表"
	}
	return name
}

// addSheets creates the sheets in their final order (excelize lists sheets
// in creation order) and hides 选项 before any sheet is streamed.
func (b *bookWriter) addSheets(names []string, guideFirst bool) {
	order := append([]string{}, names...)
	if guideFirst {
		order = append([]string{bookGuideSheet}, order...)
	} else {
		order = append(order, bookGuideSheet)
	}
	order = append(order, bookOptionSheet)
	b.do(func() error { return b.f.SetSheetName("Sheet1", order[0]) })
	for _, name := range order[1:] {
		b.do(func() error { _, err := b.f.NewSheet(name); return err })
	}
	b.do(func() error { return b.f.SetSheetVisible(bookOptionSheet, false) })
}

// bookCol is the letter of the n-th column (1-based).
func bookCol(n int) string {
	name, _ := excelize.ColumnNumberToName(n)
	return name
}

// tableSheet streams one table's sheet. The stream writer needs widths,
// column styles and panes before the first row; validations, conditional
// formats, the filter and print setup are set through the File on the
// worksheet the stream writer holds, so they must come before Flush, which
// writes them after the rows.
func (b *bookWriter) tableSheet(t *form.Table, name string, rows []domain.Values) {
	if b.err != nil {
		return
	}
	cols := BookColumns(t)
	// The stream writer writes the sheet's properties before the rows, so
	// fitting the print to the page width is set before it starts.
	fit := true
	b.do(func() error { return b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}) })
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		b.err = err
		return
	}
	widths := b.layout(sw, cols, rows)
	b.header(sw, cols, widths)
	b.dataRows(sw, cols, rows)
	last := len(rows) + 1 + bookSpareRows
	b.dropDowns(name, cols, last)
	b.greying(name, cols, last)
	b.tablePrint(name, len(cols))
	b.do(sw.Flush)
}

// layout sets each column's width and style and freezes the header.
func (b *bookWriter) layout(
	sw *excelize.StreamWriter,
	cols []*form.Field,
	rows []domain.Values,
) []float64 {
	widths := make([]float64, len(cols))
	// Last column first: excelize puts each column it sets before those
	// set earlier and streams them in that order, while Excel wants <col>
	// elements in ascending order.
	for i := len(cols) - 1; i >= 0; i-- {
		n, f := i+1, cols[i]
		widths[i] = bookColumnWidth(f, rows)
		b.do(func() error { return sw.SetColWidth(n, n, widths[i]) })
		b.do(func() error { return sw.SetColStyle(n, n, b.st.column(f.Kind)) })
	}
	b.do(func() error {
		return sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2",
			ActivePane: "bottomLeft", Selection: []excelize.Selection{
				{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
	})
	return widths
}

// header writes row 1; the star of a required column is red so that the
// required columns stand out, while the cell's text stays ColumnHeader.
func (b *bookWriter) header(sw *excelize.StreamWriter, cols []*form.Field, widths []float64) {
	cells := make([]any, len(cols))
	lines := 1
	star := &excelize.Font{Bold: true, Size: 11, Family: font, Color: "FF0000"}
	label := &excelize.Font{Bold: true, Size: 11, Family: font}
	for i, f := range cols {
		var v any = f.Header()
		if f.Required {
			v = []excelize.RichTextRun{{Text: "*", Font: star}, {Text: f.Header(), Font: label}}
		}
		cells[i] = excelize.Cell{StyleID: b.st.head, Value: v}
		lines = max(lines, bookLines(ColumnHeader(f), widths[i]))
	}
	height := float64(lines)*15 + 8
	b.do(func() error { return sw.SetRow("A1", cells, excelize.RowOpts{Height: height}) })
}

// dataRows streams the rows from row 2, reusing one slice of cells: the
// stream writer encodes a row before SetRow returns.
func (b *bookWriter) dataRows(sw *excelize.StreamWriter, cols []*form.Field, rows []domain.Values) {
	cells := make([]any, len(cols))
	for i, r := range rows {
		if b.err != nil {
			return
		}
		for j, f := range cols {
			cells[j] = bookCell(f, r)
		}
		b.err = sw.SetRow("A"+strconv.Itoa(i+2), cells)
	}
}

// tablePrint adds the header's filter and prints A4 landscape with the
// header repeated on every page.
func (b *bookWriter) tablePrint(sheet string, ncols int) {
	// A4 landscape, as wide as one page and as long as it takes: a table
	// spread over three pages side by side cannot be read.
	size, landscape, wide, long := 9, "landscape", 1, 0 // 9 is A4
	b.do(func() error {
		return b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &landscape,
			FitToWidth: &wide, FitToHeight: &long})
	})
	if ncols == 0 {
		return
	}
	b.do(func() error { return b.f.AutoFilter(sheet, "A1:"+bookCol(ncols)+"1", nil) })
	b.do(func() error {
		return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet})
	})
}
