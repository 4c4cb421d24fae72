package store_test

import (
	"errors"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// Sessions read lately are kept for a second (session_cache.go). A change
// made by this process counts from the next read; one made by another
// instance on the same database counts within the second; a save changes
// no session and forgets none.
func TestSessionsReadLately(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		org := newOrg(t, st, "厦门创新工场有限公司", "91350200MA2Y0DEM69")
		user := newUser(t, st, "legal-a", domain.RoleLegal, org)
		session := func(t *testing.T, hash string) {
			t.Helper()
			mustTx(t, st, func(tx *store.Tx) error {
				return tx.CreateSession(ctx, store.Session{TokenHash: hash, UserID: user, CSRF: "c"}, "")
			})
			if _, err := st.SessionUser(ctx, hash); err != nil {
				t.Fatal(err)
			}
		}
		gone := func(t *testing.T, hash, why string) {
			t.Helper()
			if _, err := st.SessionUser(ctx, hash); !errors.Is(err, domain.ErrNotFound) {
				t.Fatalf("%s: SessionUser err %v, want NotFound", why, err)
			}
		}

		t.Run("a logout here counts at the next request", func(t *testing.T) {
			session(t, "h-logout")
			if err := st.DeleteSession(ctx, "h-logout"); err != nil {
				t.Fatal(err)
			}
			gone(t, "h-logout", "after DeleteSession")
		})

		t.Run("an account disabled here counts at the next request", func(t *testing.T) {
			session(t, "h-disable")
			mustTx(t, st, func(tx *store.Tx) error { return tx.SetUserDisabled(ctx, user, true) })
			defer mustTx(t, st, func(tx *store.Tx) error { return tx.SetUserDisabled(ctx, user, false) })
			su, err := st.SessionUser(ctx, "h-disable")
			if err != nil || !su.User.Disabled {
				t.Fatalf("SessionUser = %+v, %v; want the user disabled", su.User, err)
			}
		})

		t.Run("a session ended by another instance counts within a second", func(t *testing.T) {
			session(t, "h-elsewhere")
			if err := st.ExecElsewhere(ctx, `DELETE FROM sessions WHERE token_hash = $1`, "h-elsewhere"); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(time.Second + 200*time.Millisecond)
			for {
				_, err := st.SessionUser(ctx, "h-elsewhere")
				if errors.Is(err, domain.ErrNotFound) {
					break
				}
				if err != nil || time.Now().After(deadline) {
					t.Fatalf("SessionUser err %v after %v; want NotFound within a second", err, time.Since(deadline.Add(-1200*time.Millisecond)))
				}
				time.Sleep(50 * time.Millisecond)
			}
		})

		t.Run("a save forgets no session", func(t *testing.T) {
			session(t, "h-save")
			if err := st.ExecElsewhere(ctx, `DELETE FROM sessions WHERE token_hash = $1`, "h-save"); err != nil {
				t.Fatal(err)
			}
			if err := st.InSaveTx(ctx, func(*store.Tx) error { return nil }); err != nil {
				t.Fatal(err)
			}
			if _, err := st.SessionUser(ctx, "h-save"); err != nil {
				t.Fatalf("SessionUser after a save: %v; want the session kept", err)
			}
		})

		t.Run("a touch is kept in the session read", func(t *testing.T) {
			session(t, "h-touch")
			at := time.UnixMilli(1_800_000_000_000)
			if err := st.TouchSession(ctx, "h-touch", at); err != nil {
				t.Fatal(err)
			}
			su, err := st.SessionUser(ctx, "h-touch")
			if err != nil || !su.SeenAt.Equal(at) {
				t.Fatalf("SessionUser seen at %v, %v; want %v", su.SeenAt, err, at)
			}
		})
	})
}
