// Package sheet reads and writes spreadsheets, so that every .xlsx layout
// sits next to the reader of the same files.
//
//   - sheet.go, csv.go, xlsx.go: reading the tables people import: CSV
//     (UTF-8, with or without BOM, or GB18030/GBK as older Chinese Excel
//     saves it) and .xlsx workbooks, as trimmed, non-empty rows with the
//     row number the user sees in Excel, so every message can point at a
//     row. What the columns mean is the caller's business, including
//     whether row 1 is a header.
//   - table_read.go: a detail table read back (ReadTable): the header
//     found among the first rows of the sheet that holds it, the columns
//     matched by their header text, cells read as stored (Excel's date
//     serials become dates) and canonical where the form can read them.
//   - write.go: the reports departments print (Report.XLSX).
//   - table_write.go, table_cells.go, table_choices.go: a detail table's
//     workbook (TableBook, ApplicationBook): the import template and the
//     export, one layout; cells typed and sized by column, text-formatted
//     ID columns; drop-downs from a hidden 选项 sheet and greyed
//     not-fillable cells.
//   - table_guide.go, table_guide_words.go: its 填写说明 sheet, each
//     column's rule in the form's own words.
package sheet

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"hatch/internal/domain"
)

// Row is one row of a table that has at least one non-empty cell.
type Row struct {
	Line  int      // 1-based row number as Excel shows it
	Cells []string // trimmed of surrounding spaces
}

// Cell returns the i-th cell, or "" when the row is shorter, so callers
// need not check lengths.
func (r Row) Cell(i int) string {
	if i < len(r.Cells) {
		return r.Cells[i]
	}
	return ""
}

// MaxFileSize bounds what is read into memory. A registry of 100,000
// organisations is about 10 MB as CSV; anything far larger is a wrong file.
const MaxFileSize = 64 << 20

// Magic numbers: every .xlsx is a zip archive, and .xls as well as
// password-protected .xlsx files are OLE compound documents.
const (
	zipMagic = "PK\x03\x04"
	oleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
)

// Read reads the table in the file at path.
func Read(path string) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	defer f.Close()
	return ReadFrom(f, filepath.Base(path))
}

// ReadFrom reads a table from r. The format is decided by the content, not
// by name (which only appears in messages), because files are often renamed
// or saved with the wrong extension.
func ReadFrom(r io.Reader, name string) ([]Row, error) {
	data, err := readAll(r, name)
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(data, []byte(zipMagic)):
		return readXLSX(data, name)
	case bytes.HasPrefix(data, []byte(oleMagic)):
		return nil, oldExcel(name)
	}
	return readCSV(data, name)
}

// readAll reads a whole file of at most MaxFileSize bytes.
func readAll(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fileErrorf(name, "读取失败，请确认文件完整后重试。")
	}
	if len(data) > MaxFileSize {
		return nil, fileErrorf(name, "超过 64 MB，请拆分为多个文件后分批导入。")
	}
	return data, nil
}

func oldExcel(name string) error {
	return fileErrorf(
		name,
		"是旧版 Excel（.xls）格式或设置了打开密码。请取消密码，并在 Excel 中另存为“Excel 工作簿（*.xlsx）”或“CSV UTF-8（逗号分隔）”格式。",
	)
}

// openError explains why a file could not be opened without showing the
// operating system's English text.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fileErrorf(path, "不存在，请检查文件路径。")
	case errors.Is(err, fs.ErrPermission):
		return fileErrorf(path, "没有读取权限。")
	}
	return fileErrorf(path, "无法打开。")
}

// fileErrorf builds a user-facing error about the named file.
func fileErrorf(name, msg string) error {
	return domain.Errorf(domain.Invalid, "文件“%s”%s", name, msg)
}

// newRow trims cells and drops trailing empty ones; ok is false when no cell
// has content, so blank rows (common at the end of Excel exports) vanish.
func newRow(line int, cells []string) (Row, bool) {
	out := make([]string, len(cells))
	last := -1
	for i, c := range cells {
		out[i] = strings.TrimSpace(c)
		if out[i] != "" {
			last = i
		}
	}
	return Row{Line: line, Cells: out[:last+1]}, last >= 0
}
