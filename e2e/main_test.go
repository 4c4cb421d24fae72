package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// hatchBin is the hatch binary TestMain builds from ../cmd/hatch.
var hatchBin string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "hatch-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	hatchBin = filepath.Join(dir, "hatch")
	build := exec.Command("go", "build", "-o", hatchBin, "../cmd/hatch")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build ../cmd/hatch: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// need skips the test because something it needs is missing, or fails it
// when HATCH_TEST_REQUIRE_ALL is set, so CI never passes by skipping.
func need(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("HATCH_TEST_REQUIRE_ALL") != "" {
		t.Fatalf("HATCH_TEST_REQUIRE_ALL is set, but: "+format, args...)
	}
	t.Skipf(format, args...)
}

// chromiumPath is HATCH_CHROMIUM or Debian's /usr/bin/chromium; empty when
// neither exists. Rod is always given this path, so it never downloads.
func chromiumPath() string {
	p := os.Getenv("HATCH_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}
