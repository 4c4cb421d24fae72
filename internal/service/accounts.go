package service

import (
	"context"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/ident"
	"hatch/internal/password"
	"hatch/internal/store"
)

func hashPassword(pw string, cfg Settings) (string, error) {
	h, err := password.Hash(pw, cfg.Password)
	return h, domain.Wrap(err, "hash password")
}

// Users lists accounts for administrators.
func (s *Service) Users(
	ctx context.Context,
	a domain.Actor,
	f domain.UserFilter,
) ([]domain.User, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.Users(ctx, f)
}

// AdminSetDisabled disables or re-enables any account but the admin's own.
func (s *Service) AdminSetDisabled(
	ctx context.Context,
	a domain.Actor,
	id int64,
	disabled bool,
) error {
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

// AccountInput creates any kind of account from the command line.
type AccountInput struct {
	Login, Name, Role, Password, Mobile, Email string
	DeptID                                     int64  // reviewers
	OrgUSCC, OrgName                           string // legal: a new org; staff: an existing one
}

// CreateAccount is the administrator's way to create any account (used by
// `hatch user create`). A legal-person account comes with a new, not yet
// certified organisation. Without a password a temporary one is made.
func (s *Service) CreateAccount(
	ctx context.Context,
	a domain.Actor,
	in AccountInput,
) (domain.User, string, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return domain.User{}, "", err
	}
	role := domain.Role(in.Role)
	in.Login = store.CanonicalLogin(in.Login) // a code as login, however typed, is the code
	var fe domain.FieldErrors
	checkLogin(&fe, in.Login)
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
func (s *Service) accountOrg(
	ctx context.Context,
	a domain.Actor,
	role domain.Role,
	in AccountInput,
) (int64, error) {
	if !role.Applicant() {
		return 0, nil
	}
	uscc := ident.Canonical(in.OrgUSCC)
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
func (s *Service) UserByLogin(
	ctx context.Context,
	a domain.Actor,
	login string,
) (domain.User, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return domain.User{}, err
	}
	u, _, err := s.store.UserByLogin(ctx, login)
	return u, err
}
