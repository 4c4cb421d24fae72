package demo

import (
	"strings"

	"hatch/internal/domain"
)

// ExemptionYear is the year of the 创业孵化机构免税资格申请 round the demo
// applies in; it is also the application's 申请年度.
const ExemptionYear = 2026

// FiledBranch is the demo organisation's third 众创空间: its 2021
// application went the whole review chain to 备案通过, so it may apply for
// the 免税 of a 国家备案众创空间.
var FiledBranch = domain.Carrier{Kind: domain.KindMakerspace, Name: "启明星众创空间（中关村分部）",
	Address: "北京市海淀区中关村东路66号世纪科贸大厦B座", RegionCode: "110108", StartedOn: "2018-03-15"}

// FiledApp is the complete demo application in the branch's own names and
// premises, where the 3层 is the operator's own floor.
func FiledApp() App {
	r := strings.NewReplacer("启明星众创空间", FiledBranch.Name, "中关村大街1号创业大厦", "中关村东路66号世纪科贸大厦B座",
		"创业大厦", "世纪科贸大厦B座", "service@qimingxing", "zgc@qimingxing")
	d := CompleteApp()
	d.Carrier = FiledBranch.Name
	for k, v := range d.Sections {
		d.Sections[k] = replaced(r, v)
	}
	owned := false
	for i := range d.Rows {
		d.Rows[i].Values = replaced(r, d.Rows[i].Values)
		if v := d.Rows[i].Values; d.Rows[i].Table == "venues" && !owned {
			v["tenure"], owned = "自有产权", true
			delete(v, "lease_from")
			delete(v, "lease_to")
		}
	}
	return d
}

func replaced(r *strings.Replacer, v domain.Values) domain.Values {
	out := domain.Values{}
	for k, x := range v {
		out[k] = r.Replace(x)
	}
	return out
}

// FilingSteps take FiledBranch's application from 海淀区 to 备案通过: the
// province checks the paper copy, scores, publishes and recommends; 火炬中心
// passes the form, scores, publishes and files. Both 公示 ended before
// the 2021 round's filing weeks were over.
func FilingSteps() []Step {
	province := func(s Step) Step { s.Reviewer = "demo-province"; return s }
	torch := func(s Step) Step { s.Reviewer = "demo-torch"; return s }
	return []Step{
		{Reviewer: "demo-city", Action: domain.ActRecommend, Comment: "经初审，材料真实完整，同意推荐。"},
		province(Step{Action: domain.ActPaperCheck}),
		province(Step{Action: domain.ActScore, Score: "88"}),
		province(Step{Action: domain.ActPublicity, PublicFrom: "2021-11-01", PublicTo: "2021-11-05"}),
		province(Step{Action: domain.ActRecommend, Comment: "经专家评审和公示，推荐至火炬中心。"}),
		torch(Step{Action: domain.ActFormalPass}),
		torch(Step{Action: domain.ActScore, Score: "87.5"}),
		torch(Step{Action: domain.ActPublicity, PublicFrom: "2021-11-08", PublicTo: "2021-11-12"}),
		torch(Step{Action: domain.ActFile, Comment: "经专家评审和公示，予以备案。"}),
	}
}

// The branch's premises as the 免税 application lists them.
const (
	floor3 = "北京市海淀区中关村东路66号世纪科贸大厦B座3层"
	floor5 = "北京市海淀区中关村东路66号世纪科贸大厦B座5层"
)

// ExemptionApp is FiledBranch's complete 免税资格申请 for 2026: its own
// floor (房产 and its share of the land) and a leased one, the 700 m² of
// its 备案; five companies, three teams and two individuals with
// agreements that run into 2026; exempt income from them and two taxable
// rows. Every 免税条件 is met. 机构与资格 is saved on top of what the
// service shows for it.
func ExemptionApp() App {
	d := App{Carrier: FiledBranch.Name, Sections: map[string]domain.Values{
		"basic": vals("cancelled", "否", "year", "2026", "site_area", "700.00", "ledger", "是",
			"ledger_note", "在“主营业务收入—孵化服务收入”科目下按服务类别设明细科目，单独核算向在孵对象提供孵化服务取得的收入；"+
				"非孵化服务收入和向非在孵对象取得的收入在“其他业务收入”科目核算。",
			"contact", "何静", "contact_title", "中关村分部运营经理", "contact_mobile", "13800000004",
			"contact_phone", "010-62785318", "contact_email", "zgc@qimingxing.example.com"),
	}, KeepShown: []string{"basic"},
		SectionFiles: []string{"pledge", "designation", "ledger"}}
	add := func(r Row) { d.Rows = append(d.Rows, r) }
	add(Row{Table: "property", Files: []string{"title", "value_proof"}, Values: vals("address", floor3, "category", "房产",
		"tenure", "自有", "deed_no", "京(2018)海淀区不动产权第0072316号", "original_value", "2760", "building_area", "460.00",
		"use", "出租给在孵对象", "incubatee_area", "280.00", "public_area", "120.00")})
	add(Row{Table: "property", Files: []string{"title"}, Values: vals("address", floor3, "category", "土地",
		"tenure", "自有", "deed_no", "京(2018)海淀区不动产权第0072316号", "land_area", "38.60", "use", "自用")})
	add(Row{Table: "property", Files: []string{"lease"}, Values: vals("address", floor5, "category", "房产",
		"tenure", "租入", "lessor", "北京世纪科贸大厦物业管理有限公司", "lease_from", "2019-06-01", "lease_to", "2027-05-31",
		"building_area", "240.00", "use", "无偿提供给在孵对象", "incubatee_area", "60.00", "public_area", "165.00")})
	for _, x := range incubatees {
		v := vals("kind", x[0], "name", x[1], "agreement_from", x[3], "agreement_to", x[4], "property", x[5], "area", x[6])
		if x[0] == "企业" {
			v["uscc"] = USCC("110108", x[2])
		} else {
			v["leader"], v["id_number"] = x[7], x[2]
		}
		add(Row{Table: "incubatees", Files: []string{"agreement"}, Values: v})
	}
	for _, x := range exemptionIncome {
		add(Row{Table: "income", Values: vals("month", x[0], "service", x[1], "client", x[2], "amount", x[3], "invoice", x[4])})
	}
	return d
}

// Result2021 is the 文号 and date under which 火炬中心 published the
// demo's 2021 备案 result: the filed 众创空间's 免税资格申请 reads its
// designation from them.
var Result2021 = struct{ No, On string }{"国科火字〔2021〕238号", "2021-11-15"}

// incubatees: kind, name, code body (企业) or ID number, agreement from
// and to, premises, area, and the person responsible (团队, 个人).
var incubatees = [][8]string{
	{"企业", "北京知微传感科技有限公司", "MA0KG201", "2021-03-01", "2026-02-28", floor3, "60.00"},
	{"企业", "北京青禾智农科技有限公司", "MA0KG202", "2021-05-10", "2026-05-09", floor3, "45.00"},
	{"企业", "北京元启算力科技有限公司", "MA0KG203", "2021-07-01", "2026-06-30", floor3, "50.00"},
	{"企业", "北京安语医疗科技有限公司", "MA0KG204", "2021-09-01", "2026-08-31", floor3, "40.00"},
	{"企业", "北京碳衡环境科技有限公司", "MA0KG205", "2021-10-18", "2026-10-17", floor5, "20.00"},
	{"创业团队", "星尘机器人团队", IDNumber("110108", "19960514", "117"), "2021-06-01", "2026-12-31", floor3, "15.00", "邱子墨"},
	{"创业团队", "光谱检测团队", IDNumber("110105", "19970822", "246"), "2021-08-16", "2026-12-31", floor3, "20.00", "严可欣"},
	{"创业团队", "灵动康复团队", IDNumber("110102", "19951103", "031"), "2021-10-11", "2027-06-30", floor5, "15.00", "褚凯文"},
	{"个人", "林一帆", IDNumber("110106", "19980209", "053"), "2021-09-06", "2026-09-05", floor5, "10.00", "林一帆"},
	{"个人", "蒋思琪", IDNumber("110108", "19990617", "128"), "2021-11-01", "2026-10-31", floor5, "5.00", "蒋思琪"},
}

// exemptionIncome: month, service, client, 万元, invoice. The last two
// are taxable: a service that is not 孵化服务, and a client that is not an
// 在孵对象.
var exemptionIncome = [][5]string{
	{"1", "经营租赁服务", "北京知微传感科技有限公司", "3.60", "26112000000000100031"},
	{"2", "经营租赁服务", "北京青禾智农科技有限公司", "2.70", "26112000000000200017"},
	{"3", "研发和技术服务", "北京元启算力科技有限公司", "8.50", "26112000000000300052"},
	{"4", "鉴证咨询服务", "北京安语医疗科技有限公司", "4.20", "26112000000000400068"},
	{"5", "信息技术服务", "星尘机器人团队", "1.80", "26112000000000500023"},
	{"6", "经纪代理服务", "北京碳衡环境科技有限公司", "2.50", "26112000000000600045"},
	{"7", "研发和技术服务", "光谱检测团队", "3.00", "26112000000000700019"},
	{"8", "经营租赁服务", "林一帆", "0.60", "26112000000000800076"},
	{"9", "非孵化服务", "北京知微传感科技有限公司", "1.20", "26112000000000900034"},
	{"10", "经营租赁服务", "北京中关村会展服务有限公司", "5.00", "26112000000001000058"},
}
