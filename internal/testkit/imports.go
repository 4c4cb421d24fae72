package testkit

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// ForbidImports fails t for every non-test source file of the package in
// the working directory (the package under test) that imports one of
// forbidden; why says what to do instead. It fails too when it finds fewer
// than least files, so a moved package cannot pass by being empty.
func ForbidImports(t *testing.T, least int, why string, forbidden ...string) {
	t.Helper()
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
			if p, _ := strconv.Unquote(imp.Path.Value); slices.Contains(forbidden, p) {
				t.Errorf("%s imports %s; %s", path, p, why)
			}
		}
	}
	if checked < least {
		t.Fatalf("read only %d source files, want at least %d", checked, least)
	}
}
