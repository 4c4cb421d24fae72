package testkit

import (
	"os"
	"os/exec"
	"testing"
)

// RequireAll reports whether the run must be complete: CI sets
// HATCH_TEST_REQUIRE_ALL=1 so that nothing is silently left untested.
func RequireAll() bool { return os.Getenv("HATCH_TEST_REQUIRE_ALL") != "" }

// Missing skips t for want of a dependency, or fails it when the run must
// be complete.
func Missing(t testing.TB, what string) {
	t.Helper()
	if RequireAll() {
		t.Fatalf("required test dependency missing: %s", what)
	}
	t.Skipf("skipped for want of %s", what)
}

// Tool returns the path of the program name, found on PATH; when it is
// missing, the test is skipped or failed as Missing says, naming the
// Debian package that brings it.
func Tool(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(
			t,
			name+" (Debian package "+debianPackage+"; scripts/install-test-deps.sh installs it)",
		)
	}
	return p
}

// Chromium returns the path of the browser for the browser tests:
// HATCH_CHROMIUM, or Debian's /usr/bin/chromium. When there is none, the
// test is skipped or failed as Missing says. The tests always give this
// path to their driver, so it never downloads a browser of its own.
func Chromium(t testing.TB) string {
	t.Helper()
	p := os.Getenv("HATCH_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		Missing(
			t,
			"Chromium at "+p+" (set HATCH_CHROMIUM, or install Debian's chromium with scripts/install-test-deps.sh)",
		)
	}
	return p
}
