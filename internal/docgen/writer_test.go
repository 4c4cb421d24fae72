package docgen

import (
	"fmt"
	"hatch/internal/testkit"
	"strings"
	"testing"
)

func TestWriterPageBreaksAndNumbers(t *testing.T) {
	w, err := NewWriter(Info{Title: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	w.Title("多页文档")
	for i := range 60 {
		w.Heading(fmt.Sprintf("第%d节", i+1))
		w.Paragraph(fmt.Sprintf("段落%d：", i+1) + strings.Repeat("这是一段用于测试自动分页的正文。", 3))
	}
	w.SignatureBlock(SignLine{Label: "签字：", Blank: 40})
	w.BottomNote("页脚说明")
	pages := w.Pages()
	if pages < 3 {
		t.Fatalf("%d pages, want several", pages)
	}
	pdf, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	checkPDF(t, pdf)
	if _, err := w.Bytes(); err == nil {
		t.Error("second Bytes call succeeded")
	}
	if got := testkit.PDFPages(t, pdf); got != pages {
		t.Errorf("pdfinfo: %d pages, Writer counted %d", got, pages)
	}
	text := testkit.PDFText(t, pdf)
	for p := 1; p <= pages; p++ {
		if want := fmt.Sprintf("第%d页共%d页", p, pages); !strings.Contains(squash(text), want) {
			t.Errorf("page number %q missing", want)
		}
	}
	// Each page's footer comes at the end of that page's text.
	for i, page := range strings.Split(strings.TrimRight(text, "\f"), "\f") {
		if want := fmt.Sprintf("第%d页共%d页", i+1, pages); !strings.HasSuffix(squash(page), want) {
			t.Errorf("page %d does not end with %q: ...%q", i+1, want, squash(page)[max(0, len(squash(page))-60):])
		}
	}
	for i := range 60 {
		if want := fmt.Sprintf("段落%d：", i+1); !strings.Contains(squash(text), want) {
			t.Errorf("%q missing", want)
		}
	}
}

func TestWriterEmptyDocument(t *testing.T) {
	w, err := NewWriter(Info{})
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	checkPDF(t, pdf)
	if got := testkit.PDFPages(t, pdf); got != 1 {
		t.Errorf("%d pages, want 1", got)
	}
	if text := squash(testkit.PDFText(t, pdf)); text != "第1页共1页" {
		t.Errorf("text %q, want only the page number", text)
	}
}
