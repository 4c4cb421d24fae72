package form

// KeyFigure is one figure a department's lists show for each application
// of a type, after the columns every type has: the 推荐表 of a 众创空间 has
// its 总面积 and 工位数, a 孵化器's its 在孵企业 and 毕业企业, a 免税
// application's the first and last month of the benefit. Of gives a
// number (so that a spreadsheet can sum it) or a text.
type KeyFigure struct {
	Label string
	Width float64 // the column's width in characters
	Of    func(a *App) any
}

// KeyFigures are the values of the type's key figures, in their order.
func (a *App) KeyFigures() []any {
	out := make([]any, len(a.Type.KeyFigures))
	for i, k := range a.Type.KeyFigures {
		out[i] = k.Of(a)
	}
	return out
}

// fieldFigure is the value of a field (often a computed total): a number
// when it is one, else its text.
func fieldFigure(section, key string) func(a *App) any {
	return func(a *App) any {
		v := a.Value(section, key)
		if n, ok := Number(v); ok {
			return n
		}
		return v
	}
}

// makerspaceFigures are domain.md §3's columns of the 推荐表, counted by
// Figures.
var makerspaceFigures = []KeyFigure{
	{"总面积", 10, func(a *App) any { return a.Figures().Area }},
	{"工位数", 8, func(a *App) any { return a.Figures().Stations }},
	{"当年入驻团队和企业", 12, func(a *App) any { return a.Figures().Settled }},
	{"转化为企业数", 10, func(a *App) any { return a.Figures().Converted }},
	{"获得投融资数", 10, func(a *App) any { return a.Figures().Financed }},
	{"活动场数", 9, func(a *App) any { return a.Figures().Activities }},
}

// incubatorFigures are what a province's 公示 and 推荐表 of 孵化器 carry
// (types.md §A7: 场地面积, 在孵和毕业企业数量) with the other thresholds'
// figures.
var incubatorFigures = []KeyFigure{
	{"孵化器类型", 10, fieldFigure("basic", "kind")},
	{"可自主支配面积（m²）", 12, fieldFigure("sites", "total_area")},
	{"在孵企业（家）", 9, fieldFigure("firms", "firm_count")},
	{"累计毕业企业（家）", 10, fieldFigure("graduates", "graduate_count")},
	{"孵化资金（万元）", 10, fieldFigure("funds", "fund_total")},
	{"专业孵化服务人员", 9, fieldFigure("team", "pro_count")},
	{"创业导师", 8, fieldFigure("team", "mentor_count")},
}

// exemptionFigures are what 税务 receives of each body on the list: its
// designation and the months it may claim (types.md §B5), with the
// exempt property and income.
var exemptionFigures = []KeyFigure{
	{"机构类型", 14, fieldFigure("basic", "kind")},
	{"认定/备案文号", 20, fieldFigure("basic", "designation_no")},
	{"享受起始月份", 10, func(a *App) any { first, _ := a.benefitSpan(); return first }},
	{"享受截止月份", 10, func(a *App) any { _, last := a.benefitSpan(); return last }},
	{"免税房产面积（m²）", 12, fieldFigure("property", "exempt_building_area")},
	{"免税土地面积（m²）", 12, fieldFigure("property", "exempt_land_area")},
	{"在孵对象（个）", 9, fieldFigure("incubatees", "incubatee_count")},
	{"免税收入（万元）", 10, fieldFigure("income", "exempt_income")},
}

// benefitSpan is the first and last month (2024-01) the designation earns
// within the round's period, cut by a cancellation (E2, E3); "" when it
// earns none or its dates are not filled.
func (a *App) benefitSpan() (first, last string) {
	designated, ok := ParseDate(a.Sections["basic"]["designated_on"])
	cancelled, missing := a.cancellation()
	if !ok || missing != "" {
		return "", ""
	}
	b, _, earned, _ := a.benefit(designated, cancelled)
	if !earned {
		return "", ""
	}
	return FormatMonth(b.First), FormatMonth(b.Last)
}
