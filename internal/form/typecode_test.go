package form_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNoCodeAsksWhichTypeItIs is the grep test of the declarations: pages,
// PDF, API, imports and the service take a type's words and rules from its
// declaration, so no code outside them names a type. The declarations are
// internal/form (the types) and internal/domain/chains.go (their chains);
// the rounds Hatch ships and the demo data name the type they are for.
func TestNoCodeAsksWhichTypeItIs(t *testing.T) {
	named := regexp.MustCompile(`form\.(Makerspace|Incubator|Exemption)\b|domain\.Type(Makerspace|Incubator|Exemption)\b|TypeCode\s*[!=]=\s*"`)
	allowed := map[string]bool{
		"internal/service/rounds.go":            true, // the shipped rounds
		"internal/seed/applications.go":         true, // the demo's rounds
		"internal/store/migrate_identifiers.go": true, // a comment on history
	}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "internal/form/") || rel == "internal/domain/chains.go" || allowed[rel] {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if named.MatchString(line) {
				t.Errorf("%s:%d names an application type: %s", rel, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
