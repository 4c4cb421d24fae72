package store_test

import (
	"context"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

func TestMigrateTwiceChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		before, err := s.SchemaVersion(ctx)
		if err != nil || before < 1 {
			t.Fatalf("version after first migrate = %d, %v", before, err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		after, _ := s.SchemaVersion(ctx)
		if after != before {
			t.Fatalf("version changed from %d to %d", before, after)
		}
	})
}
