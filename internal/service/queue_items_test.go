package service_test

import (
	"testing"
	"time"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// TestQueueItemFacts follows 启明星 along the chain with a moving clock and
// reads its 工作台 row at each department: the days it has waited there,
// the paper check, the score, the deadlines and a running 公示.
func TestQueueItemFacts(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, clock *testkit.Clock) {
		c := newChain(t, st)
		v := c.generate(t)
		app := c.submit(t) // 2021-11-15 10:00
		// 启明星's row, found by its 受理编号 in its round (the demo
		// organisation has other applications, in this round and others).
		item := func(who domain.Actor) service.QueueItem {
			t.Helper()
			q, err := c.svc.QueueItems(ctx, who, service.QueueFilter{RoundID: c.roundID, Search: app.RefNo})
			wantOK(t, err)
			if len(q.Items) != 1 || q.Items[0].ID != c.appID {
				t.Fatalf("%d items: %+v", len(q.Items), q.Items)
			}
			return q.Items[0]
		}
		day := 24 * time.Hour

		t.Run("days count at the level it waits at, and not elsewhere", func(t *testing.T) {
			clock.Advance(2*day + 13*time.Hour) // 2021-11-17 23:00
			if got := item(c.city).Days; got != 2 {
				t.Errorf("the city sees %d days", got)
			}
			if got := item(c.province).Days; got != -1 {
				t.Errorf("the province sees %d days before it reached it", got)
			}
			c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: "同意。"})
			clock.Advance(2 * time.Hour) // 2021-11-18 01:00: the next calendar day
			if got := item(c.province).Days; got != 1 {
				t.Errorf("the province sees %d days", got)
			}
			if got := item(c.city).Days; got != -1 {
				t.Errorf("the city sees %d days after it passed it on", got)
			}
		})
		t.Run("the paper check and the score are the department's", func(t *testing.T) {
			it := item(c.province)
			if it.Paper != domain.PaperUnchecked || it.Score != nil {
				t.Errorf("before: paper %v, score %v", it.Paper, it.Score)
			}
			c.act(t, c.province, service.ActInput{Action: domain.ActPaperCheck, Version: v.Code})
			c.act(t, c.province, service.ActInput{Action: domain.ActScore, Score: "91.5"})
			it = item(c.province)
			if it.Paper != domain.PaperMatched || it.Score == nil || *it.Score != 91.5 {
				t.Errorf("after: paper %v, score %v", it.Paper, it.Score)
			}
			if it := item(c.city); it.Score != nil {
				t.Errorf("the city sees the province's score %v", *it.Score)
			}
		})
		t.Run("the deadlines are the 受理机构's, the round's, and a running 公示's", func(t *testing.T) {
			c.act(t, c.province, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-22", PublicTo: "2021-11-26"})
			it := item(c.province)
			want := []service.Deadline{{Label: "纸质材料", Date: it.PaperDeadline}, {Label: "申报截止", Date: it.ClosesOn}}
			if it.PaperDeadline == "" || it.ClosesOn == "" || it.PublicTo != "" || !equalDeadlines(it.Deadlines(), want) {
				t.Errorf("before the 公示: %+v", it.Deadlines())
			}
			clock.Advance(5 * day) // 2021-11-23
			it = item(c.province)
			if it.PublicTo != "2021-11-26" || len(it.Deadlines()) != 3 || it.Deadlines()[2].Label != "公示截止" {
				t.Errorf("during the 公示: %+v", it.Deadlines())
			}
			clock.Advance(4 * day) // 2021-11-27
			if it := item(c.province); it.PublicTo != "" {
				t.Errorf("after the 公示: %q", it.PublicTo)
			}
		})
	})
}

func equalDeadlines(a, b []service.Deadline) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestQueueItemsShowTheSheetsComingIn: before the 专家评审 is recorded, the
// province's 工作台 shows how many of its experts' sheets are in and their
// average; the city, which assigned none, sees nothing of them.
func TestQueueItemsShowTheSheetsComingIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newChain(t, st)
		find := func(who domain.Actor) service.QueueItem {
			t.Helper()
			q, err := c.svc.QueueItems(ctx, who, service.QueueFilter{Search: demo.ExpertCarrier})
			wantOK(t, err)
			if len(q.Items) != 1 {
				t.Fatalf("%d items", len(q.Items))
			}
			return q.Items[0]
		}
		it := find(c.province)
		if it.Experts == nil || it.Experts.Submitted != 1 || it.Experts.Assigned != 3 || !it.Experts.HasAverage || it.Experts.Average != 82.5 {
			t.Fatalf("the province's item shows experts %+v, want 1 of 3 sheets in, average 82.5 (demo-expert1's)", it.Experts)
		}
		if it := find(c.city); it.Experts != nil {
			t.Fatalf("the city sees the province's experts: %+v", it.Experts)
		}
	})
}
