package service

import (
	"context"
	"crypto/rand"
	"math/big"
	"strings"
	"time"

	"hatch/internal/domain"
	"hatch/internal/password"
	"hatch/internal/store"
)

// ChangePasswordInput is the 修改密码 form.
type ChangePasswordInput struct {
	Current, New, Confirm string
	KeepSession           string // the session token to keep; others end
}

// ChangePassword changes the actor's own password after checking the
// current one, and ends the actor's other sessions.
func (s *Service) ChangePassword(
	ctx context.Context,
	a domain.Actor,
	in ChangePasswordInput,
) error {
	hash, err := s.store.PasswordHash(ctx, a.ID)
	if err != nil {
		return domain.Wrap(err, "load password")
	}
	var fe domain.FieldErrors
	if ok, _ := password.Verify(in.Current, hash); !ok {
		fe.Add("current", "当前密码", "当前密码不正确。")
	}
	checkNewPassword(&fe, in.New, in.Confirm)
	if in.New != "" && in.New == in.Current {
		fe.Add("new", "新密码", "新密码不能与当前密码相同。")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.setPassword(ctx, a, a.ID, in.New, false, HashToken(in.KeepSession), "password.change")
}

func checkNewPassword(fe *domain.FieldErrors, pw, confirm string) {
	if msg := password.CheckStrength(pw); msg != "" {
		fe.Add("new", "新密码", msg)
	} else if pw != confirm {
		fe.Add("confirm", "确认新密码", "两次输入的新密码不一致。")
	}
}

// setPassword stores a new hash for user id, ends its sessions but keep, and
// lifts its login lock.
func (s *Service) setPassword(
	ctx context.Context,
	a domain.Actor,
	id int64,
	pw string,
	mustChange bool,
	keep, action string,
) error {
	hash, err := password.Hash(pw, s.cfg.Password)
	if err != nil {
		return domain.Wrap(err, "hash password")
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		u, err := tx.User(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.SetPassword(ctx, id, hash, mustChange); err != nil {
			return err
		}
		// The lock-out message sends people to 忘记密码, so a new password
		// must lift the account's lock (the address's lock stays).
		if err := tx.ClearThrottle(ctx, "login:"+store.LoginKey(u.Login)); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, id, keep); err != nil {
			return err
		}
		return audit(ctx, tx, a, action, "user", id, "")
	})
}

// TemporaryPassword makes a password a person can read out over the phone:
// no 0/O or 1/l, and it always passes CheckStrength.
func TemporaryPassword() string {
	const upper, lower, digits = "ABCDEFGHJKMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789"
	pick := func(set string) byte {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
		return set[n.Int64()]
	}
	var b strings.Builder
	for i := 0; i < 4; i++ {
		b.WriteByte(pick(upper))
		b.WriteByte(pick(lower))
	}
	b.WriteByte('@')
	b.WriteByte(pick(digits))
	b.WriteByte(pick(digits))
	return b.String()
}

// TempPassword is a temporary password, to show once, with the account
// as it is after the reset (it must change the password at next login).
type TempPassword struct {
	User     domain.User
	Password string
}

// AdminResetPassword gives any account a temporary password that must be
// changed at the next login.
func (s *Service) AdminResetPassword(
	ctx context.Context,
	a domain.Actor,
	userID int64,
) (TempPassword, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return TempPassword{}, err
	}
	if _, err := s.store.User(ctx, userID); err != nil {
		return TempPassword{}, err
	}
	return s.resetPassword(ctx, a, userID, "password.reset.admin")
}

// resetPassword sets a new temporary password and reloads the account.
func (s *Service) resetPassword(
	ctx context.Context,
	a domain.Actor,
	userID int64,
	action string,
) (TempPassword, error) {
	pw := TemporaryPassword()
	if err := s.setPassword(ctx, a, userID, pw, true, "", action); err != nil {
		return TempPassword{}, err
	}
	u, err := s.store.User(ctx, userID)
	return TempPassword{User: u, Password: pw}, err
}

// ResetRequest is the 忘记密码 form: which account, and where to send the code.
type ResetRequest struct {
	Login   string
	Channel string // "sms" or "email"
	IP      string
}

// RequestReset sends a 6-digit code to the account's registered mobile or
// e-mail. It answers the same whether or not the account exists, so the
// form cannot be used to discover logins.
func (s *Service) RequestReset(ctx context.Context, in ResetRequest) error {
	var fe domain.FieldErrors
	if strings.TrimSpace(in.Login) == "" {
		fe.Add("login", "登录名", "请输入登录名或统一社会信用代码。")
	}
	if in.Channel != "sms" && in.Channel != "email" {
		fe.Add("channel", "接收方式", "请选择接收验证码的方式。")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	u, _, err := s.store.UserByLogin(ctx, in.Login)
	if err != nil || u.Disabled {
		return nil
	}
	to := u.Mobile
	if in.Channel == "email" {
		to = u.Email
	}
	if to == "" {
		return nil
	}
	return s.sendResetCode(ctx, u, in.Channel, to)
}

func (s *Service) sendResetCode(ctx context.Context, u domain.User, channel, to string) error {
	code := randomDigits(6)
	hash := HashToken(code)
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		n, err := tx.CountResetCodesSince(ctx, u.ID, tx.Now().Add(-time.Hour))
		if err != nil || n >= 5 {
			return err // silently drop: at most 5 codes an hour per account
		}
		return tx.CreateResetCode(ctx, u.ID, hash, channel, tx.Now().Add(s.cfg.ResetCodeTTL))
	})
	if err != nil {
		return domain.Wrap(err, "create reset code")
	}
	return s.notifier.Send(
		ctx,
		domain.OutboxMessage{Channel: channel, Recipient: to, Subject: "重置密码验证码",
			Body: "【科技创业孵化机构信息服务系统】您正在重置账号 " + u.Login + " 的密码，验证码 " + code +
				"，" + minutes(s.cfg.ResetCodeTTL) + "内有效。如非本人操作，请忽略本消息。"},
	)
}

// ResetConfirm is the second step: the code and the new password.
type ResetConfirm struct {
	Login, Code, New, Confirm string
	IP                        string
}

// ConfirmReset sets a new password if the code is right. A code allows five
// wrong tries, then it is spent.
func (s *Service) ConfirmReset(ctx context.Context, in ResetConfirm) error {
	var fe domain.FieldErrors
	checkNewPassword(&fe, in.New, in.Confirm)
	if err := fe.Err(); err != nil {
		return err
	}
	wrong := domain.FieldErrors{{Field: "code", Label: "验证码", Message: "验证码不正确或已过期，请重新获取。"}}
	u, _, err := s.store.UserByLogin(ctx, in.Login)
	if err != nil {
		return wrong.Err()
	}
	ok := false
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		c, err := tx.LiveResetCode(ctx, u.ID)
		if err != nil {
			return nil
		}
		if !SameToken(HashToken(strings.TrimSpace(in.Code)), c.CodeHash) {
			return tx.FailResetCode(ctx, c.ID, c.Attempts+1 >= 5)
		}
		ok = true
		return tx.UseResetCode(ctx, c.ID)
	})
	if err != nil {
		return domain.Wrap(err, "check reset code")
	}
	if !ok {
		return wrong.Err()
	}
	return s.setPassword(
		ctx,
		domain.Actor{User: u, IP: in.IP},
		u.ID,
		in.New,
		false,
		"",
		"password.reset.self",
	)
}

func randomDigits(n int) string {
	b := make([]byte, n)
	for i := range b {
		d, _ := rand.Int(rand.Reader, big.NewInt(10))
		b[i] = byte('0' + d.Int64())
	}
	return string(b)
}
