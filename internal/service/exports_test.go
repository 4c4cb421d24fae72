package service_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

func openBook(t *testing.T, data []byte, sheet string) (*excelize.File, [][]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	if got := f.GetSheetList(); len(got) != 1 || got[0] != sheet {
		t.Fatalf("sheets %q, want only %q", got, sheet)
	}
	rows, err := f.GetRows(sheet)
	wantOK(t, err)
	return f, rows
}

// rowOf finds the data row whose column col is want.
func rowOf(rows [][]string, col int, want string) []string {
	for _, r := range rows[3:] {
		if col < len(r) && r[col] == want {
			return r
		}
	}
	return nil
}

// TestExports checks the 工作台's two workbooks on both engines (the
// 推荐表's content is recommend_test.go's): the filtered queue, with the demo chain's applications (one
// 待市级初审, one 待省级审核, one returned, one at 火炬中心), the demo
// organisation's 孵化器认定 and 免税资格申请 (both 待市级初审) and its filed
// 启明星众创空间（中关村分部）, and 启明星众创空间 walked to 待省级审核 with a
// score and a 公示: eight in all.
func TestExports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newChain(t, st)
		c.generate(t)
		app := c.submit(t)
		c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: "材料真实完整，同意推荐。"})
		c.act(t, c.province, service.ActInput{Action: domain.ActScore, Score: "88.5"})
		c.act(t, c.province, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-22", PublicTo: "2021-11-26"})

		t.Run("the queue export holds every application the filter selects", func(t *testing.T) {
			q, err := c.svc.Queue(ctx, c.province, service.QueueFilter{})
			wantOK(t, err)
			data, name, err := c.svc.ExportQueue(ctx, c.province, service.QueueFilter{})
			wantOK(t, err)
			if !strings.HasSuffix(name, ".xlsx") || !strings.Contains(name, "申报材料列表") {
				t.Errorf("file name %q", name)
			}
			f, rows := openBook(t, data, "申报列表")
			if !strings.Contains(rows[0][0], "北京市科学技术委员会") || !strings.Contains(rows[1][0], "筛选：全部") {
				t.Errorf("title rows: %q", rows[:2])
			}
			want := []string{"序号", "受理编号", "众创空间名称", "运营主体", "所属地区", "受理机构", "依托单位类型", "申报批次", "状态", "提交时间", "版本号"}
			if strings.Join(rows[2], "|") != strings.Join(want, "|") {
				t.Errorf("header %q", rows[2])
			}
			if len(rows)-3 != q.All || q.All != 8 {
				t.Errorf("%d data rows, queue holds %d, want the demo's 8", len(rows)-3, q.All)
			}
			r := rowOf(rows, 1, app.RefNo)
			if r == nil || r[2] != "启明星众创空间" || r[3] != "北京启明星众创科技有限公司" || r[4] != "北京市 海淀区" ||
				r[5] != "北京市科学技术委员会" || r[8] != "待省级审核" || r[10] == "" {
				t.Errorf("启明星's row: %q", r)
			}
			if w, _ := f.GetColWidth("申报列表", "C"); w < 20 {
				t.Errorf("column C is %v wide", w)
			}
			if mc, _ := f.GetMergeCells("申报列表"); len(mc) != 2 {
				t.Errorf("%d merged ranges, want the title and the note", len(mc))
			}

			data, _, err = c.svc.ExportQueue(ctx, c.province, service.QueueFilter{Search: "启明星", Status: domain.AppProvinceReview})
			wantOK(t, err)
			_, rows = openBook(t, data, "申报列表")
			if len(rows) != 4 || rows[3][1] != app.RefNo || !strings.Contains(rows[1][0], "关键词“启明星”") {
				t.Errorf("filtered export: %q", rows)
			}
		})

		t.Run("who may export what", func(t *testing.T) {
			_, _, err := c.svc.ExportRecommend(ctx, c.torch, service.QueueFilter{})
			wantKind(t, err, domain.Forbidden)
			_, _, err = c.svc.ExportQueue(ctx, c.applicant, service.QueueFilter{})
			wantKind(t, err, domain.Forbidden)
			data, _, err := c.svc.ExportQueue(ctx, c.stranger, service.QueueFilter{})
			wantOK(t, err)
			if _, rows := openBook(t, data, "申报列表"); len(rows) != 3 {
				t.Errorf("another province's export has %d rows, want the title, the note and the header", len(rows))
			}
			data, _, err = c.svc.ExportRecommend(ctx, c.stranger, service.QueueFilter{})
			wantOK(t, err)
			if _, rows := openBook(t, data, "推荐表"); len(rows) != 4 || !strings.Contains(rows[3][0], "尚未推荐") {
				t.Errorf("another province's 推荐表: %q", rows)
			}
		})

		t.Run("the queue's names", func(t *testing.T) {
			// The demo organisation's four applications, of the three types.
			q, err := c.svc.QueueItems(ctx, c.city, service.QueueFilter{Search: "启明星"})
			wantOK(t, err)
			want := map[string]bool{
				"启明星众创空间 makerspace": true, "启明星众创空间（中关村分部） makerspace": true,
				"启明星众创空间（中关村分部） exemption": true, "启明星科技企业孵化器 incubator": true,
			}
			if len(q.Items) != len(want) {
				t.Errorf("%d items, want %d: %+v", len(q.Items), len(want), q.Items)
			}
			for _, it := range q.Items {
				key := it.CarrierName + " " + it.TypeCode
				if !want[key] || it.Operator != "北京启明星众创科技有限公司" || it.AcceptorName != "北京市科学技术委员会" ||
					it.RegionName != "北京市 海淀区" || it.VersionCode == "" {
					t.Errorf("item %s: %+v", key, it)
				}
				delete(want, key)
			}
			o, err := c.svc.QueueOptions(ctx, c.province)
			wantOK(t, err)
			if len(o.Areas) == 0 || len(o.Rounds) == 0 || len(o.HostTypes) == 0 || !o.Waiting(domain.AppProvinceReview) ||
				o.Waiting(domain.AppCityReview) {
				t.Errorf("province options: %+v", o)
			}
			o, err = c.svc.QueueOptions(ctx, c.torch)
			wantOK(t, err)
			for _, st := range o.Statuses {
				if st == domain.AppCityReview || st == domain.AppReturned {
					t.Errorf("火炬中心 is offered the status %s", st)
				}
			}
		})
	})
}
