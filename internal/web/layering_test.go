package web_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPagesGoThroughTheService: the web layer never reaches the store;
// every page and API route asks the service, which checks who is asking.
// Tests may still build their fixtures with the store.
func TestPagesGoThroughTheService(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "hatch/internal/store" || p == "hatch/internal/storetest" {
				t.Errorf("%s imports %s; ask the service instead", path, p)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("read only %d source files of package web", checked)
	}
}
