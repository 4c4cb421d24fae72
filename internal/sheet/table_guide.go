package sheet

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"hatch/internal/form"
)

// The 填写说明 sheet: what each column takes, in the words the form uses
// for its rules, so that a table filled by these notes passes the checks.

// guideWidths are the widths of the guide's columns: 列, 列名, 必填, 格式, 说明.
var guideWidths = []float64{6, 26, 30, 40, 58}

// guideWriter writes the 填写说明 sheet row by row.
type guideWriter struct {
	*bookWriter
	row int
	st  guideStyles
	n   int // sections numbered so far
}

type guideStyles struct{ title, heading, text, th, td, tdCenter int }

// guideSheet writes the notes for tables, whose sheets are named names.
func (b *bookWriter) guideSheet(tables []*form.Table, names []string, g Guide) {
	if b.err != nil {
		return
	}
	w := &guideWriter{bookWriter: b, row: 1}
	w.styles()
	w.intro(tables, names, g)
	w.generalNotes(tables)
	w.roundDates(tables, g)
	single := len(tables) == 1
	for i, t := range tables {
		w.tableBlock(t, names[i], g, single)
	}
	if !single && g.Files != "" && guideHasFiles(tables) {
		w.heading("附件文件") // one paragraph for all tables, not one per table
		w.banner(g.Files, w.st.text, 0)
	}
	w.print()
}

func guideHasFiles(tables []*form.Table) bool {
	for _, t := range tables {
		if len(t.Files) > 0 {
			return true
		}
	}
	return false
}

func (w *guideWriter) styles() {
	add := func(id *int, s *excelize.Style) {
		w.do(func() (err error) { *id, err = w.f.NewStyle(s); return err })
	}
	text := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Family: font}
	}
	wrap := &excelize.Alignment{Vertical: "top", WrapText: true}
	add(&w.st.title, &excelize.Style{Font: text(true, 16),
		Alignment: &excelize.Alignment{Vertical: "center"}})
	add(&w.st.heading, &excelize.Style{Font: text(true, 12),
		Alignment: &excelize.Alignment{Vertical: "center"}})
	add(&w.st.text, &excelize.Style{Font: text(false, 11), Alignment: wrap})
	add(&w.st.th, &excelize.Style{Font: text(true, 11), Border: bookBorder(),
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EFF8"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	add(&w.st.td, &excelize.Style{Font: text(false, 11), Border: bookBorder(), Alignment: wrap})
	add(&w.st.tdCenter, &excelize.Style{Font: text(false, 11), Border: bookBorder(),
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	for i, wd := range guideWidths {
		col := bookCol(i + 1)
		w.do(func() error { return w.f.SetColWidth(bookGuideSheet, col, col, wd) })
	}
}

// intro is the title, the round and, for a whole application, its sheets.
func (w *guideWriter) intro(tables []*form.Table, names []string, g Guide) {
	title := "明细表填写说明"
	if len(tables) == 1 {
		title = "《" + tables[0].Title + "》填写说明"
	}
	w.banner(title, w.st.title, 30)
	if g.Round != "" {
		w.banner("申报批次："+g.Round, w.st.text, 0)
	}
	switch {
	case len(tables) == 1 && tables[0].Intro != "":
		w.banner(tables[0].IntroOn(g.Cutoff), w.st.text, 0)
	case len(tables) > 1:
		w.banner("本工作簿每张明细表一个工作表："+strings.Join(names, "、")+"。", w.st.text, 0)
	}
	w.row++
}

// generalNotes are the rules every table sheet follows; notes about kinds
// of columns appear only when a table has such a column.
func (w *guideWriter) generalNotes(tables []*form.Table) {
	has := guideKinds(tables)
	notes := []string{
		"第1行为表头，请勿修改表头文字；列的顺序可以调整，系统按表头文字识别。从第2行起每行填写一条记录。",
		"带 * 的列为必填；“条件必填”的列在所述情况下必填，见下方各列说明。",
	}
	add := func(cond bool, note string) {
		if cond {
			notes = append(notes, note)
		}
	}
	add(has.date, "日期按 年-月-日 填写，如 2021-10-31，也可以是 Excel 日期。")
	add(has.unit, "金额单位见表头（如“万元”），面积、人数等的单位同样见表头；单元格中只填数字。")
	add(has.choice, "有下拉列表的列请从列表中选择，列表以外的内容不能输入。")
	add(has.multi != "", "多选的列没有下拉列表，多个选项用“、”分隔，如“"+has.multi+"”。")
	add(has.grey, "灰色单元格为不可填项目：按本行所选的状态自动变灰，请留空。")
	add(has.ident, "统一社会信用代码、身份证号码等列已设为文本格式，请直接输入，"+
		"不要改为数值格式，以免变为科学计数法或末位变为 0。字母大小写、全角半角和其中的空格不影响导入，"+
		"系统统一保存为大写半角。")
	notes = append(notes,
		"单元格中的“—”视为空。",
		"可以从本系统导出的表格修改后再导入。",
		"隐藏的“"+bookOptionSheet+"”工作表存放下拉列表的选项，请勿修改。")
	w.heading("填写要求")
	for i, note := range notes {
		w.banner(strconv.Itoa(i+1)+". "+note, w.st.text, 0)
	}
	w.row++
}

// guideFacts records which kinds of columns the tables have; multi is an
// example value of a multiple-choice column, "" when there is none.
type guideFacts struct {
	date, unit, choice, grey, ident bool
	multi                           string
}

func guideKinds(tables []*form.Table) guideFacts {
	var has guideFacts
	for _, t := range tables {
		cols := BookColumns(t)
		for _, f := range cols {
			has.date = has.date || f.Kind == form.Date
			has.unit = has.unit || f.Unit != ""
			has.choice = has.choice || len(bookChoices(f)) > 0
			has.grey = has.grey || bookNotFillableFormula(f, cols) != ""
			has.ident = has.ident || f.Kind == form.USCC || f.Kind == form.IDNumber
			if f.Kind == form.MultiEnum && len(f.Options) >= 2 && has.multi == "" {
				has.multi = f.Options[0] + "、" + f.Options[1]
			}
		}
	}
	return has
}

// roundDates states the round's dates that some column's rule uses.
func (w *guideWriter) roundDates(tables []*form.Table, g Guide) {
	used := map[form.DateRule]bool{}
	for _, t := range tables {
		for _, f := range BookColumns(t) {
			used[f.Dates] = true
		}
	}
	var lines []string
	if used[form.UpToCutoff] && g.Cutoff != "" {
		lines = append(lines, "数据截止日："+g.Cutoff)
	}
	if used[form.InWindow] && g.WindowFrom != "" && g.WindowTo != "" {
		lines = append(lines, "活动时间范围："+g.WindowFrom+" 至 "+g.WindowTo)
	}
	if used[form.UpToOperating] && g.Operating != "" {
		lines = append(lines, "开始运营时间：不晚于 "+g.Operating+"（须已运营满18个月）")
	}
	if len(lines) == 0 {
		return
	}
	w.heading("本批次日期")
	for _, l := range lines {
		w.banner(l, w.st.text, 0)
	}
	w.row++
}

// tableBlock describes one table's columns and attachments. A workbook of
// one table numbers them as sections; a whole application gives each table
// a section of its own.
func (w *guideWriter) tableBlock(t *form.Table, sheet string, g Guide, single bool) {
	if single {
		w.heading("各列说明") // the table's intro is at the top
	} else {
		w.heading(t.Title + "（工作表“" + sheet + "”）")
		if t.Intro != "" {
			w.banner(t.IntroOn(g.Cutoff), w.st.text, 0)
		}
	}
	w.tableRow([]string{"列", "列名", "必填", "格式", "说明"}, w.st.th)
	for i, f := range BookColumns(t) {
		w.tableRow([]string{bookCol(i + 1), ColumnHeader(f), guideRequired(t, f.Required,
			f.RequiredWhen), guideFormat(f), guideExplain(t, f, g)}, w.st.td)
	}
	w.row++
	if len(t.Files) == 0 {
		return
	}
	if single {
		w.heading("附件")
	} else {
		w.banner(t.Title+"的附件（每行一组）：", w.st.heading, 20)
	}
	w.attachments(t)
	if single && g.Files != "" {
		w.banner(g.Files, w.st.text, 0)
	}
	w.row++
}

// attachments lists the files each row carries.
func (w *guideWriter) attachments(t *form.Table) {
	w.tableRow([]string{"", "附件", "必填", "", ""}, w.st.th)
	for _, s := range t.Files {
		w.tableRow([]string{"", s.Label, guideRequired(t, s.Required, s.RequiredWhen), "", ""},
			w.st.td)
	}
}

// heading starts a numbered section: 一、填写要求.
func (w *guideWriter) heading(text string) {
	w.n++
	w.banner(guideNumeral(w.n)+"、"+text, w.st.heading, 22)
}

// banner writes text across the guide's whole width; height 0 fits the
// text, since Excel does not grow merged rows by itself.
func (w *guideWriter) banner(text string, style int, height float64) {
	r := strconv.Itoa(w.row)
	last := bookCol(len(guideWidths)) + r
	w.do(func() error { return w.f.SetCellValue(bookGuideSheet, "A"+r, text) })
	w.do(func() error { return w.f.MergeCell(bookGuideSheet, "A"+r, last) })
	w.do(func() error { return w.f.SetCellStyle(bookGuideSheet, "A"+r, last, style) })
	if height == 0 {
		total := 0.0
		for _, wd := range guideWidths {
			total += wd
		}
		height = float64(bookLines(text, total))*15 + 4
	}
	w.setHeight(height)
}

// tableRow writes one row of a bordered grid, as high as its longest cell.
func (w *guideWriter) tableRow(cells []string, style int) {
	r := strconv.Itoa(w.row)
	lines := 1
	for i, c := range cells {
		lines = max(lines, bookLines(c, guideWidths[i]))
		cell := bookCol(i+1) + r
		st := style
		if i == 0 && style == w.st.td {
			st = w.st.tdCenter
		}
		if c == "" && cells[0] == "" {
			continue // an attachment row has no 列: only 附件 and 必填 are drawn
		}
		w.do(func() error { return w.f.SetCellValue(bookGuideSheet, cell, c) })
		w.do(func() error { return w.f.SetCellStyle(bookGuideSheet, cell, cell, st) })
	}
	w.setHeight(float64(lines)*15 + 4)
}

func (w *guideWriter) setHeight(h float64) {
	n := w.row
	w.do(func() error { return w.f.SetRowHeight(bookGuideSheet, n, h) })
	w.row++
}

// print sets A4 landscape, one page wide, without the grid's lines.
func (w *guideWriter) print() {
	size, landscape, one, auto, off := 9, "landscape", 1, 0, false
	w.do(func() error {
		fit := true
		return w.f.SetSheetProps(bookGuideSheet, &excelize.SheetPropsOptions{FitToPage: &fit})
	})
	w.do(func() error {
		return w.f.SetPageLayout(bookGuideSheet, &excelize.PageLayoutOptions{Size: &size,
			Orientation: &landscape, FitToWidth: &one, FitToHeight: &auto})
	})
	w.do(func() error {
		return w.f.SetSheetView(bookGuideSheet, 0, &excelize.ViewOptions{ShowGridLines: &off})
	})
}
