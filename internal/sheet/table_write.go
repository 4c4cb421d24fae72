package sheet

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

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
		s := &excelize.Style{Font: &excelize.Font{Family: font, Size: 11}, NumFmt: numFmt,
			Alignment: &excelize.Alignment{Vertical: "center"}}
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

// bookChoices are the options of a drop-down column; nil for the others.
// MultiEnum has none: a list validation accepts one option per cell.
func bookChoices(f *form.Field) []string {
	switch f.Kind {
	case form.Enum:
		return f.Options
	case form.YesNo:
		return []string{"是", "否"}
	}
	return nil
}

func bookListKey(f *form.Field) string { return strings.Join(bookChoices(f), "\n") }

// optionLists writes each distinct option list once, as a column of the
// hidden 选项 sheet: a list validation typed inline is limited to 255
// characters, a range is not.
func (b *bookWriter) optionLists(tables []*form.Table) {
	n := 0
	for _, t := range tables {
		for _, f := range BookColumns(t) {
			opts, key := bookChoices(f), bookListKey(f)
			if len(opts) == 0 || b.lists[key] != "" {
				continue
			}
			n++
			col := bookCol(n)
			cells := make([]any, 0, len(opts)+1)
			cells = append(cells, f.Label)
			for _, o := range opts {
				cells = append(cells, o)
			}
			b.do(func() error { return b.f.SetSheetCol(bookOptionSheet, col+"1", &cells) })
			b.lists[key] = fmt.Sprintf("'%s'!$%s$2:$%s$%d", bookOptionSheet, col, col, len(opts)+1)
		}
	}
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

// bookLines estimates how many lines text wraps to in a column of width w.
func bookLines(text string, w float64) int {
	usable := max(int(w)-1, 1)
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n += max((bookTextWidth(line)+usable-1)/usable, 1)
	}
	return n
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

// dropDowns puts a list validation on every column with options, pointing
// at its list on 选项.
func (b *bookWriter) dropDowns(sheet string, cols []*form.Field, last int) {
	for i, f := range cols {
		ref := b.lists[bookListKey(f)]
		if len(bookChoices(f)) == 0 || ref == "" {
			continue
		}
		col := bookCol(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = col + "2:" + col + strconv.Itoa(last)
		dv.SetSqrefDropList(ref)
		dv.SetError(excelize.DataValidationErrorStyleStop, "不是可选项", bookChoiceError(f))
		b.do(func() error { return b.f.AddDataValidation(sheet, dv) })
	}
}

// bookChoiceError is the message Excel shows for a value outside the list;
// Excel cuts messages at 255 characters, so long lists are not repeated.
func bookChoiceError(f *form.Field) string {
	msg := "请从下拉列表中选择“" + f.Label + "”"
	if list := strings.Join(bookChoices(f), "、"); len([]rune(list)) <= 150 {
		msg += "：" + list
	}
	return msg + "。"
}

// greying greys a column's cells while its row's state makes it not
// fillable, as the user picks the state.
func (b *bookWriter) greying(sheet string, cols []*form.Field, last int) {
	for i, f := range cols {
		formula := bookNotFillableFormula(f, cols)
		if formula == "" {
			continue
		}
		col := bookCol(i + 1)
		ref := col + "2:" + col + strconv.Itoa(last)
		b.do(func() error {
			return b.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{
				{Type: "formula", Criteria: formula, Format: &b.st.grey},
			})
		})
	}
}

// bookNotFillableFormula is the formula for row 2 (Excel shifts it for the
// rows below), e.g. OR($C2="已注册为企业",$C2="已迁出"); "" when f is
// always fillable or its state column is not in the sheet.
func bookNotFillableFormula(f *form.Field, cols []*form.Field) string {
	w := f.NotFillableWhen
	if w == nil || len(w.In) == 0 {
		return ""
	}
	state := -1
	for i, c := range cols {
		if c.Key == w.Field {
			state = i
		}
	}
	if state < 0 {
		return ""
	}
	cell := "$" + bookCol(state+1) + "2"
	parts := make([]string, len(w.In))
	for i, v := range w.In {
		parts[i] = cell + `="` + strings.ReplaceAll(v, `"`, `""`) + `"`
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "OR(" + strings.Join(parts, ",") + ")"
}

// tablePrint adds the header's filter and prints A4 landscape with the
// header repeated on every page.
func (b *bookWriter) tablePrint(sheet string, ncols int) {
	size, landscape := 9, "landscape" // 9 is A4
	b.do(func() error {
		return b.f.SetPageLayout(sheet,
			&excelize.PageLayoutOptions{Size: &size, Orientation: &landscape})
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
