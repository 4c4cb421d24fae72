package service

import (
	"context"
	"errors"
	"net/mail"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/store"
)

// StaffInput is the 新增经办人 form.
type StaffInput struct {
	Login, Name, Mobile, Email string
}

// loginPattern: letters, digits and . _ - so logins survive every channel
// (SMS, phone, paper) unchanged.
func checkLogin(fe *domain.FieldErrors, login string) {
	n := len(login)
	ok := n >= 4 && n <= 32 &&
		strings.Trim(strings.ToLower(login), "abcdefghijklmnopqrstuvwxyz0123456789._-") == ""
	if !ok {
		fe.Add("login", "登录名", "登录名应为4至32位字母、数字或 . _ - 。")
	}
}

func checkContact(fe *domain.FieldErrors, mobile, email string) {
	if mobile != "" && !mobilePattern.MatchString(mobile) {
		fe.Add("mobile", "手机号码", "请填写11位手机号码，以1开头。")
	}
	if email != "" {
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			fe.Add("email", "电子邮箱", "电子邮箱格式不正确，例如 name@example.com。")
		}
	}
	if mobile == "" && email == "" {
		fe.Add("mobile", "手机号码", "请至少填写手机号码或电子邮箱之一，用于找回密码。")
	}
}

// AddStaff creates a 经办人 account in the actor's organisation and returns
// it with a temporary password to hand over once.
func (s *Service) AddStaff(
	ctx context.Context,
	a domain.Actor,
	in StaffInput,
) (domain.User, string, error) {
	if err := s.requireLegalCertified(a); err != nil {
		return domain.User{}, "", err
	}
	in.Login, in.Name = strings.TrimSpace(in.Login), strings.TrimSpace(in.Name)
	in.Mobile, in.Email = strings.TrimSpace(in.Mobile), strings.TrimSpace(in.Email)
	var fe domain.FieldErrors
	checkLogin(&fe, in.Login)
	required(&fe, "name", "姓名", in.Name, 50)
	checkContact(&fe, in.Mobile, in.Email)
	if err := fe.Err(); err != nil {
		return domain.User{}, "", err
	}
	pw := TemporaryPassword()
	u, err := s.createUser(
		ctx,
		a,
		store.NewUser{Login: in.Login, Name: in.Name, Role: domain.RoleStaff, OrgID: a.OrgID,
			Mobile: in.Mobile, Email: in.Email, MustChangePassword: true},
		pw,
	)
	return u, pw, err
}

// createUser hashes pw and inserts the account with an audit entry, and
// runs then (if given) in the same transaction with the new id: what a
// role records besides the account. A taken login becomes a message on the
// login field.
func (s *Service) createUser(
	ctx context.Context,
	a domain.Actor,
	nu store.NewUser,
	pw string,
	then ...func(tx *store.Tx, id int64) error,
) (domain.User, error) {
	hash, err := hashPassword(pw, s.cfg)
	if err != nil {
		return domain.User{}, err
	}
	nu.PasswordHash = hash
	var u domain.User
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.CreateUser(ctx, nu)
		if err != nil {
			return err
		}
		if u, err = tx.User(ctx, id); err != nil {
			return err
		}
		for _, fn := range then {
			if err := fn(tx, id); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, "user.create", "user", id, string(nu.Role)+" "+nu.Login)
	})
	if errors.Is(err, store.ErrDuplicate) {
		fe := domain.FieldErrors{
			{Field: "login", Label: "登录名", Message: "登录名“" + nu.Login + "”已被使用，请换一个。"},
		}
		return u, fe.Err()
	}
	return u, err
}

// Staff lists the accounts of the actor's organisation.
func (s *Service) Staff(ctx context.Context, a domain.Actor) ([]domain.User, error) {
	if err := s.requireLegalCertified(a); err != nil {
		return nil, err
	}
	return s.store.UsersOfOrg(ctx, a.OrgID)
}

// staffMember loads a 经办人 of the actor's own organisation; anyone else
// (another org's user, the legal account itself) is NotFound.
func (s *Service) staffMember(ctx context.Context, a domain.Actor, id int64) (domain.User, error) {
	if err := s.requireLegalCertified(a); err != nil {
		return domain.User{}, err
	}
	u, err := s.store.User(ctx, id)
	if err != nil || u.OrgID != a.OrgID || u.Role != domain.RoleStaff {
		return domain.User{}, domain.ErrNotFound
	}
	return u, nil
}

// ResetStaffPassword gives a 经办人 a temporary password.
func (s *Service) ResetStaffPassword(
	ctx context.Context,
	a domain.Actor,
	id int64,
) (TempPassword, error) {
	if _, err := s.staffMember(ctx, a, id); err != nil {
		return TempPassword{}, err
	}
	return s.resetPassword(ctx, a, id, "password.reset.staff")
}

// SetStaffDisabled disables or re-enables a 经办人; disabling ends their
// sessions at once.
func (s *Service) SetStaffDisabled(
	ctx context.Context,
	a domain.Actor,
	id int64,
	disabled bool,
) error {
	if _, err := s.staffMember(ctx, a, id); err != nil {
		return err
	}
	return s.setDisabled(ctx, a, id, disabled)
}

func (s *Service) setDisabled(ctx context.Context, a domain.Actor, id int64, disabled bool) error {
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetUserDisabled(ctx, id, disabled); err != nil {
			return err
		}
		if disabled {
			if err := tx.DeleteUserSessions(ctx, id, ""); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, action, "user", id, "")
	})
}
