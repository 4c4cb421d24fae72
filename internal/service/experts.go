package service

import (
	"context"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/region"
	"hatch/internal/store"
)

// ExpertInput is the 新增评审专家 form.
type ExpertInput struct {
	Login, Name, Mobile, Email string
	Employer                   string // 工作单位
	Speciality                 string // 专业领域
	RegionCode                 string // 所在地区
}

// pool loads the department whose expert pool the actor manages: a
// province's or 火炬中心's (the levels that hold 专家评审). A city and
// everyone else may not.
func (s *Service) pool(ctx context.Context, a domain.Actor) (domain.Department, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return d, err
	}
	if d.Level != domain.LevelProvince && d.Level != domain.LevelTorch {
		return d, domain.Errorf(domain.Forbidden, "专家评审由省级科技管理部门和火炬中心组织，本部门无专家库。")
	}
	return d, nil
}

// poolExpert loads an expert of the actor's pool; any other account is
// NotFound.
func (s *Service) poolExpert(ctx context.Context, a domain.Actor, id int64) (domain.Expert, error) {
	d, err := s.pool(ctx, a)
	if err != nil {
		return domain.Expert{}, err
	}
	e, err := s.store.Expert(ctx, id)
	if err != nil || e.PoolID != d.ID {
		return domain.Expert{}, domain.ErrNotFound
	}
	return e, nil
}

// AddExpert creates an expert account in the actor's pool and returns it
// with a temporary password to hand over once; the expert changes it at
// the first login.
func (s *Service) AddExpert(ctx context.Context, a domain.Actor, in ExpertInput) (domain.Expert, string, error) {
	d, err := s.pool(ctx, a)
	if err != nil {
		return domain.Expert{}, "", err
	}
	e, err := checkExpert(in)
	if err != nil {
		return domain.Expert{}, "", err
	}
	e.PoolID = d.ID
	pw := TemporaryPassword()
	nu := store.NewUser{Login: in.Login, Name: e.Name, Role: domain.RoleExpert, Mobile: e.Mobile,
		Email: e.Email, MustChangePassword: true}
	u, err := s.createUser(ctx, a, nu, pw, func(tx *store.Tx, id int64) error {
		e.ID = id
		return tx.AddExpert(ctx, e)
	})
	e.User = u
	return e, pw, err
}

// checkExpert validates the form, each problem beside its field.
func checkExpert(in ExpertInput) (domain.Expert, error) {
	trim := func(p *string) { *p = strings.TrimSpace(*p) }
	for _, p := range []*string{&in.Login, &in.Name, &in.Mobile, &in.Email, &in.Employer,
		&in.Speciality, &in.RegionCode} {
		trim(p)
	}
	var fe domain.FieldErrors
	checkLogin(&fe, in.Login)
	required(&fe, "name", "姓名", in.Name, 50)
	required(&fe, "employer", "工作单位", in.Employer, 100)
	required(&fe, "speciality", "专业领域", in.Speciality, 100)
	r, ok := region.Lookup(in.RegionCode)
	if !ok {
		fe.Add("region", "所在地区", "请选择所在地区（省、市）。")
	}
	checkContact(&fe, in.Mobile, in.Email)
	e := domain.Expert{User: domain.User{Login: in.Login, Name: in.Name, Mobile: in.Mobile, Email: in.Email},
		Employer: in.Employer, Speciality: in.Speciality, RegionCode: in.RegionCode, RegionName: r.FullName()}
	return e, fe.Err()
}

// Experts lists the actor's pool.
func (s *Service) Experts(ctx context.Context, a domain.Actor) ([]domain.Expert, error) {
	d, err := s.pool(ctx, a)
	if err != nil {
		return nil, err
	}
	return s.store.ExpertsOfPool(ctx, d.ID)
}

// ResetExpertPassword gives an expert of the pool a temporary password.
func (s *Service) ResetExpertPassword(ctx context.Context, a domain.Actor, id int64) (TempPassword, error) {
	if _, err := s.poolExpert(ctx, a, id); err != nil {
		return TempPassword{}, err
	}
	return s.resetPassword(ctx, a, id, "password.reset.expert")
}

// SetExpertDisabled disables or re-enables an expert of the pool;
// disabling ends their sessions. Their assignments stay for the
// department to remove or keep.
func (s *Service) SetExpertDisabled(ctx context.Context, a domain.Actor, id int64, disabled bool) error {
	if _, err := s.poolExpert(ctx, a, id); err != nil {
		return err
	}
	return s.setDisabled(ctx, a, id, disabled)
}
