package service

import (
	"context"
	"strings"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/password"
	"hatch/internal/region"
	"hatch/internal/store"
)

// Demo applications along the review chain: four more organisations of 海淀区
// whose 众创空间 have been submitted, so that the demo reviewers of 海淀区,
// 北京市 and 火炬中心 open a living 工作台. Each went through the real
// service: a generated 申报书, a submission bound to it, and each
// reviewer's action as the workflow allows it.

// demoStage is one of those organisations and how far it got.
type demoStage struct {
	org     demo.Org
	login   string
	carrier string
	steps   []demoAct // taken in order after submission
	note    string
}

// demoAct is a reviewer's action in the demo chain.
type demoAct struct {
	reviewer string
	in       ActInput
	remark   *RemarkInput // added before the action, sent with it
}

func demoStages() []demoStage {
	org := func(name, body, address, rep, repID, auth, authID, mobile string) demo.Org {
		return demo.Org{Name: name, USCC: demo.USCC("110108", body), OrgType: "企业法人", Address: address,
			Region: "110108", Rep: rep, RepID: repID, Auth: auth, AuthID: authID, Mobile: mobile}
	}
	recommend := demoAct{reviewer: "demo-city", in: ActInput{Action: domain.ActRecommend, Comment: "经初审，材料真实完整，同意推荐。"}}
	return []demoStage{
		{org: org("北京中关村创客工场科技有限公司", "MA0CKGC1", "北京市海淀区中关村东路18号", "孙创", demo.IDNumber("110108", "19820304", "015"),
			"孙创", demo.IDNumber("110108", "19820304", "015"), "13800000011"),
			login: "demo-applicant-2", carrier: "中关村创客工场", note: "已提交，待海淀区初审"},
		{org: org("北京海淀青创汇科技有限公司", "MA0QCH02", "北京市海淀区学院路35号", "周青", demo.IDNumber("110108", "19850612", "023"),
			"吴悦", demo.IDNumber("110108", "19900718", "046"), "13800000012"),
			login: "demo-applicant-3", carrier: "海淀青创汇众创空间", steps: []demoAct{recommend},
			note: "海淀区已推荐，待北京市审核（纸质材料未核验）"},
		{org: org("北京清河智造科技服务有限公司", "MA0QHWW3", "北京市海淀区清河中街68号", "郑河", demo.IDNumber("110108", "19790101", "031"),
			"郑河", demo.IDNumber("110108", "19790101", "031"), "13800000013"),
			login: "demo-applicant-4", carrier: "清河智造众创空间", steps: []demoAct{recommend,
				{reviewer: "demo-province", remark: &RemarkInput{Section: "basic", Field: "address",
					Text: "详细地址与租赁合同所载地址不一致，请核实。"},
					in: ActInput{Action: domain.ActReturn, Comment: "请按意见核实场地信息后重新提交。"}}},
			note: "北京市退回修改，附审核意见"},
		{org: org("北京西山创新孵化器有限公司", "MA0XXCX4", "北京市海淀区香山南路5号", "钱山", demo.IDNumber("110108", "19760909", "057"),
			"钱山", demo.IDNumber("110108", "19760909", "057"), "13800000014"),
			login: "demo-applicant-5", carrier: "西山众创汇", steps: []demoAct{recommend,
				{reviewer: "demo-province", in: ActInput{Action: domain.ActPaperCheck}},
				{reviewer: "demo-province", in: ActInput{Action: domain.ActScore, Score: "86"}},
				{reviewer: "demo-province", in: ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-22", PublicTo: "2021-11-26"}},
				{reviewer: "demo-province", in: ActInput{Action: domain.ActRecommend, Comment: "经专家评审和公示，推荐至火炬中心。"}},
				{reviewer: "demo-torch", in: ActInput{Action: domain.ActFormalPass}}},
			note: "已推荐至火炬中心，专家评审中"},
	}
}

// seedDemoReview seeds the organisations of demoStages and takes each
// through its part of the chain.
func (s *Service) seedDemoReview(ctx context.Context) ([]DemoAccount, error) {
	hash, err := password.Hash(demo.Password, s.cfg.Password)
	if err != nil {
		return nil, err
	}
	var out []DemoAccount
	for _, st := range demoStages() {
		if err := s.seedDemoStage(ctx, st, hash); err != nil {
			return out, domain.Wrap(err, "demo stage "+st.carrier)
		}
		out = append(out, DemoAccount{st.login, "法人账号", st.org.Name + "：" + st.note})
	}
	return out, nil
}

func (s *Service) seedDemoStage(ctx context.Context, st demoStage, hash string) error {
	a, appID, err := s.seedDemoOrgApp(ctx, st, hash)
	if err != nil {
		return err
	}
	v, err := s.generate(ctx, a, appID, "")
	if err != nil {
		return err
	}
	sv, err := s.PrepareSubmit(ctx, a, appID)
	if err != nil {
		return err
	}
	// The demo must be what a real submission would be: complete, every
	// condition met (the round's dates aside).
	for _, c := range sv.View.Conditions {
		if c.Blocks() {
			return domain.Errorf(domain.Internal, "demo condition %s fails: %s", c.Code, c.Figure)
		}
	}
	for _, st := range sv.View.Statuses {
		if st.State != form.Complete {
			return domain.Errorf(domain.Internal, "demo section %s is %s", st.Section.Key, st.State)
		}
	}
	acc, err := s.chooseAcceptor(sv, SubmitInput{AcceptorCode: sv.Default, Declared: true})
	if err != nil && domain.KindOf(err) != domain.Conflict { // a passed deadline does not stop the demo
		return err
	}
	if acc.Code == "" {
		return domain.Errorf(domain.Internal, "no 受理机构 for the demo")
	}
	if _, err := s.submit(ctx, a, sv, acc); err != nil {
		return err
	}
	for _, act := range st.steps {
		if err := s.demoAct(ctx, appID, act, v.Code); err != nil {
			return err
		}
	}
	return nil
}

// seedDemoOrgApp creates a certified organisation with its legal account
// and 众创空间, and fills its application with the complete demo content.
func (s *Service) seedDemoOrgApp(ctx context.Context, st demoStage, hash string) (domain.Actor, int64, error) {
	round, err := s.store.RoundByYear(ctx, round2021.TypeCode, round2021.Year)
	if err != nil {
		return domain.Actor{}, 0, err
	}
	content := retarget(demo.CompleteApp(), st)
	var a domain.Actor
	var appID int64
	var keys []string
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		orgID, err := tx.CreateOrg(ctx, st.org.Name, st.org.USCC, false)
		if err != nil {
			return err
		}
		if err := tx.SaveLegalInfo(ctx, st.org.Domain(orgID), 1); err != nil {
			return err
		}
		if err := tx.SetCertStatus(ctx, orgID, domain.CertPassed, ""); err != nil {
			return err
		}
		uid, err := tx.CreateUser(ctx, store.NewUser{Login: st.login, Name: st.org.Auth, PasswordHash: hash,
			Role: domain.RoleLegal, OrgID: orgID, Mobile: st.org.Mobile})
		if err != nil {
			return err
		}
		a = domain.Actor{User: domain.User{ID: uid, Login: st.login, Name: st.org.Auth, Role: domain.RoleLegal, OrgID: orgID},
			OrgCertified: true, IP: "demo"}
		c := domain.Carrier{OrgID: orgID, Kind: domain.KindMakerspace, Name: st.carrier, Address: st.org.Address,
			RegionCode: "110108", RegionName: region.FullNameOf("110108"), StartedOn: "2018-03-15"}
		if c.ID, err = tx.CreateCarrier(ctx, c); err != nil {
			return err
		}
		appID, err = s.seedDemoApp(ctx, tx, a, c, round, content, &keys)
		return err
	})
	if err != nil {
		for _, k := range keys {
			s.blobs.Delete(ctx, k)
		}
	}
	return a, appID, err
}

// demoAct takes one reviewer action; a paper check without a version
// types the submitted one.
func (s *Service) demoAct(ctx context.Context, appID int64, act demoAct, code string) error {
	u, _, err := s.store.UserByLogin(ctx, act.reviewer)
	if err != nil {
		return err
	}
	d, err := s.store.Department(ctx, u.DeptID)
	if err != nil {
		return err
	}
	r := domain.Actor{User: u, DeptLevel: d.Level, DeptRegion: d.RegionCode, IP: "demo"}
	if act.remark != nil {
		if _, err := s.AddRemark(ctx, r, appID, *act.remark); err != nil {
			return err
		}
	}
	in := act.in
	if in.Action == domain.ActPaperCheck && in.Version == "" {
		in.Version = code
	}
	_, err = s.Act(ctx, r, appID, in)
	return err
}

// retarget puts an organisation's own names into the complete demo
// content, which speaks of 启明星.
func retarget(d demo.App, st demoStage) demo.App {
	r := strings.NewReplacer(demo.Applicant.Name, st.org.Name, "启明星众创空间", st.carrier, "启明星", st.carrier,
		"qimingxing", "space"+st.login[len(st.login)-1:], "李晓雯", st.org.Auth)
	re := func(v domain.Values) domain.Values {
		out := domain.Values{}
		for k, x := range v {
			out[k] = r.Replace(x)
		}
		return out
	}
	d.Carrier = st.carrier
	secs := map[string]domain.Values{}
	for k, v := range d.Sections {
		secs[k] = re(v)
	}
	d.Sections = secs
	rows := make([]demo.Row, len(d.Rows))
	for i, row := range d.Rows {
		row.Values = re(row.Values)
		rows[i] = row
	}
	d.Rows = rows
	return d
}
