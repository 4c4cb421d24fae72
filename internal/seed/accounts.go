package seed

import (
	"bytes"
	"context"
	"fmt"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/sheet"
)

// registry imports the register of legal persons as the administrator
// would, from rows of a spreadsheet.
func (s *seeder) registry(ctx context.Context) error {
	var rows []sheet.Row
	for i, o := range demo.Registry() {
		rows = append(rows, sheet.Row{Line: i + 1, Cells: []string{o.USCC, o.Name, o.Rep, o.RepID}})
	}
	_, err := s.svc.ImportRegistry(ctx, s.sys, rows)
	return err
}

// applicant is the main demo organisation: certified, with a 经办人 and
// two carriers.
func (s *seeder) applicant(ctx context.Context) error {
	o := demo.Applicant
	a, err := s.organisation(ctx, demo.ApplicantLogin, o)
	if err != nil {
		return err
	}
	st := demo.ApplicantStaff
	_, temp, err := s.svc.AddStaff(
		ctx,
		a,
		service.StaffInput{Login: st.Login, Name: st.Name, Mobile: st.Mobile},
	)
	if err != nil {
		return err
	}
	if err := s.choosePassword(ctx, st.Login, temp); err != nil {
		return err
	}
	for _, c := range demo.ApplicantCarriers() {
		if _, err := s.carrier(ctx, a, c); err != nil {
			return err
		}
	}
	s.report(demo.ApplicantLogin, "法人账号", o.Name+"（已实名认证，运营三个众创空间和一个孵化器："+
		"众创空间备案申报书完整、填报中、已备案各一份，孵化器认定申报书和免税资格申请已提交）")
	s.report(st.Login, "经办人", o.Name+" 的经办人")
	return nil
}

// organisation creates a legal-person account and its organisation, and
// passes 实名认证 with the organisation's registered details.
func (s *seeder) organisation(ctx context.Context, login string, o demo.Org) (domain.Actor, error) {
	_, _, err := s.svc.CreateAccount(ctx, s.sys, service.AccountInput{Login: login, Name: o.Auth,
		Role: string(
			domain.RoleLegal,
		), Password: demo.Password, Mobile: o.Mobile, OrgUSCC: o.USCC, OrgName: o.Name})
	if err != nil {
		return domain.Actor{}, err
	}
	a, err := s.svc.ActAs(ctx, s.sys, login)
	if err != nil {
		return domain.Actor{}, err
	}
	org, err := s.svc.Org(ctx, a)
	if err != nil {
		return domain.Actor{}, err
	}
	in := service.LegalInfo{
		Revision:     org.Revision,
		Name:         o.Name,
		OrgType:      o.OrgType,
		RegAddress:   o.Address,
		RegionCode:   o.Region,
		AuthName:     o.Auth,
		AuthIDType:   "idcard",
		AuthIDNumber: o.AuthID,
		AuthMobile:   o.Mobile,
		RepName:      o.Rep,
		RepIDType:    "idcard",
		RepIDNumber:  o.RepID,
	}
	if o.Auth != o.Rep {
		in.AuthLetter = &service.Upload{
			Name: "法人授权书.pdf",
			Body: bytes.NewReader(demo.File("", "auth_letter", 0)),
		}
	}
	res, err := s.svc.SaveLegalInfo(ctx, a, in)
	if err != nil {
		return domain.Actor{}, err
	}
	if res.Status != domain.CertPassed {
		return domain.Actor{}, fmt.Errorf("%s 未通过实名认证：%v", o.Name, res.Mismatches)
	}
	return s.svc.ActAs(ctx, s.sys, login) // now certified
}

// choosePassword replaces an account's temporary password with the demo
// password, as its owner does at first login.
func (s *seeder) choosePassword(ctx context.Context, login, temp string) error {
	a, err := s.svc.ActAs(ctx, s.sys, login)
	if err != nil {
		return err
	}
	return s.svc.ChangePassword(
		ctx,
		a,
		service.ChangePasswordInput{Current: temp, New: demo.Password,
			Confirm: demo.Password},
	)
}

// carrier adds a carrier to the actor's 首页.
func (s *seeder) carrier(ctx context.Context, a domain.Actor, c domain.Carrier) (int64, error) {
	id, err := s.svc.CreateCarrier(ctx, a, service.CarrierInput{Kind: string(c.Kind), Name: c.Name,
		Address: c.Address, RegionCode: c.RegionCode, StartedOn: c.StartedOn})
	s.carriers[c.Name] = id
	return id, err
}

// migrated is an organisation imported from 火炬统计 that has not yet
// passed 实名认证; its login is its code.
func (s *seeder) migrated(ctx context.Context) error {
	o := demo.Migrated
	row := sheet.Row{Line: 1, Cells: []string{o.USCC, o.Name, demo.Password}}
	if _, err := s.svc.ImportAccounts(ctx, s.sys, []sheet.Row{row}); err != nil {
		return err
	}
	s.report(o.USCC, "法人账号", "仅填报过火炬统计的单位（未实名认证）。实名认证可填："+demo.CertificationHint())
	return nil
}

// departments creates the reviewing departments, each with a reviewer.
func (s *seeder) departments(ctx context.Context) error {
	for _, d := range demo.Departments() {
		dept, err := s.svc.CreateDepartment(ctx, s.sys, service.DepartmentInput{Name: d.Name,
			Level: string(d.Level), RegionCode: d.RegionCode})
		if err != nil {
			return err
		}
		r := d.Reviewer
		_, temp, err := s.svc.CreateReviewer(
			ctx,
			s.sys,
			service.ReviewerInput{Login: r.Login, Name: r.Name,
				Mobile: r.Mobile, DeptID: dept.ID},
		)
		if err != nil {
			return err
		}
		if err := s.choosePassword(ctx, r.Login, temp); err != nil {
			return err
		}
		s.report(r.Login, "审核人员", d.Name)
	}
	return nil
}

func (s *seeder) admin(ctx context.Context) error {
	ad := demo.Admin
	_, _, err := s.svc.CreateAccount(
		ctx,
		s.sys,
		service.AccountInput{Login: ad.Login, Name: ad.Name,
			Role: string(domain.RoleAdmin), Password: demo.Password},
	)
	s.report(ad.Login, "系统管理员", "人工认证审核、账号与部门管理")
	return err
}
