package testkit

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// TempFile writes data to a file called name in the test's temporary
// directory and returns its path.
func TempFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// PDFText is the text that poppler's pdftotext reads from pdf, in UTF-8;
// args go before the file (-layout, -f 2, -nodiag …).
func PDFText(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	p := Tool(t, "pdftotext", "poppler-utils")
	args = append(append([]string{"-enc", "UTF-8"}, args...), TempFile(t, "doc.pdf", pdf), "-")
	out, err := exec.Command(p, args...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

var pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)

// PDFPages is the page count that poppler's pdfinfo reads from pdf.
func PDFPages(t testing.TB, pdf []byte) int {
	t.Helper()
	out, err := exec.Command(Tool(t, "pdfinfo", "poppler-utils"), TempFile(t, "doc.pdf", pdf)).
		CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := pagesLine.FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo printed no page count:\n%s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
