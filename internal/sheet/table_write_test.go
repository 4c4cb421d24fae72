package sheet_test

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/sheet"
)

var twGuide = sheet.Guide{
	Round:      "2021年度众创空间国家备案",
	Cutoff:     "2021-10-31",
	WindowFrom: "2020-11-01",
	WindowTo:   "2021-10-31",
	Operating:  "2020-04-30",
	Files:      "附件文件名以本行的团队名称开头，如“星火团队-入驻协议.pdf”。",
}

// twTable is a declared table of 众创空间国家备案.
func twTable(t testing.TB, key string) *form.Table {
	t.Helper()
	tb := form.Makerspace.Table(key)
	if tb == nil {
		t.Fatalf("no table %q", key)
	}
	return tb
}

// twOpen opens a written workbook as a user's Excel would.
func twOpen(t testing.TB, data []byte, err error) *excelize.File {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// twCol is the letter of the column with key in tb's sheet.
func twCol(t testing.TB, tb *form.Table, key string) string {
	t.Helper()
	for i, f := range sheet.BookColumns(tb) {
		if f.Key == key {
			name, _ := excelize.ColumnNumberToName(i + 1)
			return name
		}
	}
	t.Fatalf("table %s has no column %s", tb.Key, key)
	return ""
}

// twValidation is the data validation whose range starts at cell.
func twValidation(t *testing.T, f *excelize.File, sheetName, cell string) *excelize.DataValidation {
	t.Helper()
	dvs, err := f.GetDataValidations(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	for _, dv := range dvs {
		if strings.HasPrefix(dv.Sqref, cell+":") {
			return dv
		}
	}
	return nil
}

// twText is all text of a sheet, one cell a line.
func twText(t *testing.T, f *excelize.File, sheetName string) string {
	t.Helper()
	rows, err := f.GetRows(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		for _, c := range r {
			b.WriteString(c + "\n")
		}
	}
	return b.String()
}

// twPart is one file of the workbook's zip package.
func twPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func twIsText(t *testing.T, f *excelize.File, sheetName, cell string) bool {
	t.Helper()
	ct, err := f.GetCellType(sheetName, cell)
	if err != nil {
		t.Fatal(err)
	}
	return ct == excelize.CellTypeSharedString || ct == excelize.CellTypeInlineString ||
		ct == excelize.CellTypeFormula
}

// twTemplate is the teams table's import template, opened.
func twTemplate(t *testing.T) ([]byte, *excelize.File, *form.Table) {
	t.Helper()
	teams := twTable(t, "teams")
	data, err := sheet.TableBook(teams, twGuide, nil)
	return data, twOpen(t, data, err), teams
}

func TestTableBookSheets(t *testing.T) {
	data, f, teams := twTemplate(t)
	name := teams.Title
	t.Run("sheets are the table, then 填写说明, then a hidden 选项", func(t *testing.T) {
		want := []string{name, "填写说明", "选项"}
		if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
			t.Fatalf("sheets (-want +got):\n%s", diff)
		}
		if visible, _ := f.GetSheetVisible("选项"); visible {
			t.Fatal("选项 is visible")
		}
	})
	t.Run("the header is frozen and filtered", func(t *testing.T) {
		panes, err := f.GetPanes(name)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Fatalf("panes = %+v, %v", panes, err)
		}
		var filter bool
		for _, n := range f.GetDefinedName() {
			filter = filter || n.Name == "_xlnm._FilterDatabase" &&
				strings.HasSuffix(n.RefersTo, "$A$1:$O$1")
		}
		if !filter {
			t.Fatalf("no autofilter on the header: %+v", f.GetDefinedName())
		}
	})
	t.Run("columns are listed in ascending order, as Excel requires", func(t *testing.T) {
		xml := twPart(t, data, "xl/worksheets/sheet1.xml")
		last := 0
		for _, m := range regexp.MustCompile(`<col min="(\d+)"`).FindAllStringSubmatch(xml, -1) {
			n, _ := strconv.Atoi(m[1])
			if n <= last {
				t.Fatalf("column %d listed after column %d", n, last)
			}
			last = n
		}
		if last != len(sheet.BookColumns(teams)) {
			t.Fatalf("%d columns listed", last)
		}
	})
}

func TestTableBookHeader(t *testing.T) {
	data, f, teams := twTemplate(t)
	name := teams.Title
	t.Run("row 1 holds the headers in order, required ones starred", func(t *testing.T) {
		rows, err := sheet.ReadFrom(bytes.NewReader(data), "t.xlsx")
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows = %+v, %v; want the header only", rows, err)
		}
		want := []string{"*团队名称", "*团队负责人", "*团队状态", "*创业团队人员数量（人）",
			"*项目名称", "*技术领域", "*入驻时间", "注册企业名称", "注册企业统一社会信用代码",
			"转化为企业注册时间", "迁出时间", "*是否获得投融资", "获得时间", "投融资金额（万元）",
			"投融资类型"}
		if diff := cmp.Diff(want, rows[0].Cells); diff != "" {
			t.Fatalf("headers (-want +got):\n%s", diff)
		}
	})
	t.Run("the star of a required header is red", func(t *testing.T) {
		runs, err := f.GetCellRichText(name, "A1")
		if err != nil || len(runs) != 2 || runs[0].Text != "*" || runs[0].Font == nil ||
			!strings.EqualFold(runs[0].Font.Color, "FF0000") {
			t.Fatalf("runs = %+v, %v", runs, err)
		}
	})
	t.Run("columns fit their headers within 8 to 60", func(t *testing.T) {
		for _, c := range []string{"A", "C", "I", "L"} {
			if w, _ := f.GetColWidth(name, c); w < 8 || w > 60 {
				t.Errorf("column %s is %v wide", c, w)
			}
		}
		narrow, _ := f.GetColWidth(name, "A")
		wide, _ := f.GetColWidth(name, "I") // 注册企业统一社会信用代码
		if wide < 24 || wide <= narrow {
			t.Errorf("widths A=%v I=%v; I should fit its 12 characters", narrow, wide)
		}
	})
}

func TestTableBookDropDowns(t *testing.T) {
	_, f, teams := twTemplate(t)
	name := teams.Title
	t.Run("an enum column's drop-down points at its options on 选项", func(t *testing.T) {
		dv := twValidation(t, f, name, "C2")
		if dv == nil || dv.Type != "list" || dv.Sqref != "C2:C5001" {
			t.Fatalf("validation on 团队状态 = %+v", dv)
		}
		if dv.Error == nil || !strings.Contains(*dv.Error, "请从下拉列表中选择") {
			t.Fatalf("error message = %v", dv.Error)
		}
		if diff := cmp.Diff(teams.Column("state").Options, twRange(t, f, dv.Formula1)); diff != "" {
			t.Fatalf("options (-want +got):\n%s", diff)
		}
	})
	t.Run("text columns have no drop-down", func(t *testing.T) {
		if dv := twValidation(t, f, name, "A2"); dv != nil {
			t.Fatalf("validation on 团队名称 = %+v", dv)
		}
	})
}

// twRange is the values of a range on 选项, such as '选项'!$A$2:$A$4.
func twRange(t *testing.T, f *excelize.File, ref string) []string {
	t.Helper()
	re := regexp.MustCompile(`^'选项'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$`)
	m := re.FindStringSubmatch(ref)
	if m == nil || m[1] != m[3] {
		t.Fatalf("formula = %q, want a range on 选项", ref)
	}
	from, _ := strconv.Atoi(m[2])
	to, _ := strconv.Atoi(m[4])
	var got []string
	for r := from; r <= to; r++ {
		v, _ := f.GetCellValue("选项", m[1]+strconv.Itoa(r))
		got = append(got, v)
	}
	return got
}

func TestTableBookGreying(t *testing.T) {
	_, f, teams := twTemplate(t)
	cfs, err := f.GetConditionalFormats(teams.Title)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("人员数量 greys when the team registered or moved out", func(t *testing.T) {
		rules := cfs["D2:D5001"]
		if len(rules) != 1 || rules[0].Type != "formula" ||
			rules[0].Criteria != `OR($C2="已注册为企业",$C2="已迁出")` {
			t.Fatalf("rules on D = %+v (all: %v)", rules, cfs)
		}
	})
	t.Run("a single state needs no OR", func(t *testing.T) {
		if rules := cfs["M2:M5001"]; len(rules) != 1 || rules[0].Criteria != `$L2="否"` {
			t.Fatalf("rules on 获得时间 = %+v", rules)
		}
	})
	t.Run("an always fillable column never greys", func(t *testing.T) {
		if cfs["A2:A5001"] != nil {
			t.Fatal("团队名称 greys")
		}
	})
}

func TestTableBookColumnFormats(t *testing.T) {
	tests := []struct {
		name, table, key string
		numFmt           int
		custom           string
	}{
		{"身份证号码 is text", "staff", "id_number", 49, ""},
		{"统一社会信用代码 is text", "enterprises", "uscc", 49, ""},
		{"a team's company USCC is text", "teams", "company_uscc", 49, ""},
		{"a name is text", "venues", "name", 49, ""},
		{"a date is yyyy-mm-dd", "teams", "joined_on", 0, "yyyy-mm-dd"},
		{"a lease date is yyyy-mm-dd", "venues", "lease_from", 0, "yyyy-mm-dd"},
		{"an integer is 0", "teams", "members", 1, ""},
		{"a decimal is 0.00", "venues", "area", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := twTable(t, tt.table)
			data, err := sheet.TableBook(tb, twGuide, nil)
			f := twOpen(t, data, err)
			col := twCol(t, tb, tt.key)
			colStyle, err := f.GetColStyle(tb.Title, col)
			if err != nil {
				t.Fatal(err)
			}
			// An empty template cell takes the column's style, so what
			// users type there is formatted too.
			for _, cell := range []string{col + "2", col + "4999"} {
				if s, _ := f.GetCellStyle(tb.Title, cell); s != colStyle {
					t.Errorf("%s has style %d, column %d", cell, s, colStyle)
				}
			}
			st, err := f.GetStyle(colStyle)
			if err != nil {
				t.Fatal(err)
			}
			custom := ""
			if st.CustomNumFmt != nil {
				custom = *st.CustomNumFmt
			}
			if st.NumFmt != tt.numFmt || custom != tt.custom {
				t.Fatalf("column %s format = %d %q, want %d %q",
					col, st.NumFmt, custom, tt.numFmt, tt.custom)
			}
		})
	}
}

// twExportRows are three teams: one in the space and financed, one moved
// out with a headcount that may not exist and a date that does not parse,
// one registered as a company with an unparseable amount.
func twExportRows() []domain.Values {
	return []domain.Values{
		{"name": "星火团队", "leader": "张三", "state": "在孵", "members": "12",
			"project": "智能传感", "field": "电子信息", "joined_on": "2021-05-01", "financed": "是",
			"financed_on": "2021-08-15", "amount": "150.5", "finance_type": "天使投资",
			"bogus": "不应出现"},
		{"name": "燎原团队", "leader": "李四", "state": "已迁出", "members": "5", "project": "新材料",
			"field": "新材料", "joined_on": "2021年13月", "moved_out_on": "2021/9/30", "financed": "否",
			"amount": "30"},
		{"name": "启明团队", "leader": "王五", "state": "已注册为企业", "project": "生物检测",
			"field": "生物与新医药", "joined_on": "2020-12-01", "company": "厦门启明生物科技有限公司",
			"company_uscc": "91350200MA2Y0DEM69", "registered_on": "2021-06-30", "financed": "是",
			"amount": "约100万", "financed_on": "2021-07-01"},
	}
}

// twExport is the teams table exported with twExportRows, opened.
func twExport(t *testing.T) ([]byte, *excelize.File, *form.Table) {
	t.Helper()
	teams := twTable(t, "teams")
	data, err := sheet.TableBook(teams, twGuide, twExportRows())
	return data, twOpen(t, data, err), teams
}

func TestTableBookExportCells(t *testing.T) {
	_, f, teams := twExport(t)
	tests := []struct {
		name, key  string
		row        int
		raw, shown string
		text       bool
	}{
		{"a date is a date cell", "joined_on", 2, "44317", "2021-05-01", false},
		{"a date typed with slashes becomes a date", "moved_out_on", 3, "44469", "2021-09-30",
			false},
		{"an integer is a number", "members", 2, "12", "12", false},
		{"a decimal is a number shown with two places", "amount", 2, "150.5", "150.50", false},
		{"a moved-out team's headcount is left empty", "members", 3, "", "", false},
		{"an amount without financing is left empty", "amount", 3, "", "", false},
		{"an unparseable date is kept as text", "joined_on", 3, "2021年13月", "2021年13月", true},
		{"an unparseable amount is kept as text", "amount", 4, "约100万", "约100万", true},
		{"a USCC stays text", "company_uscc", 4, "91350200MA2Y0DEM69", "91350200MA2Y0DEM69", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cell := twCol(t, teams, tt.key) + strconv.Itoa(tt.row)
			raw, _ := f.GetCellValue(teams.Title, cell, excelize.Options{RawCellValue: true})
			shown, _ := f.GetCellValue(teams.Title, cell)
			text := twIsText(t, f, teams.Title, cell)
			if raw != tt.raw || shown != tt.shown || text != tt.text {
				t.Fatalf("%s = %q shown %q text %v; want %q shown %q text %v",
					cell, raw, shown, text, tt.raw, tt.shown, tt.text)
			}
		})
	}
}

func TestTableBookExportSheet(t *testing.T) {
	data, f, teams := twExport(t)
	name := teams.Title
	t.Run("unknown keys are ignored", func(t *testing.T) {
		if strings.Contains(twText(t, f, name), "不应出现") {
			t.Fatal("a value of an unknown key was written")
		}
	})
	t.Run("drop-downs and greying reach 5000 rows past the data", func(t *testing.T) {
		if dv := twValidation(t, f, name, "C2"); dv == nil || dv.Sqref != "C2:C5004" {
			t.Fatalf("validation = %+v", dv)
		}
		if cfs, _ := f.GetConditionalFormats(name); cfs["D2:D5004"] == nil {
			t.Fatalf("conditional formats = %v", cfs)
		}
	})
	t.Run("the export reads back through the importer's reader", func(t *testing.T) {
		rows, err := sheet.ReadFrom(bytes.NewReader(data), "export.xlsx")
		if err != nil || len(rows) != 4 {
			t.Fatalf("rows = %d, %v", len(rows), err)
		}
		want := []string{"星火团队", "张三", "在孵", "12", "智能传感", "电子信息", "2021-05-01",
			"", "", "", "", "是", "2021-08-15", "150.50", "天使投资"}
		if diff := cmp.Diff(want, rows[1].Cells); diff != "" {
			t.Fatalf("row 2 (-want +got):\n%s", diff)
		}
	})
}

func TestTableBookGuide(t *testing.T) {
	tests := []struct {
		name, table string
		want        []string
		absent      []string
	}{
		{"teams: cutoff, not-fillable and conditional rules, attachments", "teams", []string{
			"《累计创业团队情况汇总表》填写说明", "2021年度众创空间国家备案",
			"数据截止日：2021-10-31", "不晚于数据截止日 2021-10-31",
			"团队状态为“已注册为企业”或“已迁出”时不填", "条件必填：是否获得投融资为“是”时必填",
			"18位统一社会信用代码", "入驻协议", "投融资佐证材料", "带 * 的列为必填",
			"单元格中的“—”视为空", twGuide.Files,
		}, []string{"活动时间范围"}},
		{"venues: comparisons with other columns", "venues", []string{
			"不大于“场地面积”", "不早于“租赁/使用期限起”", "产权性质为“自有产权”时不填",
			"数字，最多两位小数", "不小于 0.01 m²", "产权证明或租赁/委托合同",
		}, []string{"数据截止日"}},
		{"activities: the activity window", "activities", []string{
			"活动时间范围：2020-11-01 至 2021-10-31",
			"在活动时间范围 2020-11-01 至 2021-10-31 内",
			"从下拉列表选择：主办、承办、协办", "文本，不超过 300 个字",
		}, nil},
		{"staff: ID numbers and a conditional file", "staff", []string{
			"身份证号码", "打印时部分隐藏", "条件必填：是否接受过创业孵化专业培训为“是”时必填",
		}, nil},
		{"enterprises: unique USCC", "enterprises", []string{"本表中不能重复", "团队转化"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := twTable(t, tt.table)
			data, err := sheet.TableBook(tb, twGuide, nil)
			f := twOpen(t, data, err)
			want := tt.want
			for _, c := range sheet.BookColumns(tb) {
				want = append(want, c.Label)
			}
			twCheckText(t, twText(t, f, "填写说明"), want, tt.absent)
			layout, err := f.GetPageLayout("填写说明")
			if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" ||
				layout.Size == nil || *layout.Size != 9 {
				t.Fatalf("layout = %+v, %v; want A4 landscape", layout, err)
			}
			table := sheet.BookColumns(tb)
			if len(table) == 0 {
				return
			}
			layout, err = f.GetPageLayout(f.GetSheetName(0))
			props, perr := f.GetSheetProps(f.GetSheetName(0))
			if err != nil || perr != nil || layout.FitToWidth == nil || *layout.FitToWidth != 1 ||
				props.FitToPage == nil || !*props.FitToPage {
				t.Fatalf("table sheet prints %+v %+v (%v %v); want one page wide", layout, props, err, perr)
			}
		})
	}
}

// twCheckText reports what text lacks of want and holds of absent.
func twCheckText(t *testing.T, text string, want, absent []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q", w)
		}
	}
	for _, w := range absent {
		if strings.Contains(text, w) {
			t.Errorf("mentions %q, which no column uses", w)
		}
	}
}

func TestApplicationBook(t *testing.T) {
	var tables []*form.Table
	for _, key := range []string{"venues", "staff", "teams", "enterprises", "activities"} {
		tables = append(tables, twTable(t, key))
	}
	data, err := sheet.ApplicationBook(tables, twGuide,
		map[string][]domain.Values{"teams": twExportRows(), "unknown": {{"x": "y"}}})
	f := twOpen(t, data, err)
	t.Run("填写说明 first, the tables in order, 选项 last and hidden", func(t *testing.T) {
		want := []string{"填写说明", "服务场地", "运营人员", "累计创业团队情况汇总表",
			"累计入驻企业情况汇总表", "开展创新创业活动情况汇总表", "选项"}
		if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
			t.Fatalf("sheets (-want +got):\n%s", diff)
		}
		if visible, _ := f.GetSheetVisible("选项"); visible {
			t.Fatal("选项 is visible")
		}
	})
	t.Run("tables share one 选项 list for the same options", func(t *testing.T) {
		staff := twValidation(t, f, "运营人员", twCol(t, tables[1], "trained")+"2")
		teams := twValidation(t, f, "累计创业团队情况汇总表", twCol(t, tables[2], "financed")+"2")
		if staff == nil || teams == nil || staff.Formula1 != teams.Formula1 {
			t.Fatalf("是/否 lists: %+v and %+v", staff, teams)
		}
	})
	t.Run("each table holds its own rows", func(t *testing.T) {
		got, _ := f.GetCellValue("累计创业团队情况汇总表", "A3")
		venues, _ := f.GetRows("服务场地")
		if got != "燎原团队" || len(venues) != 1 {
			t.Fatalf("teams A3 = %q, venues rows = %d", got, len(venues))
		}
	})
	t.Run("the guide has a block per table", func(t *testing.T) {
		text := twText(t, f, "填写说明")
		for _, tb := range tables {
			if !strings.Contains(text, tb.Title+"（工作表“") {
				t.Errorf("no block for %s", tb.Title)
			}
		}
		twCheckText(t, text, []string{"数据截止日：2021-10-31",
			"活动时间范围：2020-11-01 至 2021-10-31"}, nil)
	})
	t.Run("how files are named is said once for all tables", func(t *testing.T) {
		if n := strings.Count(twText(t, f, "填写说明"), twGuide.Files); n != 1 {
			t.Fatalf("the paragraph appears %d times", n)
		}
	})
}

func TestTableBookOddInput(t *testing.T) {
	t.Run("no table is an error", func(t *testing.T) {
		if _, err := sheet.TableBook(nil, twGuide, nil); err == nil {
			t.Fatal("no error")
		}
		if _, err := sheet.ApplicationBook([]*form.Table{nil}, twGuide, nil); err == nil {
			t.Fatal("no error")
		}
	})
	t.Run("two tables with one sheet name are an error", func(t *testing.T) {
		teams := twTable(t, "teams")
		if _, err := sheet.ApplicationBook([]*form.Table{teams, teams}, twGuide, nil); err == nil {
			t.Fatal("no error")
		}
	})
	t.Run("a long title with forbidden characters becomes a valid sheet name", func(t *testing.T) {
		tb := &form.Table{Key: "x", Title: "创新/创业:活动[2021]" + strings.Repeat("长", 30),
			Columns: []form.Field{{Key: "a", Label: "甲", Kind: form.Text}}}
		data, err := sheet.TableBook(tb, sheet.Guide{}, nil)
		f := twOpen(t, data, err)
		got := f.GetSheetList()[0]
		if len([]rune(got)) != 31 || !strings.HasPrefix(got, "创新_创业_活动_2021_") {
			t.Fatalf("sheet name = %q", got)
		}
	})
	t.Run("a table without columns writes an empty header", func(t *testing.T) {
		tb := &form.Table{Key: "empty", Title: "空表"}
		data, err := sheet.TableBook(tb, sheet.Guide{}, []domain.Values{{"x": "1"}, nil})
		f := twOpen(t, data, err)
		if rows, _ := f.GetRows("空表"); len(rows) != 0 {
			t.Fatalf("rows = %q", rows)
		}
	})
	t.Run("nil and blank rows leave nothing for the reader", func(t *testing.T) {
		teams := twTable(t, "teams")
		data, err := sheet.TableBook(teams, twGuide, []domain.Values{nil, {}, {"name": "  "}})
		twOpen(t, data, err)
		rows, err := sheet.ReadFrom(bytes.NewReader(data), "x.xlsx")
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows = %+v, %v", rows, err)
		}
	})
}

// twTeamRows are n teams in all three states, as an export of a large
// application would hold.
func twTeamRows(n int) []domain.Values {
	states := []string{"在孵", "已注册为企业", "已迁出"}
	rows := make([]domain.Values, n)
	for i := range rows {
		s := strconv.Itoa(i + 1)
		r := domain.Values{"name": "团队" + s, "leader": "负责人" + s, "state": states[i%3],
			"project": "项目" + s, "field": "电子信息", "joined_on": "2020-11-01", "financed": "是",
			"financed_on": "2021-03-01", "amount": strconv.Itoa(i%500) + ".25",
			"finance_type": "天使投资"}
		switch i % 3 {
		case 0:
			r["members"] = strconv.Itoa(1 + i%20)
		case 1:
			r["company"], r["company_uscc"] = "企业"+s, "91350200MA2Y0DEM69"
			r["registered_on"] = "2021-06-30"
		case 2:
			r["moved_out_on"] = "2021-09-30"
		}
		rows[i] = r
	}
	return rows
}

func TestTableBookLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 10,000 rows")
	}
	teams := twTable(t, "teams")
	data, err := sheet.TableBook(teams, twGuide, twTeamRows(10000))
	f := twOpen(t, data, err)
	t.Run("10,000 rows are written, the last one complete", func(t *testing.T) {
		// Raw values, as the importer reads them; formatting 150,000 cells
		// for display would only slow the test down.
		it, err := f.Rows(teams.Title)
		if err != nil {
			t.Fatal(err)
		}
		defer it.Close()
		var n int
		var last []string
		for it.Next() {
			n++
			last, _ = it.Columns(excelize.Options{RawCellValue: true})
		}
		if n != 10001 || len(last) < 4 || last[0] != "团队10000" || last[3] != "20" {
			t.Fatalf("%d rows, last %q", n, last)
		}
	})
	t.Run("drop-downs reach 5000 rows past the last", func(t *testing.T) {
		// Read from the XML: excelize would parse all 10,000 rows first.
		xml := twPart(t, data, "xl/worksheets/sheet1.xml")
		if !strings.Contains(xml, `sqref="C2:C15001" type="list"`) {
			t.Fatal("no drop-down on C2:C15001")
		}
	})
}

func BenchmarkTableBook(b *testing.B) {
	teams := form.Makerspace.Table("teams")
	rows := twTeamRows(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sheet.TableBook(teams, twGuide, rows); err != nil {
			b.Fatal(err)
		}
	}
}
