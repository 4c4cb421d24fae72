package service_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/testkit"
)

// limited is an appEnv whose limits are small enough to reach in a test.
func limited(t *testing.T, st *store.Store) *appEnv {
	t.Helper()
	return newAppEnv(t, st, func(s *service.Settings) {
		s.Limits = service.Limits{
			Renders:     2,
			Imports:     service.Rate{N: 2, Per: 10 * time.Minute},
			Exports:     service.Rate{N: 2, Per: 10 * time.Minute},
			ListExports: service.Rate{N: 1, Per: time.Hour},
		}
	})
}

// wantRefusal checks a refusal for now: TooMany, the wait, and the words.
func wantRefusal(t *testing.T, err error, retry time.Duration, words ...string) {
	t.Helper()
	wantKind(t, err, domain.TooMany)
	if got := domain.RetryOf(err); got != retry {
		t.Errorf("retry after %v, want %v", got, retry)
	}
	for _, w := range words {
		if !strings.Contains(domain.Message(err), w) {
			t.Errorf("message %q, want it to say %q", domain.Message(err), w)
		}
	}
}

// at is the time a refusal names: the instant in China, rounded up to
// the minute.
func at(t time.Time) string {
	return t.In(clock.Zone).Add(time.Minute - time.Nanosecond).Truncate(time.Minute).Format("15:04")
}

func TestExportLimits(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, c *testkit.Clock) {
		e := limited(t, st)
		appA, appB := e.newApp(t), mustApp(t, e, e.b, e.spaceB)
		start := c.Now()
		for range 2 {
			_, err := e.svc.ExportTable(ctx, e.a, appA, "teams")
			wantOK(t, err)
			c.Advance(time.Minute)
		}
		t.Run("beyond the rate, refused with when to try again", func(t *testing.T) {
			_, err := e.svc.TableTemplate(ctx, e.a, appA, "teams")
			wantRefusal(t, err, 8*time.Minute, "导出表格过于频繁", "每 10 分钟最多 2 次",
				"请于 "+at(start.Add(10*time.Minute))+" 后再试")
			_, err = e.svc.ExportApplication(ctx, e.a, appA)
			wantKind(t, err, domain.TooMany)
			_, err = e.svc.PledgeTemplateWord(ctx, e.a, appA)
			wantKind(t, err, domain.TooMany)
		})
		t.Run("another account's exports are its own", func(t *testing.T) {
			_, err := e.svc.ExportTable(ctx, e.b, appB, "teams")
			wantOK(t, err)
		})
		t.Run("once the window has passed, allowed again", func(t *testing.T) {
			c.Set(start.Add(10 * time.Minute))
			_, err := e.svc.ExportApplication(ctx, e.a, appA)
			wantOK(t, err)
		})
	})
}

func TestListExportLimits(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, c *testkit.Clock) {
		e := limited(t, st)
		reviewer := actorOf(t, e.svc, st, e.f.Reviewer.ID)
		_, _, err := e.svc.ExportQueue(ctx, reviewer, service.QueueFilter{})
		wantOK(t, err)
		t.Run("a department's lists have their own rate", func(t *testing.T) {
			_, _, err := e.svc.ExportPaperRegister(ctx, reviewer, service.PaperFilter{})
			wantRefusal(t, err, time.Hour, "导出名单过于频繁", "每 1 小时最多 1 次",
				"请于 "+at(c.Now().Add(time.Hour))+" 后再试")
		})
		t.Run("an application's exports are counted apart", func(t *testing.T) {
			_, err := e.svc.ExportTable(ctx, e.a, e.newApp(t), "teams")
			wantOK(t, err)
		})
		t.Run("once the window has passed, allowed again", func(t *testing.T) {
			c.Advance(time.Hour)
			_, _, err := e.svc.ExportQueue(ctx, reviewer, service.QueueFilter{})
			wantOK(t, err)
		})
	})
}

func TestRateRefusalNamesTheDayWhenItIsAnother(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, c *testkit.Clock) {
		e := newAppEnv(t, st, func(s *service.Settings) {
			s.Limits.Exports = service.Rate{N: 1, Per: 24 * time.Hour}
		})
		app := e.newApp(t)
		_, err := e.svc.ExportTable(ctx, e.a, app, "teams")
		wantOK(t, err)
		next := c.Now().Add(24 * time.Hour).In(clock.Zone).Add(time.Minute - time.Nanosecond).Truncate(time.Minute)
		_, err = e.svc.ExportTable(ctx, e.a, app, "teams")
		wantRefusal(t, err, 24*time.Hour, "每 24 小时最多 1 次", "请于 "+next.Format("1月2日 15:04")+" 后再试")
	})
}

func TestImportLimits(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, c *testkit.Clock) {
		e := limited(t, st)
		appA, appB := e.newApp(t), mustApp(t, e, e.b, e.spaceB)
		file := func() *service.Upload {
			return csvFile(teamHeader, "星火团队,张三,在孵,5,智能硬件,电子信息,2021-01-15,否")
		}
		start := c.Now()
		p := e.preview(t, appA, service.ImportAppend, file())
		t.Run("a commit is not counted against the rate", func(t *testing.T) {
			_, err := e.svc.CommitImport(ctx, e.a, appA, p.ID)
			wantOK(t, err)
		})
		e.preview(t, appA, service.ImportAppend, file())
		t.Run("beyond the rate, refused with when to try again", func(t *testing.T) {
			_, err := e.svc.PreviewImport(ctx, e.a, appA, service.ImportInput{Table: "teams", File: file()})
			wantRefusal(t, err, 10*time.Minute, "导入过于频繁", "每 10 分钟最多 2 次",
				"请于 "+at(start.Add(10*time.Minute))+" 后再试")
		})
		t.Run("another account's imports are its own", func(t *testing.T) {
			_, err := e.svc.PreviewImport(ctx, e.b, appB, service.ImportInput{Table: "teams", File: file()})
			wantOK(t, err)
		})
		c.Set(start.Add(10 * time.Minute))
		t.Run("while another import of the account runs, refused", func(t *testing.T) {
			// An import running on another instance holds the account's lease.
			taken, err := st.TakeLease(ctx, e.a.ID, "import", c.Now().Add(15*time.Minute))
			if err != nil || !taken {
				t.Fatalf("lease: %v, %v", taken, err)
			}
			_, err = e.svc.PreviewImport(ctx, e.a, appA, service.ImportInput{Table: "teams", File: file()})
			wantRefusal(t, err, 10*time.Second, "另一项导入正在进行")
			_, err = e.svc.PreviewImport(ctx, e.b, appB, service.ImportInput{Table: "teams", File: file()})
			wantOK(t, err)
		})
		t.Run("a lease its process left runs out", func(t *testing.T) {
			c.Advance(15 * time.Minute)
			e.preview(t, appA, service.ImportAppend, file())
		})
	})
}

func TestRenderLimits(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, _ *testkit.Clock) {
		e := limited(t, st)
		apps := []int64{e.newApp(t), e.spaceApp(t, "丙众创空间"), e.spaceApp(t, "丁众创空间")}
		first, err := e.svc.RequestVersion(ctx, e.a, apps[0], baseURL, "press-1")
		wantOK(t, err)
		t.Run("a second press while the render waits follows it", func(t *testing.T) {
			again, err := e.svc.RequestVersion(ctx, e.a, apps[0], baseURL, "press-2")
			wantOK(t, err)
			if again != first {
				t.Errorf("second press: job %d, want the waiting job %d", again, first)
			}
		})
		_, err = e.svc.RequestVersion(ctx, e.a, apps[1], baseURL, "press-3")
		wantOK(t, err)
		t.Run("beyond the limit, a press is refused", func(t *testing.T) {
			_, err := e.svc.RequestVersion(ctx, e.a, apps[2], baseURL, "press-4")
			wantRefusal(t, err, 30*time.Second, "已有 2 份申报书正在排队或生成")
		})
		t.Run("a render within the request counts with the queued ones", func(t *testing.T) {
			_, err := e.svc.GenerateVersion(ctx, e.a, apps[2], baseURL)
			wantKind(t, err, domain.TooMany)
		})
		t.Run("another account's presses are its own", func(t *testing.T) {
			_, err := e.svc.RequestVersion(ctx, e.b, mustApp(t, e, e.b, e.spaceB), baseURL, "press-b")
			wantOK(t, err)
		})
		t.Run("once a render is done, a press is taken again", func(t *testing.T) {
			startRenders(t, e.svc, 1)
			waitRender(t, e.svc, e.a, apps[0], first, service.RenderDone)
			_, err := e.svc.RequestVersion(ctx, e.a, apps[2], baseURL, "press-5")
			wantOK(t, err)
		})
	})
}

// TestRenderLimitHoldsForPressesAtOnce: presses sent together, as a
// script would, cannot all pass the same count.
func TestRenderLimitHoldsForPressesAtOnce(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, _ *testkit.Clock) {
		e := limited(t, st)
		apps := make([]int64, 6)
		for i := range apps {
			apps[i] = e.spaceApp(t, "众创空间"+string(rune('甲'+i)))
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		queued, refused := 0, 0
		for i, app := range apps {
			wg.Go(func() {
				_, err := e.svc.RequestVersion(ctx, e.a, app, baseURL, "press-"+string(rune('a'+i)))
				mu.Lock()
				defer mu.Unlock()
				switch domain.KindOf(err) {
				case domain.TooMany:
					refused++
				default:
					if err == nil {
						queued++
					} else {
						t.Errorf("press: %v", err)
					}
				}
			})
		}
		wg.Wait()
		if queued != 2 || refused != 4 {
			t.Errorf("%d queued and %d refused, want 2 and 4", queued, refused)
		}
	})
}

// spaceApp starts A's application for a new 众创空间 of the name.
func (e *appEnv) spaceApp(t *testing.T, name string) int64 {
	t.Helper()
	return mustApp(t, e, e.a, e.carrier(t, e.a, domain.KindMakerspace, name))
}

// mustApp starts an application of a's carrier in the round.
func mustApp(t *testing.T, e *appEnv, a domain.Actor, carrier int64) int64 {
	t.Helper()
	id, err := e.svc.CreateApplication(ctx, a, carrier, e.round.ID)
	wantOK(t, err)
	return id
}
