package sheet_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"hatch/internal/domain"
	"hatch/internal/sheet"
)

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []sheet.Row
	}{
		{"plain UTF-8", "a,b\nc,d\n", []sheet.Row{
			{Line: 1, Cells: []string{"a", "b"}}, {Line: 2, Cells: []string{"c", "d"}}}},
		{"BOM and CRLF as Excel saves CSV UTF-8", "\xEF\xBB\xBF统一社会信用代码,单位名称\r\n91350200MA2Y0DEM69,厦门示例\r\n", []sheet.Row{
			{Line: 1, Cells: []string{"统一社会信用代码", "单位名称"}}, {Line: 2, Cells: []string{"91350200MA2Y0DEM69", "厦门示例"}}}},
		{"quoted comma and doubled quote", "x,\"厦门示例, 有限公司\",\"说\"\"好\"\"\"\n", []sheet.Row{
			{Line: 1, Cells: []string{"x", "厦门示例, 有限公司", "说\"好\""}}}},
		{"blank lines keep later row numbers", "a\n\n\nb\n", []sheet.Row{
			{Line: 1, Cells: []string{"a"}}, {Line: 4, Cells: []string{"b"}}}},
		{"rows of empty cells are skipped", "a\n , ,\n,,\nb\n", []sheet.Row{
			{Line: 1, Cells: []string{"a"}}, {Line: 4, Cells: []string{"b"}}}},
		{"cells trimmed and trailing empty cells dropped", "  a , b\u3000,,\n", []sheet.Row{
			{Line: 1, Cells: []string{"a", "b"}}}},
		{"multi-line cell is one Excel row", "\"x\r\ny\",1\n\nz\n", []sheet.Row{
			{Line: 1, Cells: []string{"x\ny", "1"}}, {Line: 3, Cells: []string{"z"}}}},
		{"no final newline", "a,b", []sheet.Row{{Line: 1, Cells: []string{"a", "b"}}}},
		{"ragged rows", "a\nb,c,d\n", []sheet.Row{
			{Line: 1, Cells: []string{"a"}}, {Line: 2, Cells: []string{"b", "c", "d"}}}},
		{"empty file", "", nil},
		{"GBK from Chinese Excel", gbk(t, "单位名称,法定代表人\r\n厦门示例,张三\r\n"), []sheet.Row{
			{Line: 1, Cells: []string{"单位名称", "法定代表人"}}, {Line: 2, Cells: []string{"厦门示例", "张三"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sheet.ReadFrom(strings.NewReader(tt.data), "a.csv")
			if err != nil {
				t.Fatalf("ReadFrom: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadRejects(t *testing.T) {
	tests := []struct {
		name, data, wantMsg string
	}{
		{"neither UTF-8 nor GB18030", "a,\xFF\xFF\n", "不是 UTF-8 编码"},
		{"UTF-16 text", "\xFF\xFEa\x00,\x00", "不是 UTF-8 编码"},
		{"binary", "\x00\x01\x02", "不是 CSV 文本文件"},
		{"unclosed quote names its line", "a\nb,\"cd\n", "第 2 行的英文双引号"},
		{"bare quote", "a\nb\"c\n", "第 2 行的英文双引号"},
		{"old .xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", "旧版 Excel"},
		{"zip that is not a workbook", "PK\x03\x04garbage", "无法作为 Excel 工作簿读取"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sheet.ReadFrom(strings.NewReader(tt.data), "a.csv")
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v, want message containing %q", err, tt.wantMsg)
			}
			if domain.KindOf(err) != domain.Invalid {
				t.Fatalf("kind = %v, want Invalid so the message reaches the user", domain.KindOf(err))
			}
		})
	}
}

func TestReadXLSX(t *testing.T) {
	data := workbook(t)
	want := []sheet.Row{
		{Line: 1, Cells: []string{"统一社会信用代码", "单位名称"}},
		{Line: 2, Cells: []string{"91350200MA2Y0DEM69", "厦门示例"}},
		{Line: 5, Cells: []string{"91110108MA01DEMA94", "", "123"}},
	}
	tests := []struct {
		name, file string
	}{
		{"xlsx name", "a.xlsx"},
		{"content decides over a .csv name", "a.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sheet.ReadFrom(bytes.NewReader(data), tt.file)
			if err != nil {
				t.Fatalf("ReadFrom: %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "名单.xlsx")
	if err := os.WriteFile(path, workbook(t), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("reads a workbook from disk", func(t *testing.T) {
		rows, err := sheet.Read(path)
		if err != nil || len(rows) != 3 {
			t.Fatalf("Read = %d rows, %v; want 3 rows", len(rows), err)
		}
	})
	t.Run("missing file is explained in Chinese", func(t *testing.T) {
		_, err := sheet.Read(filepath.Join(dir, "无此文件.csv"))
		if err == nil || !strings.Contains(err.Error(), "不存在") {
			t.Fatalf("err = %v", err)
		}
	})
}

// workbook builds an .xlsx whose first sheet has a gap (rows 3–4), padded
// cells and a number, and whose second sheet must be ignored.
func workbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "名单"); err != nil {
		t.Fatal(err)
	}
	set := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("名单", "A1", "统一社会信用代码")
	set("名单", "B1", " 单位名称 ")
	set("名单", "A2", "91350200MA2Y0DEM69")
	set("名单", "B2", "厦门示例")
	set("名单", "A3", "   ")
	set("名单", "A5", "91110108MA01DEMA94")
	set("名单", "C5", 123)
	if _, err := f.NewSheet("其他"); err != nil {
		t.Fatal(err)
	}
	set("其他", "A1", "不应读取")
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	if utf8.ValidString(b) {
		t.Fatal("test data should not be valid UTF-8")
	}
	return b
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"a,b\r\nc,d", "\xEF\xBB\xBF\"x,\ny\",1\n\n", "\"", "a\"b", "\xFF", "\xB5\xA5", "PK\x03\x04", ",,\n \n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := sheet.ReadFrom(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			return
		}
		last := 0
		for _, r := range rows {
			if r.Line <= last {
				t.Fatalf("row numbers not increasing: %d after %d", r.Line, last)
			}
			last = r.Line
			if len(r.Cells) == 0 || r.Cells[len(r.Cells)-1] == "" {
				t.Fatalf("row %d has no content or a trailing empty cell: %q", r.Line, r.Cells)
			}
			for _, c := range r.Cells {
				if c != strings.TrimSpace(c) || !utf8.ValidString(c) {
					t.Fatalf("cell %q not trimmed UTF-8", c)
				}
			}
		}
	})
}
