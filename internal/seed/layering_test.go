package seed_test

import (
	"testing"

	"hatch/internal/testkit"
)

// TestSeedUsesOnlyTheService: the demo is entered as users would enter it,
// through the service's public use cases, so it can hold nothing the rules
// refuse. Reaching the store or the blob store directly would bypass them.
func TestSeedUsesOnlyTheService(t *testing.T) {
	testkit.ForbidImports(t, 4, "seed through the service's public methods",
		"hatch/internal/store", "hatch/internal/storetest", "hatch/internal/blob", "hatch/internal/docgen")
}
