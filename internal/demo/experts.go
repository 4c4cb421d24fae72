package demo

import "hatch/internal/domain"

// Expert is a demo expert of a department's pool (专家库).
type Expert struct {
	Account
	Level      domain.Level // whose pool: 北京市 (province) or 火炬中心 (torch)
	Employer   string
	Speciality string
	Region     string
}

// Experts are the demo pools: five of 北京市科学技术委员会 (one of them from
// 海淀区 itself, so the assignment list shows its conflict warning) and
// three of 火炬中心.
func Experts() []Expert {
	province := func(login, name, mobile, employer, speciality, region string) Expert {
		return Expert{Account{login, name, mobile}, domain.LevelProvince, employer, speciality, region}
	}
	torch := func(e Expert) Expert { e.Level = domain.LevelTorch; return e }
	return []Expert{
		province("demo-expert1", "陈立新", "13800000031", "天津大学管理与经济学部", "创新创业管理", "120104"),
		province("demo-expert2", "林晓帆", "13800000032", "河北省科技创新服务中心", "科技企业孵化", "130102"),
		province("demo-expert3", "郭明远", "13800000033", "上海市创业投资行业协会", "创业投资", "310101"),
		province("demo-expert4", "韩静", "13800000034", "天津市科技金融服务中心", "科技金融", "120103"),
		province("demo-expert5", "马宏", "13800000035", "北京海淀创新研究院", "知识产权", "110108"),
		torch(province("demo-expert6", "宋文博", "13800000036", "中国科学技术发展战略研究院", "科技政策", "110108")),
		torch(province("demo-expert7", "唐韵", "13800000037", "浙江大学科技园", "大学科技园", "330106")),
		torch(province("demo-expert8", "许振华", "13800000038", "深圳市创新投资集团", "创业投资", "440304")),
	}
}

// ExpertWork is what the demo's experts have done on 海淀青创汇众创空间
// (demo-applicant-3, waiting for 北京市): three assigned by hand, one
// sheet submitted, one saved as a draft, one not yet opened.
type ExpertWork struct {
	Login   string
	Scores  map[string]string
	Comment string
	Submit  bool
}

// ExpertCarrier is the 众创空间 the demo experts are working on.
const ExpertCarrier = "海淀青创汇众创空间"

// ExpertWorks are the three assignments, in the order made.
func ExpertWorks() []ExpertWork {
	return []ExpertWork{
		{Login: "demo-expert1", Submit: true,
			Scores:  map[string]string{"team": "17", "service": "21", "incubation": "20.5", "space": "13", "feature": "11"},
			Comment: "运营团队稳定，创业导师比例较高；建议补充在孵团队获得投融资的佐证材料。"},
		{Login: "demo-expert2", Scores: map[string]string{"team": "16", "service": "20"}, Comment: "服务活动丰富，"},
		{Login: "demo-expert3"},
	}
}
