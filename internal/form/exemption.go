package form

import "hatch/internal/domain"

// Exemption is the declaration of 创业孵化机构免税资格申请: the science side's
// 核定 of a 孵化器, 大学科技园 or 国家备案众创空间 whose 房产、土地 and 孵化服务收入
// are exempt from 房产税、城镇土地使用税 and 增值税 (财政部 税务总局 科技部 教育部
// 公告2023年第42号). It is not the tax filing itself: the body keeps its
// records on file, and this form lists what the tax office may ask for.
// The policy period and the area shares come from the round's Params, with
// 42号's values as Defaults.
var Exemption = &Type{
	Code:          "exemption",
	Abbr:          "MS",
	Name:          "创业孵化机构免税资格申请表",
	Service:       "创业孵化机构免税资格申请",
	Menu:          "税收优惠",
	DocName:       "创业孵化机构免税资格申请表",
	Qualification: "免税资格",
	KeyFigures:    exemptionFigures,
	ListName:      "核定名单",
	ResultName:    "享受税收优惠的创业孵化机构名单",
	Letter: LetterText{Title: "关于{year}年度创业孵化机构免税资格核定结果的函",
		Body: "根据{round}工作的要求，我单位对{place}创业孵化机构的免税资格申请进行了核定，" +
			"现将核定通过的以下{n}家创业孵化机构报上（按核定顺序排列），请予确认后纳入免税名单："},
	Carriers:        []domain.CarrierKind{domain.KindIncubator, domain.KindUniPark, domain.KindMakerspace},
	CarrierNoun:     "载体",
	ConditionsTitle: "免税条件",
	Designation:     &DesignationFields{Kind: "kind", No: "designation_no", On: "designated_on"},
	Sections: []Section{
		{Key: "basic", Title: "机构与资格", Fields: exemptionBasic,
			Intro: "机构名称和运营主体信息来自首页，不能在此修改。享受免税的起止月份由认定日期和取消日期自动计算，见右侧“免税条件”。"},
		{Key: "property", Title: "房产土地清单", Fields: propertyTotals, Tables: []string{"property"},
			Intro: "逐处填写本机构自有、租入或无偿使用的房产和土地；面积合计由下方清单自动汇总。"},
		{Key: "incubatees", Title: "在孵对象清单", Fields: incubateeTotals, Tables: []string{"incubatees"},
			Intro: "填写申请年度内在孵的企业、创业团队和个人。孵化协议期限与申请年度没有重叠的，标注“不计入”。"},
		{Key: "income", Title: "孵化服务收入明细", Fields: incomeTotals, Tables: []string{"income"},
			Intro: "逐笔填写申请年度内的收入。向在孵对象提供孵化服务取得的收入计入免税收入；其余收入标注“不计入”并说明原因，计入应税收入。"},
		{Key: "area", Title: "面积核算", Fields: areaFigures,
			Intro: "以下数字均由房产土地清单和在孵对象清单自动计算，无需填写。"},
		{Key: "pledge", Title: "承诺书", Kind: UploadSection,
			Intro: "下载承诺书模板，打印后由法定代表人签字并加盖公章，扫描后上传（PDF、JPG 或 PNG）。" +
				"机构对留存备查资料的真实性、合法性承担法律责任。",
			Files: []FileSlot{{Key: "pledge", Label: "签字盖章的承诺书", Required: true, Printed: true}}},
		{Key: "attachments", Title: "附件", Kind: UploadSection,
			Intro: "上传认定或备案文件，以及孵化服务收入单独核算的证明。",
			Files: []FileSlot{{Key: "designation", Label: "认定或备案文件", Required: true},
				{Key: "ledger", Label: "孵化服务收入单独核算证明（明细账或科目余额表摘录）", Required: true},
				{Key: "change", Label: "名称、场地面积等变更的批准文件"}}},
	},
	Tables:     []Table{propertyTable, incubateeTable, incomeTable},
	Checks:     []Check{checkIncubateeProperty},
	Conditions: exemptionConditions,
	Defaults:   ParamsOf(exemptionPolicy42),
	ParamDocs:  exemptionPolicy42,
}

// exemptionPolicy42 are the values of 42号 (2024-01-01 to 2027-12-31) and of
// the area shares the provinces' 核定 applied (国科火字〔2018〕140号); a round
// supplies its own under the same names. Every 免税 policy so far ran in
// whole calendar years, so the period is two years.
var exemptionPolicy42 = []ParamDoc{
	{"year_min", "政策期首年（自该年1月起享受）", "年", 2024},
	{"year_max", "政策期末年（至该年12月止）", "年", 2027},
	{"area_share", "孵化器、众创空间在孵对象使用面积（含公共服务）占比不低于", "比例", 0.75},
	{"area_share_park", "大学科技园在孵对象使用面积（含公共服务）占比不低于", "比例", 0.60},
}

// The bodies 42号 names (E1); a 大学科技园 has its own area share.
var (
	bodyKinds = []string{"国家级科技企业孵化器", "省级科技企业孵化器", "国家级大学科技园", "省级大学科技园", "国家备案众创空间"}
	sciPark   = On{Section: "basic", When: When{Field: "kind", In: []string{"国家级大学科技园", "省级大学科技园"}}}
	wasCut    = &When{Field: "cancelled", In: []string{"是"}}
	notCut    = &When{Field: "cancelled", In: []string{"否"}}
	ledgerYes = &When{Field: "ledger", In: []string{"是"}}
	ledgerNo  = &When{Field: "ledger", In: []string{"否"}}
)

var exemptionBasic = concat(operatorFields("机构名称"), []Field{
	{Key: "kind", Label: "机构类型", Kind: Enum, Options: bodyKinds, Required: true,
		Hint: "按认定或备案文件选择。大学科技园的在孵对象使用面积占比要求与孵化器、众创空间不同。"},
	{Key: "designation_no", Label: "认定/备案文号", Kind: Text, Required: true, MaxLen: 100,
		Hint: "例如 国科发区〔2018〕300号；省级机构填写省级认定文件的文号。"},
	{Key: "designated_on", Label: "认定/备案日期", Kind: Date, Required: true,
		Hint: "认定或备案文件的发布日期。自该日期的次月起享受免税。"},
	{Key: "cancelled", Label: "是否已被取消资格", Kind: YesNo, Required: true},
	{Key: "cancelled_on", Label: "取消资格日期", Kind: Date, RequiredWhen: wasCut, NotFillableWhen: notCut,
		NotAfter: "designated_on", Hint: "被取消资格的，自取消次月起停止享受免税。"},
	{Key: "year", Label: "申请年度", Unit: "年", Kind: Int, Required: true, MinParam: "year_min", MaxParam: "year_max"},
	{Key: "site_area", Label: "认定时可自主支配场地面积", Unit: "m²", Kind: Decimal, Required: true, Min: num(0.01), Max: num(1e7),
		Hint: "按认定或备案时核定的面积填写。与房产清单合计不一致的，须办理变更手续并在附件中上传批准文件。"},
	{Key: "area_note", Label: "场地面积变化说明", Kind: LongText, MaxLen: 1000,
		Hint: "房产清单的建筑面积合计与认定时不一致时，说明变化的原因和变更手续的办理情况。"},
	{Key: "ledger", Label: "孵化服务收入是否单独核算", Kind: YesNo, Required: true,
		Hint: "享受增值税免税须对孵化服务收入单独核算。"},
	{Key: "ledger_note", Label: "单独核算说明", Kind: LongText, MaxLen: 1000, RequiredWhen: ledgerYes, NotFillableWhen: ledgerNo,
		Hint: "说明核算孵化服务收入的账簿或会计科目，例如“主营业务收入—孵化服务收入”。"},
}, contactFields())
