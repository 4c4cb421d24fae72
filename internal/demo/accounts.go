package demo

import "hatch/internal/domain"

// Account is a demo login that is not an applicant's legal-person account.
type Account struct {
	Login, Name, Mobile string
}

// Registry is the register of legal persons 实名认证 matches against: every
// demo organisation, and one more that has no account yet, so a new user can
// register and pass 实名认证 with it.
func Registry() []Org {
	out := []Org{Applicant, Migrated, {
		Name: "深圳前海创客空间运营有限公司", USCC: "91440300MA5DEM0A63",
		Rep: "黄志远", RepID: "440524188001010014",
	}}
	for _, st := range Stages() {
		out = append(out, st.Org)
	}
	return out
}

// ApplicantLogin is the legal-person account of Applicant.
const ApplicantLogin = "demo-applicant"

// ApplicantStaff is the 经办人 account the Applicant's legal person adds.
var ApplicantStaff = Account{Login: "demo-staff", Name: "赵敏", Mobile: "13800000003"}

// ApplicantCarriers are Applicant's carriers on its 首页 at first start;
// Branch is added with its application.
func ApplicantCarriers() []domain.Carrier {
	in := func(c domain.Carrier) domain.Carrier {
		c.RegionCode = "110108"
		return c
	}
	return []domain.Carrier{
		in(domain.Carrier{Kind: domain.KindMakerspace, Name: "启明星众创空间",
			Address: "北京市海淀区中关村大街1号创业大厦3层", StartedOn: "2018-03-15"}),
		in(domain.Carrier{Kind: domain.KindIncubator, Name: "启明星科技企业孵化器",
			Address: "北京市海淀区上地信息路8号", StartedOn: "2015-09-01"}),
	}
}

// Department is a demo reviewing department and its one reviewer.
type Department struct {
	domain.Department
	Reviewer Account
}

// Departments are the three levels that review a 海淀区 application.
func Departments() []Department {
	return []Department{
		{domain.Department{Name: "北京市海淀区科学技术和信息化局", Level: domain.LevelCity, RegionCode: "110108"},
			Account{Login: "demo-city", Name: "刘审核", Mobile: "13800000021"}},
		{domain.Department{Name: "北京市科学技术委员会", Level: domain.LevelProvince, RegionCode: "110000"},
			Account{Login: "demo-province", Name: "孙审核", Mobile: "13800000022"}},
		{domain.Department{Name: "科学技术部火炬高技术产业开发中心", Level: domain.LevelTorch},
			Account{Login: "demo-torch", Name: "周审核", Mobile: "13800000023"}},
	}
}

// Admin is the demo administrator.
var Admin = Account{Login: "admin", Name: "系统管理员"}
