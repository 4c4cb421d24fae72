package docgen

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"hatch/internal/clock"
	"hatch/internal/testkit"
)

func fixedLetter(n int) LetterInput {
	list := &Table{Columns: []Column{{Header: "序号", Kind: ColSeq}, {Header: "众创空间名称"}, {Header: "运营主体"}, {Header: "所在市/区"}}}
	for i := range n {
		list.Rows = append(list.Rows, TableRow{Cells: []string{strconv.Itoa(i + 1), "第" + strconv.Itoa(i+1) + "号众创空间",
			"福建鹭岛第" + strconv.Itoa(i+1) + "科技创新服务有限公司", "福建省 厦门市 思明区"}})
	}
	return LetterInput{
		Sender:    "福建省科学技术厅",
		DocNo:     "闽科函〔2021〕12号",
		Title:     "关于推荐2021年度国家备案众创空间的函",
		Addressee: "科技部火炬中心：",
		Body:      []string{"根据2021年度众创空间国家备案工作的要求，经审核、专家评审和公示，现推荐以下众创空间申报国家备案："},
		List:      list,
		Closing:   []string{"特此函告。"},
		Date:      time.Date(2021, 11, 25, 9, 0, 0, 0, clock.Zone),
	}
}

func TestLetter(t *testing.T) {
	tests := []struct {
		name  string
		in    LetterInput
		pages int
		want  []string
		not   []string
	}{
		{"a short list fits one unnumbered page", fixedLetter(3), 1,
			[]string{"福建省科学技术厅", "闽科函〔2021〕12号", "关于推荐2021年度国家备案众创空间的函", "科技部火炬中心：",
				"经审核、专家评审和公示", "序号众创空间名称运营主体所在市/区", "1第1号众创空间福建鹭岛第1科技创新服务有限公司福建省厦门市思明区",
				"3第3号众创空间", "特此函告。", "（印章处）", "福建省科学技术厅2021年11月25日"},
			[]string{"第 1 页"}},
		{"without a 文号 no line is printed for it", func() LetterInput { in := fixedLetter(1); in.DocNo = ""; return in }(), 1,
			[]string{"福建省科学技术厅关于推荐"}, []string{"〔"}},
		{"a long list runs over pages, numbered, its header repeated", fixedLetter(40), 0,
			[]string{"40第40号众创空间", "第 1 页 共", "（印章处）"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, err := Letter(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			checkPDF(t, pdf)
			if dir := os.Getenv("HATCH_DOCGEN_OUT"); dir != "" { // for a look at the pages
				name := strings.ReplaceAll(tt.name, " ", "-") + ".pdf"
				if err := os.WriteFile(filepath.Join(dir, name), pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			n := testkit.PDFPages(t, pdf)
			if tt.pages > 0 && n != tt.pages || tt.pages == 0 && n < 2 {
				t.Errorf("%d pages", n)
			}
			text := squash(testkit.PDFText(t, pdf))
			for _, w := range tt.want {
				if !strings.Contains(text, squash(w)) {
					t.Errorf("the letter lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(text, w) {
					t.Errorf("the letter has %q", w)
				}
			}
			if n > 1 && strings.Count(text, "序号众创空间名称") != n {
				t.Errorf("the list's header is on %d of %d pages", strings.Count(text, "序号众创空间名称"), n)
			}
		})
	}
}
