package service

import (
	"context"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/password"
	"hatch/internal/region"
	"hatch/internal/store"
)

// DemoAccount is one seeded login, printed at first start.
type DemoAccount struct {
	Login, Role, Note string
}

// SeedDemo fills an empty database with demo data and returns the accounts.
// It does nothing (and returns nil) when any account already exists.
func (s *Service) SeedDemo(ctx context.Context) ([]DemoAccount, error) {
	users, err := s.store.Users(ctx, domain.UserFilter{Limit: 1})
	if err != nil || len(users) > 0 {
		return nil, err
	}
	hash, err := password.Hash(demo.Password, s.cfg.Password)
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
	for _, o := range []demo.Org{demo.Applicant, demo.Migrated} {
		if err := tx.PutRegistryEntry(ctx, domain.RegistryEntry{USCC: o.USCC, Name: o.Name, RepName: o.Rep, RepIDNumber: o.RepID}); err != nil {
			return nil, err
		}
	}
	return nil, tx.PutRegistryEntry(ctx, domain.RegistryEntry{USCC: "91440300MA5DEM0A63", Name: "深圳前海创客空间运营有限公司",
		RepName: "黄志远", RepIDNumber: "440524188001010014"})
}

func seedApplicant(ctx context.Context, tx *store.Tx, hash string) ([]DemoAccount, error) {
	o := demo.Applicant
	orgID, err := tx.CreateOrg(ctx, o.Name, o.USCC, false)
	if err != nil {
		return nil, err
	}
	full := o.Domain(orgID)
	if err := tx.SaveLegalInfo(ctx, full, 1); err != nil {
		return nil, err
	}
	if err := tx.SetCertStatus(ctx, orgID, domain.CertPassed, ""); err != nil {
		return nil, err
	}
	if _, err := tx.CreateUser(ctx, store.NewUser{Login: "demo-applicant", Name: o.Auth, PasswordHash: hash,
		Role: domain.RoleLegal, OrgID: orgID, Mobile: o.Mobile}); err != nil {
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
		{"demo-applicant", "法人账号", o.Name + "（已实名认证，运营一个众创空间和一个孵化器）"},
		{"demo-staff", "经办人", o.Name + " 的经办人"},
	}, nil
}

func seedMigrated(ctx context.Context, tx *store.Tx, hash string) ([]DemoAccount, error) {
	o := demo.Migrated
	orgID, err := tx.CreateOrg(ctx, o.Name, o.USCC, true)
	if err != nil {
		return nil, err
	}
	if _, err := tx.CreateUser(ctx, store.NewUser{Login: o.USCC, Name: o.Name, PasswordHash: hash,
		Role: domain.RoleLegal, OrgID: orgID}); err != nil {
		return nil, err
	}
	return []DemoAccount{{o.USCC, "法人账号", "仅填报过火炬统计的单位（未实名认证）。实名认证可填：" + demo.CertificationHint()}}, nil
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
