package form

var (
	ownedSite  = &When{Field: "tenure", In: []string{"自有"}}
	leasedSite = &When{Field: "tenure", In: []string{"租赁", "无偿使用"}}
)

var siteTotals = []Field{
	{Key: "total_area", Label: "可自主支配面积", Unit: "m²", Kind: Decimal, Computed: &Computed{Sum: [2]string{"sites", "area"}}},
	{Key: "public_area", Label: "公共服务面积", Unit: "m²", Kind: Decimal, Computed: &Computed{Sum: [2]string{"sites", "public_area"}}},
	{Key: "firm_area", Label: "在孵企业使用面积", Unit: "m²", Kind: Decimal, Computed: &Computed{Sum: [2]string{"firms", "area"}}},
	{Key: "used_area", Label: "在孵企业使用面积与公共服务面积合计", Unit: "m²", Kind: Decimal,
		Computed: &Computed{SumAcross: []Col{{"firms", "area"}, {"sites", "public_area"}}}},
}

var siteTable = Table{Key: "sites", Title: "孵化场地", Section: "sites", MatchBy: []string{"name"},
	Intro: "场地名称、地址和面积将列入省级公示。",
	Columns: []Field{
		{Key: "name", Label: "场地名称/楼栋", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "address", Label: "详细地址", Kind: Text, Required: true, Summary: true},
		{Key: "tenure", Label: "权属", Kind: Enum, Options: []string{"自有", "租赁", "无偿使用"}, Required: true, Summary: true},
		{Key: "deed_no", Label: "不动产权证号", Kind: Text, MaxLen: 100, RequiredWhen: ownedSite, NotFillableWhen: leasedSite},
		{Key: "lessor", Label: "出租方/提供方", Kind: Text, MaxLen: 100, RequiredWhen: leasedSite, NotFillableWhen: ownedSite},
		{Key: "lease_from", Label: "租赁/使用期限起", Kind: Date, RequiredWhen: leasedSite, NotFillableWhen: ownedSite},
		{Key: "lease_to", Label: "租赁/使用期限止", Kind: Date, RequiredWhen: leasedSite, NotFillableWhen: ownedSite,
			NotAfter: "lease_from", Future: true},
		{Key: "area", Label: "可自主支配面积", Unit: "m²", Kind: Decimal, Required: true, Min: num(0.01), Max: num(1e7), Summary: true},
		{Key: "public_area", Label: "其中：公共服务面积", Unit: "m²", Kind: Decimal, Required: true, Min: num(0), LessEq: "area", Summary: true},
		{Key: "office_area", Label: "其中：运营办公面积", Unit: "m²", Kind: Decimal, Min: num(0), LessEq: "area",
			Share: &Share{Whole: "area", Others: []string{"public_area"}}},
	},
	// A site leased or lent until before D is not one the incubator controls.
	RowRules: []RowRule{{Code: "L1", Label: "租赁/使用期限止", Applies: leasedSite,
		Lasts: &Lasts{Until: DateRef{Field: "lease_to"}, Reach: DateRef{Round: RoundCutoff}, ReachLabel: "数据截止日"}}},
	Files: []FileSlot{{Key: "proof", Label: "产权证明或租赁/使用合同", Required: true},
		{Key: "layout", Label: "场地平面及功能分区图", Required: true}},
}

var fundTotals = []Field{
	{Key: "fund_total", Label: "孵化资金规模", Unit: "万元", Kind: Decimal, Computed: &Computed{Sum: [2]string{"funds", "amount"}}},
	{Key: "case_count", Label: "资金使用案例", Unit: "个", Kind: Int, Computed: &Computed{Count: "fund_cases"}},
}

var fundTable = Table{Key: "funds", Title: "孵化资金", Section: "funds", MatchBy: []string{"name"},
	Columns: []Field{
		{Key: "name", Label: "资金名称", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "type", Label: "资金类型", Kind: Enum, Options: []string{"自有种子资金", "合作孵化资金"}, Required: true, Summary: true},
		{Key: "amount", Label: "资金规模", Unit: "万元", Kind: Decimal, Required: true, Min: num(0.01), Max: num(1e8), Summary: true},
		{Key: "partner", Label: "合作方", Kind: Text, MaxLen: 100,
			RequiredWhen: &When{Field: "type", In: []string{"合作孵化资金"}}, NotFillableWhen: &When{Field: "type", In: []string{"自有种子资金"}}},
		{Key: "set_up_on", Label: "设立时间", Kind: Date, Required: true, Dates: UpToCutoff},
	},
	Files: []FileSlot{{Key: "proof", Label: "资金证明（出资证明、合作协议等）", Required: true}},
}

var fundCaseTable = Table{Key: "fund_cases", Title: "资金使用案例", Section: "funds", MatchBy: []string{"company", "date"},
	Columns: []Field{
		{Key: "company", Label: "被投企业", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "date", Label: "投资时间", Kind: Date, Required: true, Dates: UpToCutoff, Summary: true},
		{Key: "amount", Label: "投资金额", Unit: "万元", Kind: Decimal, Required: true, Min: num(0.01), Max: num(1e8), Summary: true},
		{Key: "mode", Label: "投资方式", Kind: Enum, Options: []string{"股权", "债权", "其他"}, Required: true, Summary: true},
		{Key: "summary", Label: "案例简介", Kind: LongText, MaxLen: 500},
	},
	Files: []FileSlot{{Key: "proof", Label: "投资协议或付款凭证", Required: true}},
}

var teamFields = []Field{
	{Key: "headcount", Label: "机构总人数", Unit: "人", Kind: Int, Required: true, Min: num(1), Max: num(100000),
		Hint: "孵化器运营机构的全部在职人员，是专业孵化服务人员占比的分母。"},
	{Key: "pro_count", Label: "专业孵化服务人员", Unit: "人", Kind: Int, Computed: &Computed{Count: "pro_staff"}},
	{Key: "mentor_count", Label: "创业导师", Unit: "人", Kind: Int, Computed: &Computed{Count: "mentors"}},
}

// qualifiedStaff: a 专业孵化服务人员 counts when full-time and with one of
// the grounds of 300号 (experience or training).
var qualifiedStaff = []RowRule{
	{Code: "S1", Must: &When{Field: "full_time", In: []string{"是"}}, Reason: "非专职人员"},
	{Code: "S2", Must: &When{Field: "basis", In: staffBasis, Any: true}, Reason: "未填写资质依据"},
}

var staffBasis = []string{"创业经验", "投融资经验", "企业管理经验", "创业服务培训"}

var proStaffTable = Table{Key: "pro_staff", Title: "专业孵化服务人员", Section: "team", MatchBy: []string{"id_number"},
	UniqueBy: "id_number",
	Intro:    "专职且具有创业、投融资或企业管理经验，或受过创业服务培训的人员计入专业孵化服务人员。",
	Columns: []Field{
		{Key: "name", Label: "姓名", Kind: Text, Required: true, MaxLen: 50, Summary: true},
		{Key: "id_number", Label: "身份证号码", Kind: IDNumber, Required: true, Hint: "打印时部分隐藏。"},
		{Key: "post", Label: "岗位", Kind: Text, Required: true, MaxLen: 50, Summary: true},
		{Key: "full_time", Label: "是否专职", Kind: YesNo, Required: true, Summary: true},
		{Key: "basis", Label: "资质依据", Kind: MultiEnum, Options: staffBasis, Summary: true},
		{Key: "experience", Label: "从业经历", Kind: LongText, Required: true, MaxLen: 500},
	},
	RowRules: qualifiedStaff,
	Files: []FileSlot{{Key: "contract", Label: "劳动合同或社保证明", Required: true},
		{Key: "proof", Label: "培训证书或经历证明", RequiredWhen: &When{Field: "basis", In: staffBasis, Any: true}}},
}

var mentorTable = Table{Key: "mentors", Title: "创业导师", Section: "team", MatchBy: []string{"name"},
	Columns: []Field{
		{Key: "name", Label: "姓名", Kind: Text, Required: true, MaxLen: 50, Summary: true},
		{Key: "type", Label: "导师类型", Kind: Enum, Options: []string{"企业家", "投资专家", "管理咨询专家", "其他"}, Required: true, Summary: true},
		{Key: "appointer", Label: "聘任方", Kind: Enum, Options: []string{"科技部门", "行业协会", "本孵化器"}, Required: true, Summary: true},
		{Key: "expertise", Label: "专业领域", Kind: Text, Required: true, MaxLen: 100},
	},
	Files: []FileSlot{{Key: "letter", Label: "聘书", Required: true}},
}

var firmTotals = []Field{
	{Key: "firm_count", Label: "在孵企业数（计入）", Unit: "家", Kind: Int, Computed: &Computed{Count: "firms"}},
}

var (
	firmFinanced    = &When{Field: "financed", In: []string{"是"}}
	firmNotFinanced = &When{Field: "financed", In: []string{"否"}}
)

// firmRules are 300号 第八条 as row rules: a company that breaks one is not
// an 在孵企业 and counts nowhere.
var firmRules = []RowRule{
	{Code: "R2", Must: &When{Field: "on_site", In: []string{"是"}}, Reason: "注册地和主要研发、办公场所不在本孵化器场地内"},
	{Code: "R3", Label: "成立至入孵", Months: &MonthsRule{From: DateRef{Field: "founded_on"}, To: DateRef{Field: "joined_on"},
		Max: Limit{Param: "entry_months"}}},
	{Code: "R4", Label: "入孵至数据截止日", Months: &MonthsRule{From: DateRef{Field: "joined_on"}, To: DateRef{Round: RoundCutoff},
		Max: Limit{Param: "stay_months", Cases: []LimitCase{
			{On: On{When: When{Field: "tech_field", In: longStayFields}}, Param: "stay_months_long"}}}}},
}

var firmTable = Table{Key: "firms", Title: "在孵企业", Section: "firms", UniqueBy: "uscc", MatchBy: []string{"uscc"},
	Intro: "填写截至 {cutoff} 在孵的企业。企业名称和数量将列入省级公示。",
	Columns: []Field{
		{Key: "name", Label: "企业名称", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "uscc", Label: "统一社会信用代码", Kind: USCC, Required: true, Summary: true},
		{Key: "founded_on", Label: "成立时间", Kind: Date, Required: true, Dates: UpToCutoff},
		{Key: "joined_on", Label: "入孵时间", Kind: Date, Required: true, Dates: UpToCutoff, NotAfter: "founded_on", Summary: true},
		{Key: "tech_field", Label: "技术领域", Kind: Enum, Options: incubatorFields, Required: true, Summary: true,
			Hint: "生物医药、现代农业、集成电路领域的孵化期限为60个月，其他领域为48个月。"},
		{Key: "industry", Label: "产业领域", Kind: Enum, Options: incubatorFields, Required: true},
		{Key: "site", Label: "所在场地", Kind: Text, Required: true, MaxLen: 100, Hint: "与孵化场地表中的场地名称一致。"},
		{Key: "area", Label: "使用面积", Unit: "m²", Kind: Decimal, Required: true, Min: num(0), Max: num(1e6)},
		{Key: "on_site", Label: "注册地和主要研发、办公场所在孵化场地内", Kind: YesNo, Required: true},
		{Key: "tsme_no", Label: "科技型中小企业入库编号", Kind: Text, MaxLen: 50},
		{Key: "patent_applied", Label: "是否已申请专利", Kind: YesNo, Required: true},
		{Key: "ip_count", Label: "有效知识产权数", Unit: "件", Kind: Int, Required: true, Min: num(0), Max: num(100000),
			Hint: "发明、实用新型、外观设计专利，软件著作权，集成电路布图设计，植物新品种。"},
		{Key: "financed", Label: "是否获得投融资", Kind: YesNo, Required: true, Summary: true},
		{Key: "financed_amount", Label: "投融资金额", Unit: "万元", Kind: Decimal, Min: num(0.01), Max: num(1e8),
			RequiredWhen: firmFinanced, NotFillableWhen: firmNotFinanced},
		{Key: "financed_on", Label: "获得时间", Kind: Date, Dates: UpToCutoff, RequiredWhen: firmFinanced, NotFillableWhen: firmNotFinanced},
		{Key: "investor", Label: "投资方", Kind: Text, MaxLen: 100, RequiredWhen: firmFinanced, NotFillableWhen: firmNotFinanced},
		{Key: "own_fund", Label: "是否本孵化器资金", Kind: YesNo, RequiredWhen: firmFinanced, NotFillableWhen: firmNotFinanced},
		{Key: "revenue", Label: "上年营业收入", Unit: "万元", Kind: Decimal, Min: num(0), Max: num(1e8)},
	},
	RowRules: firmRules,
	Files: []FileSlot{{Key: "license", Label: "营业执照复印件（加盖公章）", Required: true},
		{Key: "agreement", Label: "孵化协议", Required: true},
		{Key: "ip_proof", Label: "知识产权证明", RequiredWhen: &When{Field: "patent_applied", In: []string{"是"}}},
		{Key: "finance_proof", Label: "投融资佐证材料", RequiredWhen: firmFinanced}},
}

// The graduation criteria of 300号 第九条 (G1–G4).
const (
	gradHighTech = "高新技术企业"
	gradInvested = "累计获得天使投资或风险投资"
	gradRevenue  = "连续两年营业收入"
	gradListed   = "被兼并收购或挂牌上市" // no 、 inside: MultiEnum joins options with it
)

// chose and notChose say whether a graduate's 毕业条件 include a criterion.
func chose(c string) *When    { return &When{Field: "criteria", In: []string{c}, Any: true} }
func notChose(c string) *When { return &When{Field: "criteria", In: []string{c}, Any: true, Not: true} }

var graduateTotals = []Field{
	{Key: "graduate_count", Label: "累计毕业企业（计入）", Unit: "家", Kind: Int, Computed: &Computed{Count: "graduates"}},
}

var listedEvent = &When{Field: "event", In: []string{"挂牌", "上市"}}

var graduateTable = Table{Key: "graduates", Title: "毕业企业", Section: "graduates", UniqueBy: "uscc", MatchBy: []string{"uscc"},
	Intro: "填写截至 {cutoff} 累计毕业的企业，至少符合一项毕业条件；所选条件均须符合方计入。",
	Columns: []Field{
		{Key: "name", Label: "企业名称", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "uscc", Label: "统一社会信用代码", Kind: USCC, Required: true, Summary: true},
		{Key: "joined_on", Label: "入孵时间", Kind: Date, Required: true, Dates: UpToCutoff},
		{Key: "graduated_on", Label: "毕业时间", Kind: Date, Required: true, Dates: UpToCutoff, NotAfter: "joined_on", Summary: true},
		{Key: "criteria", Label: "毕业条件", Kind: MultiEnum, Options: []string{gradHighTech, gradInvested, gradRevenue, gradListed},
			Required: true, Summary: true},
		{Key: "hte_no", Label: "高新技术企业证书编号", Kind: Text, MaxLen: 50, RequiredWhen: chose(gradHighTech), NotFillableWhen: notChose(gradHighTech)},
		{Key: "hte_on", Label: "发证日期", Kind: Date, RequiredWhen: chose(gradHighTech), NotFillableWhen: notChose(gradHighTech)},
		{Key: "investment", Label: "累计获得天使投资或风险投资", Unit: "万元", Kind: Decimal, Min: num(0), Max: num(1e8),
			RequiredWhen: chose(gradInvested), NotFillableWhen: notChose(gradInvested)},
		{Key: "revenue_year", Label: "营业收入首年", Unit: "年", Kind: Int, Min: num(1990), Max: num(2100),
			RequiredWhen: chose(gradRevenue), NotFillableWhen: notChose(gradRevenue)},
		{Key: "revenue1", Label: "首年营业收入", Unit: "万元", Kind: Decimal, Min: num(0), Max: num(1e8),
			RequiredWhen: chose(gradRevenue), NotFillableWhen: notChose(gradRevenue)},
		{Key: "revenue2", Label: "次年营业收入", Unit: "万元", Kind: Decimal, Min: num(0), Max: num(1e8),
			RequiredWhen: chose(gradRevenue), NotFillableWhen: notChose(gradRevenue)},
		{Key: "event", Label: "事件类型", Kind: Enum, Options: []string{"兼并", "收购", "挂牌", "上市"},
			RequiredWhen: chose(gradListed), NotFillableWhen: notChose(gradListed)},
		{Key: "event_on", Label: "事件日期", Kind: Date, RequiredWhen: chose(gradListed), NotFillableWhen: notChose(gradListed)},
		{Key: "exchange", Label: "交易所/板块", Kind: Text, MaxLen: 50, RequiredWhen: listedEvent, NotFillableWhen: notChose(gradListed)},
		{Key: "stock_code", Label: "证券代码", Kind: Text, MaxLen: 20, RequiredWhen: listedEvent, NotFillableWhen: notChose(gradListed)},
	},
	RowRules: []RowRule{
		{Code: "G2", Label: "累计获得投资", Applies: chose(gradInvested),
			Over: &Over{Fields: []string{"investment"}, Limit: Limit{Param: "graduate_investment"}, Unit: "万元"}},
		{Code: "G3", Label: "连续两年营业收入累计", Applies: chose(gradRevenue),
			Over: &Over{Fields: []string{"revenue1", "revenue2"}, Limit: Limit{Param: "graduate_revenue"}, Unit: "万元"}},
	},
	Files: []FileSlot{
		{Key: "hte_proof", Label: "高新技术企业证书", RequiredWhen: chose(gradHighTech)},
		{Key: "investment_proof", Label: "投资协议或到账凭证", RequiredWhen: chose(gradInvested)},
		{Key: "revenue_proof", Label: "两年的财务报表或审计报告", RequiredWhen: chose(gradRevenue)},
		{Key: "listing_proof", Label: "兼并、收购或挂牌、上市的证明", RequiredWhen: chose(gradListed)},
	},
}

var platformTable = Table{Key: "platforms", Title: "公共服务平台", Section: "platforms", MatchBy: []string{"name"},
	Columns: []Field{
		{Key: "name", Label: "平台名称", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "type", Label: "平台类型", Kind: Enum, Options: []string{"研究开发", "检验检测", "小试中试", "其他"}, Required: true, Summary: true},
		{Key: "own", Label: "是否自主支配", Kind: YesNo, Required: true, Summary: true},
		{Key: "area", Label: "面积", Unit: "m²", Kind: Decimal, Min: num(0), Max: num(1e6)},
		{Key: "equipment", Label: "主要设备", Kind: LongText, Required: true, MaxLen: 1000},
	},
	Files: []FileSlot{{Key: "proof", Label: "平台产权或使用证明、设备清单", Required: true}},
}
