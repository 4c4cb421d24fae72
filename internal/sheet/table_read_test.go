package sheet_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/sheet"
)

var readTeams = form.Makerspace.Table("teams")

// messyBook is a workbook as people make them: a notes sheet first, a
// hidden sheet, a title row and a blank row above the header, the columns
// moved around, a date cell, a date typed as text, a formula, full-width
// digits, a 序号 column and a blank row between the data.
func messyBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "说明"))
	must(f.SetCellValue("说明", "A1", "请在第二个工作表填写"))
	_, err := f.NewSheet("隐藏")
	must(err)
	must(f.SetSheetRow("隐藏", "A1", &[]any{"团队名称", "团队负责人", "团队状态"}))
	must(f.SetSheetVisible("隐藏", false))
	_, err = f.NewSheet("团队")
	must(err)
	must(f.SetCellValue("团队", "A1", "累计创业团队情况汇总表"))
	must(f.SetSheetRow("团队", "A3", &[]any{"序号", "入驻时间", "*团队名称", "团队负责人", "团队状态",
		"创业团队人员数量（人）", "是否获得投融资", "投融资金额（万元）"}))
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	must(f.SetSheetRow("团队", "A4", &[]any{1, 44256.0, "星火团队", "张三", "在孵", 5, "是", "1,200.5"}))
	must(f.SetCellStyle("团队", "B4", "B4", dateStyle))
	must(f.SetSheetRow("团队", "A6", &[]any{2, "2021年3月2日", "燎原团队", "李四", "在孵", "１２", "否", "—"}))
	must(f.SetCellFormula("团队", "F6", "=3+4"))
	must(f.SetCellValue("团队", "F6", 7))
	must(f.SetSheetRow("团队", "A7", &[]any{3}))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

func TestReadTable(t *testing.T) {
	tf, err := sheet.ReadTable(bytes.NewReader(messyBook(t)), "团队.xlsx", readTeams)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the first visible sheet with the table's header is read", func(t *testing.T) {
		if tf.Sheet != "团队" {
			t.Fatalf("sheet = %q", tf.Sheet)
		}
	})
	t.Run("columns are found by header text and named by letter", func(t *testing.T) {
		want := map[string]string{"joined_on": "B", "name": "C", "leader": "D", "state": "E", "members": "F",
			"financed": "G", "amount": "H"}
		for k, col := range want {
			if tf.Columns[k] != col {
				t.Errorf("%s in column %q, want %q", k, tf.Columns[k], col)
			}
		}
		if strings.Join(tf.Ignored, "、") != "序号" {
			t.Errorf("ignored = %v", tf.Ignored)
		}
	})
	t.Run("rows keep Excel's numbers and read as the form stores values", func(t *testing.T) {
		if len(tf.Rows) != 2 {
			t.Fatalf("rows = %+v, want the two readTeams (a row with only a 序号 is no row)", tf.Rows)
		}
		first, second := tf.Rows[0], tf.Rows[1]
		if first.Line != 4 || second.Line != 6 {
			t.Errorf("lines = %d, %d; want 4 and 6", first.Line, second.Line)
		}
		checks := []struct{ got, want string }{
			{first.Values["joined_on"], "2021-03-01"}, {first.Values["amount"], "1200.5"},
			{second.Values["joined_on"], "2021-03-02"}, {second.Values["members"], "7"},
			{second.Values["amount"], ""},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		}
	})
}

func TestReadTableRefusals(t *testing.T) {
	many := "团队名称,团队负责人\n" + strings.Repeat("星火团队,张三\n", sheet.MaxTableRows+1)
	tests := []struct {
		name, data, want string
	}{
		{"a file without the header says which table it expects", "姓名,性别\n张三,男\n", "没有找到“累计创业团队情况汇总表”的表头"},
		{"a file over the row limit says the limit", many, "超过 20000 行"},
		{"an old .xls or encrypted workbook says how to save it", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1xxxx", "另存为"},
		{"a damaged workbook says so", "PK\x03\x04garbage", "可能已损坏"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sheet.ReadTable(strings.NewReader(tt.data), "团队.xlsx", readTeams)
			if domain.KindOf(err) != domain.Invalid || !strings.Contains(domain.Message(err), tt.want) {
				t.Fatalf("err = %v, want Invalid with %q", err, tt.want)
			}
		})
	}
}

func FuzzReadTable(f *testing.F) {
	f.Add([]byte("团队名称,团队负责人,入驻时间\n星火,张三,44256\n"))
	f.Add([]byte("\xEF\xBB\xBF*团队名称,\"团队\n负责人\"\n—,—\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tf, err := sheet.ReadTable(bytes.NewReader(data), "fuzz.csv", readTeams)
		if err != nil {
			if domain.KindOf(err) != domain.Invalid {
				t.Fatalf("error of kind %v: %v", domain.KindOf(err), err)
			}
			return
		}
		last := 0
		for _, r := range tf.Rows {
			if r.Line <= last {
				t.Fatalf("row numbers not increasing: %d after %d", r.Line, last)
			}
			last = r.Line
			for k, v := range r.Values {
				if readTeams.Column(k) == nil || !utf8.ValidString(v) || v != strings.TrimSpace(v) {
					t.Fatalf("value %q of %q is not a trimmed UTF-8 value of a column", v, k)
				}
			}
		}
	})
}
