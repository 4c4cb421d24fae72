package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestMigrateTwiceChangesNothing: a fresh database has every migration in
// migrations/ applied, and migrating it again (as every instance does at
// start) applies none twice and keeps the data.
func TestMigrateTwiceChangesNothing(t *testing.T) {
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		before, err := s.SchemaVersion(ctx)
		if err != nil || before != len(files) {
			t.Fatalf("version after the first migrate = %d, %v; want %d, one per file", before, err, len(files))
		}
		id := newOrg(t, s, "迁移测试单位", "91350200MA2Y0DEM69")
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if after, _ := s.SchemaVersion(ctx); after != before {
			t.Fatalf("version changed from %d to %d", before, after)
		}
		if o, err := s.Org(ctx, id); err != nil || o.Name != "迁移测试单位" {
			t.Fatalf("the organisation written before the second migrate: %+v, %v", o, err)
		}
	})
}
