package demo

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"hatch/internal/domain"
)

// IncubatorYear is the year of the 国家级科技企业孵化器认定 round the demo
// incubator applies in (data to 2022-10-31, operating since 2019-10-31).
const IncubatorYear = 2022

// Incubator is the name of the demo organisation's 孵化器 (ApplicantCarriers).
const Incubator = "启明星科技企业孵化器"

// The incubator's three sites, by the name its companies give.
const (
	siteA = "启明星科技大厦A座"
	siteB = "启明星科技大厦B座"
	siteC = "上地创新中心3-5层"
)

// IncubatorApp is the complete 认定 application of 启明星科技企业孵化器: a
// 综合孵化器 in 海淀区 on 12600 m² with 60 在孵企业 that count, one that has
// stayed longer than 48 months (shown as 不计入 with its reason), 22 毕业企业,
// 3800 万元 of funds with 4 cases, 9 of 11 people professional and 8
// mentors: every section complete and every 认定条件 met. Its dates stay
// before mid-November 2021, so it is as valid on the tests' day as later.
func IncubatorApp() App {
	d := App{Carrier: Incubator, Sections: map[string]domain.Values{
		"basic": vals("region", "110108", "address", "北京市海淀区上地信息路8号启明星科技大厦",
			"founded_on", "2015-06-18", "operating_since", "2015-09-01", "kind", "综合孵化器", "hardship", "否",
			"provincial", "是", "provincial_no", "京科发〔2017〕312号", "provincial_on", "2017-12-20", "stat_years", "5",
			"contact", "李晓雯", "contact_title", "孵化器运营总监", "contact_mobile", "13800000001", "contact_phone", "010-62981150",
			"contact_email", "incubator@qimingxing.example.com", "intro", incubatorIntro),
		"team":     {"headcount": "11"},
		"system":   {"text": incubatorSystem},
		"services": {"text": incubatorServices},
		"results":  {"text": incubatorResults},
		"plan":     {"text": incubatorPlan},
	}, SectionFiles: []string{"license", "rules", "audit", "pledge"}}
	add := func(r Row) { d.Rows = append(d.Rows, r) }
	for _, s := range incubatorSites {
		add(s)
	}
	for _, f := range incubatorFunds {
		add(f)
	}
	firms := IncubatorFirms()
	for _, c := range fundCases(firms) {
		add(c)
	}
	for _, p := range incubatorStaff {
		add(p.row())
	}
	for _, m := range incubatorMentors {
		add(Row{Table: "mentors", Files: []string{"letter"}, Values: vals("name", m[0], "type", m[1], "appointer", m[2],
			"expertise", m[3])})
	}
	for _, f := range firms {
		add(f.row())
	}
	for i := range graduateBrands {
		add(graduate(i))
	}
	return d
}

var incubatorSites = []Row{
	{Table: "sites", Files: []string{"proof", "layout"}, Values: vals("name", siteA, "address", "北京市海淀区上地信息路8号A座",
		"tenure", "自有", "deed_no", "京(2016)海淀区不动产权第0038126号", "area", "6200.00", "public_area", "1400.00", "office_area", "300.00")},
	{Table: "sites", Files: []string{"proof", "layout"}, Values: vals("name", siteB, "address", "北京市海淀区上地信息路8号B座",
		"tenure", "租赁", "lessor", "北京上地信息产业园发展有限公司", "lease_from", "2016-01-01", "lease_to", "2030-12-31",
		"area", "4300.00", "public_area", "900.00", "office_area", "150.00")},
	{Table: "sites", Files: []string{"proof", "layout"}, Values: vals("name", siteC, "address", "北京市海淀区上地十街1号上地创新中心3-5层",
		"tenure", "租赁", "lessor", "北京上地创新中心运营管理有限公司", "lease_from", "2018-07-01", "lease_to", "2028-06-30",
		"area", "2100.00", "public_area", "450.00", "office_area", "80.00")},
}

// ownFund is the incubator's own seed fund; its investments are the cases.
const ownFund = "启明星种子基金"

var incubatorFunds = []Row{
	{Table: "funds", Files: []string{"proof"}, Values: vals("name", ownFund, "type", "自有种子资金", "amount", "800",
		"set_up_on", "2016-05-10")},
	{Table: "funds", Files: []string{"proof"}, Values: vals("name", "上地科创合作孵化基金", "type", "合作孵化资金", "amount", "3000",
		"partner", "北京上地科创投资管理有限公司", "set_up_on", "2018-09-26")},
}

// fundCases are the seed fund's first four investments in 在孵企业, as the
// companies' own rows record them.
func fundCases(firms []IncubatorFirm) []Row {
	var out []Row
	for _, f := range firms {
		if f.Investor != ownFund || len(out) == 4 {
			continue
		}
		out = append(out, Row{Table: "fund_cases", Files: []string{"proof"}, Values: vals("company", f.Name, "date", f.FinancedOn,
			"amount", f.Amount, "mode", "股权", "summary", "启明星种子基金以股权方式投资"+f.Name+"，投后由孵化器投资经理跟踪服务，"+
				"协助企业对接后续融资和产业资源。")})
	}
	return out
}

// IncubatorFirm is an 在孵企业 of the demo incubator.
type IncubatorFirm struct {
	Name, USCC, Field, Site      string
	TSME                         string // 科技型中小企业入库编号
	Founded, Joined              string
	Area                         string
	Patent                       bool
	IP                           int
	Amount, FinancedOn, Investor string // financed only
	Revenue                      string
}

func (f IncubatorFirm) row() Row {
	kv := []string{"name", f.Name, "uscc", f.USCC, "founded_on", f.Founded, "joined_on", f.Joined, "tech_field", f.Field,
		"industry", f.Field, "site", f.Site, "area", f.Area, "on_site", "是", "patent_applied", yesNo(f.Patent),
		"ip_count", strconv.Itoa(f.IP), "financed", yesNo(f.Amount != ""), "revenue", f.Revenue,
		"tsme_no", f.TSME}
	files := []string{"license", "agreement"}
	if f.Patent {
		files = append(files, "ip_proof")
	}
	if f.Amount != "" {
		own := yesNo(f.Investor == ownFund)
		kv = append(kv, "financed_amount", f.Amount, "financed_on", f.FinancedOn, "investor", f.Investor, "own_fund", own)
		files = append(files, "finance_proof")
	}
	return Row{Table: "firms", Values: vals(kv...), Files: files}
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// firmFields cycles the 技术领域 of the 在孵企业: a 综合孵化器 with
// electronics first.
var firmFields = []string{"电子信息", "集成电路", "生物医药", "电子信息", "先进制造与自动化", "新材料", "电子信息",
	"高技术服务", "生物医药", "新能源与节能", "电子信息", "先进制造与自动化", "资源与环境", "集成电路", "电子信息",
	"生物医药", "航空航天", "新材料", "电子信息", "先进制造与自动化"}

// nameWords is how a company of a field names its business.
var nameWords = map[string][]string{
	"电子信息":     {"信息技术", "智能科技", "数据科技", "软件技术"},
	"集成电路":     {"微电子科技", "半导体科技"},
	"生物医药":     {"生物科技", "医药科技", "医疗科技"},
	"先进制造与自动化": {"智能装备科技", "机器人科技", "自动化技术"},
	"新材料":      {"新材料科技", "材料技术"},
	"高技术服务":    {"检测技术", "科技服务"},
	"新能源与节能":   {"新能源科技", "节能科技"},
	"资源与环境":    {"环境科技", "环保技术"},
	"航空航天":     {"航天科技", "空间技术"},
	"现代农业":     {"农业科技"},
}

// firmBrands are the 在孵企业's trade names, one each.
var firmBrands = strings.Fields(`云图 芯途 康源 智源 锐驰 晶格 数联 博睿 百奥 绿能 睿思 智控 清源 澜芯 天衡
	普济 星河 拓维 极光 精工 安瑞 深蓝 量衡 微感 天枢 泰康 星链 合创 研序 鼎新 恒拓 新纪 磐石 飞鸿 聚能
	光合 致远 凌云 碳索 慧眼 开物 创衡 数度 云帆 智行 易检 精诚 弘业 悦动 声科 视界 智锐 泰和 明澈 远帆
	知行 汇芯 迈瑞 安川 乐析`)

// incubatorDay is where the 在孵企业's entries start: the first entered
// in November 2018, the last in August 2021.
var incubatorDay = time.Date(2018, 11, 5, 0, 0, 0, 0, time.UTC)

var investors = []string{"上地科创合作孵化基金", "北京中关村天使投资有限公司", "深圳前海启航创业投资有限公司",
	"北京华山资本管理有限公司"}

// IncubatorFirms are the 在孵企业: 60 that count (each founded at most 24
// months before it entered, within 48 months of the cut-off, or 60 for
// 生物医药、集成电路 where one entered in April 2018), and last
// LateFirm, which stayed too long. Two in three applied for patents, half
// hold IP, one in six was financed.
func IncubatorFirms() []IncubatorFirm {
	out := make([]IncubatorFirm, 0, 61)
	for i := 0; i < 60; i++ {
		field := firmFields[i%len(firmFields)]
		words := nameWords[field]
		joined := incubatorDay.AddDate(0, 0, 17*i)
		if i == 2 { // a 生物医药 company in its 55th month: it counts, up to 60
			joined = time.Date(2018, 4, 16, 0, 0, 0, 0, time.UTC)
		}
		founded := joined.AddDate(0, 0, -(30 + (i*41)%600))
		site := siteB
		switch {
		case i%6 == 4:
			site = siteC
		case i%2 == 1:
			site = siteA
		}
		f := IncubatorFirm{Name: "北京" + firmBrands[i] + words[i%len(words)] + "有限公司",
			USCC: USCC("110108", fmt.Sprintf("MA0FH%03d", 101+i)), Field: field, Site: site,
			Founded: date(founded), Joined: date(joined), Area: strconv.Itoa(90+(i*29)%100) + ".00",
			TSME: fmt.Sprintf("2021110108A%04d", 1301+7*i), Patent: i%3 != 2, Revenue: strconv.Itoa(60 + (i*53)%700)}
		if i%2 == 0 {
			f.IP = 1 + (i/2)%4
		}
		if i%5 == 0 && i < 50 { // every other one by the seed fund
			f.Investor = ownFund
			if i%10 != 0 {
				f.Investor = investors[(i/10)%len(investors)]
			}
			on := joined.AddDate(0, 0, 120+(i*13)%200)
			f.Amount, f.FinancedOn = strconv.Itoa(100+(i*37)%900), date(on)
		}
		out = append(out, f)
	}
	return append(out, LateFirm)
}

// LateFirm entered in March 2018 in 电子信息: 55 months before the
// cut-off, beyond the 48 months of 第八条, so it does not count.
var LateFirm = IncubatorFirm{Name: "北京远望视觉信息技术有限公司", USCC: USCC("110108", "MA0FH099"), Field: "电子信息",
	Site: siteA, TSME: "2021110108A0917", Founded: "2017-05-22", Joined: "2018-03-12", Area: "120.00", Patent: true, IP: 3,
	Revenue: "860"}

func date(t time.Time) string { return t.Format("2006-01-02") }

// graduateBrands are the 毕业企业's trade names.
var graduateBrands = strings.Fields(`华辰 启航 优特 瑞普 博雅 中科慧 和禾 沃土 芯盛 集创 晶芯 明德 正元 博通
	睿达 海纳 宏图 天成 万象 金石 同辉 长风`)

// graduate is the i-th 毕业企业: the criteria of 第九条 in turn (高新技术企业,
// investment over 500 万元, two years' revenue over 1000 万元, acquired or
// listed), some with two.
func graduate(i int) Row {
	field := firmFields[(i*3)%len(firmFields)]
	words := nameWords[field]
	joined := time.Date(2015, 10, 12, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 53*i)
	graduated := joined.AddDate(0, 0, 700+(i*31)%300)
	kv := []string{"name", "北京" + graduateBrands[i] + words[i%len(words)] + "有限公司",
		"uscc", USCC("110108", fmt.Sprintf("MA0FG%03d", 101+i)), "joined_on", date(joined), "graduated_on", date(graduated)}
	var criteria, files []string
	if i%4 == 0 || i%5 == 0 { // a 高新技术企业 certificate of the year before graduating
		year := graduated.Year() - 1
		criteria, files = append(criteria, "高新技术企业"), append(files, "hte_proof")
		kv = append(kv, "hte_no", fmt.Sprintf("GR%d11%06d", year, 1200+i*97), "hte_on", fmt.Sprintf("%d-12-02", year))
	}
	switch i % 4 {
	case 1:
		criteria, files = append(criteria, "累计获得天使投资或风险投资"), append(files, "investment_proof")
		kv = append(kv, "investment", strconv.Itoa(600+(i*370)%2400))
	case 2: // the two years before graduating
		criteria, files = append(criteria, "连续两年营业收入"), append(files, "revenue_proof")
		kv = append(kv, "revenue_year", strconv.Itoa(graduated.Year()-2), "revenue1", strconv.Itoa(520+i*13),
			"revenue2", strconv.Itoa(760+i*29))
	case 3:
		criteria, files = append(criteria, "被兼并收购或挂牌上市"), append(files, "listing_proof")
		if i%8 == 3 {
			kv = append(kv, "event", "收购", "event_on", date(graduated.AddDate(0, 0, -20)))
		} else {
			kv = append(kv, "event", "挂牌", "event_on", date(graduated.AddDate(0, 0, -20)), "exchange", "全国中小企业股份转让系统",
				"stock_code", strconv.Itoa(870100+i*37))
		}
	}
	kv = append(kv, "criteria", strings.Join(criteria, "、"))
	return Row{Table: "graduates", Values: vals(kv...), Files: files}
}

// incubatorPerson is a 专业孵化服务人员.
type incubatorPerson struct {
	name, id, post, basis, experience string
}

func (p incubatorPerson) row() Row {
	return Row{Table: "pro_staff", Files: []string{"contract", "proof"}, Values: vals("name", p.name, "id_number", p.id,
		"post", p.post, "full_time", "是", "basis", p.basis, "experience", p.experience)}
}

// incubatorStaff: 9 of the operator's 11 people are professional; the
// other two (finance and administration) are not listed.
var incubatorStaff = []incubatorPerson{
	{"王启明", IDNumber("110108", "19800101", "123"), "总经理", "创业经验、投融资经验、企业管理经验",
		"连续创业者，曾创办两家智能硬件企业并完成并购退出；2015年创办启明星科技企业孵化器，主导孵化服务体系和种子基金的设立。"},
	{"李晓雯", IDNumber("110108", "19881212", "356"), "运营总监", "企业管理经验、创业服务培训",
		"2014年起从事科技园区运营，负责孵化器入孵评审、企业服务和统计工作；持有创业孵化从业人员培训证书。"},
	{"高建华", IDNumber("110105", "19830716", "173"), "投资总监", "投融资经验",
		"曾在券商直投部门工作八年，负责启明星种子基金的项目筛选、投资决策和投后管理。"},
	{"方雪", IDNumber("110102", "19910223", "208"), "企业服务经理", "创业服务培训",
		"负责在孵企业的工商财税、政策申报和人才服务，累计协助60余家企业完成科技型中小企业评价。"},
	{"邵磊", IDNumber("110106", "19870905", "095"), "技术转移经理", "企业管理经验、创业服务培训",
		"曾任高校技术转移中心项目经理，负责对接高校院所成果和在孵企业的技术合作。"},
	{"汪静怡", IDNumber("110108", "19930418", "264"), "投资经理", "投融资经验",
		"金融学硕士，负责在孵企业的融资辅导、路演组织和合作投资机构的对接。"},
	{"黎振东", IDNumber("110101", "19850611", "031"), "孵化服务主管", "创业经验、创业服务培训",
		"曾创办一家软件企业，现负责入孵项目的辅导计划和创业导师的匹配。"},
	{"常悦", IDNumber("110107", "19940828", "142"), "知识产权专员", "创业服务培训",
		"知识产权专业背景，负责在孵企业专利挖掘、申请和知识产权贯标辅导。"},
	{"顾鹏", IDNumber("110108", "19890130", "057"), "产业对接经理", "企业管理经验",
		"曾任制造企业供应链经理，负责在孵企业的市场开拓和产业资源对接。"},
}

// incubatorMentors: name, type, who appointed them, field.
var incubatorMentors = [][4]string{
	{"刘振宇", "投资专家", "本孵化器", "早期投资、融资策略"},
	{"孙立华", "管理咨询专家", "行业协会", "知识产权与股权架构"},
	{"周建国", "其他", "科技部门", "医疗器械与生物材料"},
	{"陆海涛", "企业家", "本孵化器", "集成电路设计与产业化"},
	{"钱晓光", "企业家", "行业协会", "智能制造与工业互联网"},
	{"潘文君", "投资专家", "本孵化器", "生物医药投资"},
	{"邹明哲", "管理咨询专家", "科技部门", "企业战略与组织管理"},
	{"谭雅楠", "企业家", "本孵化器", "企业服务软件与市场拓展"},
}

const incubatorIntro = "启明星科技企业孵化器由北京启明星众创科技有限公司运营，2015年9月在上地信息产业基地开始运营，" +
	"2017年被认定为北京市科技企业孵化器。孵化器拥有自有和租赁孵化场地三处共12600平方米，" +
	"聚焦电子信息、集成电路、生物医药和智能制造领域，形成了“众创空间—孵化器—加速器”的接力孵化链条。"

const incubatorSystem = "一、运营主体和管理制度\n" +
	"孵化器由北京启明星众创科技有限公司独立运营，设孵化服务部、投资部、企业服务部和综合管理部。" +
	"孵化器制定了《入孵管理办法》《在孵企业毕业与退出管理办法》《孵化服务规范》和《种子基金管理办法》，" +
	"明确入孵条件（科技型、成立不超过24个月、注册地在孵化场地内）、毕业标准和退出机制。\n\n" +
	"二、孵化服务机制\n" +
	"孵化器对每家在孵企业指定一名孵化服务经理，入孵时制定孵化计划，每半年评估一次成长情况；" +
	"孵化期满或达到毕业条件的企业办理毕业，连续两次评估不合格的企业按协议退出。" +
	"孵化器与众创空间衔接，优先接收众创空间中成长较快的团队和企业。\n\n" +
	"三、场地集中情况\n" +
	"孵化场地集中在上地信息路8号启明星科技大厦A、B座和相邻的上地创新中心，步行距离不超过10分钟，共享公共服务设施。"

const incubatorServices = "一、创业辅导\n" +
	"孵化器建立了30余人的创业导师库，实行“孵化经理+创业导师”的双导师制度，2022年开展辅导活动80余次。\n\n" +
	"二、投融资服务\n" +
	"孵化器设立启明星种子基金，与合作机构共同设立上地科创合作孵化基金，每季度举办投融资对接会，" +
	"截至2022年10月已投资在孵和毕业企业12家。\n\n" +
	"三、技术转移和公共技术服务\n" +
	"孵化器与周边5所高校院所签订技术转移合作协议，建有电子测试、生物样品前处理等共享实验室，向在孵企业低成本开放。\n\n" +
	"四、人才和市场服务\n" +
	"孵化器联合人力资源机构开展校园招聘和人才政策申报，组织在孵企业参加行业展会和大企业对接会，帮助企业开拓市场。"

const incubatorResults = "一、孵化绩效\n" +
	"截至2022年10月31日，孵化器在孵企业61家（其中1家孵化期已超过48个月，正在办理毕业或退出），" +
	"累计毕业企业22家，其中高新技术企业、挂牌和被收购企业占一半以上；在孵企业中40家已申请专利，10家获得投融资。\n\n" +
	"二、典型案例\n" +
	"北京澜芯半导体科技有限公司入孵时仅有芯片设计方案，孵化器协助其对接流片服务平台和种子基金投资，" +
	"企业于两年内完成两轮融资，产品进入工业控制领域的批量供货。\n" +
	"北京百奥医疗科技有限公司依托孵化器共享实验室完成体外诊断试剂的研发验证，已取得二类医疗器械注册证。"

const incubatorPlan = "一、发展思路\n" +
	"孵化器将继续聚焦电子信息、集成电路、生物医药和智能制造，深化“投资+孵化”模式，提升专业化服务能力。\n\n" +
	"二、未来三年目标\n" +
	"到2025年，在孵企业达到80家，累计毕业企业达到40家，种子基金规模扩大到2000万元，新增共享实验室2个。\n\n" +
	"三、主要措施\n" +
	"（一）扩建集成电路测试和生物医药中试平台；（二）扩充创业导师库，引进产业导师；" +
	"（三）完善毕业企业跟踪服务，推动优秀毕业企业进入加速器和产业园区；（四）加强孵化服务人员专业培训。"
