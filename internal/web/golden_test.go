package web_test

import (
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// volatile matches the parts of a page that change on every request
// whatever the clock: tokens, random ids and database ids, which differ
// between the engines.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(name="_csrf" value=")[^"]+`), "${1}CSRF"},
	{regexp.MustCompile(`(data-csrf=")[^"]+`), "${1}CSRF"},
	{regexp.MustCompile(`(/captcha/)[A-Za-z0-9_-]{20,}`), "${1}ID"},
	{regexp.MustCompile(`(name="captcha_id" value=")[^"]+`), "${1}ID"},
	// Each 下载材料 button carries a fresh one-time token.
	{regexp.MustCompile(`(name="press" value=")[^"]+`), "${1}PRESS"},
	{regexp.MustCompile(`/(carriers|staff)/\d+/`), "/$1/N/"},
	{regexp.MustCompile(`(请提供编号：)[0-9a-f]+`), "${1}REQUEST"},
	// Static files are linked by their content's hash, which every change
	// to them moves.
	{regexp.MustCompile(`(/static/[a-z]+)\.[0-9a-f]{12}\.`), "${1}.HASH."},
	// The 工作台 lists the demo's submitted applications with their ids,
	// 受理编号 and random 版本号.
	{regexp.MustCompile(`(<a href="/review/)\d+(" id="open-)\d+(">ZC\d{4}-\d{6}-)\d{6}`), "${1}N${2}N${3}N"},
	{regexp.MustCompile(`(<a href="/review/)\d+(" tabindex="-1">)`), "${1}N${2}"},
	{regexp.MustCompile(`(<td class="q-version">)[^<]+`), "${1}VERSION"},
	// Its batch checkboxes carry the same ids.
	{regexp.MustCompile(`(name="app" value=")\d+(" id="pick-)\d+`), "${1}N${2}N"},
	{regexp.MustCompile(`(name="status-)\d+`), "${1}N"},
}

func normalise(body string) string {
	for _, v := range volatile {
		body = v.re.ReplaceAllString(body, v.with)
	}
	return body
}

// golden is how the golden-file tests compare what they render: each
// renders its pages on a site whose clock stands at g.at and hands them
// to g.check.
type golden struct {
	at    time.Time
	check func(t *testing.T, name, got string)
}

// goldenFiles compares pages byte for byte with testdata/*.golden.html,
// rendered at testkit.Day. Run with -update after an intended change, and
// review the diff.
var goldenFiles = golden{at: testkit.Day, check: func(t *testing.T, name, got string) {
	t.Helper()
	testkit.Golden(t, goldenPath(name), got)
}}

func goldenPath(name string) string { return filepath.Join("testdata", name+".golden.html") }

// each runs fn on every engine with a fresh store whose clock stands at
// g.at.
func (g golden) each(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, storetest.NewWithClock(t, engine, testkit.NewClock(g.at).Now))
		})
	}
}

// TestPagesMatchGoldenFiles renders the main pages and compares them with
// their golden files, on both engines.
func TestPagesMatchGoldenFiles(t *testing.T) { testMainPages(t, goldenFiles) }

func testMainPages(t *testing.T, g golden) {
	pages := []struct{ name, login, path string }{
		{"login", "", "/login"},
		{"services", "demo-applicant", "/services"},
		{"home", "demo-applicant", "/home"},
		{"my", "demo-applicant", "/my"},
		{"my-gate", "91350200MA2Y0DEM69", "/my?gate=1"},
		{"legal", "91350200MA2Y0DEM69", "/my/legal"},
		{"legal-certified", "demo-applicant", "/my/legal"},
		{"staff", "demo-applicant", "/staff"},
		{"workbench", "demo-city", "/workbench"},
		{"admin", "admin", "/admin"},
		{"not-found", "demo-applicant", "/no/such/page"},
	}
	g.each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		for _, p := range pages {
			t.Run(p.name, func(t *testing.T) {
				b := s.browser()
				if p.login != "" {
					b.mustLogin(p.login)
				}
				g.check(t, p.name, normalise(b.get(p.path).body))
			})
		}
	})
}

// TestGoldenFilesOnAnotherDay runs every golden-file test with the clock
// at testkit.Later and checks that the pages differ from the golden files
// in their dates and times only, and show the later date where the golden
// files show testkit.Day's: a page that printed the machine's date, or one
// that ignored the clock, fails here on any day.
func TestGoldenFilesOnAnotherDay(t *testing.T) {
	g := golden{at: testkit.Later, check: func(t *testing.T, name, got string) {
		t.Helper()
		testkit.SameButDates(t, name, testkit.ReadGolden(t, goldenPath(name)), got, testkit.Later)
	}}
	t.Run("main pages", func(t *testing.T) { testMainPages(t, g) })
	t.Run("application pages", func(t *testing.T) { testApplicationPages(t, g) })
	t.Run("申报书 versions", func(t *testing.T) { testVersionPages(t, g) })
	t.Run("review pages", func(t *testing.T) { testReviewPages(t, g) })
	t.Run("limits", func(t *testing.T) { testLimitPages(t, g) })
}
