package service_test

import (
	"strings"
	"testing"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/testkit"
)

// inChina is an instant on China's clock.
func inChina(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, clock.Zone)
}

// TestRoundsCloseOnChinasCalendar: the 2021 round closes at the end of
// 2021-11-19 in China, whatever the server's zone, and a closed round
// takes neither new applications nor edits.
func TestRoundsCloseOnChinasCalendar(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, c *testkit.Clock) {
		c.Set(inChina(2021, 11, 15, 10, 0))
		e := newAppEnv(t, st, func(s *service.Settings) { s.KeepRoundsOpen = false })
		app := e.newApp(t)

		c.Set(inChina(2021, 11, 19, 23, 59))
		t.Run("the last minute of the closing day still takes edits", func(t *testing.T) {
			rounds, err := e.svc.OpenRounds(ctx, "makerspace")
			wantOK(t, err)
			if len(rounds) != 1 {
				t.Fatalf("open rounds = %d, want 1", len(rounds))
			}
			_, err = e.svc.SaveSection(ctx, e.a, app, "basic", appValues("contact", "王经理"), 0)
			wantOK(t, err)
		})

		// 00:01 on the 20th in China is still the 19th in UTC.
		c.Set(inChina(2021, 11, 20, 0, 1))
		t.Run("the next day in China the round is closed", func(t *testing.T) {
			rounds, err := e.svc.OpenRounds(ctx, "makerspace")
			wantOK(t, err)
			if len(rounds) != 0 {
				t.Fatalf("open rounds = %d, want none", len(rounds))
			}
			_, err = e.svc.SaveSection(ctx, e.a, app, "basic", appValues("contact", "李经理"), 2)
			wantKind(t, err, domain.Forbidden)
			if !strings.Contains(err.Error(), "已于 2021-11-19 截止") {
				t.Fatalf("message %q does not say when the round closed", err)
			}
		})
	})
}

// TestTodayIsChinasDate: a date typed by a user is compared with today's
// date in China, so today is never "in the future", even before 08:00
// when the UTC date is still yesterday, nor tomorrow allowed after 16:00
// UTC.
func TestTodayIsChinasDate(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, c *testkit.Clock) {
		f := seed(t, st)
		svc := newService(t, st)
		legal := actorOf(t, svc, st, f.A.Legal.ID)
		started := func(name, day string) error {
			in := carrierInput(domain.KindIncubator, name)
			in.StartedOn = day
			_, err := svc.CreateCarrier(ctx, legal, in)
			return err
		}
		tests := []struct {
			name string
			at   time.Time
			day  string
			ok   bool
		}{
			{"today at 07:00 in China is accepted", inChina(2026, 12, 4, 7, 0), "2026-12-04", true},
			{"tomorrow at 07:00 in China is refused", inChina(2026, 12, 4, 7, 0), "2026-12-05", false},
			{"today at 23:30 in China is accepted", inChina(2026, 12, 4, 23, 30), "2026-12-04", true},
			{"tomorrow at 23:30 in China is refused, though UTC is already there", inChina(2026, 12, 4, 23, 30), "2026-12-05", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c.Set(tt.at)
				err := started(tt.name, tt.day)
				if tt.ok {
					wantOK(t, err)
					return
				}
				wantField(t, err, "started_on")
			})
		}
	})
}
