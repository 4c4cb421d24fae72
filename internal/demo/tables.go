package demo

import "hatch/internal/domain"

// vals builds Values from alternating keys and values, skipping empty ones.
func vals(kv ...string) domain.Values {
	v := domain.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v[kv[i]] = kv[i+1]
		}
	}
	return v
}

// demoFinance is a financing event of a team or an enterprise.
type demoFinance struct{ on, amount, kind string }

func (f *demoFinance) values() []string {
	if f == nil {
		return []string{"financed", "否"}
	}
	return []string{"financed", "是", "financed_on", f.on, "amount", f.amount, "finance_type", f.kind}
}

func (f *demoFinance) slots(base ...string) []string {
	if f == nil {
		return base
	}
	return append(base, "finance_proof")
}

// demoTeam is a row of 累计创业团队情况汇总表; converted teams also make their
// enterprise row (来源 团队转化).
type demoTeam struct {
	name, leader, project, field, joined string
	members                              string // 在孵 only
	movedOut                             string // 已迁出 only
	fin                                  *demoFinance
	// 已注册为企业 only: the company and its enterprise row
	company, code, registered, capital, employees string
	companyOut                                    bool // the company has since moved out
	companyFin                                    *demoFinance
}

func (t demoTeam) state() string {
	switch {
	case t.company != "":
		return "已注册为企业"
	case t.movedOut != "":
		return "已迁出"
	}
	return "在孵"
}

func (t demoTeam) row() Row {
	kv := []string{"name", t.name, "leader", t.leader, "state", t.state(), "project", t.project, "field", t.field,
		"joined_on", t.joined, "members", t.members, "moved_out_on", t.movedOut,
		"company", t.company, "company_uscc", t.code, "registered_on", t.registered}
	return Row{Table: "teams", Values: vals(append(kv, t.fin.values()...)...), Files: t.fin.slots("agreement")}
}

func (t demoTeam) enterprise() Row {
	state, employees := "在孵", t.employees
	if t.companyOut {
		state, employees = "已迁出", ""
	}
	kv := []string{"name", t.company, "uscc", t.code, "registered_on", t.registered, "capital", t.capital,
		"source", "团队转化", "state", state, "employees", employees, "field", t.field}
	return Row{Table: "enterprises", Values: vals(append(kv, t.companyFin.values()...)...),
		Files: t.companyFin.slots("license", "agreement")}
}

// demoFirm is a directly settled enterprise.
type demoFirm struct {
	name, code, registered, capital, joined, employees, field string
	out                                                       bool
	fin                                                       *demoFinance
}

func (f demoFirm) row() Row {
	state := "在孵"
	if f.out {
		state = "已迁出"
	}
	kv := []string{"name", f.name, "uscc", f.code, "registered_on", f.registered, "capital", f.capital,
		"source", "直接入驻", "joined_on", f.joined, "state", state, "employees", f.employees, "field", f.field}
	return Row{Table: "enterprises", Values: vals(append(kv, f.fin.values()...)...), Files: f.fin.slots("license", "agreement")}
}

// demoTeams: 24 teams. 11 registered companies between 2020-11 and 2021-10,
// 19 settled in that window, 4 have moved out, 3 were financed.
var demoTeams = []demoTeam{
	{name: "芯视界团队", leader: "刘一鸣", project: "低功耗边缘AI视觉模组", field: "电子信息", joined: "2020-11-09",
		company: "北京芯视界智能科技有限公司", code: USCC("110108", "MA0QM101"), registered: "2021-01-18", capital: "100", employees: "12",
		companyFin: &demoFinance{"2021-06-22", "300", "天使投资"}},
	{name: "脉准医疗团队", leader: "周婧", project: "可穿戴单导联心电监测贴片", field: "生物与新医药", joined: "2020-11-23",
		company: "北京脉准医疗科技有限公司", code: USCC("110108", "MA0QM102"), registered: "2021-03-02", capital: "200", employees: "9",
		companyFin: &demoFinance{"2021-09-15", "500", "天使投资"}},
	{name: "碳迹环境团队", leader: "马骁", project: "园区碳排放核算与管理SaaS", field: "资源与环境", joined: "2020-12-07",
		company: "北京碳迹环境科技有限公司", code: USCC("110108", "MA0QM103"), registered: "2021-02-26", capital: "50", employees: "7"},
	{name: "灵犀机器人团队", leader: "何嘉伟", project: "仓储分拣协作机械臂", field: "先进制造与自动化", joined: "2020-06-15",
		company: "北京灵犀智造机器人科技有限公司", code: USCC("110108", "MA0QM104"), registered: "2020-12-21", capital: "500", employees: "15",
		companyFin: &demoFinance{"2021-08-10", "1200", "风险投资"}},
	{name: "墨言智能团队", leader: "高雅琪", project: "面向中小学的AI作文批改系统", field: "电子信息", joined: "2021-01-11",
		company: "北京墨言智能科技有限公司", code: USCC("110108", "MA0QM105"), registered: "2021-04-08", capital: "100", employees: "6"},
	{name: "氢途新能源团队", leader: "孔德昊", project: "车载固态储氢材料", field: "新能源与节能", joined: "2021-01-25",
		company: "北京氢途新能源科技有限公司", code: USCC("110108", "MA0QM106"), registered: "2021-05-17", capital: "300", employees: "8"},
	{name: "微纳光电团队", leader: "谢雨桐", project: "硅基OLED微显示驱动芯片", field: "电子信息", joined: "2020-09-14",
		company: "北京微纳光电科技有限公司", code: USCC("110108", "MA0QM107"), registered: "2020-11-30", capital: "200", companyOut: true},
	{name: "禾丰智农团队", leader: "邓子豪", project: "设施农业病虫害图像识别", field: "高技术服务", joined: "2021-03-01",
		company: "北京禾丰智农科技有限公司", code: USCC("110108", "MA0QM108"), registered: "2021-06-09", capital: "50", employees: "5"},
	{name: "骨愈新材料团队", leader: "韩晓琳", project: "可降解镁合金骨科内固定螺钉", field: "新材料", joined: "2021-03-22",
		company: "北京骨愈新材料科技有限公司", code: USCC("110108", "MA0QM109"), registered: "2021-07-05", capital: "100", employees: "6"},
	{name: "星图遥感团队", leader: "冯博", project: "低轨卫星遥感数据处理平台", field: "航空航天", joined: "2021-04-12",
		company: "北京星图遥感科技有限公司", code: USCC("110108", "MA0QM110"), registered: "2021-07-26", capital: "200", employees: "9"},
	{name: "声盾安全团队", leader: "罗佳琪", project: "金融场景声纹反欺诈引擎", field: "电子信息", joined: "2021-05-10",
		company: "北京声盾信息技术有限公司", code: USCC("110108", "MA0QM111"), registered: "2021-09-03", capital: "100", employees: "7"},
	{name: "智听医疗团队", leader: "吴若楠", project: "儿童肺部听诊AI辅助诊断", field: "生物与新医药", joined: "2021-05-24", members: "4",
		fin: &demoFinance{"2021-10-12", "80", "天使投资"}},
	{name: "柔感科技团队", leader: "陈梓轩", project: "柔性压力传感电子皮肤", field: "新材料", joined: "2021-06-07", members: "5",
		fin: &demoFinance{"2021-09-28", "50", "天使投资"}},
	{name: "数智财税团队", leader: "杨帆", project: "小微企业智能记账与报税机器人", field: "高技术服务", joined: "2021-06-21", members: "3"},
	{name: "巡天无人机团队", leader: "许诺", project: "输电线路无人机自主巡检", field: "航空航天", joined: "2021-07-05", members: "6"},
	{name: "典藏数字团队", leader: "苏文静", project: "古籍OCR识别与知识图谱", field: "电子信息", joined: "2021-07-19", members: "4"},
	{name: "循环锂电团队", leader: "郑凯", project: "退役动力电池梯次利用快速检测", field: "新能源与节能", joined: "2021-08-02", members: "5"},
	{name: "萌宠健康团队", leader: "林晓", project: "宠物智能喂养与健康监测项圈", field: "电子信息", joined: "2021-08-30", members: "3"},
	{name: "步康外骨骼团队", leader: "曹宇航", project: "下肢康复训练外骨骼", field: "先进制造与自动化", joined: "2021-09-13", members: "5"},
	{name: "心晴校园团队", leader: "黄诗涵", project: "大学生心理健康筛查与干预小程序", field: "高技术服务", joined: "2021-10-11", members: "3"},
	{name: "光洁能源团队", leader: "彭磊", project: "光伏板无水清洁机器人", field: "新能源与节能", joined: "2019-04-08", movedOut: "2020-10-30"},
	{name: "云展科技团队", leader: "蒋欣怡", project: "线上三维虚拟展会平台", field: "电子信息", joined: "2019-09-16", movedOut: "2020-12-31"},
	{name: "邻里鲜团队", leader: "田野", project: "社区生鲜团购供应链系统", field: "其他", joined: "2020-03-02", movedOut: "2021-04-30",
		fin: &demoFinance{"2020-08-18", "30", "天使投资"}},
	{name: "齿美三维团队", leader: "范思琪", project: "隐形矫治器3D打印工艺", field: "生物与新医药", joined: "2020-12-14", movedOut: "2021-09-30"},
}

// demoFirms: enterprises that settled directly, 3 of them in the window.
var demoFirms = []demoFirm{
	{name: "北京云栖数据科技有限公司", code: USCC("110108", "MA0QM201"), registered: "2019-07-12", capital: "500", joined: "2020-11-16",
		employees: "23", field: "电子信息", fin: &demoFinance{"2021-04-20", "2000", "风险投资"}},
	{name: "北京安芯检测技术有限公司", code: USCC("110108", "MA0QM202"), registered: "2020-08-20", capital: "300", joined: "2021-02-01",
		employees: "11", field: "高技术服务", fin: &demoFinance{"2021-07-15", "200", "银行贷款"}},
	{name: "北京绿源膜材料科技有限公司", code: USCC("110108", "MA0QM203"), registered: "2018-11-05", capital: "1000", joined: "2019-05-06",
		field: "新材料", out: true},
	{name: "北京知行未来教育科技有限公司", code: USCC("110108", "MA0QM204"), registered: "2020-12-28", capital: "100", joined: "2021-03-15",
		employees: "8", field: "高技术服务"},
}

type demoPerson struct {
	name, gender, id, education, title, category, trained, experience string
}

var demoStaff = []demoPerson{
	{"李晓雯", "女", IDNumber("110108", "19881212", "356"), "硕士研究生", "运营总监", "专职服务人员", "是",
		"2014年起从事科技园区运营，2018年参与筹建启明星众创空间，负责入驻评审、企业服务和活动体系；持有创业孵化从业人员培训证书。"},
	{"张浩然", "男", IDNumber("110105", "19900308", "131"), "大学本科", "项目经理", "专职服务人员", "是",
		"曾在互联网公司任产品经理四年，现负责入驻团队的项目辅导、政策申报和投融资对接，累计服务团队40余个。"},
	{"陈思远", "女", IDNumber("110102", "19930521", "248"), "硕士研究生", "企业服务专员", "专职服务人员", "否",
		"知识产权管理专业背景，负责工商注册、财税代办、专利申请等基础服务，以及入驻企业的统计报表填报。"},
	{"赵敏", "女", IDNumber("110106", "19920917", "062"), "大学本科", "活动运营主管", "专职服务人员", "是",
		"负责“启明星创业沙龙”和路演活动的策划执行，维护创业者社群和合作伙伴资源，年均组织活动10场以上。"},
	{"王启明", "男", IDNumber("110108", "19800101", "123"), "博士研究生", "总经理", "专职创业导师", "是",
		"工学博士，连续创业者，曾创办两家智能硬件企业并完成并购退出；主导众创空间的孵化体系设计，重点辅导硬科技团队的产品化和融资。"},
	{"刘振宇", "男", IDNumber("110101", "19760611", "057"), "硕士研究生", "投资合伙人（外聘）", "兼职创业导师", "否",
		"某早期创投基金合伙人，从业15年，专注先进制造与人工智能领域早期投资，为入驻团队提供商业计划与融资辅导。"},
	{"孙立华", "女", IDNumber("110108", "19820430", "284"), "硕士研究生", "知识产权律师（外聘）", "兼职创业导师", "否",
		"律师事务所合伙人，执业12年，擅长科技企业知识产权布局、股权架构和投融资法律事务。"},
	{"周建国", "男", IDNumber("110107", "19690215", "035"), "博士研究生", "研究员（外聘）", "兼职创业导师", "否",
		"科研院所研究员、博士生导师，长期从事医疗器械和生物材料研究，指导科研人员创业团队的成果转化与产品注册。"},
}

func (p demoPerson) row() Row {
	files := []string{"proof"}
	if p.trained == "是" {
		files = append(files, "training")
	}
	return Row{Table: "staff", Values: vals("name", p.name, "gender", p.gender, "id_number", p.id, "education", p.education,
		"title", p.title, "category", p.category, "trained", p.trained, "experience", p.experience), Files: files}
}

const demoHall = "北京市海淀区中关村大街1号创业大厦5层路演厅"

// demoActivities: 14 activities between 2020-11-01 and 2021-10-31.
var demoActivities = [][8]string{
	{"启明星创业沙龙第21期：硬科技项目的早期融资逻辑", "创业沙龙", "2020-11-19", "2020-11-19", demoHall, "主办", "68",
		"邀请三位早期投资人分享硬科技项目的估值方法和尽调关注点，12个入驻团队现场答疑。"},
	{"海淀区大学生创新创业大赛启明星赛区复赛", "创业大赛", "2020-12-12", "2020-12-13", demoHall, "承办", "210",
		"承办区级大赛分赛区复赛，46个项目参赛，8个项目晋级决赛，其中3个团队随后入驻。"},
	{"冬季项目路演日：智能硬件专场", "项目路演", "2021-01-14", "2021-01-14", demoHall, "主办", "95",
		"8个智能硬件团队路演，邀请15家投资机构参加，会后促成一对一约谈21次。"},
	{"创业企业财税合规实务培训", "创业教育培训", "2021-03-10", "2021-03-10", "北京市海淀区中关村大街1号创业大厦3层培训室", "主办", "56",
		"讲解小微企业税收优惠、研发费用加计扣除和高新技术企业认定的财务准备。"},
	{"医疗器械注册申报专题辅导", "导师辅导", "2021-03-25", "2021-03-25", "北京市海淀区中关村大街1号创业大厦3层会议室", "主办", "32",
		"创业导师周建国研究员为5个医疗健康团队逐一梳理产品注册路径和临床评价要求。"},
	{"春季投融资对接会", "投融资对接", "2021-04-22", "2021-04-22", demoHall, "主办", "120",
		"联合6家合作基金举办，10个项目参与对接，其中2个项目当年完成融资。"},
	{"知识产权布局与专利挖掘工作坊", "创业教育培训", "2021-05-13", "2021-05-13", "北京市海淀区中关村大街1号创业大厦3层培训室", "协办", "48",
		"与区知识产权服务机构合作，现场辅导团队完成专利挖掘清单。"},
	{"启明星创业沙龙第26期：ToB SaaS的冷启动", "创业沙龙", "2021-06-03", "2021-06-03", demoHall, "主办", "72",
		"邀请两位SaaS创业者分享获客与定价经验，线上同步直播。"},
	{"2021中关村硬科技创业训练营", "创业教育培训", "2021-06-26", "2021-06-27", "北京市海淀区中关村大街1号创业大厦5层多功能厅", "承办", "150",
		"为期两天的训练营，覆盖商业模式、股权设计、融资路演和团队管理四个模块。"},
	{"夏季项目路演日：双碳与新能源专场", "项目路演", "2021-07-15", "2021-07-15", demoHall, "主办", "88",
		"7个新能源、环保方向项目路演，邀请产业方和投资机构点评。"},
	{"创业导师一对一辅导日", "导师辅导", "2021-08-19", "2021-08-19", "北京市海淀区中关村大街1号创业大厦3层会议室", "主办", "24",
		"4位创业导师与12个团队进行一对一辅导，形成辅导记录和跟进事项。"},
	{"高校科研成果转化对接会", "投融资对接", "2021-09-09", "2021-09-09", "北京市海淀区学院路某高校科技园报告厅", "协办", "136",
		"推介高校实验室成果20项，组织入驻企业与课题组对接技术合作。"},
	{"全国双创活动周海淀分会场开放日", "其他", "2021-10-19", "2021-10-21", "北京市海淀区中关村大街1号创业大厦3层、5层", "承办", "320",
		"开放日展示入驻团队产品30余项，组织参观和创业体验活动。"},
	{"启明星创业沙龙第30期：出海与合规", "创业沙龙", "2021-10-28", "2021-10-28", demoHall, "主办", "61",
		"邀请跨境业务律师和出海企业创始人分享海外市场合规要点。"},
}
