package form

import "hatch/internal/domain"

// Incubator is the declaration of 国家级科技企业孵化器认定 (科技企业孵化器管理办法,
// 国科发区〔2018〕300号). Dates come from the round (D = its data cut-off;
// registered and operating since its operating date); thresholds come
// from the round's Params, with the 2022 round's values as Defaults.
var Incubator = &Type{
	Code:    "incubator",
	Abbr:    "FH",
	Name:    "国家级科技企业孵化器申报书",
	Service: "国家级科技企业孵化器认定",
	Menu:    "认定备案管理",
	DateNotes: map[string]string{
		"cutoff":    "在孵企业、毕业企业、孵化资金、人员等数据统计到这一天；在孵时间也算到这一天。",
		"operating": "孵化器须在这一天或之前注册成立并实际运营（满3年）。",
	},
	DocName:       "国家级科技企业孵化器认定申报书",
	Qualification: "认定资格",
	KeyFigures:    incubatorFigures,
	ListName:      "推荐表",
	ResultName:    "国家级科技企业孵化器名单",
	Letter: LetterText{Title: "关于推荐{year}年度国家级科技企业孵化器的函",
		Body: "根据{round}工作的要求，我单位对{place}孵化器的申报材料进行了审核，组织了专家评审和实地核查，并进行了公示。" +
			"公示期间无异议，现推荐以下{n}家孵化器申报国家级科技企业孵化器（按推荐顺序排列）："},
	Carriers:        []domain.CarrierKind{domain.KindIncubator},
	CarrierNoun:     "孵化器",
	ConditionsTitle: "认定条件",
	Designates:      "国家级科技企业孵化器",
	Sections: []Section{
		{Key: "basic", Title: "基础信息", Fields: incubatorBasic},
		{Key: "sites", Title: "孵化场地", Fields: siteTotals, Tables: []string{"sites"},
			Intro: "可自主支配的孵化场地逐处填写；面积由下方详细信息表自动汇总。"},
		{Key: "funds", Title: "孵化资金与投融资", Fields: fundTotals, Tables: []string{"funds", "fund_cases"},
			Intro: "孵化资金规模以万元为单位；资金使用案例不少于3个。"},
		{Key: "team", Title: "服务团队", Fields: teamFields, Tables: []string{"pro_staff", "mentors"}},
		{Key: "firms", Title: "在孵企业", Fields: firmTotals, Tables: []string{"firms"},
			Intro: "不符合在孵企业条件的企业仍可填报，但标注“不计入”并说明原因，不计入企业数和各项比例。"},
		{Key: "graduates", Title: "毕业企业", Fields: graduateTotals, Tables: []string{"graduates"}},
		{Key: "platforms", Title: "公共服务平台", Tables: []string{"platforms"}, ShownWhen: &professional,
			Intro: "专业孵化器填写自主支配的研究开发、检验检测、小试中试等公共服务平台。"},
		textSection("system", "运营管理体系和孵化服务机制", "运营主体、管理制度（入孵条件、毕业标准、退出机制、服务制度）和孵化服务体系。"),
		textSection("services", "孵化服务开展情况", "创业辅导、投融资、技术转移、人才、市场开拓等服务的开展情况。"),
		textSection("results", "孵化绩效", "在孵企业成长、毕业企业、知识产权和投融资等绩效，以及典型案例。"),
		textSection("plan", "发展思路、目标及措施", "发展方向、未来三年的目标和实现目标的措施。"),
		{Key: "attachments", Title: "附件", Kind: UploadSection,
			Intro: "上传运营主体的营业执照和孵化器管理制度；审计报告可选。",
			Files: []FileSlot{{Key: "license", Label: "运营主体营业执照（加盖公章）", Required: true},
				{Key: "rules", Label: "管理制度（入孵条件、毕业标准、退出机制、服务制度）", Required: true},
				{Key: "audit", Label: "上一年度审计报告"}}},
		{Key: "pledge", Title: "承诺书", Kind: UploadSection,
			Intro: "下载承诺书模板，打印后由法定代表人签字并加盖公章，扫描后上传（PDF、JPG 或 PNG）。",
			Files: []FileSlot{{Key: "pledge", Label: "签字盖章的承诺书", Required: true, Printed: true}}},
	},
	Tables: []Table{siteTable, fundTable, fundCaseTable, proStaffTable, mentorTable, firmTable, graduateTable,
		platformTable},
	Checks:     []Check{checkFirmSites, checkFirmTSME, checkSiteCount},
	Conditions: incubatorConditions,
	Defaults:   ParamsOf(incubatorRound2022),
	ParamDocs:  incubatorRound2022,
}

// incubatorRound2022 are the thresholds of 300号 as the 2022 round applies
// them; a round supplies its own values under the same names.
var incubatorRound2022 = []ParamDoc{
	{"area_min", "K4 可自主支配孵化场地面积不少于", "m²", 10000},
	{"area_share", "K5 在孵企业使用面积（含公共服务面积）占比不低于", "比例", 0.75},
	{"fund_min", "K6 孵化资金不少于", "万元", 500},
	{"financed_share", "K7 获得投融资的在孵企业占比不低于", "比例", 0.10},
	{"cases_min", "K8 资金使用案例不少于", "个", 3},
	{"staff_share", "K9 专业孵化服务人员占机构总人数比例不低于", "比例", 0.80},
	{"per_firms", "K10 每多少家在孵企业配备1名专业孵化服务人员和1名创业导师", "家", 10},
	{"patent_share", "K11 申请专利的在孵企业占比不低于", "比例", 0.50},
	{"ip_share", "K11 或拥有有效知识产权的在孵企业占比不低于", "比例", 0.30},
	{"firms_min", "K12 在孵企业不少于（综合孵化器）", "家", 50},
	{"firms_min_pro", "K12 在孵企业不少于（专业孵化器）", "家", 30},
	{"density_min", "K12 每千平方米在孵企业不少于（综合孵化器）", "家", 3},
	{"density_min_pro", "K12 每千平方米在孵企业不少于（专业孵化器）", "家", 2},
	{"graduates_min", "K13 累计毕业企业不少于（综合孵化器）", "家", 20},
	{"graduates_min_pro", "K13 累计毕业企业不少于（专业孵化器）", "家", 15},
	{"stat_years_min", "K3 连续报送火炬统计年报不少于", "年", 2},
	{"industry_share_pro", "专业孵化器同一产业领域的在孵企业占比不低于", "比例", 0.75},
	{"hardship_cut", "艰苦边远地区各项条件降低", "比例", 0.2},
	{"entry_months", "在孵企业成立至入孵不超过", "月", 24},
	{"stay_months", "孵化期限不超过", "月", 48},
	{"stay_months_long", "生物医药、现代农业、集成电路领域孵化期限不超过", "月", 60},
	{"graduate_investment", "毕业条件：累计获得天使投资或风险投资超过", "万元", 500},
	{"graduate_revenue", "毕业条件：连续2年营业收入累计超过", "万元", 1000},
	{"sites_warn", "孵化场地超过多少处时提示不够集中", "处", 3},
}

var (
	kinds        = []string{"综合孵化器", "专业孵化器"}
	professional = On{Section: "basic", When: When{Field: "kind", In: []string{"专业孵化器"}}}
	general      = &When{Field: "kind", In: []string{"综合孵化器"}}
	// incubatorFields are the 技术领域 of 在孵企业; the last three have the
	// longer incubation period of 第八条.
	incubatorFields = []string{"电子信息", "航空航天", "新材料", "高技术服务", "新能源与节能", "资源与环境",
		"先进制造与自动化", "生物医药", "现代农业", "集成电路", "其他"}
	longStayFields = []string{"生物医药", "现代农业", "集成电路"}
	isProvincial   = &When{Field: "provincial", In: []string{"是"}}
	notProvincial  = &When{Field: "provincial", In: []string{"否"}}
)

var incubatorBasic = concat(operatorFields("孵化器名称"), []Field{
	{Key: "founded_on", Label: "成立时间", Kind: Date, Required: true},
	{Key: "operating_since", Label: "开始运营时间", Kind: Date, Required: true},
	{Key: "months", Label: "运营时长", Unit: "月", Kind: Int, Computed: &Computed{MonthsFrom: "operating_since"}},
	{Key: "kind", Label: "孵化器类型", Kind: Enum, Options: kinds, Required: true,
		Hint: "专业孵化器须填写主导产业领域和公共服务平台。"},
	{Key: "main_industry", Label: "主导产业领域", Kind: Enum, Options: incubatorFields,
		RequiredWhen: &professional.When, NotFillableWhen: general},
	{Key: "hardship", Label: "是否位于艰苦边远地区", Kind: YesNo, Required: true,
		Hint: "人力资源社会保障部艰苦边远地区范围内的孵化器，场地面积、企业数量、资金规模和知识产权比例要求降低20%。"},
	{Key: "provincial", Label: "是否省级孵化器", Kind: YesNo, Required: true},
	{Key: "provincial_no", Label: "省级认定文号", Kind: Text, MaxLen: 100, RequiredWhen: isProvincial, NotFillableWhen: notProvincial},
	{Key: "provincial_on", Label: "省级认定日期", Kind: Date, RequiredWhen: isProvincial, NotFillableWhen: notProvincial},
	{Key: "stat_years", Label: "连续报送火炬统计年报", Unit: "年", Kind: Int, Required: true, Min: num(0), Max: num(50)},
}, contactFields(), []Field{
	{Key: "intro", Label: "孵化器简介", Kind: LongText, MaxLen: 2000},
})
