package main

import (
	"io"
	"testing"

	"hatch/internal/config"
	"hatch/internal/service"
)

// TestLimitDefaultsAgree: the limits a server starts with when no
// HATCH_LIMIT_* is set are the service's defaults, which tests use.
func TestLimitDefaultsAgree(t *testing.T) {
	cfg, err := config.Load(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := limitsOf(cfg.Limits), service.DefaultLimits(); got != want {
		t.Fatalf("limits from the settings %+v, want the service's defaults %+v", got, want)
	}
}
