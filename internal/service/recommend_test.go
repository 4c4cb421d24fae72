package service_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// recommendChain is the demo chain with 启明星众创空间 walked through the
// province to 推荐至火炬中心, after 西山众创汇 (the demo's), with its own
// score and 推荐意见. 海淀青创汇 waits for the province; 中关村 is still
// with the city.
func recommendChain(t *testing.T, st *store.Store) (*chain, domain.Application) {
	t.Helper()
	c := newChain(t, st)
	v := c.generate(t)
	app := c.submit(t)
	c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: "材料真实完整，同意推荐。"})
	c.act(t, c.province, service.ActInput{Action: domain.ActPaperCheck, Version: v.Code})
	c.act(t, c.province, service.ActInput{Action: domain.ActScore, Score: "88.5"})
	c.act(t, c.province, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-08", PublicTo: "2021-11-12"})
	c.act(t, c.province, service.ActInput{Action: domain.ActRecommend, Comment: "服务特色鲜明，孵化成效突出，推荐备案。"})
	return c, app
}

// carriers names a view's applications in order.
func carriers(apps []service.RankedApp) string {
	var out []string
	for _, x := range apps {
		out = append(out, x.CarrierName)
	}
	return strings.Join(out, "、")
}

func idOf(t *testing.T, v service.RecommendOrderView, carrier string) int64 {
	t.Helper()
	i := slices.IndexFunc(v.Apps, func(x service.RankedApp) bool { return x.CarrierName == carrier })
	if i < 0 {
		t.Fatalf("%s is not in the order: %s", carrier, carriers(v.Apps))
	}
	return v.Apps[i].ID
}

func TestRecommendOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, app := recommendChain(t, st)
		v, err := c.svc.RecommendOrder(ctx, c.province, app.RoundID)
		wantOK(t, err)
		qmx, xs, qch := app.ID, idOf(t, v, "西山众创汇"), idOf(t, v, "海淀青创汇众创空间")

		t.Run("by default the recommended come in the order of recommendation, then those waiting", func(t *testing.T) {
			if got := carriers(v.Apps); got != "西山众创汇、启明星众创空间、海淀青创汇众创空间" || v.Revision != 0 {
				t.Fatalf("order %s at revision %d", got, v.Revision)
			}
			q := v.Apps[1]
			if !q.Recommended || q.Opinion != "服务特色鲜明，孵化成效突出，推荐备案。" || q.Score == nil || *q.Score != 88.5 ||
				v.Apps[2].Recommended {
				t.Errorf("启明星 %+v; 海淀青创汇 recommended %v", q, v.Apps[2].Recommended)
			}
		})
		t.Run("a saved order is kept and the rest follows", func(t *testing.T) {
			v, err := c.svc.SaveRecommendOrder(ctx, c.province, app.RoundID, 0, []int64{qmx})
			wantOK(t, err)
			if got := carriers(v.Apps); got != "启明星众创空间、西山众创汇、海淀青创汇众创空间" || v.Revision != 1 || v.UpdatedBy == "" {
				t.Fatalf("order %s at revision %d by %q", got, v.Revision, v.UpdatedBy)
			}
		})
		t.Run("a reviewer ordering from an old revision gets a conflict", func(t *testing.T) {
			_, err := c.svc.SaveRecommendOrder(ctx, c.province, app.RoundID, 0, []int64{xs, qmx})
			wantKind(t, err, domain.Conflict)
			v, err := c.svc.RecommendOrder(ctx, c.province, app.RoundID)
			wantOK(t, err)
			if got := carriers(v.Apps); !strings.HasPrefix(got, "启明星众创空间、西山众创汇") {
				t.Errorf("the refused save changed the order: %s", got)
			}
		})
		t.Run("an application the department cannot rank is not found", func(t *testing.T) {
			q, err := c.svc.QueueItems(ctx, c.city, service.QueueFilter{Search: "中关村"})
			wantOK(t, err)
			_, err = c.svc.SaveRecommendOrder(ctx, c.province, app.RoundID, 1, []int64{q.Items[0].ID})
			wantKind(t, err, domain.NotFound)
		})
		t.Run("another province sees nothing and can order nothing", func(t *testing.T) {
			v, err := c.svc.RecommendOrder(ctx, c.stranger, app.RoundID)
			wantOK(t, err)
			if len(v.Apps) != 0 {
				t.Errorf("another province's order: %s", carriers(v.Apps))
			}
			_, err = c.svc.SaveRecommendOrder(ctx, c.stranger, app.RoundID, 0, []int64{qmx})
			wantKind(t, err, domain.NotFound)
			_, err = c.svc.RecommendOrder(ctx, c.applicant, app.RoundID)
			wantKind(t, err, domain.Forbidden)
		})
		t.Run("the page's places and moves", func(t *testing.T) {
			v, err := c.svc.RecommendOrder(ctx, c.province, app.RoundID)
			wantOK(t, err)
			tests := []struct {
				name   string
				places map[int64]string
				move   string
				want   []int64
				errs   int
			}{
				{"nothing typed keeps the order", nil, "", []int64{qmx, xs, qch}, 0},
				{"typed places reorder", map[int64]string{qch: "1", qmx: "3", xs: "2"}, "", []int64{qch, xs, qmx}, 0},
				{"a tie keeps the present order", map[int64]string{qch: "1", qmx: "1"}, "", []int64{qmx, qch, xs}, 0},
				{"up moves one place up", nil, "up-" + itoa(xs), []int64{xs, qmx, qch}, 0},
				{"down moves one place down", nil, "down-" + itoa(xs), []int64{qmx, qch, xs}, 0},
				{"the first cannot move up", nil, "up-" + itoa(qmx), []int64{qmx, xs, qch}, 0},
				{"a place that is no number is an error beside it", map[int64]string{xs: "二"}, "", []int64{qmx, xs, qch}, 1},
				{"a place below 1 is an error", map[int64]string{xs: "0", qch: "-2"}, "", []int64{qmx, xs, qch}, 2},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got, fe := v.Reorder(tt.places, tt.move)
					if !slices.Equal(got, tt.want) || len(fe) != tt.errs {
						t.Errorf("order %v with %d errors %v, want %v with %d", got, len(fe), fe, tt.want, tt.errs)
					}
					for _, e := range fe {
						if !strings.HasPrefix(e.Field, "rank-") || e.Message == "" {
							t.Errorf("error %+v", e)
						}
					}
				})
			}
		})
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
