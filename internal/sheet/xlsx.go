package sheet

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// maxUnzipped bounds the unpacked size of a workbook, so a small "zip bomb"
// cannot fill memory or disk; real exports unpack to about ten times their
// size.
const maxUnzipped = 1 << 30

// readXLSX streams the first worksheet row by row.
func readXLSX(data []byte, name string) (rows []Row, err error) {
	// excelize parses untrusted XML; a panic inside it must become a message
	// about the file, not a crash of the importer.
	defer func() {
		if recover() != nil {
			rows, err = nil, damaged(name)
		}
	}()
	f, err := excelize.OpenReader(
		bytes.NewReader(data),
		excelize.Options{UnzipSizeLimit: maxUnzipped},
	)
	if err != nil {
		return nil, damaged(name)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileErrorf(name, "中没有工作表。")
	}
	return readSheet(f, sheets[0], name, false, 0)
}

// readSheet reads one worksheet, as displayed or, when raw, as stored (a
// date is then its serial number whatever format shows it). Rows.Next
// visits every row number in turn, including rows absent from the file, so
// counting calls gives the row number Excel shows. More than limit rows
// with content (0: no limit) is a file too large to import.
func readSheet(f *excelize.File, sheet, name string, raw bool, limit int) ([]Row, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, damaged(name)
	}
	defer it.Close()
	var rows []Row
	for line := 1; it.Next(); line++ {
		cells, err := it.Columns(excelize.Options{RawCellValue: raw})
		if err != nil {
			return nil, damaged(name)
		}
		if row, ok := newRow(line, cells); ok {
			rows = append(rows, row)
		}
		if limit > 0 && len(rows) > limit {
			return nil, tooManyRows(name)
		}
	}
	if it.Error() != nil {
		return nil, damaged(name)
	}
	return rows, nil
}

func damaged(name string) error {
	return fileErrorf(name, "无法作为 Excel 工作簿读取，文件可能已损坏。请在 Excel 中打开并重新保存后再试。")
}
