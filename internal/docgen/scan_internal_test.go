package docgen

import (
	"bytes"
	"regexp"
	"testing"

	"hatch/internal/demo"
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

// TestHasXref: a PDF the importer would read forever (no cross-reference
// table, or a startxref pointing nowhere) is told apart from a sound one.
func TestHasXref(t *testing.T) {
	sound := demo.PDF("sound")
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
