package form

// The states of a 房产土地 row: its kind switches the area columns, its
// tenure the title and lease columns.
var (
	isBuilding    = &When{Field: "category", In: []string{"房产"}}
	isLand        = &When{Field: "category", In: []string{"土地"}}
	ownedProperty = &When{Field: "tenure", In: []string{"自有"}}
	usedProperty  = &When{Field: "tenure", In: []string{"租入", "无偿使用"}}
)

// exemptUses are the uses 42号 exempts (E4): used by the body itself, or
// given free or let to 在孵对象. Anything else, let to others above all,
// stays taxable.
var (
	exemptUses   = []string{"自用", "无偿提供给在孵对象", "出租给在孵对象"}
	propertyUses = []string{"自用", "无偿提供给在孵对象", "出租给在孵对象", "其他"}
)

var propertyTotals = []Field{
	{Key: "building_area", Label: "房产建筑面积合计", Unit: "m²", Kind: Decimal,
		Computed: &Computed{Sum: [2]string{"property", "building_area"}, Rows: AllRows}},
	{Key: "exempt_building_area", Label: "其中：免税房产建筑面积", Unit: "m²", Kind: Decimal,
		Computed: &Computed{Sum: [2]string{"property", "building_area"}}},
	{Key: "land_area", Label: "土地面积合计", Unit: "m²", Kind: Decimal,
		Computed: &Computed{Sum: [2]string{"property", "land_area"}, Rows: AllRows}},
	{Key: "exempt_land_area", Label: "其中：免税土地面积", Unit: "m²", Kind: Decimal,
		Computed: &Computed{Sum: [2]string{"property", "land_area"}}},
}

var propertyTable = Table{Key: "property", Title: "房产土地清单", Section: "property", MatchBy: []string{"address", "category"},
	Intro: "同一地址的房产和土地分两行填写。用途为“其他”（如出租给非在孵对象）的房产土地不享受免税，标注“不计入”。" +
		"租入房产的房产税由谁缴纳，按税法规定和租赁合同确定，本表不计算税额。",
	Columns: []Field{
		{Key: "address", Label: "坐落地址", Kind: Text, Required: true, MaxLen: 200, Summary: true},
		{Key: "category", Label: "类别", Kind: Enum, Options: []string{"房产", "土地"}, Required: true, Summary: true},
		{Key: "tenure", Label: "权属", Kind: Enum, Options: []string{"自有", "租入", "无偿使用"}, Required: true, Summary: true},
		{Key: "deed_no", Label: "不动产权证号", Kind: Text, MaxLen: 100, RequiredWhen: ownedProperty, NotFillableWhen: usedProperty},
		{Key: "lessor", Label: "出租方/提供方", Kind: Text, MaxLen: 100, RequiredWhen: usedProperty, NotFillableWhen: ownedProperty},
		{Key: "lease_from", Label: "租赁/使用期限起", Kind: Date, RequiredWhen: usedProperty, NotFillableWhen: ownedProperty},
		{Key: "lease_to", Label: "租赁/使用期限止", Kind: Date, RequiredWhen: usedProperty, NotFillableWhen: ownedProperty,
			NotAfter: "lease_from", Future: true},
		{Key: "original_value", Label: "房产原值", Unit: "万元", Kind: Decimal, Min: num(0), Max: num(1e8),
			RequiredWhen: ownedProperty, NotFillableWhen: isLand, Hint: "自有房产必填，按账面房产原值填写。"},
		{Key: "building_area", Label: "建筑面积", Unit: "m²", Kind: Decimal, Min: num(0.01), Max: num(1e7),
			RequiredWhen: isBuilding, NotFillableWhen: isLand, Summary: true},
		{Key: "land_area", Label: "土地面积", Unit: "m²", Kind: Decimal, Min: num(0.01), Max: num(1e8),
			RequiredWhen: isLand, NotFillableWhen: isBuilding, Summary: true},
		{Key: "use", Label: "用途", Kind: Enum, Options: propertyUses,
			Required: true, Summary: true, Hint: "“其他”指出租给非在孵对象等，不享受免税。"},
		{Key: "incubatee_area", Label: "其中：在孵对象使用面积", Unit: "m²", Kind: Decimal, Min: num(0),
			RequiredWhen: isBuilding, NotFillableWhen: isLand, LessEq: "building_area",
			Hint: "不少于在孵对象清单中使用本处房产的面积之和。"},
		{Key: "public_area", Label: "其中：公共服务面积", Unit: "m²", Kind: Decimal, Min: num(0),
			RequiredWhen: isBuilding, NotFillableWhen: isLand, LessEq: "building_area",
			Share: &Share{Whole: "building_area", Others: []string{"incubatee_area"}}},
	},
	RowRules: []RowRule{
		{Code: "E4", Must: &When{Field: "use", In: exemptUses}, Reason: "用途为“其他”（如出租给非在孵对象），不享受免税"},
		{Code: "L1", Label: "租赁/使用期限", Applies: usedProperty, Overlaps: &Overlaps{
			From: DateRef{Field: "lease_from"}, To: DateRef{Field: "lease_to"}, SpanLabel: "申请年度",
			SpanFrom: DateRef{Section: "basic", Field: "year", Edge: FirstDay}, SpanTo: DateRef{Section: "basic", Field: "year", Edge: LastDay}}},
	},
	Files: []FileSlot{
		{Key: "title", Label: "权属资料（不动产权证书等）", RequiredWhen: ownedProperty},
		{Key: "lease", Label: "租赁合同或无偿使用协议", RequiredWhen: usedProperty},
		{Key: "value_proof", Label: "房产原值资料", RequiredWhen: ownedProperty, Unless: isLand},
	},
}

var incubateeTotals = []Field{
	{Key: "incubatee_count", Label: "在孵对象数（计入）", Unit: "个", Kind: Int, Computed: &Computed{Count: "incubatees"}},
	{Key: "incubatee_area", Label: "在孵对象使用面积合计", Unit: "m²", Kind: Decimal, Computed: &Computed{Sum: [2]string{"incubatees", "area"}}},
}

var (
	isFirm   = &When{Field: "kind", In: []string{"企业"}}
	isPerson = &When{Field: "kind", In: []string{"创业团队", "个人"}}
)

// incubateeTable lists the 在孵对象 of 42号: 企业 by their code, 创业团队 and
// 个人 by the person responsible.
var incubateeTable = Table{Key: "incubatees", Title: "在孵对象清单", Section: "incubatees", UniqueBy: "name", MatchBy: []string{"name"},
	Intro: "在孵对象须与本机构签订孵化协议，协议期限须与申请年度有重叠。",
	Columns: []Field{
		{Key: "kind", Label: "类型", Kind: Enum, Options: []string{"企业", "创业团队", "个人"}, Required: true, Summary: true},
		{Key: "name", Label: "名称", Kind: Text, Required: true, MaxLen: 100, Summary: true,
			Hint: "企业填写营业执照上的名称，创业团队填写团队名称，个人填写姓名。收入明细中的服务对象须与此一致。"},
		{Key: "uscc", Label: "统一社会信用代码", Kind: USCC, RequiredWhen: isFirm, NotFillableWhen: isPerson, Summary: true},
		{Key: "leader", Label: "负责人", Kind: Text, MaxLen: 50, RequiredWhen: isPerson, NotFillableWhen: isFirm,
			Hint: "个人填写本人姓名。"},
		{Key: "id_number", Label: "负责人身份证号码", Kind: IDNumber, RequiredWhen: isPerson, NotFillableWhen: isFirm,
			Hint: "打印时部分隐藏。"},
		{Key: "agreement_from", Label: "孵化协议期限起", Kind: Date, Required: true, Summary: true},
		{Key: "agreement_to", Label: "孵化协议期限止", Kind: Date, Required: true, NotAfter: "agreement_from", Future: true, Summary: true},
		{Key: "property", Label: "使用房产", Kind: Text, Required: true, MaxLen: 200,
			Hint: "与房产土地清单中房产的坐落地址一致。"},
		{Key: "area", Label: "使用面积", Unit: "m²", Kind: Decimal, Required: true, Min: num(0), Max: num(1e6)},
	},
	RowRules: []RowRule{{Code: "E7", Label: "孵化协议期限", Overlaps: &Overlaps{
		From: DateRef{Field: "agreement_from"}, To: DateRef{Field: "agreement_to"}, SpanLabel: "申请年度",
		SpanFrom: DateRef{Section: "basic", Field: "year", Edge: FirstDay}, SpanTo: DateRef{Section: "basic", Field: "year", Edge: LastDay}}}},
	Files: []FileSlot{{Key: "agreement", Label: "孵化协议", Required: true}},
}

// incubationServices are the 孵化服务 whose income 42号 exempts from VAT (E5).
var (
	incubationServices = []string{"经纪代理服务", "经营租赁服务", "研发和技术服务", "信息技术服务", "鉴证咨询服务"}
	incomeServices     = []string{"经纪代理服务", "经营租赁服务", "研发和技术服务", "信息技术服务", "鉴证咨询服务", "非孵化服务"}
)

var incomeTotals = []Field{
	{Key: "exempt_income", Label: "免税收入合计", Unit: "万元", Kind: Decimal, Computed: &Computed{Sum: [2]string{"income", "amount"}}},
	{Key: "taxable_income", Label: "应税收入合计", Unit: "万元", Kind: Decimal,
		Computed: &Computed{Sum: [2]string{"income", "amount"}, Rows: LeftOutRows}},
}

// incomeTable: a row counts (is exempt) when it is a 孵化服务 to a counted
// 在孵对象; the rows left out are the taxable income.
var incomeTable = Table{Key: "income", Title: "孵化服务收入明细", Section: "income", MatchBy: []string{"invoice"},
	Intro: "金额以万元为单位，不含税。服务对象为在孵对象的，填写与在孵对象清单一致的名称。",
	Columns: []Field{
		{Key: "month", Label: "月份", Unit: "月", Kind: Int, Required: true, Min: num(1), Max: num(12), Summary: true,
			Hint: "申请年度内取得收入的月份，填 1 至 12。"},
		{Key: "service", Label: "服务类别", Kind: Enum, Options: incomeServices,
			Required: true, Summary: true},
		{Key: "client", Label: "服务对象", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "amount", Label: "金额", Unit: "万元", Kind: Decimal, Required: true, Min: num(0), Max: num(1e8), Summary: true},
		{Key: "invoice", Label: "合同/发票号", Kind: Text, Required: true, MaxLen: 50},
	},
	RowRules: []RowRule{
		{Code: "E5a", Must: &When{Field: "service", In: incubationServices}, Reason: "非孵化服务收入，应纳税"},
		{Code: "E5b", Among: &Among{Field: "client", Table: "incubatees", Column: "name"},
			Reason: "服务对象不是计入的在孵对象，应纳税"},
	},
}

// areaFigures are 面积核算 (types.md B4.5): all computed.
var areaFigures = []Field{
	{Key: "building_area", Label: "可自主支配面积（房产建筑面积合计）", Unit: "m²", Kind: Decimal,
		Computed: &Computed{Sum: [2]string{"property", "building_area"}, Rows: AllRows}},
	{Key: "incubatee_area", Label: "在孵对象使用面积", Unit: "m²", Kind: Decimal,
		Computed: &Computed{Sum: [2]string{"incubatees", "area"}}},
	{Key: "public_area", Label: "公共服务面积", Unit: "m²", Kind: Decimal,
		Computed: &Computed{Sum: [2]string{"property", "public_area"}}},
	{Key: "used_area", Label: "在孵对象使用与公共服务面积合计", Unit: "m²", Kind: Decimal,
		Computed: &Computed{SumAcross: []Col{{"incubatees", "area"}, {"property", "public_area"}}}},
	{Key: "used_share", Label: "占可自主支配面积的比例", Unit: "%", Kind: Decimal,
		Computed: &Computed{Percent: [2]string{"used_area", "building_area"}}},
}
