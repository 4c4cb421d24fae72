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
