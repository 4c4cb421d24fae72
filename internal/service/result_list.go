package service

import (
	"cmp"
	"context"
	"slices"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/sheet"
)

// ExportResultList writes 火炬中心's list of what a round passed (the
// 国家备案众创空间名单, the 认定名单, the 免税名单 that 税务 receives) as an
// Excel workbook: every application of the filter's round that reached
// the end of its chain, in 受理编号 order, with the type's key figures (for
// 免税, each body's first and last month). A list is of one round.
func (s *Service) ExportResultList(ctx context.Context, a domain.Actor, f QueueFilter) ([]byte, string, error) {
	if err := s.countListExport(ctx, a); err != nil {
		return nil, "", err
	}
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return nil, "", err
	}
	if d.Level != domain.LevelTorch {
		return nil, "", domain.Errorf(domain.Forbidden, "名单由火炬中心导出。")
	}
	if f.RoundID == 0 {
		return nil, "", domain.Errorf(domain.Conflict, "请先在“申报批次”中选择一个批次，再导出该批次的名单。")
	}
	r, err := s.store.Round(ctx, f.RoundID)
	if err != nil {
		return nil, "", err
	}
	t := form.TypeOf(r.TypeCode)
	if t == nil {
		return nil, "", domain.Errorf(domain.Internal, "unknown application type %q", r.TypeCode)
	}
	f.Status, f.Page = domain.AppFiled, 0
	rows, err := s.resultRows(ctx, d, f)
	if err != nil {
		return nil, "", err
	}
	title := r.Name + t.ResultName
	sh := sheet.Report{Sheet: "名单", Title: title, Columns: resultColumns(t), Wrap: true,
		Note:  "科学技术部火炬高技术产业开发中心　　导出日期：" + s.now().In(clock.Zone).Format("2006年1月2日"),
		Empty: "（本批次尚无" + domain.ChainOf(t.Code).StatusLabel(domain.AppFiled) + "的申报）"}
	for i, row := range rows {
		cells := []any{i + 1, row.USCC, row.Carrier, row.Operator, row.Area, row.RefNo, row.VersionCode}
		sh.Rows = append(sh.Rows, append(cells, row.Figures...))
	}
	data, err := sh.XLSX()
	return data, title + "-" + s.now().In(clock.Zone).Format("20060102") + ".xlsx", err
}

// resultRows reads each passed application's row from its submitted
// version, in 受理编号 order.
func (s *Service) resultRows(ctx context.Context, d domain.Department, f QueueFilter) ([]RecommendRow, error) {
	items, err := s.allItems(ctx, d, f)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(items, func(x, y QueueItem) int { return cmp.Or(cmp.Compare(x.RefNo, y.RefNo), cmp.Compare(x.ID, y.ID)) })
	out := make([]RecommendRow, 0, len(items))
	for _, it := range items {
		row, err := s.recommendRow(ctx, RankedApp{QueueItem: it})
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// resultColumns are the list's columns: who, what was submitted, and the
// type's key figures.
func resultColumns(t *form.Type) []sheet.Column {
	cols := []sheet.Column{
		sheet.Col("序号", 6), sheet.Col("统一社会信用代码", 21), sheet.Col(t.CarrierNoun+"名称", 24),
		sheet.Col("运营主体", 26), sheet.Col("所在地区", 16), sheet.Col("受理编号", 22), sheet.Col("提交的版本号", 22),
	}
	for _, k := range t.KeyFigures {
		cols = append(cols, sheet.Col(k.Label, k.Width))
	}
	return cols
}
