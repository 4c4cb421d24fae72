package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

var ctx = context.Background()

// eachWithClock runs fn on every engine with a fake clock.
func eachWithClock(t *testing.T, fn func(t *testing.T, st *store.Store, c *testkit.Clock)) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := testkit.NewClock(testkit.Now())
			fn(t, storetest.NewWithClock(t, engine, c.Now), c)
		})
	}
}

func inTx(t *testing.T, st *store.Store, fn func(tx *store.Tx) error) error {
	t.Helper()
	return st.InTx(ctx, fn)
}

func mustTx(t *testing.T, st *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := st.InTx(ctx, fn); err != nil {
		t.Fatalf("transaction: %v", err)
	}
}

// wantErr fails unless err is target (errors.Is).
func wantErr(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("err = %v, want %v", err, target)
	}
}

func wantKind(t *testing.T, err error, kind domain.Kind) {
	t.Helper()
	if err == nil || domain.KindOf(err) != kind {
		t.Fatalf("err = %v (kind %d), want kind %d", err, domain.KindOf(err), kind)
	}
}

// newOrg creates an organisation and returns its id.
func newOrg(t *testing.T, st *store.Store, name, uscc string) int64 {
	t.Helper()
	var id int64
	mustTx(t, st, func(tx *store.Tx) error {
		var err error
		id, err = tx.CreateOrg(ctx, name, uscc, false)
		return err
	})
	return id
}

// newUser creates an account and returns its id.
func newUser(t *testing.T, st *store.Store, login string, role domain.Role, orgID int64) int64 {
	t.Helper()
	var id int64
	mustTx(t, st, func(tx *store.Tx) error {
		var err error
		id, err = tx.CreateUser(ctx, store.NewUser{Login: login, Name: login, PasswordHash: "x", Role: role, OrgID: orgID})
		return err
	})
	return id
}

func TestCreateUserLogins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		orgID := newOrg(t, st, "测试单位", "91350200MA2Y0DEM69")
		first := newUser(t, st, "Zhang.San", domain.RoleStaff, orgID)

		tests := []struct {
			name     string
			login    string
			conflict bool
		}{
			{"the same login is a Conflict", "Zhang.San", true},
			{"the login in lower case is a Conflict", "zhang.san", true},
			{"the login in upper case with spaces is a Conflict", "  ZHANG.SAN ", true},
			{"a different login is created", "zhang.san2", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := inTx(t, st, func(tx *store.Tx) error {
					_, err := tx.CreateUser(ctx, store.NewUser{Login: tt.login, PasswordHash: "x", Role: domain.RoleStaff, OrgID: orgID})
					return err
				})
				if tt.conflict {
					wantErr(t, err, store.ErrDuplicate)
					return
				}
				if err != nil {
					t.Fatalf("create %q: %v", tt.login, err)
				}
			})
		}

		t.Run("a login is found whatever its case and keeps its spelling", func(t *testing.T) {
			u, hash, err := st.UserByLogin(ctx, " ZHANG.san ")
			if err != nil || u.ID != first || u.Login != "Zhang.San" || hash != "x" {
				t.Fatalf("UserByLogin = %+v %q %v", u, hash, err)
			}
		})

		t.Run("an unknown login is NotFound", func(t *testing.T) {
			_, _, err := st.UserByLogin(ctx, "nobody")
			wantKind(t, err, domain.NotFound)
		})
	})
}

// TestLoginsThatAreCodes: a migrated account's login is its 统一社会信用代码,
// stored in canonical form and found however the code is typed; the same
// code in another spelling is the same login.
func TestLoginsThatAreCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		orgID := newOrg(t, st, "测试单位", "91350200MA2Y0DEM69")
		id := newUser(t, st, " ９１３５０２００ｍａ２ｙ０ｄｅｍ６９ ", domain.RoleLegal, orgID)
		for _, typed := range []string{"91350200MA2Y0DEM69", "91350200ma2y0dem69", "９１３５０２００ＭＡ２Ｙ０ＤＥＭ６９",
			"913502 00MA2Y 0DEM69", "91350200-MA2Y0DEM69"} {
			u, _, err := st.UserByLogin(ctx, typed)
			if err != nil || u.ID != id || u.Login != "91350200MA2Y0DEM69" {
				t.Errorf("UserByLogin(%q) = #%d %q, %v; want #%d 91350200MA2Y0DEM69", typed, u.ID, u.Login, err, id)
			}
		}
		err := inTx(t, st, func(tx *store.Tx) error {
			_, err := tx.CreateUser(ctx, store.NewUser{Login: "91350200ma2y0dem69", PasswordHash: "x", Role: domain.RoleLegal})
			return err
		})
		wantErr(t, err, store.ErrDuplicate)
		if _, _, err := st.UserByLogin(ctx, "91350200MA2Y0DEM68"); domain.KindOf(err) != domain.NotFound {
			t.Errorf("another code (a wrong check character) finds %v", err)
		}
	})
}

func TestCreateOrgDuplicateUSCCIsConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		newOrg(t, st, "甲", "91110000600037341L")
		err := inTx(t, st, func(tx *store.Tx) error {
			_, err := tx.CreateOrg(ctx, "乙", "91110000600037341L", false)
			return err
		})
		wantErr(t, err, store.ErrDuplicate)
	})
}

func TestSaveLegalInfoRevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		id := newOrg(t, st, "原名称", "91350200776049653A")
		otherID := newOrg(t, st, "另一单位", "91440101MA5CJQ4N59")
		o, err := st.Org(ctx, id)
		if err != nil || o.Revision != 1 {
			t.Fatalf("new org revision = %d, %v", o.Revision, err)
		}
		save := func(name string, rev int64) error {
			upd := o
			upd.Name = name
			return inTx(t, st, func(tx *store.Tx) error { return tx.SaveLegalInfo(ctx, upd, rev) })
		}

		t.Run("saving at the current revision bumps it", func(t *testing.T) {
			if err := save("新名称", 1); err != nil {
				t.Fatal(err)
			}
			got, _ := st.Org(ctx, id)
			if got.Name != "新名称" || got.Revision != 2 {
				t.Fatalf("after save: name %q revision %d", got.Name, got.Revision)
			}
		})

		t.Run("saving at a stale revision is a Conflict and changes nothing", func(t *testing.T) {
			wantErr(t, save("过期的名称", 1), store.ErrStale)
			got, _ := st.Org(ctx, id)
			if got.Name != "新名称" || got.Revision != 2 {
				t.Fatalf("stale save changed the org: name %q revision %d", got.Name, got.Revision)
			}
		})

		t.Run("saving at a future revision is a Conflict", func(t *testing.T) {
			wantErr(t, save("未来的名称", 99), store.ErrStale)
		})

		t.Run("taking another organisation's USCC is a Conflict", func(t *testing.T) {
			cur, _ := st.Org(ctx, otherID)
			cur.USCC = "91350200776049653A"
			err := inTx(t, st, func(tx *store.Tx) error { return tx.SaveLegalInfo(ctx, cur, cur.Revision) })
			wantErr(t, err, store.ErrDuplicate)
		})

		t.Run("a certification status change also bumps the revision", func(t *testing.T) {
			mustTx(t, st, func(tx *store.Tx) error { return tx.SetCertStatus(ctx, id, domain.CertPassed, "") })
			got, _ := st.Org(ctx, id)
			if got.Revision != 3 || got.CertStatus != domain.CertPassed || got.CertifiedAt.IsZero() {
				t.Fatalf("after SetCertStatus: revision %d status %s certified at %v", got.Revision, got.CertStatus, got.CertifiedAt)
			}
		})
	})
}

func TestCaptchas(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, c *testkit.Clock) {
		take := func(id string) (string, error) {
			var d string
			err := inTx(t, st, func(tx *store.Tx) error {
				var err error
				d, err = tx.TakeCaptcha(ctx, id)
				return err
			})
			return d, err
		}

		t.Run("a captcha can be taken once", func(t *testing.T) {
			if err := st.SaveCaptcha(ctx, "cap-1", "12345", c.Now().Add(10*time.Minute)); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 2; i++ { // reading the digits does not use it up
				if d, err := st.CaptchaDigits(ctx, "cap-1"); err != nil || d != "12345" {
					t.Fatalf("CaptchaDigits = %q, %v", d, err)
				}
			}
			if d, err := take("cap-1"); err != nil || d != "12345" {
				t.Fatalf("first take = %q, %v", d, err)
			}
			_, err := take("cap-1")
			wantKind(t, err, domain.NotFound)
			_, err = st.CaptchaDigits(ctx, "cap-1")
			wantKind(t, err, domain.NotFound)
		})

		t.Run("an expired captcha cannot be taken", func(t *testing.T) {
			if err := st.SaveCaptcha(ctx, "cap-2", "54321", c.Now().Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			c.Advance(time.Minute + time.Second)
			_, err := take("cap-2")
			wantKind(t, err, domain.NotFound)
		})

		t.Run("an unknown captcha cannot be taken", func(t *testing.T) {
			_, err := take("never-made")
			wantKind(t, err, domain.NotFound)
		})
	})
}

func TestThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		t0 := time.UnixMilli(testkit.Now().UnixMilli())
		get := func(key string) store.Throttle {
			t.Helper()
			var th store.Throttle
			mustTx(t, st, func(tx *store.Tx) error {
				var err error
				th, err = tx.Throttle(ctx, key)
				return err
			})
			return th
		}
		set := func(key string, th store.Throttle) {
			t.Helper()
			mustTx(t, st, func(tx *store.Tx) error { return tx.SetThrottle(ctx, key, th) })
		}

		t.Run("an unknown key has no failures", func(t *testing.T) {
			if th := get("login:nobody"); th.Failures != 0 || !th.WindowStart.IsZero() || !th.LockedUntil.IsZero() {
				t.Fatalf("unknown key = %+v", th)
			}
		})

		t.Run("setting a key twice keeps the second value", func(t *testing.T) {
			set("login:a", store.Throttle{Failures: 1, WindowStart: t0})
			set("login:a", store.Throttle{Failures: 5, WindowStart: t0, LockedUntil: t0.Add(15 * time.Minute)})
			th := get("login:a")
			if th.Failures != 5 || !th.WindowStart.Equal(t0) || !th.LockedUntil.Equal(t0.Add(15*time.Minute)) {
				t.Fatalf("after upsert = %+v", th)
			}
		})

		t.Run("clearing a key forgets it and leaves others", func(t *testing.T) {
			set("ip:10.0.0.1", store.Throttle{Failures: 2, WindowStart: t0})
			mustTx(t, st, func(tx *store.Tx) error { return tx.ClearThrottle(ctx, "login:a") })
			if th := get("login:a"); th.Failures != 0 {
				t.Fatalf("cleared key = %+v", th)
			}
			if th := get("ip:10.0.0.1"); th.Failures != 2 {
				t.Fatalf("other key = %+v", th)
			}
		})
	})
}

func TestAuditLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		for _, e := range []domain.AuditEntry{
			{ActorLogin: "admin", Action: "user.create", TargetType: "user", TargetID: 1},
			{ActorLogin: "legal-a", Action: "carrier.create", TargetType: "carrier", TargetID: 2},
			{ActorLogin: "admin", Action: "user.disable", TargetType: "user", TargetID: 1, Detail: "停用", IP: "10.0.0.1"},
		} {
			mustTx(t, st, func(tx *store.Tx) error { return tx.Audit(ctx, e) })
		}
		tests := []struct {
			name   string
			filter domain.AuditFilter
			want   []string // actions, in order
		}{
			{"all entries are listed newest first", domain.AuditFilter{}, []string{"user.disable", "carrier.create", "user.create"}},
			{"filtering by action", domain.AuditFilter{Action: "carrier.create"}, []string{"carrier.create"}},
			{"filtering by actor keeps newest first", domain.AuditFilter{Actor: "admin"}, []string{"user.disable", "user.create"}},
			{"limit and offset page the list", domain.AuditFilter{Limit: 1, Offset: 1}, []string{"carrier.create"}},
			{"an unknown actor lists nothing", domain.AuditFilter{Actor: "ghost"}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := st.AuditLog(ctx, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				var actions []string
				for _, e := range got {
					actions = append(actions, e.Action)
				}
				if len(actions) != len(tt.want) {
					t.Fatalf("actions = %q, want %q", actions, tt.want)
				}
				for i := range actions {
					if actions[i] != tt.want[i] {
						t.Fatalf("actions = %q, want %q", actions, tt.want)
					}
				}
			})
		}
		t.Run("entries keep their details", func(t *testing.T) {
			got, _ := st.AuditLog(ctx, domain.AuditFilter{Limit: 1})
			if len(got) != 1 || got[0].Detail != "停用" || got[0].IP != "10.0.0.1" || got[0].TargetID != 1 || got[0].At.IsZero() || got[0].ActorID != 0 {
				t.Fatalf("newest entry = %+v", got)
			}
		})
	})
}

func TestUsersSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		orgID := newOrg(t, st, "搜索单位", "91440300MA5DEM0A63")
		newUser(t, st, "Alpha_One", domain.RoleLegal, orgID)
		newUser(t, st, "alphaxone", domain.RoleStaff, orgID)
		newUser(t, st, "beta", domain.RoleAdmin, 0)
		tests := []struct {
			name   string
			filter domain.UserFilter
			want   int
		}{
			{"no filter lists everyone", domain.UserFilter{}, 3},
			{"search ignores case", domain.UserFilter{Search: "ALPHA"}, 2},
			{"an underscore matches only an underscore", domain.UserFilter{Search: "a_o"}, 1},
			{"a percent sign matches only a percent sign", domain.UserFilter{Search: "%"}, 0},
			{"role narrows the list", domain.UserFilter{Role: domain.RoleAdmin}, 1},
			{"search and role combine", domain.UserFilter{Search: "alpha", Role: domain.RoleStaff}, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := st.Users(ctx, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != tt.want {
					t.Fatalf("%d users, want %d: %+v", len(got), tt.want, got)
				}
			})
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		orgID := newOrg(t, st, "会话单位", "91110108MA01DEMA94")
		alice := newUser(t, st, "alice", domain.RoleLegal, orgID)
		bob := newUser(t, st, "bob", domain.RoleStaff, orgID)

		t.Run("ending a user's sessions keeps the named one and other users'", func(t *testing.T) {
			for _, s := range []struct {
				hash string
				user int64
			}{{"h1", alice}, {"h2", alice}, {"h3", bob}} {
				mustTx(t, st, func(tx *store.Tx) error {
					return tx.CreateSession(ctx, store.Session{TokenHash: s.hash, UserID: s.user, CSRF: "c"}, "")
				})
			}
			mustTx(t, st, func(tx *store.Tx) error { return tx.DeleteUserSessions(ctx, alice, "h1") })
			for hash, live := range map[string]bool{"h1": true, "h2": false, "h3": true} {
				_, err := st.Session(ctx, hash)
				if (err == nil) != live {
					t.Errorf("session %s: err %v, want live=%v", hash, err, live)
				}
			}
		})

		t.Run("another user's token cannot be revoked", func(t *testing.T) {
			var id int64
			mustTx(t, st, func(tx *store.Tx) error {
				var err error
				id, err = tx.CreateToken(ctx, alice, "脚本", "hatch_abcd", "tokhash")
				return err
			})
			wantKind(t, inTx(t, st, func(tx *store.Tx) error { return tx.RevokeToken(ctx, bob, id) }), domain.NotFound)
			if uid, err := st.TokenUser(ctx, "tokhash"); err != nil || uid != alice {
				t.Fatalf("TokenUser = %d, %v", uid, err)
			}
			if err := inTx(t, st, func(tx *store.Tx) error { return tx.RevokeToken(ctx, alice, id) }); err != nil {
				t.Fatal(err)
			}
			_, err := st.TokenUser(ctx, "tokhash")
			wantKind(t, err, domain.NotFound)
		})
	})
}

func TestCertificationDecidedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		orgID := newOrg(t, st, "人工认证单位", "91350200MA2Y0DEM69")
		admin := newUser(t, st, "admin", domain.RoleAdmin, 0)
		var id int64
		mustTx(t, st, func(tx *store.Tx) error {
			var err error
			id, err = tx.AddCertification(ctx, domain.Certification{OrgID: orgID, Kind: "manual", Status: domain.CertManualPending})
			return err
		})
		decide := func(st2 domain.CertStatus, reason string) error {
			return inTx(t, st, func(tx *store.Tx) error { return tx.DecideCertification(ctx, id, st2, admin, reason) })
		}
		if err := decide(domain.CertManualRejected, "不清晰"); err != nil {
			t.Fatal(err)
		}
		wantErr(t, decide(domain.CertManualApproved, ""), store.ErrStale)
		c, err := st.CertificationByID(ctx, id)
		if err != nil || c.Status != domain.CertManualRejected || c.Reason != "不清晰" || c.DecidedBy != admin || c.OrgName != "人工认证单位" {
			t.Fatalf("certification = %+v, %v", c, err)
		}
	})
}

func TestRegistryUpsert(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		put := func(e domain.RegistryEntry) {
			mustTx(t, st, func(tx *store.Tx) error { return tx.PutRegistryEntry(ctx, e) })
		}
		put(domain.RegistryEntry{USCC: "91110000600037341L", Name: "旧名", RepName: "甲", RepIDNumber: "11010519491231002X"})
		put(domain.RegistryEntry{USCC: "91110000600037341L", Name: "新名", RepName: "乙", RepIDNumber: "440524188001010014"})
		var got domain.RegistryEntry
		mustTx(t, st, func(tx *store.Tx) error {
			var err error
			got, err = tx.RegistryEntry(ctx, "91110000600037341L")
			return err
		})
		if got.Name != "新名" || got.RepName != "乙" || got.RepIDNumber != "440524188001010014" {
			t.Fatalf("entry = %+v", got)
		}
		if n, err := st.RegistrySize(ctx); err != nil || n != 1 {
			t.Fatalf("registry size = %d, %v", n, err)
		}
		err := inTx(t, st, func(tx *store.Tx) error { _, err := tx.RegistryEntry(ctx, "91350200776049653A"); return err })
		wantKind(t, err, domain.NotFound)
	})
}
