package service

import (
	"context"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/sheet"
)

// recommendColumns are the 推荐表's columns.
var recommendColumns = []sheet.Column{
	sheet.Col("序号", 6), sheet.Col("统一社会信用代码", 21), sheet.Col("众创空间名称", 24),
	sheet.Col("运营主体", 26), sheet.Col("所在市/区", 16), sheet.Col("受理编号", 22),
	sheet.Col("提交的版本号", 22), sheet.Col("联系人", 10), sheet.Col("电话", 16),
	sheet.Col("总面积", 10), sheet.Col("工位数", 8), sheet.Col("当年入驻团队和企业", 12),
	sheet.Col("转化为企业数", 10), sheet.Col("获得投融资数", 10), sheet.Col("活动场数", 9),
	sheet.Col("专家评审平均分", 10), sheet.Col("推荐意见", 40),
}

// ExportRecommend writes the 推荐表 of the actor's department (see
// RecommendList) as an Excel workbook set up to print; name is the file
// name to offer.
func (s *Service) ExportRecommend(
	ctx context.Context,
	a domain.Actor,
	f QueueFilter,
) (data []byte, name string, err error) {
	l, err := s.RecommendList(ctx, a, f)
	if err != nil {
		return nil, "", err
	}
	now := s.now().In(clock.Zone)
	sh := sheet.Report{
		Sheet:   "推荐表",
		Title:   l.Title(),
		Note:    "推荐单位（盖章）：" + l.Dept.Name + "　　　　填报日期：" + now.Format("2006年1月2日"),
		Columns: recommendColumns,
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
	return []any{n, r.USCC, r.Carrier, r.Operator, r.Area, r.RefNo, r.VersionCode, r.Contact, r.Phone,
		r.Figures.Area, r.Figures.Stations, r.Figures.Settled, r.Figures.Converted,
		r.Figures.Financed, r.Figures.Activities, score, r.Opinion}
}
