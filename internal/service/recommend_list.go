package service

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/region"
)

// What a department sends on with the applications it recommends: the
// 《申报国家备案众创空间推荐表》 (domain.md §3) and the 推荐函, both listing
// them in its 推荐排序.

// RecommendRow is one application of the list, as its submitted version
// has it.
type RecommendRow struct {
	RankedApp
	USCC        string // the operator's 统一社会信用代码
	Carrier     string // 众创空间名称
	Operator    string // 运营主体
	Area        string // 所在市/区
	Contact     string
	Phone       string
	VersionCode string // the submitted 版本号
	Figures     []any  // the type's KeyFigures
}

// RecommendList is what a department has recommended onwards, in its
// 推荐排序, within a filter of the 工作台.
type RecommendList struct {
	Dept  domain.Department
	Round domain.Round // the filter's round, else the newest round listed; zero when none
	Place string       // the department's province (or city), for titles: 北京市
	Rows  []RecommendRow
}

// Type is the application type of the list's round; a list holds one
// type, since each has its own columns.
func (l RecommendList) Type() *form.Type {
	if t := form.TypeOf(l.Round.TypeCode); t != nil {
		return t
	}
	return form.Types()[0]
}

// Title is the list's title, e.g. 北京市2021年度众创空间国家备案推荐表,
// 北京市2026年度创业孵化机构免税资格申请核定名单.
func (l RecommendList) Title() string {
	if l.Round.Name == "" {
		return l.Place + l.Type().Service + l.Type().ListName
	}
	return l.Place + l.Round.Name + l.Type().ListName
}

// RecommendList lists the applications the actor's department has
// recommended onwards (推荐至火炬中心 for a province, 推荐 for a 市/区科技局)
// and not taken back, within the filter f of its 工作台: by round, each in
// the department's 推荐排序. 火炬中心 recommends to nobody: Forbidden.
func (s *Service) RecommendList(ctx context.Context, a domain.Actor, f QueueFilter) (RecommendList, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return RecommendList{}, err
	}
	l := RecommendList{Dept: d, Place: strings.ReplaceAll(region.FullNameOf(d.RegionCode), " ", "")}
	if d.Level == domain.LevelTorch {
		return l, domain.Errorf(domain.Forbidden, "推荐表和推荐函由省级科技管理部门和市/区科技局报送，火炬中心无需导出。")
	}
	apps, err := s.rankable(ctx, d, f)
	if err != nil {
		return l, err
	}
	apps = slices.DeleteFunc(apps, func(x RankedApp) bool { return !x.Recommended })
	if apps, err = s.inRoundOrder(ctx, d, apps); err != nil {
		return l, err
	}
	if l.Round, err = s.listRound(ctx, f, apps); err != nil {
		return l, err
	}
	// Each type has its own columns: the list holds its round's type.
	apps = slices.DeleteFunc(apps, func(x RankedApp) bool { return x.TypeCode != l.Type().Code })
	for _, x := range apps {
		row, err := s.recommendRow(ctx, x)
		if err != nil {
			return l, err
		}
		l.Rows = append(l.Rows, row)
	}
	return l, nil
}

// inRoundOrder sorts apps by round, newest first, and each round's by the
// department's 推荐排序.
func (s *Service) inRoundOrder(ctx context.Context, d domain.Department, apps []RankedApp) ([]RankedApp, error) {
	byRound := map[int64][]RankedApp{}
	var rounds []int64
	for _, x := range apps {
		if byRound[x.RoundID] == nil {
			rounds = append(rounds, x.RoundID)
		}
		byRound[x.RoundID] = append(byRound[x.RoundID], x)
	}
	slices.SortFunc(rounds, func(x, y int64) int { return cmp.Compare(y, x) })
	var out []RankedApp
	for _, id := range rounds {
		o, err := s.store.RecommendOrder(ctx, d.ID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, ordered(byRound[id], o.Apps)...)
	}
	return out, nil
}

// listRound is the round a list is titled with: the filter's, else the
// first listed.
func (s *Service) listRound(ctx context.Context, f QueueFilter, apps []RankedApp) (domain.Round, error) {
	id := f.RoundID
	if id == 0 && len(apps) > 0 {
		id = apps[0].RoundID
	}
	if id == 0 {
		return domain.Round{}, nil
	}
	return s.store.Round(ctx, id)
}

// recommendRow reads an application's row from its submitted version.
func (s *Service) recommendRow(ctx context.Context, x RankedApp) (RecommendRow, error) {
	row := RecommendRow{RankedApp: x, Carrier: x.CarrierName, Area: x.RegionName}
	snap, v, err := s.submittedSnapshot(ctx, x.ID, x.SubmittedVersion)
	if err != nil {
		return row, err
	}
	basic := snap.Sections["basic"]
	row.USCC, row.Operator, row.VersionCode = snap.Org.USCC, snap.Org.Name, v.Code
	row.Contact, row.Phone = basic["contact"], phones(basic["contact_mobile"], basic["contact_phone"])
	if snap.Carrier != "" {
		row.Carrier = snap.Carrier
	}
	fa, err := snap.app()
	if err != nil {
		return row, err
	}
	row.Figures = fa.KeyFigures()
	return row, nil
}

// phones joins a mobile and a landline, either of which may be missing.
func phones(list ...string) string {
	var out []string
	for _, p := range list {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " / ")
}
