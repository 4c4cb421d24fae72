package service

import (
	"context"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/region"
	"hatch/internal/store"
)

// DepartmentInput is the 新增管理部门 form.
type DepartmentInput struct {
	Name, Level, RegionCode string
}

// CreateDepartment adds a reviewing department. 火炬中心 is national and
// needs no region; the others do.
func (s *Service) CreateDepartment(
	ctx context.Context,
	a domain.Actor,
	in DepartmentInput,
) (domain.Department, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return domain.Department{}, err
	}
	in.Name = strings.TrimSpace(in.Name)
	var fe domain.FieldErrors
	required(&fe, "name", "部门名称", in.Name, 100)
	lvl := domain.Level(in.Level)
	if !lvl.Valid() {
		fe.Add("level", "层级", "请选择部门层级。")
	}
	r, ok := region.Lookup(in.RegionCode)
	if lvl != domain.LevelTorch && !ok {
		fe.Add("region", "所辖地区", "请选择部门所辖地区。")
	}
	if lvl == domain.LevelProvince && ok && !r.IsProvince() {
		if _, plan := region.SeparatePlanCity(r.Code); !plan {
			fe.Add("region", "所辖地区", "省级科技管理部门的地区应为省、自治区、直辖市或计划单列市。")
		}
	}
	if err := fe.Err(); err != nil {
		return domain.Department{}, err
	}
	d := domain.Department{Name: in.Name, Level: lvl, RegionCode: r.Code, RegionName: r.FullName()}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if d.ID, err = tx.CreateDepartment(ctx, d); err != nil {
			return sayField(err, store.ErrDuplicate, "name", "部门名称", "部门名称重复。", "已有同名部门。")
		}
		return audit(ctx, tx, a, "department.create", "department", d.ID, in.Name)
	})
	if err != nil {
		return domain.Department{}, err
	}
	return s.store.Department(ctx, d.ID)
}

// Departments lists the departments for administrators.
func (s *Service) Departments(ctx context.Context, a domain.Actor) ([]domain.Department, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.Departments(ctx)
}

// ReviewerInput is the 新增审核账号 form.
type ReviewerInput struct {
	Login, Name, Mobile, Email string
	DeptID                     int64
}

// CreateReviewer adds a reviewer account to a department and returns its
// temporary password.
func (s *Service) CreateReviewer(
	ctx context.Context,
	a domain.Actor,
	in ReviewerInput,
) (domain.User, string, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return domain.User{}, "", err
	}
	in.Login, in.Name = strings.TrimSpace(in.Login), strings.TrimSpace(in.Name)
	var fe domain.FieldErrors
	checkLogin(&fe, in.Login)
	required(&fe, "name", "姓名", in.Name, 50)
	checkContact(&fe, strings.TrimSpace(in.Mobile), strings.TrimSpace(in.Email))
	if _, err := s.store.Department(ctx, in.DeptID); err != nil {
		fe.Add("dept", "所属部门", "请选择所属部门。")
	}
	if err := fe.Err(); err != nil {
		return domain.User{}, "", err
	}
	pw := TemporaryPassword()
	u, err := s.createUser(
		ctx,
		a,
		store.NewUser{Login: in.Login, Name: in.Name, Role: domain.RoleReviewer, DeptID: in.DeptID,
			Mobile: strings.TrimSpace(
				in.Mobile,
			), Email: strings.TrimSpace(in.Email), MustChangePassword: true},
		pw,
	)
	return u, pw, err
}
