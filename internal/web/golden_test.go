package web_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// volatile matches the parts of a page that change on every request.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(name="_csrf" value=")[^"]+`), "${1}CSRF"},
	{regexp.MustCompile(`(data-csrf=")[^"]+`), "${1}CSRF"},
	{regexp.MustCompile(`(data-expires=")\d+`), "${1}0"},
	{regexp.MustCompile(`(/captcha/)[A-Za-z0-9_-]{20,}`), "${1}ID"},
	{regexp.MustCompile(`(name="captcha_id" value=")[^"]+`), "${1}ID"},
	{regexp.MustCompile(`/(carriers|staff)/\d+/`), "/$1/N/"},
	{regexp.MustCompile(`(请提供编号：)[0-9a-f]+`), "${1}REQUEST"},
}

func normalise(body string) string {
	for _, v := range volatile {
		body = v.re.ReplaceAllString(body, v.with)
	}
	return body
}

// TestPagesMatchGoldenFiles renders the main pages and compares them with
// testdata/*.golden.html, byte for byte, on both engines. Run with -update
// after an intended change, and review the diff.
func TestPagesMatchGoldenFiles(t *testing.T) {
	pages := []struct{ name, login, path string }{
		{"login", "", "/login"},
		{"services", "demo-applicant", "/services"},
		{"home", "demo-applicant", "/home"},
		{"my", "demo-applicant", "/my"},
		{"my-gate", "91350200MA2Y0DEM69", "/my?gate=1"},
		{"legal", "91350200MA2Y0DEM69", "/my/legal"},
		{"staff", "demo-applicant", "/staff"},
		{"workbench", "demo-city", "/workbench"},
		{"admin", "admin", "/admin"},
		{"not-found", "demo-applicant", "/no/such/page"},
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		for _, p := range pages {
			t.Run(p.name, func(t *testing.T) {
				b := s.browser()
				if p.login != "" {
					b.mustLogin(p.login)
				}
				checkGolden(t, p.name, normalise(b.get(p.path).body))
			})
		}
	})
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.html")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Fatalf("%s differs from %s; run with -update and review the diff", name, path)
	}
}
