package service

import (
	"context"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/sheet"
)

// recommendColumns are the 推荐表's columns for a type: who and what was
// submitted, the type's key figures, the experts' average and the
// department's opinion.
func recommendColumns(t *form.Type, opinion string) []sheet.Column {
	cols := []sheet.Column{
		sheet.Col("序号", 6), sheet.Col("统一社会信用代码", 21), sheet.Col(t.CarrierNoun+"名称", 24),
		sheet.Col("运营主体", 26), sheet.Col("所在市/区", 16), sheet.Col("受理编号", 22),
		sheet.Col("提交的版本号", 22), sheet.Col("联系人", 10), sheet.Col("电话", 16),
	}
	for _, k := range t.KeyFigures {
		cols = append(cols, sheet.Col(k.Label, k.Width))
	}
	return append(cols, sheet.Col("专家评审平均分", 10), sheet.Col(opinion, 40))
}

// ExportRecommend writes the 推荐表 of the actor's department (see
// RecommendList) as an Excel workbook set up to print; name is the file
// name to offer.
func (s *Service) ExportRecommend(
	ctx context.Context,
	a domain.Actor,
	f QueueFilter,
) (data []byte, name string, err error) {
	if err := s.countListExport(ctx, a); err != nil {
		return nil, "", err
	}
	l, err := s.RecommendList(ctx, a, f)
	if err != nil {
		return nil, "", err
	}
	now := s.now().In(clock.Zone)
	sh := sheet.Report{
		Sheet:   "推荐表",
		Title:   l.Title(),
		Note:    "推荐单位（盖章）：" + l.Dept.Name + "　　　　填报日期：" + now.Format("2006年1月2日"),
		Columns: recommendColumns(l.Type(), l.opinionLabel()),
		Wrap:    true,
		Empty:   "（本部门尚未推荐任何申报）",
	}
	for i, r := range l.Rows {
		sh.Rows = append(sh.Rows, recommendCells(i+1, r))
	}
	data, err = sh.XLSX()
	return data, l.Title() + "-" + l.Dept.Name + "-" + now.Format("20060102") + ".xlsx", err
}

// recommendCells is one row of the 推荐表; figures are numbers, so that
// the department can sum and sort them.
func recommendCells(n int, r RecommendRow) []any {
	var score any = ""
	if r.Score != nil {
		score = *r.Score
	}
	row := []any{n, r.USCC, r.Carrier, r.Operator, r.Area, r.RefNo, r.VersionCode, r.Contact, r.Phone}
	row = append(row, r.Figures...)
	return append(row, score, r.Opinion)
}

// opinionLabel is the last column's header: what the department's
// recommendation records (推荐意见, 核定意见).
func (l RecommendList) opinionLabel() string {
	name := domain.ChainOf(l.Type().Code).CommentLabel(domain.Step{Action: domain.ActRecommend, Level: l.Dept.Level})
	if name == "审核意见" {
		return "推荐意见"
	}
	return name
}
