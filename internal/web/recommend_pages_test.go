package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// rvRecommend walks the demo application through the province to
// 推荐至火炬中心 through the service, after the demo's 西山众创汇 and
// 启明星众创空间（中关村分部）, recommended in that order.
func (s *site) rvRecommend(appID int64) domain.Application {
	s.t.Helper()
	v := s.rvSubmit(appID)
	ctx, city, province := context.Background(), s.rvActor("demo-city"), s.rvActor("demo-province")
	for _, step := range []struct {
		who domain.Actor
		in  service.ActInput
	}{
		{city, service.ActInput{Action: domain.ActRecommend, Comment: "材料真实完整，同意推荐。"}},
		{province, service.ActInput{Action: domain.ActPaperCheck, Version: v.Code}},
		{province, service.ActInput{Action: domain.ActScore, Score: "88.5"}},
		{province, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-08", PublicTo: "2021-11-12"}},
		{province, service.ActInput{Action: domain.ActRecommend, Comment: "服务特色鲜明，推荐备案。"}},
	} {
		if _, err := s.svc.Act(ctx, step.who, appID, step.in); err != nil {
			s.t.Fatalf("%s: %v", step.in.Action, err)
		}
	}
	app, err := s.st.ReviewApplication(ctx, appID)
	if err != nil {
		s.t.Fatal(err)
	}
	return app
}

// orderOf is the order of the carriers on the 推荐排序 page.
func orderOf(body string, names ...string) []int {
	var out []int
	for _, n := range names {
		out = append(out, strings.Index(body, ">"+n+"</a>"))
	}
	return out
}

func TestRecommendOrderThroughThePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		app := s.rvRecommend(s.rvDemoApp())
		id, round := itoa(app.ID), strconv.FormatInt(app.RoundID, 10)
		province := s.browser().mustLogin("demo-province")
		page := province.get("/workbench/order?round=" + round)
		if page.status != http.StatusOK {
			t.Fatalf("推荐排序: %d", page.status)
		}
		xs := regexpFind(t, `id="row-(\d+)"`, page.body) // the first row: 西山众创汇, recommended first
		const branch = "启明星众创空间（中关村分部）"
		rev := func(body string) string { return regexpFind(t, `name="revision" value="(\d+)"`, body) }

		t.Run("the page lists the recommended in the order of recommendation, then those waiting", func(t *testing.T) {
			o := orderOf(page.body, "西山众创汇", branch, "启明星众创空间", "海淀青创汇众创空间")
			if o[0] < 0 || o[0] > o[1] || o[1] > o[2] || o[2] > o[3] {
				t.Errorf("order on the page: %v", o)
			}
			mustContain(t, "推荐排序", page.body, `id="rank-`+id+`" name="rank-`+id+`" value="3"`, `id="up-`+id+`"`, "88.5", "已推荐",
				`name="revision" value="0"`, `action="/workbench/recommend.pdf"`)
		})
		t.Run("typed places are saved and shown", func(t *testing.T) {
			r := province.post("/workbench/order", url.Values{"round": {round}, "revision": {"0"}, "rank-" + id: {"1"}, "rank-" + xs: {"2"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", r.status, r.body)
			}
			page = province.get("/workbench/order?round=" + round)
			// The branch, left blank, keeps its place 2 after 西山众创汇's typed 2.
			if o := orderOf(page.body, "启明星众创空间", "西山众创汇", branch); o[0] > o[1] || o[1] > o[2] {
				t.Errorf("order after saving: %v", o)
			}
			mustContain(t, "saved", page.body, "推荐排序已保存", `id="order-saved"`, `name="revision" value="1"`)
		})
		t.Run("a move button moves one place and saves", func(t *testing.T) {
			r := province.post("/workbench/order", url.Values{"round": {round}, "revision": {rev(page.body)}, "move": {"down-" + id}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("move: %d", r.status)
			}
			page = province.get("/workbench/order?round=" + round)
			if o := orderOf(page.body, "西山众创汇", "启明星众创空间", branch); o[0] > o[1] || o[1] > o[2] {
				t.Errorf("order after moving down: %v", o)
			}
		})
		t.Run("a second reviewer ordering from the old revision gets a conflict", func(t *testing.T) {
			r := province.post("/workbench/order", url.Values{"round": {round}, "revision": {"1"}, "move": {"up-" + id}})
			mustStatus(t, "stale", r, http.StatusConflict)
			mustContain(t, "stale", r.body, "推荐排序已被他人修改", `name="revision" value="2"`)
		})
		t.Run("a wrong place is refused beside its field, typed input kept", func(t *testing.T) {
			r := province.post("/workbench/order", url.Values{"round": {round}, "revision": {"2"}, "rank-" + id: {"第一"}})
			mustStatus(t, "bad place", r, http.StatusUnprocessableEntity)
			mustContain(t, "bad place", r.body, `id="rank-`+id+`-error"`, "请填写从 1 开始的整数名次", `value="第一"`, `href="#rank-`+id+`"`)
		})
		t.Run("the 推荐函 downloads from the page, and a long 文号 is refused beside its field", func(t *testing.T) {
			r := province.get("/workbench/recommend.pdf?round=" + round + "&doc_no=" + url.QueryEscape("京科函〔2021〕12号"))
			if r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF") {
				t.Fatalf("推荐函: %d", r.status)
			}
			text := strings.Join(strings.Fields(testkit.PDFText(t, []byte(r.body))), "")
			mustContain(t, "推荐函", text, "京科函〔2021〕12号", "现推荐以下3家众创空间", "1西山众创汇北京西山",
				"2启明星众创空间北京启明星", "3"+branch+"北京启明星")
			long := strings.Repeat("京", 41)
			r = province.get("/workbench/recommend.pdf?round=" + round + "&doc_no=" + url.QueryEscape(long))
			mustStatus(t, "long 文号", r, http.StatusUnprocessableEntity)
			mustContain(t, "long 文号", r.body, `id="doc_no-error"`, `value="`+long+`"`)
		})
		t.Run("the 工作台's links keep the filter", func(t *testing.T) {
			wb := province.get("/workbench?round=" + round + "&area=110108&q=" + url.QueryEscape("启明星"))
			q := "area=110108&amp;q=%E5%90%AF%E6%98%8E%E6%98%9F&amp;round=" + round
			mustContain(t, "工作台", wb.body, `href="/workbench/recommend.xlsx?`+q+`"`, `href="/workbench/recommend.pdf?`+q+`"`,
				`href="/workbench/order?round=`+round+`"`)
		})
		t.Run("another province gets nothing of it", func(t *testing.T) {
			fj := s.rvStranger()
			p := fj.get("/workbench/order?round=" + round)
			mustContain(t, "福建's 推荐排序", p.body, `id="empty-order"`)
			if strings.Contains(p.body, "启明星") {
				t.Error("福建's 推荐排序 shows 北京's application")
			}
			r := fj.post("/workbench/order", url.Values{"round": {round}, "revision": {"0"}, "rank-" + id: {"1"}})
			mustStatus(t, "福建 ranks 北京's", r, http.StatusNotFound)
			r = fj.post("/workbench/order", url.Values{"round": {round}, "revision": {"0"}, "move": {"up-" + id}})
			mustStatus(t, "福建 moves 北京's", r, http.StatusNotFound)
			r = fj.get("/workbench/recommend.pdf?round=" + round)
			mustStatus(t, "福建's 推荐函", r, http.StatusConflict)
			rows, _ := rvOpenXLSX(t, "福建 推荐表", fj.get("/workbench/recommend.xlsx?round="+round)).GetRows("推荐表")
			if len(rows) != 4 || strings.Contains(strings.Join(rows[3], ""), "启明星") {
				t.Errorf("福建's 推荐表: %q", rows)
			}
		})
		t.Run("火炬中心 has no 推荐排序", func(t *testing.T) {
			torch := s.browser().mustLogin("demo-torch")
			r := torch.get("/workbench/recommend.pdf")
			mustStatus(t, "火炬中心's 推荐函", r, http.StatusForbidden)
		})
	})
}

func mustStatus(t *testing.T, what string, r response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("%s: %d, want %d\n%s", what, r.status, want, r.body)
	}
}
