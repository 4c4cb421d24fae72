package form

import (
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/ident"
)

// checkConversions keeps the team and enterprise tables consistent: a team
// that became a company appears in the enterprise table as 团队转化 with the
// same code, and every 团队转化 company has its team (domain.md §2.6).
func checkConversions(a *App) []Issue {
	teams := map[string]domain.Row{}
	for _, r := range a.Rows["teams"] {
		if r.Data["state"] == teamConverted {
			if code := normUSCC(r.Data["company_uscc"]); code != "" {
				teams[code] = r
			}
		}
	}
	firms := map[string]domain.Row{}
	for _, r := range a.Rows["enterprises"] {
		firms[normUSCC(r.Data["uscc"])] = r
	}
	// The issues follow the rows' order, so the page lists them the same way
	// every time.
	var out []Issue
	for _, t := range a.Rows["teams"] {
		code := normUSCC(t.Data["company_uscc"])
		if teams[code].ID != t.ID {
			continue
		}
		if f, ok := firms[code]; !ok || f.Data["source"] != "团队转化" {
			out = append(out, Issue{Section: "incubation", Table: "teams", RowID: t.ID, Field: "company_uscc", Label: "注册企业统一社会信用代码",
				Message: "转化后的企业（" + code + "）须在累计入驻企业情况汇总表中填报，来源为“团队转化”。"})
		}
	}
	for _, f := range a.Rows["enterprises"] {
		code := normUSCC(f.Data["uscc"])
		if f.Data["source"] == "团队转化" && code != "" && teams[code].ID == 0 {
			out = append(out, Issue{Section: "incubation", Table: "enterprises", RowID: f.ID, Field: "source", Label: "来源",
				Message: "来源为“团队转化”的企业，须在累计创业团队情况汇总表中有对应的已注册为企业的团队（统一社会信用代码一致）。"})
		}
	}
	return out
}

// normUSCC is a code as C6 and the conversion check compare codes: the
// same enterprise typed in lower case or full width is the same enterprise.
func normUSCC(v string) string { return ident.Canonical(v) }

var makerspaceConditions = []Condition{
	{Code: "C1", Title: "发展方向明确、模式清晰，具备可持续发展能力", Kind: Experts,
		Rule: "“服务能力”和“发展思路、目标及措施”须填写，由专家评审判断。", Eval: condTexts},
	{Code: "C2", Title: "有明确的运营主体，原则上应具有独立法人资格", Kind: Hard,
		Rule: "运营主体的统一社会信用代码有效。", Eval: condOperator},
	{Code: "C3", Title: "注册成立并实际运营满18个月", Kind: Hard,
		Rule: "成立时间和开始运营时间均不晚于本批次规定日期。", Eval: condOperating},
	{Code: "C4a", Title: "服务场地面积不低于500平方米或创业工位不少于30个", Kind: Hard,
		Rule: "总面积 ≥ 500 m² 或 工位数 ≥ 30 个。", Eval: condArea},
	{Code: "C4b", Title: "有公共服务场地和设施，工位和公共服务场地面积不低于总面积的75%", Kind: Hard,
		Rule: "（创业工位面积 + 公共服务场地面积）÷ 总面积 ≥ 75%，且公共服务场地面积 > 0。", Eval: condAreaShare},
	{Code: "C5", Title: "每年入驻的创业团队和企业不少于20家", Kind: Hard,
		Rule: "活动时间范围内签订入驻协议入驻的团队和企业合计 ≥ 20 家。", Eval: condSettled},
	{Code: "C6", Title: "每年有不少于10个团队注册成立企业，或不少于5家获得融资", Kind: Hard,
		Rule: "时间范围内团队转化为企业 ≥ 10 个，或获得投融资的团队和企业 ≥ 5 家；团队与它转化成的企业是同一家，只计 1 次。",
		Eval: condOutcomes},
	{Code: "C7", Title: "每年有不少于3个典型孵化案例", Kind: Hard,
		Rule: "“服务绩效”中的典型孵化案例 ≥ 3 个。", Eval: condCases},
	{Code: "C8", Title: "有专业化的孵化服务团队：专职人员不少于3名，创业导师不少于3名", Kind: Hard,
		Rule: "专职服务人员 ≥ 3 名，且专职或兼职创业导师 ≥ 3 名。", Eval: condTeam},
	{Code: "C9", Title: "每年开展创新创业活动不少于10场", Kind: Hard,
		Rule: "活动时间范围内的创新创业活动 ≥ 10 场。", Eval: condActivities},
	{Code: "C10", Title: "按要求向火炬中心报送统计数据", Kind: Warn,
		Rule: "已上报2020年半年报、2020年年报、2021年半年报共3次。各地通知表述不一，仅作提示。", Eval: condStatistics},
}

func condTexts(a *App) Result {
	if missing := a.emptyTexts("capability", "plan"); len(missing) > 0 {
		return Result{Outcome: Missing, Figure: "未填写：" + strings.Join(missing, "；"), Link: "capability"}
	}
	return Result{Outcome: Met, Figure: "已填写；内容是否符合由专家评审判断", Link: "plan"}
}

// emptyTexts are the titles of the text sections left empty.
func (a *App) emptyTexts(keys ...string) []string {
	var out []string
	for _, k := range keys {
		if strings.TrimSpace(a.Sections[k]["text"]) == "" {
			out = append(out, a.Type.Section(k).Title)
		}
	}
	return out
}

func condOperator(a *App) Result {
	if ident.ValidUSCC(a.Org.USCC) {
		return Result{Outcome: Met, Figure: a.Org.USCC, Link: "basic"}
	}
	return Result{Outcome: NotMet, Figure: "统一社会信用代码无效", Link: "basic"}
}

func condOperating(a *App) Result {
	founded, ok1 := ParseDate(a.Sections["basic"]["founded_on"])
	since, ok2 := ParseDate(a.Sections["basic"]["operating_since"])
	if !ok1 || !ok2 {
		return Result{Outcome: Missing, Figure: "成立时间或开始运营时间未填写", Link: "basic"}
	}
	fig := "成立 " + FormatDate(founded) + "，开始运营 " + FormatDate(since) + "（应不晚于 " + FormatDate(a.Dates.OperatingFrom) + "）"
	return outcome(!founded.After(a.Dates.OperatingFrom) && !since.After(a.Dates.OperatingFrom), fig, "basic")
}

func condArea(a *App) Result {
	if len(a.Rows["venues"]) == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写服务场地", Link: "venues"}
	}
	area, stations := a.sum("venues", "area"), a.sum("venues", "stations")
	fig := "总面积 " + FormatNumber(area, 2) + " m²，工位 " + FormatNumber(stations, 0) + " 个"
	return outcome(area >= 500 || stations >= 30, fig, "venues")
}

func condAreaShare(a *App) Result {
	area := a.sum("venues", "area")
	if area <= 0 {
		return Result{Outcome: Missing, Figure: "尚未填写服务场地", Link: "venues"}
	}
	public, used, whole := a.sum("venues", "public_area"), 0.0, 0.0
	// A draft row whose parts exceed its area counts only its area, so the
	// share can never pass 100 %; the row itself shows the problem.
	for _, r := range a.Rows["venues"] {
		rowArea, _ := Number(r.Data["area"])
		st, _ := Number(r.Data["station_area"])
		pub, _ := Number(r.Data["public_area"])
		whole += max(0, rowArea)
		used += max(0, min(max(0, st)+max(0, pub), rowArea))
	}
	share := used / max(whole, area)
	fig := "工位和公共服务场地占 " + FormatNumber(share*100, 1) + "%，公共服务场地 " + FormatNumber(public, 2) + " m²"
	return outcome(share >= 0.75 && public > 0, fig, "venues")
}

// inWindow reports whether a row's date column falls in the round's window.
func (a *App) inWindow(r domain.Row, col string) bool {
	t, ok := ParseDate(r.Data[col])
	return ok && Between(t, a.Dates.WindowFrom, a.Dates.WindowTo)
}

// countRows counts a table's rows that satisfy keep.
func (a *App) countRows(table string, keep func(domain.Row) bool) int {
	n := 0
	for _, r := range a.Rows[table] {
		if keep(r) {
			n++
		}
	}
	return n
}

// settled counts the teams and enterprises that moved in during the window
// with an agreement uploaded.
func (a *App) settled() (teams, firms int) {
	withAgreement := func(r domain.Row) bool { return a.FileCount(r.ID, "agreement") > 0 && a.inWindow(r, "joined_on") }
	return a.countRows("teams", withAgreement), a.countRows("enterprises", withAgreement)
}

// converted counts the teams registered as an enterprise during the window.
func (a *App) converted() int {
	return a.countRows("teams", func(r domain.Row) bool { return r.Data["state"] == teamConverted && a.inWindow(r, "registered_on") })
}

// activitiesHeld counts the activities that started during the window.
func (a *App) activitiesHeld() int {
	return a.countRows("activities", func(r domain.Row) bool { return a.inWindow(r, "start_on") })
}

func condSettled(a *App) Result {
	teams, firms := a.settled()
	fig := "团队 " + strconv.Itoa(teams) + " 个，企业 " + strconv.Itoa(firms) + " 家（有入驻协议、入驻时间在 " +
		FormatDate(a.Dates.WindowFrom) + " 至 " + FormatDate(a.Dates.WindowTo) + "）"
	if len(a.Rows["teams"])+len(a.Rows["enterprises"]) == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写创业团队和入驻企业", Link: "teams"}
	}
	return outcome(teams+firms >= 20, fig, "teams")
}

func condOutcomes(a *App) Result {
	conv := a.converted()
	if len(a.Rows["teams"])+len(a.Rows["enterprises"]) == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写创业团队和入驻企业", Link: "teams"}
	}
	basis := a.financed()
	fig := "团队转化为企业 " + strconv.Itoa(conv) + " 个，获得投融资 " + strconv.Itoa(len(basis)) + " 家"
	r := outcome(conv >= 10 || len(basis) >= 5, fig, "teams")
	r.Basis = basis
	return r
}

// financed names each team or enterprise financed in the window, once: a
// team that became an enterprise and that enterprise (the same 统一社会信用
// 代码) are one entity, whichever of the two rows carries the financing.
func (a *App) financed() []string {
	var keys []string
	rows := map[string][]string{}
	add := func(key, place string) {
		if rows[key] == nil {
			keys = append(keys, key)
		}
		rows[key] = append(rows[key], place)
	}
	for i, r := range a.Rows["teams"] {
		if Yes(r.Data["financed"]) && a.inWindow(r, "financed_on") {
			key := "team " + strconv.FormatInt(r.ID, 10)
			if code := normUSCC(r.Data["company_uscc"]); r.Data["state"] == teamConverted && code != "" {
				key = code
			}
			add(key, "团队第 "+strconv.Itoa(i+1)+" 行“"+r.Data["name"]+"”")
		}
	}
	for i, r := range a.Rows["enterprises"] {
		if Yes(r.Data["financed"]) && a.inWindow(r, "financed_on") {
			key := normUSCC(r.Data["uscc"])
			if key == "" {
				key = "firm " + strconv.FormatInt(r.ID, 10)
			}
			add(key, "企业第 "+strconv.Itoa(i+1)+" 行“"+r.Data["name"]+"”")
		}
	}
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, strings.Join(rows[k], "与"))
	}
	return out
}

func condCases(a *App) Result {
	n, ok := Integer(a.Sections["performance"]["cases"])
	if !ok {
		return Result{Outcome: Missing, Figure: "典型孵化案例数量未填写", Link: "performance"}
	}
	return outcome(n >= 3, "典型孵化案例 "+strconv.FormatInt(n, 10)+" 个", "performance")
}

func condTeam(a *App) Result {
	if len(a.Rows["staff"]) == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写运营人员", Link: "staff"}
	}
	full := a.countRows("staff", func(r domain.Row) bool { return r.Data["category"] == "专职服务人员" })
	mentors := a.countRows("staff", func(r domain.Row) bool { return strings.HasSuffix(r.Data["category"], "创业导师") })
	fig := "专职服务人员 " + strconv.Itoa(full) + " 名，创业导师 " + strconv.Itoa(mentors) + " 名"
	return outcome(full >= 3 && mentors >= 3, fig, "staff")
}

func condActivities(a *App) Result {
	if len(a.Rows["activities"]) == 0 {
		return Result{Outcome: Missing, Figure: "尚未填写创新创业活动", Link: "activities"}
	}
	n := a.activitiesHeld()
	return outcome(n >= 10, "时间范围内的活动 "+strconv.Itoa(n)+" 场", "activities")
}

func condStatistics(a *App) Result {
	v := strings.TrimSpace(a.Sections["basic"]["stat_reports"])
	if v == "" {
		return Result{Outcome: Missing, Figure: "未填写已上报的火炬统计报表", Link: "basic"}
	}
	n := len(strings.Split(v, "、"))
	return outcome(n >= len(statReports), "已上报 "+strconv.Itoa(n)+" 次", "basic")
}

func outcome(ok bool, figure, link string) Result {
	if ok {
		return Result{Outcome: Met, Figure: figure, Link: link}
	}
	return Result{Outcome: NotMet, Figure: figure, Link: link}
}
