package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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
		// Files are numbered 1, 2, … without a gap; the newest's number is
		// the version.
		before, err := s.SchemaVersion(ctx)
		if want := highestMigration(t, files); err != nil || before != want || want != len(files) {
			t.Fatalf("version after the first migrate = %d, %v; want %d, the highest file's, and %d files",
				before, err, want, len(files))
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

// TestMigrationStoresIdentifiersCanonically: before 0008, codes were
// stored as typed — lower case, full width, grouped with spaces. 0008
// folds them to their canonical form in every table that holds them,
// keeps revisions (the code says the same), leaves other tables' values
// alone, and where folding would make a code another record's, leaves it
// as it was and says so in the audit log.
func TestMigrationStoresIdentifiersCanonically(t *testing.T) {
	const (
		upper   = "91110108MA0H01072T"
		fullLow = "９１１１０１０８ｍａ０ｈ０１０７２ｔ"
		id      = "11010519491231002X"
	)
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s := openAt(t, engine, 7)
			exec := func(q string, args ...any) {
				t.Helper()
				if err := s.Exec(ctx, q, args...); err != nil {
					t.Fatal(err)
				}
			}
			// Organisations, one of them with a passport grouped by a space.
			a := newOrg(t, s, "全角小写单位", fullLow)
			exec(`UPDATE orgs SET auth_id_type = 'idcard', auth_id_number = $1, rep_id_type = 'passport',
				rep_id_number = $2 WHERE id = $3`, "１１０１０５ １９４９１２３１ ００２ｘ", "e1234 5678", a)
			b := newOrg(t, s, "小写单位", "91350200ma2y0dem69")
			firstLower := newOrg(t, s, "先登记的小写单位", "91110108ma01dema94")
			laterUpper := newOrg(t, s, "后登记的规范单位", "91110108MA01DEMA94")
			upperFirst := newOrg(t, s, "先登记的规范单位", "91440300MA5DEM0A63")
			laterLower := newOrg(t, s, "后登记的小写单位", "91440300ma5dem0a63")
			// Logins as the old LoginKey keyed them: trimmed and lower-cased.
			addLogin := func(login string, org int64) int64 {
				exec(`INSERT INTO users (login, login_key, password_hash, name, role, org_id, created_at, updated_at)
					VALUES ($1, $2, 'x', '', 'legal', $3, 0, 0)`, login, strings.ToLower(strings.TrimSpace(login)), org)
				var uid int64
				if u, _, err := s.UserByLogin(ctx, login); err == nil {
					uid = u.ID
				}
				return uid
			}
			addLogin(fullLow, a)
			addLogin("91350200ma2y0dem69", b)
			staff := addLogin("Zhang.San", b)
			addLogin("91440300MA5DEM0A63", upperFirst)
			addLogin("９１４４０３００ＭＡ５ＤＥＭ０Ａ６３", laterLower)
			// The registry.
			for _, e := range []domain.RegistryEntry{
				{USCC: fullLow, Name: "全角小写单位", RepName: "张三", RepIDNumber: "11010519491231002x"},
				{USCC: "91440300MA5DEM0A63", Name: "规范", RepName: "李四", RepIDNumber: id},
				{USCC: "91440300ma5dem0a63", Name: "小写", RepName: "王五", RepIDNumber: id},
			} {
				mustTx(t, s, func(tx *store.Tx) error { return tx.PutRegistryEntry(ctx, e) })
			}
			// Rows of detail tables: codes in three tables, and a table without.
			carrier := newCarrier(t, s, b, "小写单位众创空间")
			app := newApplication(t, s, b, carrier, roundBefore15(t, s, 2021), 0)
			staffRow := insertRow(t, s, app, "staff", domain.Values{"name": "张三", "id_number": "１１０１０５１９４９１２３１００２ｘ"})
			team := insertRow(t, s, app, "teams", domain.Values{"name": "Team ABC", "company_uscc": "９１４４０１０１ＭＡ５ＣＪＱ４Ｎ５９"})
			firm := insertRow(t, s, app, "enterprises", domain.Values{"name": "海蓝", "uscc": "9144 0101 ma5c jq4n 59"})
			venue := insertRow(t, s, app, "venues", domain.Values{"name": "a-b c", "address": "x"})
			before, err := s.Application(ctx, b, app)
			if err != nil {
				t.Fatal(err)
			}

			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}

			t.Run("organisations' codes and document numbers", func(t *testing.T) {
				for _, c := range []struct {
					org                  int64
					uscc, auth, rep, why string
				}{
					{a, upper, id, "E12345678", "full width and lower case fold"},
					{b, "91350200MA2Y0DEM69", "", "", "lower case folds"},
					{firstLower, "91110108ma01dema94", "", "", "a code already written canonically keeps it"},
					{laterUpper, "91110108MA01DEMA94", "", "", "the canonical code stays"},
					{upperFirst, "91440300MA5DEM0A63", "", "", "the canonical code stays"},
					{laterLower, "91440300ma5dem0a63", "", "", "the code another has is left as it was"},
				} {
					o, err := s.Org(ctx, c.org)
					if err != nil || o.USCC != c.uscc || o.AuthIDNumber != c.auth || o.RepIDNumber != c.rep || o.Revision != 1 {
						t.Errorf("%s: %q %q %q rev %d, %v; want %q %q %q rev 1", c.why, o.USCC, o.AuthIDNumber,
							o.RepIDNumber, o.Revision, err, c.uscc, c.auth, c.rep)
					}
				}
			})
			t.Run("logins that are codes", func(t *testing.T) {
				for _, c := range []struct{ typed, login string }{
					{"91110108ma0h01072t", upper},
					{"９１１１ ０１０８ ＭＡ０Ｈ ０１０７２Ｔ", upper},
					{"91350200MA2Y0DEM69", "91350200MA2Y0DEM69"},
					{"zhang.san", "Zhang.San"},
					{"91440300ma5dem0a63", "91440300MA5DEM0A63"},
				} {
					u, _, err := s.UserByLogin(ctx, c.typed)
					if err != nil || u.Login != c.login {
						t.Errorf("UserByLogin(%q) = %q, %v; want %q", c.typed, u.Login, err, c.login)
					}
				}
				if staff == 0 {
					t.Error("the staff login was not written")
				}
			})
			t.Run("the registry", func(t *testing.T) {
				e, err := s.RegistryEntry(ctx, upper)
				if err != nil || e.Name != "全角小写单位" || e.RepIDNumber != id {
					t.Errorf("folded entry: %+v, %v", e, err)
				}
				for code, name := range map[string]string{"91440300MA5DEM0A63": "规范", "91440300ma5dem0a63": "小写"} {
					if e, err := s.RegistryEntry(ctx, code); err != nil || e.Name != name {
						t.Errorf("entry %s: %+v, %v; want %s kept", code, e, err, name)
					}
				}
			})
			t.Run("code columns of table rows, revisions and data_rev kept", func(t *testing.T) {
				for _, c := range []struct {
					row       int64
					key, want string
				}{
					{staffRow, "id_number", id},
					{team, "company_uscc", "91440101MA5CJQ4N59"},
					{firm, "uscc", "91440101MA5CJQ4N59"},
					{venue, "name", "a-b c"},
				} {
					r, err := s.Row(ctx, app, c.row)
					if err != nil || r.Data[c.key] != c.want || r.Revision != 1 {
						t.Errorf("row %d %s = %q rev %d, %v; want %q rev 1", c.row, c.key, r.Data[c.key], r.Revision, err, c.want)
					}
				}
				got, err := s.SearchRows(ctx, app, "teams", "91440101ma5cjq4n59")
				if err != nil || len(got) != 1 {
					t.Errorf("search finds %d rows by the folded code, %v", len(got), err)
				}
				after, err := s.Application(ctx, b, app)
				if err != nil || after.DataRev != before.DataRev || after.Revision != before.Revision {
					t.Errorf("application data_rev %d → %d, revision %d → %d, %v", before.DataRev, after.DataRev,
						before.Revision, after.Revision, err)
				}
			})
			t.Run("each code left as it was is reported", func(t *testing.T) {
				log, err := s.AuditLog(ctx, domain.AuditFilter{Action: store.ConflictAction})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, e := range log {
					got = append(got, e.TargetType+" "+e.Detail)
				}
				slices.Sort(got)
				want := []string{"org 统一社会信用代码“91110108ma01dema94”", "org 统一社会信用代码“91440300ma5dem0a63”",
					"registry 法人登记信息中的统一社会信用代码“91440300ma5dem0a63”", "user 登录名“９１４４０３００ＭＡ５ＤＥＭ０Ａ６３”"}
				if len(got) != len(want) {
					t.Fatalf("reported:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
				}
				for i := range want {
					if !strings.HasPrefix(got[i], want[i]) {
						t.Errorf("report %d = %q, want it to start %q", i, got[i], want[i])
					}
				}
			})
		})
	}
}

// highestMigration is the number of the last migration file, NNNN_name.sql.
func highestMigration(t *testing.T, files []string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.SplitN(filepath.Base(files[len(files)-1]), "_", 2)[0])
	if err != nil {
		t.Fatalf("migration file %s: %v", files[len(files)-1], err)
	}
	return n
}

// roundBefore15 inserts a round as Hatch did before migration 15 gave
// rounds their thresholds.
func roundBefore15(t *testing.T, s *store.Store, year int) int64 {
	t.Helper()
	id, err := s.InsertID(ctx, `INSERT INTO rounds (type_code, year, name, created_at, updated_at)
		VALUES ('makerspace', $1, '众创空间国家备案', 0, 0)`, year)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
