package service

import (
	"context"
	"fmt"

	"hatch/internal/domain"
	"hatch/internal/password"
	"hatch/internal/region"
	"hatch/internal/store"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "Demo@2021"

// DemoAccount is one seeded login, printed at first start.
type DemoAccount struct {
	Login, Role, Note string
}

// The demo organisations. All identifiers are fictional but carry valid
// GB 32100 and GB 11643 check characters.
var (
	demoApplicant = demoOrg{
		name: "北京启明星众创科技有限公司", uscc: "91110108MA01DEMA94", orgType: "企业法人",
		address: "北京市海淀区中关村大街1号", region: "110108",
		rep: "王启明", repID: "110108198001011237", auth: "李晓雯", authID: "110108198812123566", mobile: "13800000001",
	}
	demoMigrated = demoOrg{
		name: "厦门鹭创孵化器管理有限公司", uscc: "91350200MA2Y0DEM69", orgType: "企业法人",
		address: "福建省厦门市思明区软件园二期观日路1号", region: "350200",
		rep: "陈海峰", repID: "350203197506082018", auth: "陈海峰", authID: "350203197506082018", mobile: "13900000002",
	}
)

type demoOrg struct {
	name, uscc, orgType, address, region string
	rep, repID, auth, authID, mobile     string
}

// DemoCertificationHint tells a new user what to type to pass 实名认证 as
// the migrated demo organisation (the registry holds exactly this).
func DemoCertificationHint() string {
	o := demoMigrated
	return fmt.Sprintf("单位名称 %s；法定代表人 %s，居民身份证 %s", o.name, o.rep, o.repID)
}

// SeedDemo fills an empty database with demo data and returns the accounts.
// It does nothing (and returns nil) when any account already exists.
func (s *Service) SeedDemo(ctx context.Context) ([]DemoAccount, error) {
	users, err := s.store.Users(ctx, domain.UserFilter{Limit: 1})
	if err != nil || len(users) > 0 {
		return nil, err
	}
	hash, err := password.Hash(DemoPassword, s.cfg.Password)
	if err != nil {
		return nil, err
	}
	var out []DemoAccount
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = seedDemo(ctx, tx, hash)
		return err
	})
	if err == nil {
		err = s.seedDemoApps(ctx)
	}
	if err == nil {
		var more []DemoAccount
		more, err = s.seedDemoReview(ctx)
		out = append(out, more...)
	}
	return out, err
}

func seedDemo(ctx context.Context, tx *store.Tx, hash string) ([]DemoAccount, error) {
	steps := []func(context.Context, *store.Tx, string) ([]DemoAccount, error){
		seedRegistry, seedApplicant, seedMigrated, seedDepartments, seedAdmin,
	}
	var out []DemoAccount
	for _, step := range steps {
		accts, err := step(ctx, tx, hash)
		if err != nil {
			return nil, err
		}
		out = append(out, accts...)
	}
	return out, nil
}

func seedRegistry(ctx context.Context, tx *store.Tx, _ string) ([]DemoAccount, error) {
	for _, o := range []demoOrg{demoApplicant, demoMigrated} {
		if err := tx.PutRegistryEntry(ctx, domain.RegistryEntry{USCC: o.uscc, Name: o.name, RepName: o.rep, RepIDNumber: o.repID}); err != nil {
			return nil, err
		}
	}
	return nil, tx.PutRegistryEntry(ctx, domain.RegistryEntry{USCC: "91440300MA5DEM0A63", Name: "深圳前海创客空间运营有限公司",
		RepName: "黄志远", RepIDNumber: "440524188001010014"})
}

func seedApplicant(ctx context.Context, tx *store.Tx, hash string) ([]DemoAccount, error) {
	o := demoApplicant
	orgID, err := tx.CreateOrg(ctx, o.name, o.uscc, false)
	if err != nil {
		return nil, err
	}
	full := o.org(orgID)
	if err := tx.SaveLegalInfo(ctx, full, 1); err != nil {
		return nil, err
	}
	if err := tx.SetCertStatus(ctx, orgID, domain.CertPassed, ""); err != nil {
		return nil, err
	}
	if _, err := tx.CreateUser(ctx, store.NewUser{Login: "demo-applicant", Name: o.auth, PasswordHash: hash,
		Role: domain.RoleLegal, OrgID: orgID, Mobile: o.mobile}); err != nil {
		return nil, err
	}
	if _, err := tx.CreateUser(ctx, store.NewUser{Login: "demo-staff", Name: "赵敏", PasswordHash: hash,
		Role: domain.RoleStaff, OrgID: orgID, Mobile: "13800000003"}); err != nil {
		return nil, err
	}
	for _, c := range []domain.Carrier{
		{Kind: domain.KindMakerspace, Name: "启明星众创空间", Address: "北京市海淀区中关村大街1号创业大厦3层", StartedOn: "2018-03-15"},
		{Kind: domain.KindIncubator, Name: "启明星科技企业孵化器", Address: "北京市海淀区上地信息路8号", StartedOn: "2015-09-01"},
	} {
		c.OrgID, c.RegionCode, c.RegionName = orgID, "110108", "北京市 海淀区"
		if _, err := tx.CreateCarrier(ctx, c); err != nil {
			return nil, err
		}
	}
	return []DemoAccount{
		{"demo-applicant", "法人账号", o.name + "（已实名认证，运营一个众创空间和一个孵化器）"},
		{"demo-staff", "经办人", o.name + " 的经办人"},
	}, nil
}

func (o demoOrg) org(id int64) domain.Org {
	return domain.Org{ID: id, Name: o.name, USCC: o.uscc, OrgType: o.orgType, RegAddress: o.address,
		RegionCode: o.region, RegionName: region.FullNameOf(o.region), AuthName: o.auth, AuthIDType: "idcard",
		AuthIDNumber: o.authID, AuthMobile: o.mobile, RepName: o.rep, RepIDType: "idcard", RepIDNumber: o.repID}
}

func seedMigrated(ctx context.Context, tx *store.Tx, hash string) ([]DemoAccount, error) {
	o := demoMigrated
	orgID, err := tx.CreateOrg(ctx, o.name, o.uscc, true)
	if err != nil {
		return nil, err
	}
	if _, err := tx.CreateUser(ctx, store.NewUser{Login: o.uscc, Name: o.name, PasswordHash: hash,
		Role: domain.RoleLegal, OrgID: orgID}); err != nil {
		return nil, err
	}
	return []DemoAccount{{o.uscc, "法人账号", "仅填报过火炬统计的单位（未实名认证）。实名认证可填：" + DemoCertificationHint()}}, nil
}

func seedDepartments(ctx context.Context, tx *store.Tx, hash string) ([]DemoAccount, error) {
	depts := []struct {
		login, person string
		d             domain.Department
	}{
		{"demo-city", "刘审核", domain.Department{Name: "北京市海淀区科学技术和信息化局", Level: domain.LevelCity, RegionCode: "110108"}},
		{"demo-province", "孙审核", domain.Department{Name: "北京市科学技术委员会", Level: domain.LevelProvince, RegionCode: "110000"}},
		{"demo-torch", "周审核", domain.Department{Name: "科学技术部火炬高技术产业开发中心", Level: domain.LevelTorch}},
	}
	var out []DemoAccount
	for _, x := range depts {
		x.d.RegionName = region.FullNameOf(x.d.RegionCode)
		id, err := tx.CreateDepartment(ctx, x.d)
		if err != nil {
			return nil, err
		}
		if _, err := tx.CreateUser(ctx, store.NewUser{Login: x.login, Name: x.person, PasswordHash: hash,
			Role: domain.RoleReviewer, DeptID: id}); err != nil {
			return nil, err
		}
		out = append(out, DemoAccount{x.login, "审核人员", x.d.Name})
	}
	return out, nil
}

func seedAdmin(ctx context.Context, tx *store.Tx, hash string) ([]DemoAccount, error) {
	_, err := tx.CreateUser(ctx, store.NewUser{Login: "admin", Name: "系统管理员", PasswordHash: hash, Role: domain.RoleAdmin})
	return []DemoAccount{{"admin", "系统管理员", "人工认证审核、账号与部门管理"}}, err
}
