package demo_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"hatch/internal/demo"
)

func TestPDFIsWellFormed(t *testing.T) {
	b := demo.PDF("Title (with parentheses)", "line two")
	s := string(b)
	if !strings.HasPrefix(s, "%PDF-1.4") || !strings.HasSuffix(s, "%%EOF\n") {
		t.Fatalf("not a PDF: %q", s)
	}
	// startxref points at the xref table, and every offset at its object.
	i := strings.LastIndex(s, "startxref\n")
	var xref int
	if _, err := fmt.Sscan(s[i+len("startxref\n"):], &xref); err != nil || !strings.HasPrefix(s[xref:], "xref\n") {
		t.Fatalf("startxref %d does not point at xref", xref)
	}
	lines := strings.Split(s[xref:], "\n")
	for n := 1; n <= 5; n++ {
		off, err := strconv.Atoi(strings.Fields(lines[2+n])[0])
		if err != nil || !strings.HasPrefix(s[off:], strconv.Itoa(n)+" 0 obj") {
			t.Errorf("object %d offset %d wrong", n, off)
		}
	}
}
