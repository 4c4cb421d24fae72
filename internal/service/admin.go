package service

import (
	"context"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/ident"
	"hatch/internal/password"
	"hatch/internal/region"
	"hatch/internal/store"
)

func hashPassword(pw string, cfg Settings) (string, error) {
	h, err := password.Hash(pw, cfg.Password)
	return h, domain.Wrap(err, "hash password")
}

// DepartmentInput is the 新增管理部门 form.
type DepartmentInput struct {
	Name, Level, RegionCode string
}

// CreateDepartment adds a reviewing department. 火炬中心 is national and
// needs no region; the others do.
func (s *Service) CreateDepartment(ctx context.Context, a domain.Actor, in DepartmentInput) (domain.Department, error) {
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
func (s *Service) CreateReviewer(ctx context.Context, a domain.Actor, in ReviewerInput) (domain.User, string, error) {
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
	u, err := s.createUser(ctx, a, store.NewUser{Login: in.Login, Name: in.Name, Role: domain.RoleReviewer, DeptID: in.DeptID,
		Mobile: strings.TrimSpace(in.Mobile), Email: strings.TrimSpace(in.Email), MustChangePassword: true}, pw)
	return u, pw, err
}

// Users lists accounts for administrators.
func (s *Service) Users(ctx context.Context, a domain.Actor, f domain.UserFilter) ([]domain.User, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.Users(ctx, f)
}

// AdminSetDisabled disables or re-enables any account but the admin's own.
func (s *Service) AdminSetDisabled(ctx context.Context, a domain.Actor, id int64, disabled bool) error {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return err
	}
	if id == a.ID {
		return domain.Errorf(domain.Invalid, "不能停用自己的账号。")
	}
	if _, err := s.store.User(ctx, id); err != nil {
		return err
	}
	return s.setDisabled(ctx, a, id, disabled)
}

// Outbox lists sent notifications for administrators.
func (s *Service) Outbox(ctx context.Context, a domain.Actor) ([]domain.OutboxMessage, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.Outbox(ctx, 200, 0)
}

// AuditLog lists audit entries for administrators.
func (s *Service) AuditLog(ctx context.Context, a domain.Actor, f domain.AuditFilter) ([]domain.AuditEntry, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.AuditLog(ctx, f)
}

// NewToken creates a personal access token and returns the secret once.
func (s *Service) NewToken(ctx context.Context, a domain.Actor, name string) (string, error) {
	name = strings.TrimSpace(name)
	var fe domain.FieldErrors
	required(&fe, "token_name", "令牌名称", name, 50)
	if err := fe.Err(); err != nil {
		return "", err
	}
	secret := "hatch_" + randomToken(24)
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.CreateToken(ctx, a.ID, name, secret[:10], HashToken(secret))
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "token.create", "token", id, name)
	})
	return secret, err
}

// Tokens lists the actor's live tokens.
func (s *Service) Tokens(ctx context.Context, a domain.Actor) ([]domain.APIToken, error) {
	return s.store.Tokens(ctx, a.ID)
}

// RevokeToken revokes one of the actor's tokens.
func (s *Service) RevokeToken(ctx context.Context, a domain.Actor, id int64) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeToken(ctx, a.ID, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "token.revoke", "token", id, "")
	})
}

// AccountInput creates any kind of account from the command line.
type AccountInput struct {
	Login, Name, Role, Password, Mobile, Email string
	DeptID                                     int64  // reviewers
	OrgUSCC, OrgName                           string // legal: a new org; staff: an existing one
}

// CreateAccount is the administrator's way to create any account (used by
// `hatch user create`). A legal-person account comes with a new, not yet
// certified organisation. Without a password a temporary one is made.
func (s *Service) CreateAccount(ctx context.Context, a domain.Actor, in AccountInput) (domain.User, string, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return domain.User{}, "", err
	}
	role := domain.Role(in.Role)
	var fe domain.FieldErrors
	checkLogin(&fe, strings.TrimSpace(in.Login))
	if !role.Valid() {
		fe.Add("role", "角色", "角色应为 legal、staff、reviewer 或 admin。")
	}
	mustChange := in.Password == ""
	if mustChange {
		in.Password = TemporaryPassword()
	} else if msg := password.CheckStrength(in.Password); msg != "" {
		fe.Add("password", "密码", msg)
	}
	if err := fe.Err(); err != nil {
		return domain.User{}, "", err
	}
	nu := store.NewUser{Login: in.Login, Name: in.Name, Role: role, DeptID: in.DeptID,
		Mobile: in.Mobile, Email: in.Email, MustChangePassword: mustChange}
	orgID, err := s.accountOrg(ctx, a, role, in)
	if err != nil {
		return domain.User{}, "", err
	}
	nu.OrgID = orgID
	u, err := s.createUser(ctx, a, nu, in.Password)
	return u, in.Password, err
}

// accountOrg finds or creates the organisation a new applicant account
// belongs to.
func (s *Service) accountOrg(ctx context.Context, a domain.Actor, role domain.Role, in AccountInput) (int64, error) {
	if !role.Applicant() {
		return 0, nil
	}
	uscc := strings.ToUpper(strings.TrimSpace(in.OrgUSCC))
	if msg := ident.CheckUSCC(uscc); msg != "" {
		return 0, domain.Errorf(domain.Invalid, "%s", msg)
	}
	var id int64
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		o, err := tx.OrgByUSCC(ctx, uscc)
		if err == nil && role == domain.RoleStaff {
			id = o.ID
			return nil
		}
		if role == domain.RoleStaff {
			return domain.Errorf(domain.Invalid, "统一社会信用代码 %s 没有对应的单位，请先创建其法人账号。", uscc)
		}
		if id, err = tx.CreateOrg(ctx, strings.TrimSpace(in.OrgName), uscc, false); err != nil {
			return say(err, store.ErrDuplicate, "统一社会信用代码 %s 已注册。", uscc)
		}
		return audit(ctx, tx, a, "org.create", "org", id, uscc)
	})
	return id, err
}

// UserByLogin finds an account for administrators.
func (s *Service) UserByLogin(ctx context.Context, a domain.Actor, login string) (domain.User, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return domain.User{}, err
	}
	u, _, err := s.store.UserByLogin(ctx, login)
	return u, err
}
