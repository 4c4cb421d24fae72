package store_test

import (
	"context"
	"testing"
	"time"

	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// TestUseCounts: a window begins at the first use after the last one
// ended and counts every use in it; each account and action has its own.
func TestUseCounts(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx, clock := context.Background(), testkit.NewClock(testkit.Now())
			st := storetest.NewWithClock(t, engine, clock.Now)
			start := clock.Now()
			steps := []struct {
				name      string
				advance   time.Duration
				user      int64
				action    string
				wantN     int
				wantStart time.Time
			}{
				{"the first use opens a window", 0, 1, "export", 1, start},
				{"a use within it is counted in it", 9 * time.Minute, 1, "export", 2, start},
				{"another action has its own count", 0, 1, "import", 1, start.Add(9 * time.Minute)},
				{"another account has its own count", 0, 2, "export", 1, start.Add(9 * time.Minute)},
				{"a use once the window has ended opens another", time.Minute, 1, "export", 1, start.Add(10 * time.Minute)},
			}
			for _, s := range steps {
				t.Run(s.name, func(t *testing.T) {
					clock.Advance(s.advance)
					n, from, err := st.CountUse(ctx, s.user, s.action, 10*time.Minute)
					if err != nil || n != s.wantN || !from.Equal(s.wantStart) {
						t.Fatalf("CountUse = %d from %v (%v), want %d from %v", n, from, err, s.wantN, s.wantStart)
					}
				})
			}
		})
	}
}

// TestLeases: one lease per account and action at a time; it ends when
// dropped or when its time runs out, and dropping an old one leaves a
// newer one alone.
func TestLeases(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx, clock := context.Background(), testkit.NewClock(testkit.Now())
			st := storetest.NewWithClock(t, engine, clock.Now)
			take := func(user int64, action string, d time.Duration) (bool, time.Time) {
				t.Helper()
				until := clock.Now().Add(d)
				ok, err := st.TakeLease(ctx, user, action, until)
				if err != nil {
					t.Fatal(err)
				}
				return ok, until
			}
			first, until := take(1, "import", time.Minute)
			t.Run("a lease is taken once", func(t *testing.T) {
				if again, _ := take(1, "import", time.Minute); !first || again {
					t.Fatalf("took %v then %v, want true then false", first, again)
				}
			})
			t.Run("another account or action is free", func(t *testing.T) {
				if a, _ := take(2, "import", time.Minute); !a {
					t.Error("another account's lease refused")
				}
				if b, _ := take(1, "render:x", time.Minute); !b {
					t.Error("another action's lease refused")
				}
			})
			t.Run("leases are counted by the start of their action", func(t *testing.T) {
				take(1, "render:y", time.Minute)
				if n, err := st.LiveLeases(ctx, 1, "render:"); err != nil || n != 2 {
					t.Errorf("LiveLeases = %d (%v), want 2", n, err)
				}
				if n, _ := st.LiveLeases(ctx, 1, "render_"); n != 0 {
					t.Errorf("an underscore matched as a wildcard: %d", n)
				}
			})
			t.Run("a dropped lease is free again", func(t *testing.T) {
				if err := st.DropLease(ctx, 1, "import", until); err != nil {
					t.Fatal(err)
				}
				if ok, _ := take(1, "import", time.Minute); !ok {
					t.Error("refused after the drop")
				}
			})
			t.Run("a lease whose time ran out is free, and its old holder drops nothing", func(t *testing.T) {
				_, old := take(3, "import", time.Minute)
				clock.Advance(time.Minute)
				ok, newer := take(3, "import", time.Minute)
				if !ok {
					t.Fatal("refused after the time ran out")
				}
				if err := st.DropLease(ctx, 3, "import", old); err != nil {
					t.Fatal(err)
				}
				if again, _ := take(3, "import", time.Minute); again {
					t.Errorf("the newer lease until %v was dropped with the old one", newer)
				}
			})
		})
	}
}
