package sheet

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// TableFile is a detail table as read from a spreadsheet: the columns
// found by their header text, wherever they stand, and the rows below.
type TableFile struct {
	Sheet   string            // the worksheet read; "" for a CSV file
	Columns map[string]string // field key → column letter, for the columns found
	Ignored []string          // header cells that name no column of the table
	Rows    []TableRow
}

// TableRow is one non-empty data row.
type TableRow struct {
	Line   int           // the row number Excel shows
	Values domain.Values // by field key, for the columns found; canonical where readable
}

// MaxTableRows bounds an import: far more than any real table, small
// enough that a mistaken file cannot tie up the server.
const MaxTableRows = 20000

// headerScan is how many rows from the top may hold the header: people put
// a title, a note or a blank line above it.
const headerScan = 20

// ReadTable reads the rows of table t from a workbook or CSV file. The
// header row is the one among the first rows that names most of t's
// columns, on the first sheet that has one; columns are matched by their
// header text, so they may be moved, and cells are read as stored (a date
// cell as a date, a formula as its last value).
func ReadTable(r io.Reader, name string, t *form.Table) (TableFile, error) {
	data, err := readAll(r, name)
	if err != nil {
		return TableFile{}, err
	}
	if bytes.HasPrefix(data, []byte(zipMagic)) {
		return readTableXLSX(data, name, t)
	}
	if bytes.HasPrefix(data, []byte(oleMagic)) {
		return TableFile{}, oldExcel(name)
	}
	rows, err := readCSV(data, name)
	if err != nil {
		return TableFile{}, err
	}
	return tableFromRows("", rows, name, t)
}

func readTableXLSX(data []byte, name string, t *form.Table) (tf TableFile, err error) {
	defer func() { // excelize parses untrusted XML: a panic is a damaged file
		if recover() != nil {
			tf, err = TableFile{}, damaged(name)
		}
	}()
	f, err := excelize.OpenReader(
		bytes.NewReader(data),
		excelize.Options{UnzipSizeLimit: maxUnzipped},
	)
	if err != nil {
		return TableFile{}, damaged(name)
	}
	defer f.Close()
	sheet, rows, err := bestSheet(f, name, t)
	if err != nil {
		return TableFile{}, err
	}
	return tableFromRows(sheet, rows, name, t)
}

// bestSheet is the visible sheet that holds the table: the one named as
// the table (a whole application's workbook has a sheet per table, with
// columns in common), or else the one whose header names most columns.
func bestSheet(f *excelize.File, name string, t *form.Table) (string, []Row, error) {
	var best string
	var bestRows []Row
	most := 0
	for _, sh := range f.GetSheetList() {
		if visible, _ := f.GetSheetVisible(sh); !visible {
			continue
		}
		rows, err := readSheet(f, sh, name, true, MaxTableRows+headerScan)
		if err != nil {
			return "", nil, err
		}
		_, n := findHeader(rows, t)
		if n > 0 && strings.HasPrefix(t.Title, sh) && len(sh) > 0 {
			return sh, rows, nil
		}
		if n > most {
			best, bestRows, most = sh, rows, n
		}
	}
	if most == 0 {
		return "", nil, noHeader(name, t)
	}
	return best, bestRows, nil
}

// tableFromRows finds the header and reads the data rows below it.
func tableFromRows(sheet string, rows []Row, name string, t *form.Table) (TableFile, error) {
	at, n := findHeader(rows, t)
	if n == 0 {
		return TableFile{}, noHeader(name, t)
	}
	tf := TableFile{Sheet: sheet, Columns: map[string]string{}}
	cols := map[int]*form.Field{}
	for i, cell := range rows[at].Cells {
		switch f := headerField(cell, t); {
		case f != nil:
			cols[i] = f
			tf.Columns[f.Key] = columnLetter(i)
		case cell != "":
			tf.Ignored = append(tf.Ignored, cell)
		}
	}
	data := rows[at+1:]
	if len(data) > MaxTableRows {
		return TableFile{}, tooManyRows(name)
	}
	for _, r := range data {
		// a row with text only outside the table's columns (a 序号, a note)
		// is not a row of the table
		if v := rowValues(r, cols); !allEmpty(v) {
			tf.Rows = append(tf.Rows, TableRow{Line: r.Line, Values: v})
		}
	}
	return tf, nil
}

// findHeader returns the index of the row among the first headerScan that
// names most of t's columns, and how many it names (0: none found).
func findHeader(rows []Row, t *form.Table) (int, int) {
	best, most := 0, 0
	for i := 0; i < len(rows) && i < headerScan; i++ {
		n := 0
		for _, c := range rows[i].Cells {
			if headerField(c, t) != nil {
				n++
			}
		}
		if n > most {
			best, most = i, n
		}
	}
	if most < min(2, len(t.Columns)) {
		return 0, 0
	}
	return best, most
}

// headerField is the column a header cell names: its label, with or
// without the unit, the required mark or spaces, in either width of
// brackets.
func headerField(cell string, t *form.Table) *form.Field {
	h := headerKey(cell)
	if h == "" {
		return nil
	}
	for i := range t.Columns {
		f := &t.Columns[i]
		if h == headerKey(f.Label) || h == headerKey(f.Header()) {
			return f
		}
	}
	return nil
}

var headerBrackets = strings.NewReplacer("(", "（", ")", "）", "必填", "", "选填", "", "（）", "")

func headerKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '*' || r == '＊' {
			return -1
		}
		return r
	}, s)
	return headerBrackets.Replace(s)
}

// rowValues reads one data row's cells into the columns found.
func rowValues(r Row, cols map[int]*form.Field) domain.Values {
	v := domain.Values{}
	for i, f := range cols {
		v[f.Key] = cellValue(f, r.Cell(i))
	}
	return v
}

func allEmpty(v domain.Values) bool {
	for _, x := range v {
		if x != "" {
			return false
		}
	}
	return true
}

// cellValue is a cell as the form reads it: the dash Hatch's exports write
// for a cell that does not apply counts as empty, and a date stored as
// Excel's serial number becomes YYYY-MM-DD.
func cellValue(f *form.Field, raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "—" || raw == "——" {
		return ""
	}
	if f.Kind == form.Date {
		if serial, err := strconv.ParseFloat(raw, 64); err == nil && serial >= 1 &&
			serial < 2958466 {
			if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
				return form.FormatDate(t)
			}
		}
	}
	return form.Canonical(f, raw)
}

// columnLetter is Excel's name of the i-th column (0-based): A … Z, AA ….
func columnLetter(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}

func noHeader(name string, t *form.Table) error {
	return fileErrorf(name, "中没有找到“"+t.Title+"”的表头。请使用本表的导入模板，表头文字不要修改（列的顺序可以调整）。")
}

func tooManyRows(name string) error {
	return fileErrorf(name, "超过 "+strconv.Itoa(MaxTableRows)+" 行，请拆分后分批导入。")
}
