package form

import (
	"strconv"
	"strings"
	"time"
)

// areaShareLimit is the share of the site that 在孵对象 and public services
// should use: 75 % for 孵化器 and 众创空间, 60 % for a 大学科技园.
var areaShareLimit = Limit{Param: "area_share", Cases: []LimitCase{{On: sciPark, Param: "area_share_park"}}}

// exemptionConditions are 42号's conditions (types.md B2) and the area
// checks of the provinces' 核定. E8 and E9 are warnings: 42号 itself sets no
// area share and no duty to keep the area of the 认定.
var exemptionConditions = []Condition{
	{Code: "E1", Title: "属于国家级、省级科技企业孵化器、大学科技园或国家备案众创空间", Kind: Hard,
		Rule: "机构类型、认定/备案文号和认定/备案日期均已填写。", Eval: condBody},
	{Code: "E2", Title: "自认定或备案的次月起享受免税", Kind: Hard,
		Rule: "享受起始月份为认定/备案日期的次月，早于 {year_min}-01 的自 {year_min}-01 起；须不晚于申请年度的12月和 {year_max}-12。",
		Eval: condBenefitStart},
	{Code: "E3", Title: "被取消资格的，自取消资格的次月起停止享受免税", Kind: Hard,
		Rule: "享受截止月份为取消资格的当月，未被取消的为 {year_max}-12；须不早于享受起始月份和申请年度的1月。",
		Eval: condBenefitEnd},
	{Code: "E4", Title: "自用或无偿、出租给在孵对象使用的房产、土地免征房产税和城镇土地使用税", Kind: Hard,
		Rule: "房产土地清单中用途不为“其他”、租赁期限与申请年度有重叠的计入免税，至少1处。", Eval: condExemptProperty},
	{Code: "E5", Title: "向在孵对象提供孵化服务取得的收入免征增值税", Kind: Hard,
		Rule: "服务类别为经纪代理、经营租赁、研发和技术、信息技术、鉴证咨询服务，且服务对象为计入的在孵对象的收入计入免税收入，合计大于0。",
		Eval: condExemptIncome},
	{Code: "E6", Title: "孵化服务收入单独核算", Kind: Hard,
		Rule: "“孵化服务收入是否单独核算”为“是”。", Eval: condLedger},
	{Code: "E7", Title: "在孵对象为签订孵化协议的企业、创业团队和个人", Kind: Hard,
		Rule: "孵化协议期限与申请年度有重叠的在孵对象计入，至少1个。", Eval: condIncubatees},
	{Code: "E8", Title: "在孵对象使用面积（含公共服务面积）占可自主支配面积75%以上（大学科技园60%以上）", Kind: Warn,
		Rule: "（计入的在孵对象使用面积 + 公共服务面积）÷ 房产建筑面积合计 ≥ {area_share%}（大学科技园 {area_share_park%}）；" +
			"低于时提示，不影响提交。", Eval: condAreaShareWarn},
	{Code: "E9", Title: "场地面积与认定时一致", Kind: Warn,
		Rule: "房产建筑面积合计等于认定时可自主支配场地面积；不一致时提示办理变更手续，不影响提交。", Eval: condAreaAsDesignated},
}

func condBody(a *App) Result {
	v := a.Sections["basic"]
	var missing []string
	for _, f := range []struct{ key, label string }{
		{"kind", "机构类型"}, {"designation_no", "认定/备案文号"}, {"designated_on", "认定/备案日期"}} {
		if strings.TrimSpace(v[f.key]) == "" {
			missing = append(missing, f.label)
		}
	}
	if len(missing) > 0 {
		return Result{Outcome: Missing, Figure: "未填写：" + strings.Join(missing, "；"), Link: "basic"}
	}
	return Result{Outcome: Met, Figure: v["kind"] + "，" + v["designation_no"] + "，" + v["designated_on"] + " 认定/备案",
		Link: "basic"}
}

// policyPeriod is the round's period of the benefit, from 1 January of its
// first year to 31 December of its last.
func (a *App) policyPeriod() (from, to time.Time) {
	return time.Date(int(a.Param("year_min")), 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(int(a.Param("year_max")), 12, 31, 0, 0, 0, 0, time.UTC)
}

// applicationYear is the 申请年度, when it is filled.
func (a *App) applicationYear() (int, bool) {
	y, ok := Integer(a.Sections["basic"]["year"])
	return int(y), ok
}

// benefit is the span the designation earns within the period, cut by the
// cancellation when cancelled is set; open is the same without it.
func (a *App) benefit(designated, cancelled time.Time) (b, open Benefit, ok, openOK bool) {
	from, to := a.policyPeriod()
	b, ok = BenefitMonths(designated, cancelled, from, to)
	open, openOK = BenefitMonths(designated, time.Time{}, from, to)
	return b, open, ok, openOK
}

func condBenefitStart(a *App) Result {
	designated, ok := ParseDate(a.Sections["basic"]["designated_on"])
	if !ok {
		return Result{Outcome: Missing, Figure: "认定/备案日期未填写", Link: "basic"}
	}
	_, open, _, ok := a.benefit(designated, time.Time{})
	fig := "认定/备案日期 " + FormatDate(designated)
	if !ok {
		from, to := a.policyPeriod()
		return Result{Outcome: NotMet, Link: "basic", Figure: fig + "，在政策期间（" + FormatMonth(from) + " 至 " +
			FormatMonth(to) + "）内没有可享受的月份"}
	}
	fig += "，自 " + FormatMonth(open.First) + " 起享受"
	if y, ok := a.applicationYear(); ok && open.First.Year() > y {
		return Result{Outcome: NotMet, Figure: fig + "；申请年度 " + strconv.Itoa(y) + " 年尚未开始享受", Link: "basic"}
	}
	return Result{Outcome: Met, Figure: fig, Link: "basic"}
}

// cancellation reads 是否已被取消资格 and its date: zero when not
// cancelled; a non-empty missing names what is not filled.
func (a *App) cancellation() (cancelled time.Time, missing string) {
	v := a.Sections["basic"]
	switch strings.TrimSpace(v["cancelled"]) {
	case "":
		return time.Time{}, "是否已被取消资格未填写"
	case "是":
		t, ok := ParseDate(v["cancelled_on"])
		if !ok {
			return time.Time{}, "取消资格日期未填写"
		}
		return t, ""
	}
	return time.Time{}, ""
}

func condBenefitEnd(a *App) Result {
	designated, ok := ParseDate(a.Sections["basic"]["designated_on"])
	if !ok {
		return Result{Outcome: Missing, Figure: "认定/备案日期未填写", Link: "basic"}
	}
	cancelled, missing := a.cancellation()
	if missing != "" {
		return Result{Outcome: Missing, Figure: missing, Link: "basic"}
	}
	fig := "未被取消资格"
	if !cancelled.IsZero() {
		fig = FormatDate(cancelled) + " 取消资格"
	}
	b, open, ok, openOK := a.benefit(designated, cancelled)
	switch {
	case !openOK: // the designation leaves no month: E2 says so
		return Result{Outcome: Met, Figure: fig, Link: "basic"}
	case !ok:
		return Result{Outcome: NotMet, Link: "basic",
			Figure: fig + "，早于享受起始月份 " + FormatMonth(open.First) + "，没有可享受的月份"}
	}
	fig += "，享受至 " + FormatMonth(b.Last)
	y, ok := a.applicationYear()
	if !ok {
		return Result{Outcome: Met, Figure: fig, Link: "basic"}
	}
	if b.Last.Year() < y {
		return Result{Outcome: NotMet, Figure: fig + "；申请年度 " + strconv.Itoa(y) + " 年已停止享受", Link: "basic"}
	}
	if first, last, n := monthsInYear(b, y); n > 0 {
		fig += "；申请年度 " + strconv.Itoa(y) + " 年享受 " + monthsText(n) + "（" + FormatMonth(first) + " 至 " + FormatMonth(last) + "）"
	}
	return Result{Outcome: Met, Figure: fig, Link: "basic"}
}

// monthsInYear is the part of a benefit within year y: its first and last
// month and how many months it has (0 when none).
func monthsInYear(b Benefit, y int) (first, last time.Time, n int) {
	first, last = b.First, b.Last
	if jan := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); first.Before(jan) {
		first = jan
	}
	if dec := time.Date(y, 12, 1, 0, 0, 0, 0, time.UTC); last.After(dec) {
		last = dec
	}
	if last.Before(first) {
		return first, last, 0
	}
	return first, last, WholeMonths(first, last) + 1
}

func condExemptProperty(a *App) Result {
	all := len(a.Rows["property"])
	if all == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写房产土地清单", Link: "property"}
	}
	n := len(a.Counted("property"))
	fig := "免税房产土地 " + strconv.Itoa(n) + " 处（房产建筑面积 " + FormatNumber(a.SumOf(Col{"property", "building_area"}), 2) +
		" m²，土地面积 " + FormatNumber(a.SumOf(Col{"property", "land_area"}), 2) + " m²）"
	if left := all - n; left > 0 {
		fig += "；另有 " + strconv.Itoa(left) + " 处不计入"
	}
	return outcome(n > 0, fig, "property")
}

func condExemptIncome(a *App) Result {
	all := len(a.Rows["income"])
	if all == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写孵化服务收入明细", Link: "income"}
	}
	amount := Col{"income", "amount"}
	exempt, taxable := a.SumOf(amount), a.SumIn(LeftOutRows, amount)
	n := len(a.Counted("income"))
	fig := "免税收入 " + FormatNumber(exempt, 2) + " 万元（" + strconv.Itoa(n) + " 笔），应税收入 " +
		FormatNumber(taxable, 2) + " 万元（" + strconv.Itoa(all-n) + " 笔）"
	return outcome(exempt > 0, fig, "income")
}

func condLedger(a *App) Result {
	switch strings.TrimSpace(a.Sections["basic"]["ledger"]) {
	case "是":
		return Result{Outcome: Met, Figure: "孵化服务收入单独核算", Link: "basic"}
	case "否":
		return Result{Outcome: NotMet, Figure: "孵化服务收入未单独核算", Link: "basic"}
	}
	return Result{Outcome: Missing, Figure: "“孵化服务收入是否单独核算”未填写", Link: "basic"}
}

func condIncubatees(a *App) Result {
	all := len(a.Rows["incubatees"])
	if all == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写在孵对象清单", Link: "incubatees"}
	}
	n := len(a.Counted("incubatees"))
	of := func(kind string) string {
		return strconv.Itoa(a.CountWhere(RowMatch{{Field: "kind", In: []string{kind}}}, "incubatees"))
	}
	fig := "计入的在孵对象 " + strconv.Itoa(n) + " 个（企业 " + of("企业") + " 家，创业团队 " + of("创业团队") +
		" 个，个人 " + of("个人") + " 人）"
	if left := all - n; left > 0 {
		fig += "；另有 " + strconv.Itoa(left) + " 个不计入"
	}
	return outcome(n > 0, fig, "incubatees")
}

func condAreaShareWarn(a *App) Result {
	whole := a.SumIn(AllRows, Col{"property", "building_area"})
	if whole <= 0 {
		return Result{Outcome: Missing, Figure: "尚未填写房产建筑面积", Link: "property"}
	}
	used, public := a.SumOf(Col{"incubatees", "area"}), a.SumOf(Col{"property", "public_area"})
	// Parts typed larger than the whole count as the whole: the rows show
	// the problem, and a share never passes 100 %.
	share, limit := min(used+public, whole)/whole, a.Limit(areaShareLimit, nil)
	fig := "在孵对象使用 " + FormatNumber(used, 2) + " m²，公共服务 " + FormatNumber(public, 2) + " m²，占可自主支配面积 " +
		FormatNumber(whole, 2) + " m² 的 " + Percent(share) + needShare(limit)
	return outcome(share >= limit, fig, "area")
}

func condAreaAsDesignated(a *App) Result {
	declared, ok := Number(a.Sections["basic"]["site_area"])
	if !ok {
		return Result{Outcome: Missing, Figure: "认定时可自主支配场地面积未填写", Link: "basic"}
	}
	listed := a.SumIn(AllRows, Col{"property", "building_area"})
	if listed <= 0 {
		return Result{Outcome: Missing, Figure: "尚未填写房产建筑面积", Link: "property"}
	}
	fig := "房产建筑面积合计 " + FormatNumber(listed, 2) + " m²，认定时 " + FormatNumber(declared, 2) + " m²"
	if diff := roundTo(listed-declared, 2); diff != 0 {
		return Result{Outcome: NotMet, Link: "basic", Figure: fig + "，相差 " + FormatNumber(diff, 2) +
			" m²：请办理变更手续，并填写场地面积变化说明"}
	}
	return Result{Outcome: Met, Figure: fig, Link: "basic"}
}

// checkIncubateeProperty: an 在孵对象 uses one of the listed 房产, named by
// its 坐落地址, and the 在孵对象 of a 房产 together use no more than the row
// gives them.
func checkIncubateeProperty(a *App) []Issue {
	given, first, order := a.buildingsByAddress()
	var out []Issue
	for _, r := range a.Rows["incubatees"] {
		v := strings.TrimSpace(r.Data["property"])
		if _, listed := first[sameText(v)]; v != "" && !listed {
			out = append(out, Issue{Section: "incubatees", Table: "incubatees", RowID: r.ID, Field: "property", Label: "使用房产",
				Message: "使用房产“" + v + "”不在房产土地清单的房产中，请填写清单中房产的坐落地址。"})
		}
	}
	used := map[string]float64{}
	for _, r := range a.Counted("incubatees") {
		n, _ := Number(r.Data["area"])
		used[sameText(r.Data["property"])] += n
	}
	for _, k := range order {
		if roundTo(used[k], 2) > roundTo(given[k], 2) {
			out = append(out, Issue{Section: "property", Table: "property", RowID: first[k], Field: "incubatee_area",
				Label: "其中：在孵对象使用面积", Message: "在孵对象清单中使用本处房产的面积合计 " + FormatNumber(used[k], 2) +
					" m²，大于本处房产的在孵对象使用面积 " + FormatNumber(given[k], 2) + " m²。"})
		}
	}
	return out
}

// buildingsByAddress adds up the 在孵对象使用面积 of the 房产 rows by their
// 坐落地址, with the first row of each address and the addresses in order.
func (a *App) buildingsByAddress() (given map[string]float64, first map[string]int64, order []string) {
	given, first = map[string]float64{}, map[string]int64{}
	for _, r := range a.Rows["property"] {
		if !isBuilding.active(r.Data) {
			continue
		}
		k := sameText(r.Data["address"])
		if _, seen := first[k]; !seen {
			first[k] = r.ID
			order = append(order, k)
		}
		n, _ := Number(r.Data["incubatee_area"])
		given[k] += n
	}
	return given, first, order
}
