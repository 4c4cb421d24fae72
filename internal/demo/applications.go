// Package demo is the content of Hatch's demo data: the fictional
// organisations, their 众创空间 and 孵化器, teams, enterprises, staff,
// activities and texts, and the small files that stand in for their attachments. It is
// pure data over domain and ident (every identifier carries valid check
// characters), so tests of any layer can print or evaluate a realistic
// application without a database; package seed enters it into a database.
//
//   - orgs.go: the organisations, their people and the demo password
//   - accounts.go: the registry, the 经办人, carriers, departments, reviewers
//     and the administrator
//   - review.go: the organisations along the review chain and its steps
//   - applications.go: the complete and the half-filled application
//   - tables.go: the rows of their detail tables
//   - incubator.go: the 孵化器's complete 认定 application
//   - exemption.go: the filed 众创空间 and its 免税资格申请
//   - files.go: the PDF and PNG files that stand in for attachments
package demo

import (
	"hatch/internal/domain"
)

// Year is the year of the round the demo applications belong to.
const Year = 2021

// Row is one row of a demo application and the file slots it fills.
type Row struct {
	Table  string
	Values domain.Values
	Files  []string // slot keys that get a file
}

// App is the content of a demo application.
type App struct {
	Carrier      string                   // the carrier's name
	Sections     map[string]domain.Values // by section key
	Rows         []Row                    // in entry order
	SectionFiles []string                 // section-level slots that get a file (承诺书)
	// KeepShown are sections saved on top of the values the service shows
	// for them before the first save (its defaults), not in their place.
	KeepShown []string
}

// CompleteApp is the complete demo application of 启明星众创空间: every
// section complete and every 备案条件 met in the 2021 round.
func CompleteApp() App {
	d := App{Carrier: "启明星众创空间", Sections: map[string]domain.Values{
		"basic": vals("region", "110108", "address", "北京市海淀区中关村大街1号创业大厦3层、5层",
			"founded_on", "2017-11-20", "operating_since", "2018-03-15",
			"contact", "李晓雯", "contact_title", "运营总监", "contact_mobile", "13800000001", "contact_phone", "010-62785310",
			"contact_email", "service@qimingxing.example.com",
			"direction", "服务高校院所科研人员硬科技创业，推动科研成果转化为产品", "host_type", "其他",
			"tech_fields", "电子信息、生物与新医药、新材料、先进制造与自动化",
			"stat_reports", "2020年半年报、2020年年报、2021年半年报", "intro", demoIntro),
		"capability":  {"text": demoCapability},
		"performance": {"text": demoPerformance, "cases": "3"},
		"brand":       {"text": demoBrand},
		"plan":        {"text": demoPlan},
	}, SectionFiles: []string{"pledge"}}
	add := func(r Row) { d.Rows = append(d.Rows, r) }
	add(Row{Table: "media", Files: []string{"proof"}, Values: vals("title", "中关村里的“硬科技”孵化场：启明星众创空间三年服务百余个创业团队",
		"outlet", "北京日报", "level", "省级", "date", "2021-05-18")})
	add(Row{Table: "media", Files: []string{"proof"}, Values: vals("title", "让实验室成果走出象牙塔——众创空间助力科研人员创业",
		"outlet", "科技日报", "level", "中央", "date", "2021-09-24")})
	add(Row{Table: "media", Files: []string{"proof"}, Values: vals("title", "海淀区大学生创新创业大赛分赛区复赛在启明星众创空间举行",
		"outlet", "海淀融媒", "level", "其他", "date", "2020-12-15")})
	add(Row{Table: "honors", Files: []string{"certificate"}, Values: vals("name", "北京市众创空间", "grantor", "北京市科学技术委员会",
		"level", "省部级", "date", "2019-11-20")})
	add(Row{Table: "honors", Files: []string{"certificate"}, Values: vals("name", "海淀区优秀创新创业服务机构",
		"grantor", "北京市海淀区科学技术和信息化局", "level", "区县级", "date", "2020-12-28")})
	add(Row{Table: "venues", Files: []string{"proof"}, Values: vals("name", "创业大厦3层孵化区",
		"address", "北京市海淀区中关村大街1号创业大厦3层", "area", "460.00", "station_area", "280.00", "public_area", "120.00",
		"stations", "64", "tenure", "租赁", "lease_from", "2017-12-01", "lease_to", "2028-11-30")})
	add(Row{Table: "venues", Files: []string{"proof"}, Values: vals("name", "创业大厦5层路演中心及公共服务区",
		"address", "北京市海淀区中关村大街1号创业大厦5层", "area", "240.00", "station_area", "60.00", "public_area", "165.00",
		"stations", "16", "tenure", "租赁", "lease_from", "2019-06-01", "lease_to", "2027-05-31")})
	for _, p := range demoStaff {
		add(p.row())
	}
	for _, t := range demoTeams {
		add(t.row())
	}
	for _, t := range demoTeams {
		if t.company != "" {
			add(t.enterprise())
		}
	}
	for _, f := range demoFirms {
		add(f.row())
	}
	for _, a := range demoActivities {
		add(Row{Table: "activities", Files: []string{"proof"}, Values: vals("name", a[0], "type", a[1], "start_on", a[2],
			"end_on", a[3], "place", a[4], "mode", a[5], "participants", a[6], "summary", a[7])})
	}
	return d
}

// HalfApp is the half-filled demo application of the second 众创空间:
// 基础信息 with one problem, a complete venue, a few teams (one without its
// agreement), 服务能力 written, and the rest not started.
func HalfApp() App {
	d := App{Carrier: Branch.Name, Sections: map[string]domain.Values{
		"basic": vals("region", "110115", "address", Branch.Address,
			"founded_on", "2019-10-08", "operating_since", "2020-01-06",
			"contact", "赵敏", "contact_title", "分部运营经理", "contact_mobile", "1380000003",
			"contact_email", "yizhuang@qimingxing.example.com",
			"direction", "依托区域产业优势或龙头骨干企业主营业务，服务产业链创新",
			"tech_fields", "先进制造与自动化、生物与新医药"),
		"capability": {"text": "亦庄分部面向北京经济技术开发区的高端装备和生物医药产业，与区内龙头企业共建概念验证和中试服务，" +
			"为入驻团队提供样机加工、检测认证和供应链对接服务。\n\n分部与总部共享创业导师库和合作基金，每季度举办一次产业对接会。"},
	}}
	d.Rows = []Row{
		{Table: "venues", Files: []string{"proof"}, Values: vals("name", "科创十三街18号院2号楼1层", "address", Branch.Address,
			"area", "380.00", "station_area", "220.00", "public_area", "100.00", "stations", "40",
			"tenure", "无偿使用(委托)", "lease_from", "2019-12-01", "lease_to", "2028-11-30")},
		{Table: "teams", Files: []string{"agreement"}, Values: vals("name", "精测仪器团队", "leader", "任志强", "state", "在孵",
			"members", "4", "project", "半导体晶圆缺陷光学检测设备", "field", "先进制造与自动化", "joined_on", "2021-03-08", "financed", "否")},
		{Table: "teams", Values: vals("name", "细胞工厂团队", "leader", "宋雅静", "state", "在孵",
			"members", "5", "project", "合成生物学法生产天然香料", "field", "生物与新医药", "joined_on", "2021-06-15", "financed", "否")},
		{Table: "teams", Files: []string{"agreement"}, Values: vals("name", "智造云团队", "leader", "梁文博", "state", "已迁出",
			"project", "中小工厂设备联网与能耗管理", "field", "先进制造与自动化", "joined_on", "2020-05-11",
			"moved_out_on", "2021-02-26", "financed", "否")},
	}
	return d
}

const demoIntro = "启明星众创空间由北京启明星众创科技有限公司运营，2018年3月在中关村大街开始运营，" +
	"现有服务场地700平方米、创业工位80个。空间聚焦电子信息、生物医药、新材料和智能制造领域，" +
	"以高校院所科研人员和青年科技人才创业为主要服务对象，提供“空间+导师+基金+产业资源”的一站式孵化服务。" +
	"2019年被认定为北京市众创空间。"

const demoCapability = "一、服务体系\n" +
	"空间建立了“入驻评审—创业辅导—融资对接—加速毕业”四个阶段的孵化服务体系。入驻前由评审委员会对项目的技术来源、团队构成和市场前景进行评估；" +
	"入驻后为每个团队指定一名项目经理，按季度制定辅导计划并跟踪落实；团队注册成立企业后，提供工商财税、知识产权、人才招聘和政策申报等企业服务；" +
	"对成长较快的企业，协助对接产业园区和加速器，实现有序毕业。\n\n" +
	"二、创业导师\n" +
	"空间现有专兼职创业导师4名常驻，并建立了42人的导师库，涵盖连续创业者、投资人、律师、会计师和高校院所专家。" +
	"导师实行“一对一结对+专题辅导日”的工作机制，2020年11月至2021年10月共开展导师辅导活动36次，形成辅导记录和跟进清单。\n\n" +
	"三、投资基金\n" +
	"运营主体与合作机构共同发起设立启明星天使投资基金（规模1.2亿元），并与6家早期投资机构签订合作协议，" +
	"建立了“基金直投+合作机构跟投”的投资机制。空间每季度举办投融资对接会，对成熟项目组织专场路演。\n\n" +
	"四、专业服务平台\n" +
	"空间建有电子硬件打样实验室和共享测试平台，配备示波器、频谱分析仪、3D打印机等设备，向入驻团队免费或低成本开放；" +
	"与区内检测认证机构、知识产权服务机构和人力资源机构签订合作协议，为团队提供优惠服务。\n\n" +
	"五、线上服务平台\n" +
	"空间开发了“启明星创业服务”小程序，提供工位预约、会议室预订、活动报名、政策推送和服务需求提交等功能，" +
	"服务需求平均在1个工作日内响应。"

const demoPerformance = "一、主要绩效\n" +
	"截至2021年10月31日，空间累计入驻创业团队24个、企业15家。2020年11月1日至2021年10月31日，新签订入驻协议的团队和企业22家；" +
	"11个团队注册成立企业；7个团队和企业获得投融资，合计4330万元；开展创新创业活动14场，参与1480人次；" +
	"入驻团队和企业新申请专利46件，其中发明专利19件。\n\n" +
	"二、典型孵化案例\n" +
	"案例一：北京芯视界智能科技有限公司。团队由高校微电子专业博士创立，入驻时只有算法原型，缺少硬件设计能力和量产经验。" +
	"空间安排连续创业导师王启明一对一辅导，协助团队在共享实验室完成三轮样机打样，并对接两家安防设备厂商开展联合测试。" +
	"团队于2021年1月注册成立企业，2021年6月获得天使投资300万元，低功耗视觉模组已进入小批量供货阶段。\n\n" +
	"案例二：北京脉准医疗科技有限公司。团队研发可穿戴心电监测贴片，最大的难题是医疗器械注册路径不清、临床资源不足。" +
	"空间邀请创业导师周建国研究员开展专题辅导，梳理二类医疗器械注册流程，协助对接两家三甲医院开展临床评价，并推荐入驻区医疗器械检验绿色通道。" +
	"企业于2021年3月成立，2021年9月获得天使投资500万元，产品已提交注册检验。\n\n" +
	"案例三：北京灵犀智造机器人科技有限公司。团队开发仓储分拣协作机械臂，早期面临场景验证难、融资估值低的问题。" +
	"空间通过产业资源库对接三家物流企业提供真实仓储场景进行试点，投资导师刘振宇帮助团队重新梳理商业计划和融资节奏。" +
	"企业于2020年12月成立，2021年8月完成1200万元A轮融资，已在两个物流园区实现规模化部署。"

const demoBrand = "一、品牌定位\n" +
	"启明星众创空间以“硬科技创业第一站”为品牌定位，面向高校院所科研人员和青年科技人才，强调“早期、专业、陪伴”，" +
	"在中关村地区形成了较高的认知度。\n\n" +
	"二、创新创业文化营造\n" +
	"空间打造了“启明星创业沙龙”品牌活动，自2018年起累计举办30期，主题覆盖技术创业、融资、法律和出海等方面；" +
	"每年举办春、夏、冬三季项目路演日，并承办海淀区大学生创新创业大赛分赛区和全国双创活动周分会场活动。" +
	"空间内设创业故事墙和产品展示区，展示入驻团队的成长历程和代表性产品。\n\n" +
	"三、社群运营\n" +
	"空间组建了“启明星创业者俱乐部”，现有会员210余人，按技术领域分设四个兴趣小组，定期组织闭门交流和资源互换；" +
	"毕业企业创始人担任“学长导师”，为新入驻团队分享经验。空间运营微信公众号和视频号，发布政策解读、活动回顾和团队故事，" +
	"2021年相关工作被北京日报、科技日报等媒体报道。"

const demoPlan = "一、发展方向和运营模式\n" +
	"空间将继续聚焦电子信息、生物医药、新材料和智能制造四个方向，深化与周边高校院所的合作，" +
	"坚持“空间服务+专业服务+投资收益”的运营模式，从提供场地为主转向以专业孵化和投资服务为主。\n\n" +
	"二、未来三年目标\n" +
	"到2024年，累计服务创业团队和企业200个以上，每年新增入驻团队和企业30个以上，每年孵化注册企业15家以上，" +
	"每年获得投融资的团队和企业8家以上；导师库扩大到60人；建成亦庄分部，服务场地达到1500平方米。\n\n" +
	"三、实现目标的措施\n" +
	"（一）建立高校院所项目发现机制，与5所高校技术转移机构签订合作协议，定期开展成果路演；" +
	"（二）扩充启明星天使投资基金规模，完善投后服务；" +
	"（三）升级共享实验室，增加生物医药方向的共享设备；" +
	"（四）引进和培养专业孵化人才，专职服务人员全部接受创业孵化专业培训；" +
	"（五）完善线上服务平台，实现服务需求全流程线上办理。\n\n" +
	"四、自我持续发展能力\n" +
	"2021年空间运营收入中，场地及基础服务收入约占45%，专业增值服务收入约占30%，投资收益约占25%，" +
	"已实现收支平衡。随着投资项目逐步退出，投资收益占比将进一步提高，空间具备持续发展能力。"

// Branch is the second 众创空间 of the demo organisation, whose
// application is half filled.
var Branch = domain.Carrier{Kind: domain.KindMakerspace, Name: "启明星众创空间（亦庄分部）",
	Address: "北京市大兴区北京经济技术开发区科创十三街18号院2号楼", RegionCode: "110115", StartedOn: "2020-01-06"}
