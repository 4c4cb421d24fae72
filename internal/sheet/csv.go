package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const utf8BOM = "\xEF\xBB\xBF"

// readCSV decodes data to UTF-8 and splits it into rows.
func readCSV(data []byte, name string) ([]Row, error) {
	text, err := decodeText(data, name)
	if err != nil {
		return nil, err
	}
	return parseCSV(text, name)
}

// decodeText returns data as UTF-8. Excel saves "CSV UTF-8" with a BOM and
// plain "CSV" in the system code page, which on Chinese Windows is GBK; so
// text that is not UTF-8 is tried as GB18030, a superset of GBK.
func decodeText(data []byte, name string) (string, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	if bytes.HasPrefix(data, []byte("\xFF\xFE")) || bytes.HasPrefix(data, []byte("\xFE\xFF")) {
		return "", notUTF8(name)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", fileErrorf(name, "不是 CSV 文本文件，也不是 Excel 工作簿（.xlsx）。")
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	// The decoder marks bytes that are not GB18030 either with U+FFFD.
	if err != nil || bytes.ContainsRune(text, utf8.RuneError) {
		return "", notUTF8(name)
	}
	return string(text), nil
}

func notUTF8(name string) error {
	return fileErrorf(name, "不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”格式。")
}

// parseCSV splits text into rows numbered as Excel numbers them: every
// record is one row, even one whose quoted cell spans several lines, and
// every blank line is an (empty) row.
func parseCSV(text, name string) ([]Row, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var rows []Row
	excelRow, nextLine := 0, 1 // nextLine: the first physical line after the previous record
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, csvError(err, name)
		}
		start, _ := r.FieldPos(0)
		excelRow += start - nextLine + 1 // blank lines skipped by csv.Reader, then this record
		nextLine = start + 1 + embeddedNewlines(rec)
		if row, ok := newRow(excelRow, rec); ok {
			rows = append(rows, row)
		}
	}
}

// embeddedNewlines counts line breaks inside quoted cells; csv.Reader has
// already turned CRLF there into LF.
func embeddedNewlines(rec []string) int {
	n := 0
	for _, c := range rec {
		n += strings.Count(c, "\n")
	}
	return n
}

// csvError turns a parse error into a sentence naming the line.
func csvError(err error, name string) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fileErrorf(name, "读取失败。")
	}
	line := strconv.Itoa(pe.StartLine)
	if errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote) {
		return fileErrorf(
			name,
			"第 "+line+" 行的英文双引号（\"）不配对。含逗号、引号或换行的单元格应整体用双引号括起，单元格内的双引号写作两个（\"\"）。建议在 Excel 中编辑后另存为“CSV UTF-8”格式。",
		)
	}
	return fileErrorf(name, "第 "+line+" 行格式不正确。")
}
