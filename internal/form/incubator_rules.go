package form

import (
	"strconv"
	"strings"

	"hatch/internal/ident"
)

// The thresholds of 300号 as limits: the 专业 values where the type
// changes them, and −20 % in 艰苦边远地区 where 第十条 allows it (site area,
// company and graduate numbers, funds, IP shares; not the density, the
// financing share or the staff ratios, which it does not name).
var (
	hardship = []LimitCase{{On: On{Section: "basic", When: When{Field: "hardship", In: []string{"是"}}},
		Param: "hardship_cut"}}
	areaLimit    = Limit{Param: "area_min", Cuts: hardship}
	fundLimit    = Limit{Param: "fund_min", Cuts: hardship}
	patentLimit  = Limit{Param: "patent_share", Cuts: hardship}
	ipLimit      = Limit{Param: "ip_share", Cuts: hardship}
	firmsLimit   = Limit{Param: "firms_min", Cases: []LimitCase{{On: professional, Param: "firms_min_pro"}}, Cuts: hardship}
	densityLimit = Limit{Param: "density_min", Cases: []LimitCase{{On: professional, Param: "density_min_pro"}}}
	gradLimit    = Limit{Param: "graduates_min", Cases: []LimitCase{{On: professional, Param: "graduates_min_pro"}}, Cuts: hardship}
)

var incubatorConditions = []Condition{
	{Code: "K1", Title: "具有独立法人资格，发展方向明确，具备完善的运营管理体系和孵化服务机制", Kind: Hard,
		Rule: "运营主体的统一社会信用代码有效，“运营管理体系和孵化服务机制”和“孵化服务开展情况”已填写；内容由专家评审判断。",
		Eval: condIncubatorOperator},
	{Code: "K2", Title: "孵化器实际注册并运营满3年", Kind: Hard,
		Rule: "成立时间和开始运营时间均不晚于本批次规定日期。", Eval: condOperating},
	{Code: "K3", Title: "至少连续2年报送真实完整的统计数据", Kind: Hard,
		Rule: "连续报送火炬统计年报 ≥ {stat_years_min} 年。", Eval: condStatYears},
	{Code: "K4", Title: "孵化场地集中，可自主支配的孵化场地面积不低于10000平方米", Kind: Hard,
		Rule: "可自主支配面积合计 ≥ {area_min} m²（艰苦边远地区降低{hardship_cut%}）。", Eval: condSiteArea},
	{Code: "K5", Title: "在孵企业使用面积（含公共服务面积）占75%以上", Kind: Hard,
		Rule: "（计入的在孵企业使用面积 + 公共服务面积）÷ 可自主支配面积 ≥ {area_share%}。", Eval: condUsedArea},
	{Code: "K6", Title: "自有种子资金或合作的孵化资金规模不低于500万元", Kind: Hard,
		Rule: "孵化资金规模合计 ≥ {fund_min} 万元（艰苦边远地区降低{hardship_cut%}）。", Eval: condFunds},
	{Code: "K7", Title: "获得投融资的在孵企业占比不低于10%", Kind: Hard,
		Rule: "获得投融资的在孵企业 ÷ 计入的在孵企业 ≥ {financed_share%}。", Eval: condFinanced},
	{Code: "K8", Title: "至少有3个资金使用案例", Kind: Hard,
		Rule: "资金使用案例 ≥ {cases_min} 个。", Eval: condFundCases},
	{Code: "K9", Title: "专业孵化服务人员占机构总人数80%以上", Kind: Hard,
		Rule: "专职且有资质依据的专业孵化服务人员 ÷ 机构总人数 ≥ {staff_share%}。", Eval: condStaffShare},
	{Code: "K10", Title: "每10家在孵企业至少配备1名专业孵化服务人员和1名创业导师", Kind: Hard,
		Rule: "专业孵化服务人员和创业导师均 ≥ 在孵企业数 ÷ {per_firms}（向上取整）。", Eval: condPerFirms},
	{Code: "K11", Title: "申请专利的在孵企业占比不低于50%或拥有有效知识产权的占比不低于30%", Kind: Hard,
		Rule: "已申请专利的在孵企业 ≥ {patent_share%}，或拥有有效知识产权的 ≥ {ip_share%}（艰苦边远地区降低{hardship_cut%}）。",
		Eval: condIP},
	{Code: "K12", Title: "在孵企业不少于50家且每千平方米平均在孵企业不少于3家", Kind: Hard,
		Rule: "计入的在孵企业 ≥ {firms_min} 家（专业孵化器 {firms_min_pro} 家），每千平方米 ≥ {density_min} 家" +
			"（专业孵化器 {density_min_pro} 家）；艰苦边远地区企业数降低{hardship_cut%}。", Eval: condFirms},
	{Code: "K13", Title: "累计毕业企业达到20家以上", Kind: Hard,
		Rule: "计入的毕业企业 ≥ {graduates_min} 家（专业孵化器 {graduates_min_pro} 家；艰苦边远地区降低{hardship_cut%}）。",
		Eval: condGraduates},
	{Code: "K14", Title: "专业孵化器：同一产业领域的在孵企业占75%以上，具备自主支配的公共服务平台", Kind: Hard,
		Rule: "产业领域为主导产业领域的在孵企业 ≥ {industry_share_pro%}，且至少1个自主支配的公共服务平台。",
		Eval: condProfessional, ShownWhen: &professional},
}

// need prints a threshold after a figure: "（应 ≥ 10000 m²）".
func need(limit float64, unit string) string { return "（应 ≥ " + trimNumber(limit) + unit + "）" }

func needShare(limit float64) string {
	return "（应 ≥ " + trimNumber(roundTo(limit*100, 2)) + "%）"
}

func condIncubatorOperator(a *App) Result {
	if !ident.ValidUSCC(a.Org.USCC) {
		return Result{Outcome: NotMet, Figure: "统一社会信用代码无效", Link: "basic"}
	}
	if missing := a.emptyTexts("system", "services"); len(missing) > 0 {
		return Result{Outcome: Missing, Figure: "未填写：" + strings.Join(missing, "；"), Link: "system"}
	}
	return Result{Outcome: Met, Figure: a.Org.USCC + "；内容是否符合由专家评审判断", Link: "system"}
}

func condStatYears(a *App) Result {
	n, ok := Integer(a.Sections["basic"]["stat_years"])
	if !ok {
		return Result{Outcome: Missing, Figure: "连续报送火炬统计年报的年数未填写", Link: "basic"}
	}
	min := a.Param("stat_years_min")
	return outcome(float64(n) >= min, "连续报送 "+strconv.FormatInt(n, 10)+" 年"+need(min, " 年"), "basic")
}

// siteArea is the 可自主支配面积 of the counted sites.
func (a *App) siteArea() float64 { return a.SumOf(Col{"sites", "area"}) }

func condSiteArea(a *App) Result {
	if len(a.Rows["sites"]) == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写孵化场地", Link: "sites"}
	}
	area, limit := a.siteArea(), a.Limit(areaLimit, nil)
	return outcome(area >= limit, "可自主支配面积 "+FormatNumber(area, 2)+" m²"+need(limit, " m²"), "sites")
}

func condUsedArea(a *App) Result {
	area := a.siteArea()
	if area <= 0 {
		return Result{Outcome: Missing, Figure: "尚未填写孵化场地", Link: "sites"}
	}
	firms, public := a.SumOf(Col{"firms", "area"}), a.SumOf(Col{"sites", "public_area"})
	// Parts typed larger than the whole count as the whole: a share never
	// passes 100 %; the rows show the problem.
	share, limit := min(firms+public, area)/area, a.Param("area_share")
	fig := "在孵企业使用 " + FormatNumber(firms, 2) + " m²，公共服务 " + FormatNumber(public, 2) + " m²，占 " +
		Percent(share) + needShare(limit)
	return outcome(share >= limit, fig, "sites")
}

func condFunds(a *App) Result {
	if len(a.Rows["funds"]) == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写孵化资金", Link: "funds"}
	}
	total, limit := a.SumOf(Col{"funds", "amount"}), a.Limit(fundLimit, nil)
	return outcome(total >= limit, "孵化资金 "+FormatNumber(total, 2)+" 万元"+need(limit, " 万元"), "funds")
}

// firmRatio is a share of the counted 在孵企业, or Missing when none count.
func (a *App) firmRatio(m RowMatch) (Ratio, *Result) {
	if len(a.Rows["firms"]) == 0 {
		return Ratio{}, &Result{Outcome: Missing, Figure: "尚未填写在孵企业", Link: "firms"}
	}
	return a.ShareOf(m, "firms"), nil
}

func condFinanced(a *App) Result {
	r, missing := a.firmRatio(RowMatch{{Field: "financed", In: []string{"是"}}})
	if missing != nil {
		return *missing
	}
	limit := a.Param("financed_share")
	return outcome(r.Share >= limit, "获得投融资 "+r.String()+needShare(limit), "firms")
}

func condFundCases(a *App) Result {
	n, limit := len(a.Counted("fund_cases")), a.Param("cases_min")
	if n == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写资金使用案例", Link: "fund_cases"}
	}
	return outcome(float64(n) >= limit, "资金使用案例 "+strconv.Itoa(n)+" 个"+need(limit, " 个"), "fund_cases")
}

func condStaffShare(a *App) Result {
	total, ok := Integer(a.Sections["team"]["headcount"])
	if !ok || total <= 0 {
		return Result{Outcome: Missing, Figure: "机构总人数未填写", Link: "team"}
	}
	r, limit := RatioOf(len(a.Counted("pro_staff")), int(total)), a.Param("staff_share")
	return outcome(r.Share >= limit, "专业孵化服务人员 "+strconv.Itoa(r.Part)+" 人，机构总人数 "+strconv.Itoa(r.Whole)+
		" 人，占 "+Percent(r.Share)+needShare(limit), "pro_staff")
}

func condPerFirms(a *App) Result {
	n := len(a.Counted("firms"))
	if n == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写在孵企业", Link: "firms"}
	}
	want := CeilDiv(n, int(a.Param("per_firms")))
	staff, mentors := len(a.Counted("pro_staff")), len(a.Counted("mentors"))
	fig := "在孵企业 " + strconv.Itoa(n) + " 家，专业孵化服务人员 " + strconv.Itoa(staff) + " 名，创业导师 " +
		strconv.Itoa(mentors) + " 名（均应 ≥ " + strconv.Itoa(want) + " 名）"
	return outcome(staff >= want && mentors >= want, fig, "team")
}

func condIP(a *App) Result {
	patents, missing := a.firmRatio(RowMatch{{Field: "patent_applied", In: []string{"是"}}})
	if missing != nil {
		return *missing
	}
	ip := a.ShareOf(RowMatch{{Field: "ip_count", Positive: true}}, "firms")
	pl, il := a.Limit(patentLimit, nil), a.Limit(ipLimit, nil)
	fig := "已申请专利 " + patents.String() + needShare(pl) + "，拥有有效知识产权 " + ip.String() + needShare(il)
	return outcome(patents.Share >= pl || ip.Share >= il, fig, "firms")
}

func condFirms(a *App) Result {
	if len(a.Rows["firms"]) == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写在孵企业", Link: "firms"}
	}
	n, area := len(a.Counted("firms")), a.siteArea()
	density := 0.0
	if area > 0 {
		density = float64(n) / (area / 1000)
	}
	nl, dl := a.Limit(firmsLimit, nil), a.Limit(densityLimit, nil)
	fig := "计入的在孵企业 " + strconv.Itoa(n) + " 家" + need(nl, " 家") + "，每千平方米 " + FormatNumber(density, 2) +
		" 家" + need(dl, " 家")
	if left := len(a.Rows["firms"]) - n; left > 0 {
		fig += "；另有 " + strconv.Itoa(left) + " 家不计入"
	}
	return outcome(float64(n) >= nl && density >= dl, fig, "firms")
}

func condGraduates(a *App) Result {
	if len(a.Rows["graduates"]) == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写毕业企业", Link: "graduates"}
	}
	n, limit := len(a.Counted("graduates")), a.Limit(gradLimit, nil)
	fig := "计入的毕业企业 " + strconv.Itoa(n) + " 家" + need(limit, " 家")
	if left := len(a.Rows["graduates"]) - n; left > 0 {
		fig += "；另有 " + strconv.Itoa(left) + " 家不计入"
	}
	return outcome(float64(n) >= limit, fig, "graduates")
}

func condProfessional(a *App) Result {
	main := a.Sections["basic"]["main_industry"]
	if strings.TrimSpace(main) == "" {
		return Result{Outcome: Missing, Figure: "主导产业领域未填写", Link: "basic"}
	}
	r, missing := a.firmRatio(RowMatch{{Field: "industry", SameAs: &FieldRef{Section: "basic", Field: "main_industry"}}})
	if missing != nil {
		return *missing
	}
	own, limit := a.CountWhere(RowMatch{{Field: "own", In: []string{"是"}}}, "platforms"), a.Param("industry_share_pro")
	fig := main + "领域在孵企业 " + r.String() + needShare(limit) + "，自主支配的公共服务平台 " + strconv.Itoa(own) + " 个"
	return outcome(r.Share >= limit && own >= 1, fig, "platforms")
}

// checkFirmSites: an 在孵企业 sits on one of the incubator's sites (第八条),
// named as the 孵化场地 table names it.
func checkFirmSites(a *App) []Issue {
	sites := map[string]bool{}
	for _, s := range a.Rows["sites"] {
		sites[strings.TrimSpace(s.Data["name"])] = true
	}
	var out []Issue
	for _, r := range a.Rows["firms"] {
		if v := strings.TrimSpace(r.Data["site"]); v != "" && !sites[v] {
			out = append(out, Issue{Section: "firms", Table: "firms", RowID: r.ID, Field: "site", Label: "所在场地",
				Message: "所在场地“" + v + "”不在孵化场地表中，请填写孵化场地表中的场地名称。"})
		}
	}
	return out
}

// checkFirmTSME: 在孵企业 should meet the 科技型中小企业 requirements; an
// empty 入库编号 is a warning, not a block (types.md A3 R1).
func checkFirmTSME(a *App) []Issue {
	var out []Issue
	for _, r := range a.Rows["firms"] {
		if strings.TrimSpace(r.Data["tsme_no"]) == "" {
			out = append(out, Issue{Section: "firms", Table: "firms", RowID: r.ID, Field: "tsme_no", Label: "科技型中小企业入库编号",
				Message: "未填写科技型中小企业入库编号：在孵企业应符合科技型中小企业条件，请核实。", Warning: true})
		}
	}
	return out
}

// checkSiteCount warns when the sites are many: 300号 asks for a
// concentrated site, which experts judge.
func checkSiteCount(a *App) []Issue {
	limit := a.Param("sites_warn")
	if n := len(a.Rows["sites"]); limit > 0 && float64(n) > limit {
		return []Issue{{Section: "sites", Field: "total_area", Label: "孵化场地",
			Message: "孵化场地共 " + strconv.Itoa(n) + " 处，超过 " + trimNumber(limit) + " 处：请在“运营管理体系和孵化服务机制”中说明场地集中的情况。",
			Warning: true}}
	}
	return nil
}
