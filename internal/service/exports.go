package service

import (
	"context"
	"fmt"
	"slices"
	"sort"
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
		apps, total, _, err := s.store.Queue(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, apps...)
		if len(apps) < batch || len(out) >= total {
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
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return nil, "", err
	}
	apps, err := s.allQueue(ctx, d, f)
	if err != nil {
		return nil, "", err
	}
	items, err := newNamer(s).items(ctx, apps)
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
				), it.RoundName, it.Status.Label(), clock.Minute(it.SubmittedAt), it.VersionCode},
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

// recommendStatuses are the applications a department's 推荐表 lists: those
// it is reviewing and those it has recommended onwards. Returned and
// rejected ones are left out.
func recommendStatuses(l domain.Level) []domain.AppStatus {
	past := []domain.AppStatus{
		domain.AppFormalReview,
		domain.AppFormalFailed,
		domain.AppExpertReview,
		domain.AppPublicity,
		domain.AppFiled,
		domain.AppNotFiled,
	}
	switch l {
	case domain.LevelProvince:
		return append([]domain.AppStatus{domain.AppProvinceReview}, past...)
	case domain.LevelCity:
		return append(
			[]domain.AppStatus{
				domain.AppCityReview,
				domain.AppProvinceReview,
				domain.AppProvinceRejected,
			},
			past...)
	}
	return nil
}

// RecommendRow is one line of the 推荐表.
type RecommendRow struct {
	App       domain.Application
	Carrier   string
	Operator  string
	Address   string
	Founded   string
	Opinions  []string // the recommend comments, city first: 市级（部门）：意见; a city's table has only its own
	Score     *float64 // the province's expert score; nil when none (or for a city's table)
	Publicity string   // 2021-11-22 至 2021-11-26
	Recommend bool     // the department has recommended it onwards
}

// RecommendRows lists the 推荐表 of the actor's department: for a province
// (省级科技管理部门) the applications it is reviewing or has recommended to
// 火炬中心, with the city's and its own recommendation, its expert score and
// its 公示; for a 市/区科技局 those it is reviewing or has recommended to the
// province, with 评审分数 and 公示情况 left blank for the province, as the
// provinces' own forms do. Every column comes from the submitted version,
// as printed. The filter narrows the list like the 工作台's; a status
// outside the table's states gives an empty table. Best score first, then
// by 受理编号.
func (s *Service) RecommendRows(
	ctx context.Context,
	a domain.Actor,
	f QueueFilter,
) (domain.Department, []RecommendRow, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return d, nil, err
	}
	statuses := recommendStatuses(d.Level)
	if statuses == nil {
		return d, nil, domain.Errorf(domain.Forbidden, "推荐表由省级科技管理部门和市/区科技局填报，火炬中心无需导出。")
	}
	apps, err := s.allQueue(ctx, d, f)
	if err != nil {
		return d, nil, err
	}
	var out []RecommendRow
	for _, app := range apps {
		if !slices.Contains(statuses, app.Status) {
			continue
		}
		row, err := s.recommendRow(ctx, d, app)
		if err != nil {
			return d, nil, err
		}
		out = append(out, row)
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if (x.Score == nil) != (y.Score == nil) {
			return x.Score != nil
		}
		if x.Score != nil && *x.Score != *y.Score {
			return *x.Score > *y.Score
		}
		return x.App.RefNo < y.App.RefNo
	})
	return d, out, nil
}

func (s *Service) recommendRow(
	ctx context.Context,
	d domain.Department,
	app domain.Application,
) (RecommendRow, error) {
	row := RecommendRow{App: app, Carrier: app.CarrierName}
	snap, _, err := s.submittedSnapshot(ctx, app.ID, app.SubmittedVersion)
	if err != nil {
		return row, err
	}
	basic := snap.Sections["basic"]
	row.Operator, row.Address, row.Founded = snap.Org.Name, basic["address"], basic["founded_on"]
	if snap.Carrier != "" {
		row.Carrier = snap.Carrier
	}
	steps, err := s.store.Steps(ctx, app.ID)
	if err != nil {
		return row, err
	}
	steps = effectiveSteps(steps) // a withdrawn recommendation is none
	round := steps
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Action == domain.ActSubmit {
			round = steps[i:]
			break
		}
	}
	var city, province string
	for _, st := range round {
		switch {
		case st.Action == domain.ActRecommend && st.Level == domain.LevelCity:
			city = opinion("市级", st)
			if d.Level == domain.LevelCity {
				row.Recommend = true
			}
		case st.Action == domain.ActRecommend && st.Level == domain.LevelProvince && d.Level == domain.LevelProvince:
			province, row.Recommend = opinion("省级", st), true
		case d.Level == domain.LevelProvince && st.Level == domain.LevelProvince && st.Action == domain.ActScore:
			sc := st.Score
			row.Score = &sc
		case d.Level == domain.LevelProvince && st.Level == domain.LevelProvince && st.Action == domain.ActPublicity:
			row.Publicity = st.PublicFrom + " 至 " + st.PublicTo
		}
	}
	for _, o := range []string{city, province} {
		if o != "" {
			row.Opinions = append(row.Opinions, o)
		}
	}
	return row, nil
}

// opinion is a recommendation as the 推荐意见 column prints it: the
// department's own words. A city may recommend without an 审核意见; its
// line then says so rather than putting words in its mouth.
func opinion(level string, st domain.ReviewStep) string {
	text := strings.TrimSpace(st.Comment)
	if text == "" {
		text = "推荐（未填写意见）。"
	}
	return level + "（" + st.DeptName + "）：" + text
}

// ExportRecommend writes the 《申报国家备案众创空间推荐表》 of the actor's
// department (see RecommendRows) as an Excel workbook; name is the file
// name to offer.
func (s *Service) ExportRecommend(
	ctx context.Context,
	a domain.Actor,
	f QueueFilter,
) (data []byte, name string, err error) {
	d, rows, err := s.RecommendRows(ctx, a, f)
	if err != nil {
		return nil, "", err
	}
	now := s.now().In(clock.Zone)
	sh := sheet.Report{
		Sheet: "推荐表",
		Title: "申报国家备案众创空间推荐表",
		Note:  "推荐单位（盖章）：" + d.Name + "　　　　填报日期：" + now.Format("2006年1月2日"),
		Columns: []sheet.Column{
			sheet.Col("序号", 6), sheet.Col("众创空间名称", 26), sheet.Col("运营主体", 28),
			sheet.Col("地址", 34), sheet.Col("成立时间", 13), sheet.Col("推荐意见", 46),
			sheet.Col("评审分数", 10), sheet.Col("公示情况", 26), sheet.Col("当前状态", 14),
		},
		Wrap: true,
	}
	for i, r := range rows {
		var score any = ""
		if r.Score != nil {
			score = *r.Score
		}
		sh.Rows = append(sh.Rows, []any{i + 1, r.Carrier, r.Operator, r.Address, r.Founded,
			strings.Join(r.Opinions, "\n"), score, r.Publicity, r.App.Status.Label()})
	}
	if len(rows) == 0 {
		sh.Empty = "（没有审核中或已推荐的申报）"
	}
	data, err = sh.XLSX()
	return data, "申报国家备案众创空间推荐表-" + d.Name + "-" + now.Format("20060102") + ".xlsx", err
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
