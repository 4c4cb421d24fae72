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
	"hatch/internal/testkit"
)

// recommendChain is the demo chain with 启明星众创空间 walked through the
// province to 推荐至火炬中心, after the demo's 西山众创汇 and 启明星众创空间
// （中关村分部） (filed since), with its own score and 推荐意见. 海淀青创汇
// waits for the province; 中关村创客工场 is still with the city.
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
		zgc := idOf(t, v, "启明星众创空间（中关村分部）")

		t.Run("by default the recommended come in the order of recommendation, then those waiting", func(t *testing.T) {
			if got := carriers(v.Apps); got != "西山众创汇、启明星众创空间（中关村分部）、启明星众创空间、海淀青创汇众创空间" || v.Revision != 0 {
				t.Fatalf("order %s at revision %d", got, v.Revision)
			}
			z := v.Apps[1]
			if !z.Recommended || z.Opinion != "经专家评审和公示，推荐至火炬中心。" || z.Score == nil || *z.Score != 88 {
				t.Errorf("the demo's filed 中关村分部 %+v", z)
			}
			q := v.Apps[2]
			if !q.Recommended || q.Opinion != "服务特色鲜明，孵化成效突出，推荐备案。" || q.Score == nil || *q.Score != 88.5 ||
				v.Apps[3].Recommended {
				t.Errorf("启明星 %+v; 海淀青创汇 recommended %v", q, v.Apps[3].Recommended)
			}
		})
		t.Run("a saved order is kept and the rest follows", func(t *testing.T) {
			v, err := c.svc.SaveRecommendOrder(ctx, c.province, app.RoundID, 0, []int64{qmx})
			wantOK(t, err)
			if got := carriers(v.Apps); got != "启明星众创空间、西山众创汇、启明星众创空间（中关村分部）、海淀青创汇众创空间" || v.Revision != 1 || v.UpdatedBy == "" {
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
			q, err := c.svc.QueueItems(ctx, c.city, service.QueueFilter{RoundID: app.RoundID, Search: "中关村创客工场"})
			wantOK(t, err)
			if len(q.Items) != 1 || q.Items[0].Status != domain.AppCityReview {
				t.Fatalf("中关村创客工场 in the city's queue: %+v", q.Items)
			}
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
				kind   domain.Kind // 0: reordered
				errs   int
			}{
				{"nothing typed keeps the order", nil, "", []int64{qmx, xs, zgc, qch}, 0, 0},
				{"typed places reorder", map[int64]string{qch: "1", qmx: "4", xs: "2", zgc: "3"}, "", []int64{qch, xs, zgc, qmx}, 0, 0},
				{"a tie keeps the present order", map[int64]string{qch: "1", qmx: "1"}, "", []int64{qmx, qch, xs, zgc}, 0, 0},
				{"up moves one place up", nil, "up-" + itoa(xs), []int64{xs, qmx, zgc, qch}, 0, 0},
				{"down moves one place down", nil, "down-" + itoa(xs), []int64{qmx, zgc, xs, qch}, 0, 0},
				{"the first cannot move up", nil, "up-" + itoa(qmx), []int64{qmx, xs, zgc, qch}, 0, 0},
				{"a place that is no number is an error beside it", map[int64]string{xs: "二"}, "", nil, domain.Invalid, 1},
				{"a place below 1 is an error", map[int64]string{xs: "0", qch: "-2"}, "", nil, domain.Invalid, 2},
				{"a place for an application not in the order is not found", map[int64]string{qmx + 1000: "1"}, "", nil, domain.NotFound, 0},
				{"a move of an application not in the order is not found", nil, "up-" + itoa(qmx+1000), nil, domain.NotFound, 0},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got, err := v.Reorder(tt.places, tt.move)
					if tt.kind != 0 {
						wantKind(t, err, tt.kind)
					} else {
						wantOK(t, err)
					}
					fe := domain.FieldsOf(err)
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

// TestRecommendTable parses the province's 推荐表 back: its columns, its
// order (the 推荐排序), and 启明星's values from the submitted version.
func TestRecommendTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, app := recommendChain(t, st)
		v, err := c.svc.RecommendOrder(ctx, c.province, app.RoundID)
		wantOK(t, err)
		xs, zgc := idOf(t, v, "西山众创汇"), idOf(t, v, "启明星众创空间（中关村分部）")

		t.Run("columns and order follow the 推荐排序", func(t *testing.T) {
			data, name, err := c.svc.ExportRecommend(ctx, c.province, service.QueueFilter{})
			wantOK(t, err)
			if name != "北京市2021年度众创空间国家备案推荐表-北京市科学技术委员会-20211115.xlsx" {
				t.Errorf("file name %q", name)
			}
			_, rows := openBook(t, data, "推荐表")
			if rows[0][0] != "北京市2021年度众创空间国家备案推荐表" || rows[1][0] != "推荐单位（盖章）：北京市科学技术委员会　　　　填报日期：2021年11月15日" {
				t.Errorf("title rows: %q", rows[:2])
			}
			want := []string{"序号", "统一社会信用代码", "众创空间名称", "运营主体", "所在市/区", "受理编号", "提交的版本号", "联系人", "电话",
				"总面积", "工位数", "当年入驻团队和企业", "转化为企业数", "获得投融资数", "活动场数", "专家评审平均分", "推荐意见"}
			if strings.Join(rows[2], "|") != strings.Join(want, "|") {
				t.Errorf("header %q", rows[2])
			}
			if len(rows) != 6 || rows[3][2] != "西山众创汇" || rows[4][2] != "启明星众创空间（中关村分部）" || rows[5][2] != "启明星众创空间" {
				t.Fatalf("rows %q", rows[3:])
			}
			if rows[3][0] != "1" || rows[4][0] != "2" || rows[5][0] != "3" || rows[3][15] != "86" || rows[3][16] != "经专家评审和公示，推荐至火炬中心。" {
				t.Errorf("西山's row %q", rows[3])
			}
			if rows[4][15] != "88" || rows[4][16] != "经专家评审和公示，推荐至火炬中心。" {
				t.Errorf("中关村分部's row %q", rows[4])
			}
			_, err = c.svc.SaveRecommendOrder(ctx, c.province, app.RoundID, 0, []int64{app.ID, zgc, xs})
			wantOK(t, err)
			data, _, err = c.svc.ExportRecommend(ctx, c.province, service.QueueFilter{})
			wantOK(t, err)
			_, rows = openBook(t, data, "推荐表")
			if len(rows) != 6 || rows[3][2] != "启明星众创空间" || rows[4][2] != "启明星众创空间（中关村分部）" || rows[5][2] != "西山众创汇" {
				t.Errorf("after reordering: %q", rows[3:])
			}
		})
		t.Run("values come from the submitted version", func(t *testing.T) {
			// 启明星众创空间 alone, by its 受理编号.
			only := service.QueueFilter{RoundID: app.RoundID, Search: app.RefNo}
			l, err := c.svc.RecommendList(ctx, c.province, only)
			wantOK(t, err)
			if len(l.Rows) != 1 || l.Rows[0].ID != app.ID {
				t.Fatalf("%d rows: %+v", len(l.Rows), l.Rows)
			}
			r := l.Rows[0]
			data, _, err := c.svc.ExportRecommend(ctx, c.province, only)
			wantOK(t, err)
			_, rows := openBook(t, data, "推荐表")
			got := rows[3]
			area, stations, settled := r.Figures[0].(float64), r.Figures[1].(int), r.Figures[2].(int)
			converted, financed, activities := r.Figures[3].(int), r.Figures[4].(int), r.Figures[5].(int)
			want := []string{"1", r.USCC, "启明星众创空间", "北京启明星众创科技有限公司", "北京市 海淀区", app.RefNo, r.VersionCode,
				r.Contact, r.Phone, fmtNum(area), itoa(int64(stations)), itoa(int64(settled)),
				itoa(int64(converted)), itoa(int64(financed)), itoa(int64(activities)),
				"88.5", "服务特色鲜明，孵化成效突出，推荐备案。"}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("row\n got %q\nwant %q", got, want)
			}
			// What the submitted 申报书 itself says (the demo's content).
			if len(r.USCC) != 18 || r.Contact == "" || !strings.HasPrefix(r.Phone, "1") || area <= 0 ||
				stations <= 0 || settled < 20 || activities < 10 {
				t.Errorf("figures of a complete application: %+v", r)
			}
			sv, err := c.svc.Review(ctx, c.province, app.ID)
			wantOK(t, err)
			if r.VersionCode != sv.Version.Code {
				t.Errorf("版本号 %q, submitted %q", r.VersionCode, sv.Version.Code)
			}
		})
		t.Run("the city's lists what it recommended to the province", func(t *testing.T) {
			l, err := c.svc.RecommendList(ctx, c.city, service.QueueFilter{})
			wantOK(t, err)
			var names []string
			for _, r := range l.Rows {
				names = append(names, r.Carrier)
			}
			got := strings.Join(names, "、")
			// In the order of recommendation; 清河 was returned since,
			// 中关村创客工场 waits for the city.
			if got != "海淀青创汇众创空间、西山众创汇、启明星众创空间（中关村分部）、启明星众创空间" {
				t.Errorf("the city's 推荐表 lists %s", got)
			}
		})
		t.Run("a filter narrows it and a status outside it empties it", func(t *testing.T) {
			l, err := c.svc.RecommendList(ctx, c.province, service.QueueFilter{Status: domain.AppProvinceReview})
			wantOK(t, err)
			if len(l.Rows) != 0 {
				t.Errorf("rows waiting for the province: %d", len(l.Rows))
			}
		})
	})
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// TestRecommendLetter reads the province's 推荐函 back with pdftotext.
func TestRecommendLetter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, app := recommendChain(t, st)
		tests := []struct {
			name  string
			who   domain.Actor
			f     service.QueueFilter
			docNo string
			kind  domain.Kind // 0: a letter
			want  []string
		}{
			{"the province's letter lists what it recommended, in order", c.province, service.QueueFilter{}, "京科函〔2021〕12号", 0,
				[]string{"北京市科学技术委员会", "京科函〔2021〕12号", "关于推荐2021年度国家备案众创空间的函", "科技部火炬中心：",
					"2021年度众创空间国家备案", "现推荐以下3家众创空间", "1西山众创汇",
					"2启明星众创空间（中关村分部）北京启明星众创科技有限公司北京市海淀区",
					"3启明星众创空间北京启明星众创科技有限公司北京市海淀区",
					"特此函告。", "（印章处）", "北京市科学技术委员会2021年11月15日"}},
			{"a filter narrows the list and the count", c.province, service.QueueFilter{Search: "启明星"}, "", 0,
				[]string{"现推荐以下2家众创空间", "1启明星众创空间（中关村分部）北京启明星众创科技有限公司",
					"2启明星众创空间北京启明星众创科技有限公司"}},
			{"nothing recommended within the filter is a conflict", c.province, service.QueueFilter{Search: "中关村创客工场"}, "", domain.Conflict, nil},
			{"another province has nothing to send", c.stranger, service.QueueFilter{}, "", domain.Conflict, nil},
			{"火炬中心 writes no 推荐函", c.torch, service.QueueFilter{}, "", domain.Forbidden, nil},
			{"an applicant may not", c.applicant, service.QueueFilter{}, "", domain.Forbidden, nil},
			{"a 文号 too long is refused beside its field", c.province, service.QueueFilter{}, strings.Repeat("京", 41), domain.Invalid, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				pdf, name, err := c.svc.RecommendLetter(ctx, tt.who, tt.f, tt.docNo)
				if tt.kind != 0 {
					wantKind(t, err, tt.kind)
					return
				}
				wantOK(t, err)
				if name != "北京市科学技术委员会-关于推荐2021年度国家备案众创空间的函.pdf" {
					t.Errorf("file name %q", name)
				}
				text := strings.Join(strings.Fields(testkit.PDFText(t, pdf)), "")
				for _, w := range tt.want {
					if !strings.Contains(text, w) {
						t.Errorf("the letter lacks %q:\n%s", w, text)
					}
				}
				if tt.f.Search != "" && strings.Contains(text, "西山众创汇") {
					t.Errorf("the filtered letter lists 西山众创汇")
				}
				if !strings.Contains(text, app.CarrierName) {
					t.Errorf("the letter lacks %s", app.CarrierName)
				}
			})
		}
	})
}
