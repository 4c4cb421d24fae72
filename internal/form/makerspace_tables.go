package form

var ownTenure = &When{Field: "tenure", In: []string{"自有产权"}}

var venueTotals = []Field{
	{Key: "total_area", Label: "总面积", Unit: "m²", Kind: Decimal, Computed: &Computed{Sum: [2]string{"venues", "area"}}},
	{Key: "station_area", Label: "创业工位面积", Unit: "m²", Kind: Decimal, Computed: &Computed{Sum: [2]string{"venues", "station_area"}}},
	{Key: "public_area", Label: "公共服务场地面积", Unit: "m²", Kind: Decimal, Computed: &Computed{Sum: [2]string{"venues", "public_area"}}},
	{Key: "stations", Label: "创业工位数", Unit: "个", Kind: Int, Computed: &Computed{Sum: [2]string{"venues", "stations"}}},
}

var venueTable = Table{Key: "venues", Title: "服务场地", Section: "venues", MatchBy: []string{"name"},
	Columns: []Field{
		{Key: "name", Label: "场地名称/楼栋", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "address", Label: "地址", Kind: Text, Required: true, Summary: true},
		{Key: "area", Label: "场地面积", Unit: "m²", Kind: Decimal, Required: true, Min: num(0.01), Max: num(1e7), Summary: true},
		{Key: "station_area", Label: "其中：创业工位面积", Unit: "m²", Kind: Decimal, Required: true, Min: num(0), LessEq: "area", Summary: true},
		{Key: "public_area", Label: "其中：公共服务场地面积", Unit: "m²", Kind: Decimal, Required: true, Min: num(0), LessEq: "area",
			Share: &Share{Whole: "area", Others: []string{"station_area"}}, Summary: true},
		{Key: "stations", Label: "创业工位数", Unit: "个", Kind: Int, Required: true, Min: num(0), Max: num(100000), Summary: true},
		{Key: "tenure", Label: "产权性质", Kind: Enum, Options: []string{"自有产权", "租赁", "无偿使用(委托)", "其他"}, Required: true, Summary: true},
		{Key: "lease_from", Label: "租赁/使用期限起", Kind: Date, Required: true, NotFillableWhen: ownTenure},
		{Key: "lease_to", Label: "租赁/使用期限止", Kind: Date, Required: true, NotFillableWhen: ownTenure, NotAfter: "lease_from", Future: true},
	},
	Files: []FileSlot{{Key: "proof", Label: "产权证明或租赁/委托合同", Required: true}},
}

var staffTotals = []Field{
	{Key: "headcount", Label: "运营人员", Unit: "人", Kind: Int, Computed: &Computed{Count: "staff"}},
}

var staffCategories = []string{"专职服务人员", "兼职服务人员", "专职创业导师", "兼职创业导师"}

var staffTable = Table{Key: "staff", Title: "运营人员", Section: "staff", MatchBy: []string{"id_number"},
	Columns: []Field{
		{Key: "name", Label: "姓名", Kind: Text, Required: true, MaxLen: 50, Summary: true},
		{Key: "gender", Label: "性别", Kind: Enum, Options: []string{"男", "女"}, Required: true, Summary: true},
		{Key: "id_number", Label: "身份证号码", Kind: IDNumber, Required: true, Hint: "打印时部分隐藏。"},
		{Key: "education", Label: "学历", Kind: Enum, Options: []string{"博士研究生", "硕士研究生", "大学本科", "大学专科", "高中及以下"}, Required: true, Summary: true},
		{Key: "title", Label: "职务/岗位", Kind: Text, Required: true, MaxLen: 50, Summary: true},
		{Key: "category", Label: "人员类别", Kind: Enum, Options: staffCategories, Required: true, Summary: true},
		{Key: "trained", Label: "是否接受过创业孵化专业培训", Kind: Enum, Options: yesNo, Required: true},
		{Key: "experience", Label: "从业经历/专业领域", Kind: LongText, Required: true, MaxLen: 500},
	},
	Files: []FileSlot{{Key: "proof", Label: "劳动合同、社保证明或聘书", Required: true},
		{Key: "training", Label: "培训证书", RequiredWhen: &When{Field: "trained", In: []string{"是"}}}},
}

// Team states (manual 四.三.5(4)): the state decides which cells exist.
const (
	teamIn        = "在孵"
	teamConverted = "已注册为企业"
	teamOut       = "已迁出"
)

var (
	notFinanced = &When{Field: "financed", In: []string{"否"}}
	financed    = &When{Field: "financed", In: []string{"是"}}
	financeType = []string{"天使投资", "风险投资", "银行贷款", "股权融资", "债券融资", "融资租赁", "政府资助", "其他"}
)

// financeColumns are the financing cells shared by teams and enterprises:
// filled, with proof, only when financed.
func financeColumns() []Field {
	return []Field{
		{Key: "financed", Label: "是否获得投融资", Kind: Enum, Options: yesNo, Required: true, Summary: true},
		{Key: "financed_on", Label: "获得时间", Kind: Date, RequiredWhen: financed, NotFillableWhen: notFinanced, Dates: UpToCutoff},
		{Key: "amount", Label: "投融资金额", Unit: "万元", Kind: Decimal, RequiredWhen: financed, NotFillableWhen: notFinanced, Min: num(0.01), Max: num(1e8)},
		{Key: "finance_type", Label: "投融资类型", Kind: Enum, Options: financeType, RequiredWhen: financed, NotFillableWhen: notFinanced},
	}
}

var teamTable = Table{Key: "teams", Title: "累计创业团队情况汇总表", Section: "incubation",
	MatchBy: []string{"name"},
	Intro:   "填写自众创空间开始运营至 {cutoff} 累计与众创空间签约入驻的创业团队。",
	Columns: append([]Field{
		{Key: "name", Label: "团队名称", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "leader", Label: "团队负责人", Kind: Text, Required: true, MaxLen: 50, Summary: true},
		{Key: "state", Label: "团队状态", Kind: Enum, Options: []string{teamIn, teamConverted, teamOut}, Required: true, Summary: true},
		{Key: "members", Label: "创业团队人员数量", Unit: "人", Kind: Int, Required: true, Min: num(1), Max: num(10000),
			NotFillableWhen: &When{Field: "state", In: []string{teamConverted, teamOut}}, Summary: true},
		{Key: "project", Label: "项目名称", Kind: Text, Required: true, MaxLen: 100},
		{Key: "field", Label: "技术领域", Kind: Enum, Options: techFields, Required: true},
		{Key: "joined_on", Label: "入驻时间", Kind: Date, Required: true, Dates: UpToCutoff, Summary: true},
		{Key: "company", Label: "注册企业名称", Kind: Text, MaxLen: 100, RequiredWhen: converted, NotFillableWhen: notConverted},
		{Key: "company_uscc", Label: "注册企业统一社会信用代码", Kind: USCC, RequiredWhen: converted, NotFillableWhen: notConverted},
		{Key: "registered_on", Label: "转化为企业注册时间", Kind: Date, RequiredWhen: converted, NotFillableWhen: notConverted,
			Dates: UpToCutoff, NotAfter: "joined_on"},
		{Key: "moved_out_on", Label: "迁出时间", Kind: Date, RequiredWhen: &When{Field: "state", In: []string{teamOut}},
			NotFillableWhen: &When{Field: "state", In: []string{teamIn, teamConverted}}, Dates: UpToCutoff, NotAfter: "joined_on"},
	}, financeColumns()...),
	Files: []FileSlot{{Key: "agreement", Label: "入驻协议", Required: true},
		{Key: "finance_proof", Label: "投融资佐证材料", RequiredWhen: financed}},
}

var (
	converted    = &When{Field: "state", In: []string{teamConverted}}
	notConverted = &When{Field: "state", In: []string{teamIn, teamOut}}
	fromTeam     = &When{Field: "source", In: []string{"团队转化"}}
)

var enterpriseTable = Table{Key: "enterprises", Title: "累计入驻企业情况汇总表", Section: "incubation", UniqueBy: "uscc",
	MatchBy: []string{"uscc"},
	Intro:   "填写自众创空间开始运营至 {cutoff} 累计与众创空间签约入驻的企业。",
	Columns: append([]Field{
		{Key: "name", Label: "企业名称", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "uscc", Label: "统一社会信用代码", Kind: USCC, Required: true, Summary: true},
		{Key: "registered_on", Label: "注册时间", Kind: Date, Required: true, Dates: UpToCutoff},
		{Key: "capital", Label: "注册资本", Unit: "万元", Kind: Decimal, Min: num(0), Max: num(1e8)},
		{Key: "source", Label: "来源", Kind: Enum, Options: []string{"团队转化", "直接入驻"}, Required: true, Summary: true},
		{Key: "joined_on", Label: "入驻时间", Kind: Date, Required: true, NotFillableWhen: fromTeam, Dates: UpToCutoff, Summary: true},
		{Key: "state", Label: "企业状态", Kind: Enum, Options: []string{"在孵", "已迁出"}, Required: true, Summary: true},
		{Key: "employees", Label: "企业人员数量", Unit: "人", Kind: Int, Required: true, Min: num(1), Max: num(100000),
			NotFillableWhen: &When{Field: "state", In: []string{"已迁出"}}, Summary: true},
		{Key: "field", Label: "技术领域", Kind: Enum, Options: techFields, Required: true},
	}, financeColumns()...),
	Files: []FileSlot{{Key: "license", Label: "营业执照复印件（加盖公章）", Required: true},
		{Key: "agreement", Label: "入驻协议", Required: true},
		{Key: "finance_proof", Label: "投融资佐证材料", RequiredWhen: financed}},
}

var activityTypes = []string{"创业沙龙", "项目路演", "创业大赛", "创业教育培训", "投融资对接", "导师辅导", "其他"}

var activityTable = Table{Key: "activities", Title: "开展创新创业活动情况汇总表", Section: "incubation",
	MatchBy: []string{"name", "start_on"},
	Intro:   "填写活动时间范围内开展的创新创业活动。",
	Columns: []Field{
		{Key: "name", Label: "活动名称", Kind: Text, Required: true, MaxLen: 100, Summary: true},
		{Key: "type", Label: "活动类型", Kind: Enum, Options: activityTypes, Required: true, Summary: true},
		{Key: "start_on", Label: "开始时间", Kind: Date, Required: true, Dates: InWindow, Summary: true},
		{Key: "end_on", Label: "结束时间", Kind: Date, Required: true, Dates: InWindow, NotAfter: "start_on"},
		{Key: "place", Label: "举办地点", Kind: Text, Required: true, MaxLen: 100},
		{Key: "mode", Label: "主办方式", Kind: Enum, Options: []string{"主办", "承办", "协办"}, Required: true, Summary: true},
		{Key: "participants", Label: "参与人数", Unit: "人", Kind: Int, Required: true, Min: num(1), Max: num(1000000), Summary: true},
		{Key: "summary", Label: "活动简介", Kind: LongText, MaxLen: 300},
	},
	Files: []FileSlot{{Key: "proof", Label: "活动通知、照片、签到表等证明材料", Required: true}},
}
