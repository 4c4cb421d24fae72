package docgen

import (
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
