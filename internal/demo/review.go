package demo

import (
	"strings"

	"hatch/internal/domain"
)

// Stage is an organisation of 海淀区 whose 众创空间 was submitted with the
// complete demo content, and how far along the review chain it got, so the
// demo reviewers open a living 工作台.
type Stage struct {
	Org     Org
	Login   string // its legal-person account
	Carrier string // its 众创空间
	Steps   []Step // taken in order after submission
	Note    string // where it stands, for the list of demo accounts
}

// Step is a reviewer's action in the demo chain. A paper check without a
// Version types the submitted one.
type Step struct {
	Reviewer   string // login
	Action     domain.Action
	Comment    string
	Score      string
	PublicFrom string
	PublicTo   string
	Remark     *Remark // added before the action, sent with it
}

// Remark is a reviewer's remark on a field of a section.
type Remark struct {
	Section, Field, Text string
}

// Stages are the organisations along the review chain, from one waiting
// for 海淀区 to one 火炬中心 has taken up.
func Stages() []Stage {
	recommend := Step{Reviewer: "demo-city", Action: domain.ActRecommend, Comment: "经初审，材料真实完整，同意推荐。"}
	province := func(s Step) Step { s.Reviewer = "demo-province"; return s }
	return []Stage{
		{Org: stageOrg("北京中关村创客工场科技有限公司", "MA0CKGC1", "北京市海淀区中关村东路18号",
			person{"孙创", "19820304", "015"}, person{"孙创", "19820304", "015"}, "13800000011"),
			Login: "demo-applicant-2", Carrier: "中关村创客工场", Note: "已提交，待海淀区初审"},
		{Org: stageOrg("北京海淀青创汇科技有限公司", "MA0QCH02", "北京市海淀区学院路35号",
			person{"周青", "19850612", "023"}, person{"吴悦", "19900718", "046"}, "13800000012"),
			Login: "demo-applicant-3", Carrier: "海淀青创汇众创空间", Steps: []Step{recommend},
			Note: "海淀区已推荐，待北京市审核（纸质材料未核验）"},
		{Org: stageOrg("北京清河智造科技服务有限公司", "MA0QHWW3", "北京市海淀区清河中街68号",
			person{"郑河", "19790101", "031"}, person{"郑河", "19790101", "031"}, "13800000013"),
			Login: "demo-applicant-4", Carrier: "清河智造众创空间", Steps: []Step{recommend,
				province(Step{Action: domain.ActReturn, Comment: "请按意见核实场地信息后重新提交。",
					Remark: &Remark{Section: "basic", Field: "address", Text: "详细地址与租赁合同所载地址不一致，请核实。"}})},
			Note: "北京市退回修改，附审核意见"},
		{Org: stageOrg("北京西山创新孵化器有限公司", "MA0XXCX4", "北京市海淀区香山南路5号",
			person{"钱山", "19760909", "057"}, person{"钱山", "19760909", "057"}, "13800000014"),
			Login: "demo-applicant-5", Carrier: "西山众创汇", Steps: []Step{recommend,
				province(Step{Action: domain.ActPaperCheck}),
				province(Step{Action: domain.ActScore, Score: "86"}),
				province(Step{Action: domain.ActPublicity, PublicFrom: "2021-11-08", PublicTo: "2021-11-12"}),
				province(Step{Action: domain.ActRecommend, Comment: "经专家评审和公示，推荐至火炬中心。"}),
				{Reviewer: "demo-torch", Action: domain.ActFormalPass}},
			Note: "已推荐至火炬中心，专家评审中"},
	}
}

// person is a name with the birth date and sequence of a 海淀区 ID number.
type person struct{ name, birth, seq string }

func (p person) id() string { return IDNumber("110108", p.birth, p.seq) }

func stageOrg(name, body, address string, rep, auth person, mobile string) Org {
	return Org{Name: name, USCC: USCC("110108", body), OrgType: "企业法人", Address: address,
		Region: "110108", Rep: rep.name, RepID: rep.id(), Auth: auth.name, AuthID: auth.id(), Mobile: mobile}
}

// App is the complete demo application in the stage organisation's own
// names (the content speaks of 启明星).
func (st Stage) App() App {
	r := strings.NewReplacer(Applicant.Name, st.Org.Name, "启明星众创空间", st.Carrier, "启明星", st.Carrier,
		"qimingxing", "space"+st.Login[len(st.Login)-1:], "李晓雯", st.Org.Auth)
	re := func(v domain.Values) domain.Values {
		out := domain.Values{}
		for k, x := range v {
			out[k] = r.Replace(x)
		}
		return out
	}
	d := CompleteApp()
	d.Carrier = st.Carrier
	for k, v := range d.Sections {
		d.Sections[k] = re(v)
	}
	for i := range d.Rows {
		d.Rows[i].Values = re(d.Rows[i].Values)
	}
	return d
}
