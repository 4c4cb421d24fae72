package form

import "hatch/internal/domain"

// Makerspace is the declaration of 国家备案众创空间申报书 (domain.md §2).
// Dates are not here: they come from the round.
var Makerspace = &Type{
	Code:    "makerspace",
	Abbr:    "ZC",
	Name:    "国家备案众创空间申报书",
	Service: "众创空间国家备案",
	Menu:    "认定备案管理",
	DateNotes: map[string]string{
		"cutoff":    "累计创业团队、累计入驻企业等累计数据统计到这一天。",
		"window":    "创新创业活动、入驻和投融资按这一时间范围统计。",
		"operating": "众创空间须在这一天或之前注册成立并开始运营。",
	},
	DocName:       "众创空间国家备案申报书",
	Qualification: "备案资格",
	KeyFigures:    makerspaceFigures,
	ListName:      "推荐表",
	ResultName:    "国家备案众创空间名单",
	Letter: LetterText{Title: "关于推荐{year}年度国家备案众创空间的函",
		Body: "根据{round}工作的要求，我单位对{place}众创空间的申报材料进行了审核，组织了专家评审，并进行了公示。" +
			"公示期间无异议，现推荐以下{n}家众创空间申报国家备案（按推荐顺序排列）："},
	Carriers:        []domain.CarrierKind{domain.KindMakerspace},
	CarrierNoun:     "众创空间",
	ConditionsTitle: "备案条件",
	Designates:      "国家备案众创空间",
	Sections: []Section{
		{Key: "basic", Title: "基础信息", Fields: basicFields, Tables: []string{"media", "honors"},
			Intro: "“主流媒体报道次数”和“获得荣誉数量”由下方宣传报道和荣誉的详细信息自动生成。"},
		{Key: "venues", Title: "服务场地", Fields: venueTotals, Tables: []string{"venues"},
			Intro: "服务场地的面积和工位由下方详细信息表自动汇总。"},
		{Key: "staff", Title: "人员情况", Fields: staffTotals, Tables: []string{"staff"},
			Intro: "运营人员的人数由下方详细信息表自动汇总。"},
		{Key: "incubation", Title: "孵化和服务情况", Tables: []string{"teams", "enterprises", "activities"}},
		textSection("capability", "服务能力", "服务体系、创业导师、自有或合作的投资基金、专业服务平台、线上服务平台等。"),
		{Key: "performance", Title: "服务绩效", Kind: TextSection, Fields: []Field{
			{Key: "text", Label: "服务绩效", Kind: LongText, Required: true, MaxLen: 5000,
				Hint: "主要绩效数据，以及不少于3个典型孵化案例：每个案例说明众创空间提供了什么服务、解决了创业者什么问题。"},
			{Key: "cases", Label: "典型孵化案例数量", Unit: "个", Kind: Int, Required: true, Min: num(0), Max: num(100)},
		}},
		textSection("brand", "品牌和文化建设", "品牌定位、创新创业文化营造、社群运营等。"),
		textSection("plan", "发展思路、目标及措施", "发展方向和运营模式、未来三年的目标、实现目标的措施和自我持续发展能力。"),
		{Key: "pledge", Title: "承诺书", Kind: UploadSection,
			Intro: "下载承诺书模板，打印后由法定代表人签字并加盖公章，扫描后上传（PDF、JPG 或 PNG）。",
			Files: []FileSlot{{Key: "pledge", Label: "签字盖章的承诺书", Required: true, Printed: true}}},
	},
	Tables:     []Table{mediaTable, honorTable, venueTable, staffTable, teamTable, enterpriseTable, activityTable},
	Checks:     []Check{checkConversions},
	Conditions: makerspaceConditions,
}

func textSection(key, title, hint string) Section {
	return Section{Key: key, Title: title, Kind: TextSection, Fields: []Field{
		{Key: "text", Label: title, Kind: LongText, Required: true, MaxLen: 5000, Hint: hint},
	}}
}

var (
	directions = []string{
		"依托区域产业优势或龙头骨干企业主营业务，服务产业链创新",
		"服务高校院所科研人员硬科技创业，推动科研成果转化为产品",
		"“投资+孵化”，链接资本市场",
		"科技创业孵化能力强，带动高质量毕业生创业",
	}
	techFields = []string{"电子信息", "生物与新医药", "航空航天", "新材料", "高技术服务", "新能源与节能",
		"资源与环境", "先进制造与自动化", "其他"}
	hostTypes   = []string{"龙头骨干企业", "科研院所", "高等学校", "新型研发机构", "投资机构", "其他"}
	statReports = []string{"2020年半年报", "2020年年报", "2021年半年报"}
	yesNo       = []string{"是", "否"}
)

var basicFields = concat(operatorFields("众创空间名称"), []Field{
	{Key: "founded_on", Label: "成立时间", Kind: Date, Required: true, Dates: UpToOperating},
	{Key: "operating_since", Label: "开始运营时间", Kind: Date, Required: true, Dates: UpToOperating},
	{Key: "months", Label: "运营时长", Unit: "月", Kind: Int, Computed: &Computed{MonthsFrom: "operating_since"}},
}, contactFields(), []Field{
	{Key: "direction", Label: "重点支持方向", Kind: Enum, Options: directions, Required: true},
	{Key: "host_type", Label: "依托单位类型", Kind: Enum, Options: hostTypes},
	{Key: "tech_fields", Label: "服务技术领域", Kind: MultiEnum, Options: techFields, Required: true},
	{Key: "stat_reports", Label: "已上报的火炬统计报表", Kind: MultiEnum, Options: statReports,
		Hint: "2021年度须至少上报3次火炬统计数据（2020年半年报、2020年年报、2021年半年报）。"},
	{Key: "media_count", Label: "主流媒体报道次数", Unit: "次", Kind: Int, Computed: &Computed{Count: "media"}},
	{Key: "honor_count", Label: "获得荣誉数量", Unit: "个", Kind: Int, Computed: &Computed{Count: "honors"}},
	{Key: "intro", Label: "众创空间简介", Kind: LongText, MaxLen: 2000},
})

// operatorFields open a 基础信息: the carrier's name and the operator's
// facts, read-only, then where it is.
func operatorFields(nameLabel string) []Field {
	return []Field{
		{Key: "name", Label: nameLabel, Computed: &Computed{Carrier: "name"}},
		{Key: "operator", Label: "运营主体名称", Computed: &Computed{Org: "name"}},
		{Key: "uscc", Label: "统一社会信用代码", Computed: &Computed{Org: "uscc"}},
		{Key: "rep", Label: "法定代表人", Computed: &Computed{Org: "rep"}},
		{Key: "region", Label: "所属区市", Kind: Region, Required: true, Hint: "决定提交时默认的受理机构。"},
		{Key: "address", Label: "详细地址", Kind: Text, Required: true, MaxLen: 200},
	}
}

// contactFields are the applicant's contact details, hidden from experts.
func contactFields() []Field {
	return []Field{
		{Key: "contact", Label: "联系人", Kind: Text, Required: true, MaxLen: 50, Contact: true},
		{Key: "contact_title", Label: "联系人职务", Kind: Text, Required: true, MaxLen: 50, Contact: true},
		{Key: "contact_mobile", Label: "联系人手机", Kind: Mobile, Required: true, Contact: true},
		{Key: "contact_phone", Label: "座机", Kind: Phone, Hint: "例如 010-88656315。", Contact: true},
		{Key: "contact_email", Label: "电子邮箱", Kind: Email, Required: true, Contact: true},
	}
}

func concat(parts ...[]Field) []Field {
	var out []Field
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var mediaTable = Table{Key: "media", Title: "宣传报道", Section: "basic", MatchBy: []string{"title"},
	Columns: []Field{
		{Key: "title", Label: "报道标题", Kind: Text, Required: true, Summary: true},
		{Key: "outlet", Label: "媒体名称", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "level", Label: "媒体级别", Kind: Enum, Options: []string{"中央", "省级", "地市级", "其他"}, Required: true, Summary: true},
		{Key: "date", Label: "报道日期", Kind: Date, Required: true, Dates: UpToCutoff, Summary: true},
		{Key: "url", Label: "链接", Kind: URL},
	},
	Files: []FileSlot{{Key: "proof", Label: "报道截图或PDF", Required: true}},
}

var honorTable = Table{Key: "honors", Title: "荣誉", Section: "basic", MatchBy: []string{"name"},
	Columns: []Field{
		{Key: "name", Label: "荣誉名称", Kind: Text, Required: true, Summary: true},
		{Key: "grantor", Label: "授予单位", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "level", Label: "级别", Kind: Enum, Options: []string{"国家级", "省部级", "地市级", "区县级"}, Required: true, Summary: true},
		{Key: "date", Label: "获得时间", Kind: Date, Required: true, Dates: UpToCutoff, Summary: true},
	},
	Files: []FileSlot{{Key: "certificate", Label: "荣誉证书", Required: true}},
}
