package service

import (
	"context"
	"fmt"
	"strings"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/region"
	"hatch/internal/sheet"
)

// The 工作台's two Excel exports: the filtered queue, and the
// 《申报国家备案众创空间推荐表》 (domain.md §3).

// allQueue returns every application of the department's queue that the
// filter selects, on all pages.
func (s *Service) allQueue(
	ctx context.Context,
	d domain.Department,
	f QueueFilter,
) ([]domain.Application, error) {
	const batch = 500
	q := f.query(d, batch, 0)
	var out []domain.Application
	for {
		page, err := s.store.Queue(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Apps...)
		if len(page.Apps) < batch || len(out) >= page.Total {
			return out, nil
		}
		q.Offset += batch
	}
}

// ExportQueue writes the applications of the actor's 工作台 that the
// filter selects, all pages, as an Excel workbook; name is the file name
// to offer.
func (s *Service) ExportQueue(
	ctx context.Context,
	a domain.Actor,
	f QueueFilter,
) (data []byte, name string, err error) {
	if err := s.countListExport(ctx, a); err != nil {
		return nil, "", err
	}
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return nil, "", err
	}
	apps, err := s.allQueue(ctx, d, f)
	if err != nil {
		return nil, "", err
	}
	items, err := newNamer(s, d.Level).items(ctx, apps)
	if err != nil {
		return nil, "", err
	}
	now := s.now().In(clock.Zone)
	sh := sheet.Report{
		Sheet: "申报列表",
		Title: d.Name + " · 申报材料列表",
		Note: fmt.Sprintf(
			"导出时间：%s　　筛选：%s　　共 %d 项",
			now.Format("2006-01-02 15:04"),
			s.describeFilter(ctx, f),
			len(items),
		),
		Columns: []sheet.Column{
			sheet.Col("序号", 6), sheet.Col("受理编号", 24), sheet.Col("众创空间名称", 28),
			sheet.Col("运营主体", 30), sheet.Col("所属地区", 16), sheet.Col("受理机构", 22),
			sheet.Col("依托单位类型", 14), sheet.Col("申报批次", 24), sheet.Col("状态", 14),
			sheet.Col("提交时间", 18), sheet.Col("版本号", 18),
		},
	}
	for i, it := range items {
		sh.Rows = append(
			sh.Rows,
			[]any{i + 1, it.RefNo, it.CarrierName, it.Operator, it.RegionName, it.AcceptorName,
				dash(
					it.HostType,
				), it.RoundName, it.StatusLabel(), clock.Minute(it.SubmittedAt), it.VersionCode},
		)
	}
	data, err = sh.XLSX()
	return data, "申报材料列表-" + now.Format("20060102") + ".xlsx", err
}

// describeFilter says in words what the queue was narrowed to.
func (s *Service) describeFilter(ctx context.Context, f QueueFilter) string {
	var parts []string
	if f.Status != "" {
		parts = append(parts, "状态 "+f.Status.Label())
	}
	if f.RoundID > 0 {
		if r, err := s.store.Round(ctx, f.RoundID); err == nil {
			parts = append(parts, "批次 "+r.Name)
		}
	}
	if f.Area != "" {
		parts = append(parts, "地区 "+region.FullNameOf(f.Area))
	}
	if f.HostType != "" {
		parts = append(parts, "依托单位类型 "+f.HostType)
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		parts = append(parts, "关键词“"+q+"”")
	}
	if len(parts) == 0 {
		return "全部"
	}
	return strings.Join(parts, "，")
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
