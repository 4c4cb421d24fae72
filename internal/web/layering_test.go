package web_test

import (
	"testing"

	"hatch/internal/testkit"
)

// TestPagesGoThroughTheService: the web layer never reaches the store;
// every page and API route asks the service, which checks who is asking.
// Tests may still build their fixtures with the store.
func TestPagesGoThroughTheService(t *testing.T) {
	testkit.ForbidImports(t, 10, "ask the service instead", "hatch/internal/store", "hatch/internal/storetest")
}
