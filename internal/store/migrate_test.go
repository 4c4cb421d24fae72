package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
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

// openAt opens a fresh database on engine migrated up to version last.
func openAt(t *testing.T, engine string, last int) *store.Store {
	t.Helper()
	opts := storetest.Options(t, engine)
	opts.Now = testkit.NewClock(testkit.Now()).Now
	s, err := store.Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.MigrateTo(context.Background(), last); err != nil {
		t.Fatalf("migrate %s to %d: %v", engine, last, err)
	}
	return s
}

// TestMigrationVoidsManualRequestsThatNobodyDecided: before 0006, a manual
// 实名认证 request ended by new legal information was stored as rejected,
// with nobody as decider; 0006 makes those void and leaves every request an
// administrator decided as it was.
func TestMigrationVoidsManualRequestsThatNobodyDecided(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s := openAt(t, engine, 5)
			org := newOrg(t, s, "迁移作废单位", "91350200MA2Y0DEM69")
			admin := newUser(t, s, "migrate-admin", domain.RoleAdmin, 0)
			const ended = "已重新提交法人信息，原人工认证申请作废。"
			add := func(status string, by int64, reason string) int64 {
				t.Helper()
				var id int64
				mustTx(t, s, func(tx *store.Tx) error {
					var err error
					id, err = tx.AddCertification(ctx, domain.Certification{OrgID: org, Kind: "manual", Status: domain.CertManualPending})
					return err
				})
				var dby any
				if by != 0 {
					dby = by
				}
				if err := s.Exec(ctx, `UPDATE certifications SET status = $1, decided_by = $2, reason = $3 WHERE id = $4`,
					status, dby, reason, id); err != nil {
					t.Fatal(err)
				}
				return id
			}
			ended1 := add("manual_rejected", 0, ended)
			rejected := add("manual_rejected", admin, "营业执照照片不清晰。")
			rejectedSameWords := add("manual_rejected", admin, ended) // an admin's own words, though the same
			otherReason := add("manual_rejected", 0, "其他原因。")
			pending := add("manual_pending", 0, "")

			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				name string
				id   int64
				want domain.CertStatus
			}{
				{"a request ended by new legal information is void", ended1, domain.CertManualVoid},
				{"a request an administrator rejected stays rejected", rejected, domain.CertManualRejected},
				{"an administrator's rejection in the same words stays rejected", rejectedSameWords, domain.CertManualRejected},
				{"a rejection by nobody for another reason stays rejected", otherReason, domain.CertManualRejected},
				{"a pending request stays pending", pending, domain.CertManualPending},
			} {
				t.Run(c.name, func(t *testing.T) {
					got, err := s.CertificationByID(ctx, c.id)
					if err != nil || got.Status != c.want {
						t.Errorf("status %q, %v; want %q", got.Status, err, c.want)
					}
				})
			}
		})
	}
}
