package sheet_test

import (
	"bytes"
	"os"
	"slices"
	"testing"
	"unicode/utf8"

	"hatch/internal/sheet"
)

// The files read here were written by another office suite: LibreOffice
// 7.4.7.2 (Debian 12's libreoffice-calc-nogui 4:7.4.7-1+deb12u14), run
// headless by scripts/make-office-fixtures.sh, which says how each was made;
// testdata/README.md lists what each holds. They are committed, so this test
// needs no LibreOffice.

// officeCell is one cell's expected value, and what reading it shows.
type officeCell struct {
	line      int
	key, want string
	subtest   string
}

var officeFixtures = []struct {
	name    string // the subtest: which file, written how
	file    string
	sheet   string            // "" for CSV
	columns map[string]string // a few columns and the letters they stand in
	ignored []string
	lines   []int // the row numbers of the rows read, as Excel shows them
	cells   []officeCell
}{
	{
		name:  "Hatch's template saved again by LibreOffice reads with LibreOffice's edits",
		file:  "teams-libreoffice.xlsx",
		sheet: "累计创业团队情况汇总表",
		columns: map[string]string{"name": "A", "state": "C", "members": "D", "joined_on": "G",
			"company_uscc": "I", "moved_out_on": "K", "amount": "N", "finance_type": "O"},
		lines: lineRange(2, 22),
		cells: []officeCell{
			{2, "members", "5", "a formula typed in LibreOffice reads as its cached value"},
			{22, "members", "8", "a formula in a row added in LibreOffice reads as its cached value"},
			{2, "joined_on", "2020-04-01", "a date Hatch wrote reads back as YYYY-MM-DD"},
			{3, "joined_on", "2021-03-15", "a date typed in LibreOffice reads as YYYY-MM-DD"},
			{4, "joined_on", "2021-04-01", "a date cell shown as 2021年4月1日 reads as YYYY-MM-DD"},
			{17, "moved_out_on", "2021-07-28", "a date in a column Hatch greys for other states reads"},
			{2, "amount", "50.5", "a decimal in a 0.00 column reads without the format's zeros"},
			{22, "amount", "1234.5", "a number typed as 1,234.5 reads as stored"},
			{12, "company_uscc", "91110108MA0103700A", "a code in a text-formatted column stays text"},
			{13, "company", "微光医疗（北京）科技有限公司", "Chinese text from shared strings is intact"},
			{22, "leader", "欧阳娜娜", "Chinese text typed in LibreOffice is intact"},
			{2, "financed", "是", "a value chosen from the drop-down reads as is"},
			{12, "members", "", "a cell Hatch left empty for the row's state stays empty"},
		},
	},
	{
		name:  "a table made by hand in LibreOffice and saved as xlsx reads as the form stores it",
		file:  "teams-libreoffice-from-csv.xlsx",
		sheet: "团队情况",
		columns: map[string]string{"name": "B", "leader": "C", "joined_on": "D", "members": "F",
			"amount": "K", "company_uscc": "N", "moved_out_on": "P"},
		ignored: []string{"序号", "备注"},
		lines:   []int{4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16},
		cells: append(handMadeCells(),
			officeCell{4, "amount", "1200.5", "a number formatted #,##0.00 reads as stored"},
			officeCell{8, "amount", "35000", "a whole number formatted #,##0.00 reads without decimals"},
		),
	},
	{
		name:    "the same table saved by LibreOffice as GBK CSV reads as the form stores it",
		file:    "teams-gbk.csv",
		columns: map[string]string{"name": "B", "joined_on": "D", "members": "F", "amount": "K"},
		ignored: []string{"序号", "备注"},
		lines:   []int{4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16},
		cells: append(handMadeCells(),
			officeCell{4, "amount", "1200.50", "a number is read as LibreOffice showed it, without the separator"},
			officeCell{8, "amount", "35000.00", "a whole number is read as shown, with the format's decimals"},
		),
	},
}

// handMadeCells are the cells the hand-made table reads the same from
// LibreOffice's .xlsx and its GBK CSV.
func handMadeCells() []officeCell {
	return []officeCell{
		{4, "joined_on", "2021-03-01", "a date cell shown as 2021/3/1 reads as YYYY-MM-DD"},
		{5, "joined_on", "2021-03-01", "a date typed as text 2021/3/1 reads as YYYY-MM-DD"},
		{6, "joined_on", "2021-03-01", "a date typed as text 2021年3月1日 reads as YYYY-MM-DD"},
		{7, "joined_on", "2021-04-15", "a date cell shown as 2021年4月15日 reads as YYYY-MM-DD"},
		{8, "joined_on", "2021-05-20", "a date cell shown as 2021-05-20 reads as YYYY-MM-DD"},
		{9, "joined_on", "2021-06-01", "a date typed as text 2021-6-1 reads as YYYY-MM-DD"},
		{13, "moved_out_on", "2021-09-30", "a date typed as text 2021.9.30 reads as YYYY-MM-DD"},
		{4, "members", "5", "a plain number reads as is"},
		{5, "members", "12", "full-width digits read as digits"},
		{8, "members", "9", "a number typed with spaces around it is trimmed"},
		{11, "members", "", "the dash for a cell that does not apply reads as empty"},
		{6, "amount", "1200.5", "an amount typed as text 1,200.5 loses its separator"},
		{12, "amount", "300", "a full-width amount reads as digits"},
		{11, "company_uscc", "91110108MA01WKQ7X8", "a 统一社会信用代码 is intact"},
		{11, "company", "芯途（北京）科技有限公司", "Chinese text with full-width brackets is intact"},
		{15, "leader", "欧阳娜娜", "a four-character name is intact"},
		{4, "name", "星火团队", "the first row under the header is data"},
	}
}

func lineRange(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func TestReadTableOfficeFixtures(t *testing.T) {
	for _, fx := range officeFixtures {
		t.Run(fx.name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + fx.file)
			if err != nil {
				t.Fatal(err)
			}
			tf, err := sheet.ReadTable(bytes.NewReader(data), fx.file, readTeams)
			if err != nil {
				t.Fatalf("ReadTable(%s): %v", fx.file, err)
			}
			t.Run("the header is found on the sheet that holds the table", func(t *testing.T) {
				if tf.Sheet != fx.sheet {
					t.Errorf("sheet = %q, want %q", tf.Sheet, fx.sheet)
				}
				if len(tf.Columns) != len(readTeams.Columns) {
					t.Errorf("%d columns found, want all %d: %v", len(tf.Columns), len(readTeams.Columns), tf.Columns)
				}
				if !slices.Equal(tf.Ignored, fx.ignored) {
					t.Errorf("ignored headers = %q, want %q", tf.Ignored, fx.ignored)
				}
			})
			t.Run("columns are named by the letters they stand in", func(t *testing.T) {
				for key, col := range fx.columns {
					if tf.Columns[key] != col {
						t.Errorf("%s in column %q, want %q", key, tf.Columns[key], col)
					}
				}
			})
			t.Run("every data row is read with its Excel row number, and no other", func(t *testing.T) {
				var lines []int
				for _, r := range tf.Rows {
					lines = append(lines, r.Line)
				}
				if !slices.Equal(lines, fx.lines) {
					t.Errorf("%d rows on lines %v, want %d on %v", len(lines), lines, len(fx.lines), fx.lines)
				}
			})
			rows := map[int]int{} // line → index in tf.Rows
			for i, r := range tf.Rows {
				rows[r.Line] = i
			}
			for _, c := range fx.cells {
				t.Run(c.subtest, func(t *testing.T) {
					i, ok := rows[c.line]
					if !ok {
						t.Fatalf("no row on line %d", c.line)
					}
					if got := tf.Rows[i].Values[c.key]; got != c.want {
						t.Errorf("line %d %s = %q, want %q", c.line, c.key, got, c.want)
					}
				})
			}
			if fx.sheet == "" {
				t.Run("the CSV is GBK, not UTF-8", func(t *testing.T) {
					if utf8.Valid(data) {
						t.Error("the fixture is valid UTF-8, so it does not test the GBK path")
					}
				})
			}
		})
	}
}
