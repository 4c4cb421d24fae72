package docgen

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"
)

// TestScanCaption: the caption of an uploaded PDF's page names the page
// within the file, but never as a page number of the 申报书 would read.
func TestScanCaption(t *testing.T) {
	footer := regexp.MustCompile(`第\s*\d+\s*页[\s，,]*共\s*\d+\s*页`)
	tests := []struct {
		name        string
		p, n, total int
		want        string
	}{
		{"a one-page file needs no page", 1, 1, 1, "承诺书"},
		{"a page of a longer file is named within it", 2, 3, 3, "承诺书（原文件共 3 页之第 2 页）"},
		{"the last page printed of a cut file says so", 2, 2, 60,
			"承诺书（原文件共 60 页之第 2 页；仅印前 2 页，全文见系统存档）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanCaption("承诺书", tt.p, tt.n, tt.total)
			if got != tt.want {
				t.Errorf("caption %q, want %q", got, tt.want)
			}
			if footer.MatchString(got) {
				t.Errorf("caption %q reads as a page number", got)
			}
		})
	}
}

// pdfWithXref is a one-page PDF with its cross-reference table, offsets
// counted.
func pdfWithXref() []byte {
	objs := []string{"<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>"}
	b := []byte("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, len(b))
		b = append(b, fmt.Sprintf("%d 0 obj%sendobj\n", i+1, o)...)
	}
	xref := len(b)
	b = append(b, fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)...)
	for _, o := range offs {
		b = append(b, fmt.Sprintf("%010d 00000 n \n", o)...)
	}
	return append(b, fmt.Sprintf("trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)...)
}

// TestHasXref: a PDF the importer would read forever (no cross-reference
// table, or a startxref pointing nowhere) is told apart from a sound one.
func TestHasXref(t *testing.T) {
	sound := pdfWithXref()
	noXref := []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"a PDF with its table is read", sound, true},
		{"a PDF without startxref is not", noXref, false},
		{"a startxref past the end is not", bytes.Replace(sound, []byte("startxref\n"), []byte("startxref\n9"), 1), false},
		{"a startxref at a stray place is not", bytes.Replace(sound, []byte("startxref\n"), []byte("startxref\n1"), 1), false},
		{"an empty file is not", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hasXref(tt.data); got != tt.want {
				t.Errorf("hasXref = %v, want %v", got, tt.want)
			}
		})
	}
}
