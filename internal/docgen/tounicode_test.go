package docgen

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"hatch/internal/testkit"
)

// TestEveryPlanePrintsAndCopiesBack: characters of every plane, in the
// main fonts and in each fallback, print as themselves and come back out of
// the PDF's text layer unchanged; one no font has prints as its code point.
func TestEveryPlanePrintsAndCopiesBack(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{"common ideographs in the serif", "厦门市堃喆赟镕科技有限公司", ""},
		{"extension A", "㐀䶵", ""},
		{"extension B", "𠀀𪚥", ""},
		{"extension E, in the font but beyond the BMP", "𫠠𬺰", ""},
		{"extensions C, D and F", "𪜀𫝀𬺰𮯠", ""},
		{"extensions G and H", "𰀀𱍐", ""},
		{"compatibility ideographs", "\uF900\U0002F800", ""},
		{"〇 and an emoji", "〇😀👍", ""},
		{"an Arabic letter prints as its code point", "ا", "〔U+0627〕"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, err := NewWriter(Info{Title: "测试"})
			if err != nil {
				t.Fatal(err)
			}
			w.Text(c.in, Style{})
			w.Text(c.in, Style{Bold: true})
			pdf, err := w.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			checkPDF(t, pdf)
			want := c.want
			if want == "" {
				want = c.in
			}
			text := testkit.PDFText(t, pdf)
			if n := strings.Count(text, want); n != 2 {
				t.Errorf("the text layer has %q %d times, want 2 (regular and bold):\n%s", want, n, text)
			}
		})
	}
}

// TestPDFIsWellFormedAfterTheTextLayerIsMended: the rewritten maps move the
// objects after them; every object is where the cross-reference table
// says, and every ToUnicode stream is as long as its /Length says.
func TestPDFIsWellFormedAfterTheTextLayerIsMended(t *testing.T) {
	w, err := NewWriter(Info{Title: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	w.Text("𠀀𪚥𫠠😀 和 普通文字", Style{})
	w.Text("𠀀𪚥 粗体", Style{Bold: true})
	pdf, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(pdf, []byte("><20000>")) {
		t.Fatal("a five-digit ToUnicode entry is left")
	}
	sx := bytes.LastIndex(pdf, []byte("startxref\n"))
	xref, _ := strconv.Atoi(strings.Fields(string(pdf[sx+len("startxref\n"):]))[0])
	if !bytes.HasPrefix(pdf[xref:], []byte("xref\n")) {
		t.Fatalf("startxref %d does not point at the table", xref)
	}
	entries := regexp.MustCompile(`(?m)^(\d{10}) 00000 n $`).FindAllSubmatch(pdf[xref:sx], -1)
	if len(entries) < 10 {
		t.Fatalf("only %d objects in the table", len(entries))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj", i+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("object %d: the table says %d, where %.20q starts", i+1, off, pdf[off:])
		}
	}
	maps := regexp.MustCompile(`/Length (\d+)\n>>\nstream\n(/CIDInit(?s:.*?))endstream`).FindAllSubmatch(pdf, -1)
	if len(maps) == 0 {
		t.Fatal("no ToUnicode map found")
	}
	for _, m := range maps {
		if n, _ := strconv.Atoi(string(m[1])); n != len(m[2]) {
			t.Errorf("a ToUnicode map of %d bytes says /Length %d", len(m[2]), n)
		}
	}
}
