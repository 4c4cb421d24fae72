package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/password"
	"hatch/internal/store"
)

// LoginInput is what the 法人登录 form sends.
type LoginInput struct {
	Login, Password       string
	CaptchaID, CaptchaAns string
	IP                    string
}

// Session is a new login's credentials, to be set as a cookie.
type Session struct {
	Token string // secret; only its hash is stored
	CSRF  string
	User  domain.User
}

// badLogin is the one message for a wrong login or password: it must not
// tell anyone whether the login exists.
const badLogin = "登录名或密码不正确。"

// Login checks throttling, the captcha and the password, then starts a
// session. Unknown logins and wrong passwords fail the same way, in the same
// time, and count towards the same lock-out.
func (s *Service) Login(ctx context.Context, in LoginInput) (Session, error) {
	if fe := checkLoginInput(in); fe != nil {
		return Session{}, fe.Err()
	}
	acctKey, ipKey := "login:"+store.LoginKey(in.Login), "ip:"+in.IP
	if err := s.checkLocks(ctx, acctKey, ipKey); err != nil {
		s.metrics.LoginFailed("locked")
		return Session{}, err
	}
	if !s.takeCaptcha(ctx, in.CaptchaID, in.CaptchaAns) {
		s.metrics.LoginFailed("captcha")
		s.recordFailure(ctx, ipKey, s.cfg.AddressLockAt)
		fe := domain.FieldErrors{}
		fe.Add("captcha", "验证码", "验证码不正确或已过期，请输入新图片中的数字。")
		return Session{}, fe.Err()
	}
	u, hash, err := s.store.UserByLogin(ctx, in.Login)
	if err != nil && domain.KindOf(err) != domain.NotFound {
		return Session{}, domain.Wrap(err, "load user")
	}
	if !s.verifyOrDummy(in.Password, hash) {
		return Session{}, s.loginFailed(ctx, in, acctKey, ipKey)
	}
	if u.Disabled {
		return Session{}, domain.Errorf(domain.Forbidden, "该账号已停用，请联系本单位法人账号或系统管理员。")
	}
	return s.startSession(ctx, u, in.IP, acctKey)
}

func checkLoginInput(in LoginInput) domain.FieldErrors {
	var fe domain.FieldErrors
	if strings.TrimSpace(in.Login) == "" {
		fe.Add("login", "登录名", "请输入登录名或统一社会信用代码。")
	}
	if in.Password == "" {
		fe.Add("password", "密码", "请输入密码。")
	}
	if strings.TrimSpace(in.CaptchaAns) == "" {
		fe.Add("captcha", "验证码", "请输入图片中的验证码。")
	}
	return fe
}

func (s *Service) verifyOrDummy(pw, hash string) bool {
	if hash == "" {
		password.Verify(pw, s.dummyHash)
		return false
	}
	ok, _ := password.Verify(pw, hash)
	return ok
}

func (s *Service) loginFailed(ctx context.Context, in LoginInput, acctKey, ipKey string) error {
	s.metrics.LoginFailed("password")
	left := s.recordFailure(ctx, acctKey, s.cfg.AccountLockAt)
	s.recordFailure(ctx, ipKey, s.cfg.AddressLockAt)
	s.store.InTx(ctx, func(tx *store.Tx) error {
		return tx.Audit(
			ctx,
			domain.AuditEntry{
				ActorLogin: strings.TrimSpace(in.Login),
				Action:     "login.failed",
				IP:         in.IP,
			},
		)
	})
	fe := domain.FieldErrors{}
	msg := badLogin
	if left > 0 && left <= 3 {
		msg += "再连续输错 " + strconv.Itoa(left) + " 次，账号将被锁定 " + minutes(s.cfg.LockFor) + "。"
	} else if left <= 0 {
		msg = "连续登录失败次数过多，账号已锁定 " + minutes(s.cfg.LockFor) + "。可通过“忘记密码”重置密码。"
	}
	fe.Add("password", "密码", msg)
	return &domain.Error{Kind: domain.Invalid, Message: msg, Fields: fe}
}

func (s *Service) checkLocks(ctx context.Context, keys ...string) error {
	var until time.Time
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		for _, k := range keys {
			t, err := tx.Throttle(ctx, k)
			if err != nil {
				return err
			}
			if t.LockedUntil.After(tx.Now()) && t.LockedUntil.After(until) {
				until = t.LockedUntil
			}
		}
		return nil
	})
	if err != nil {
		return domain.Wrap(err, "check throttle")
	}
	if !until.IsZero() {
		return domain.Errorf(domain.TooMany, "登录失败次数过多，已暂时锁定，请于 %s 后再试，或通过“忘记密码”重置密码。",
			until.In(clock.Zone).Format("15:04"))
	}
	return nil
}

// recordFailure counts one failure of key in the current window and locks
// the key at limit. It returns how many tries are left before the lock.
func (s *Service) recordFailure(ctx context.Context, key string, limit int) int {
	left, locks := limit, false
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		t, err := tx.Throttle(ctx, key)
		if err != nil {
			return err
		}
		if tx.Now().Sub(t.WindowStart) > s.cfg.LockFor {
			t = store.Throttle{WindowStart: tx.Now()}
		}
		t.Failures++
		locks = t.Failures >= limit && !t.LockedUntil.After(tx.Now())
		if t.Failures >= limit {
			t.LockedUntil = tx.Now().Add(s.cfg.LockFor)
		}
		left = limit - t.Failures
		return tx.SetThrottle(ctx, key, t)
	})
	if err != nil {
		s.log.Error("record login failure", "err", err)
	} else if locks {
		s.metrics.Locked(lockScope(key))
	}
	return left
}

// lockScope names what a throttle key locks, for the metrics.
func lockScope(key string) string {
	if strings.HasPrefix(key, "ip:") {
		return "address"
	}
	return "account"
}

func (s *Service) startSession(
	ctx context.Context,
	u domain.User,
	ip, acctKey string,
) (Session, error) {
	sess := Session{Token: randomToken(32), CSRF: randomToken(24), User: u}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.ClearThrottle(ctx, acctKey); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, store.Session{TokenHash: HashToken(sess.Token), UserID: u.ID, CSRF: sess.CSRF}, ip); err != nil {
			return err
		}
		return tx.Audit(
			ctx,
			domain.AuditEntry{
				ActorID:    u.ID,
				ActorLogin: u.Login,
				Action:     "login",
				TargetType: "user",
				TargetID:   u.ID,
				IP:         ip,
			},
		)
	})
	return sess, domain.Wrap(err, "start session")
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, HashToken(token))
}

// SessionState is a live session: who, its CSRF token, and when it idles out.
type SessionState struct {
	Actor     domain.Actor
	CSRF      string
	ExpiresAt time.Time     // the earlier of the idle and absolute limits
	ExpiresIn time.Duration // how long from now: what a browser counts down, whatever its own clock says
}

// Resume returns the session for token if it is still live, and records the
// activity at most once a minute so reading pages stays write-free.
func (s *Service) Resume(ctx context.Context, token, ip string) (SessionState, error) {
	hash := HashToken(token)
	su, err := s.store.SessionUser(ctx, hash)
	if err != nil {
		return SessionState{}, unauthenticated(err)
	}
	now := s.now()
	idleEnd, absEnd := su.SeenAt.Add(s.cfg.IdleTimeout), su.CreatedAt.Add(s.cfg.AbsoluteTimeout)
	if now.After(idleEnd) || now.After(absEnd) {
		s.store.DeleteSession(ctx, hash)
		return SessionState{}, domain.Errorf(domain.Unauthenticated, "登录已超时，请重新登录。")
	}
	if now.Sub(su.SeenAt) > time.Minute {
		s.store.TouchSession(ctx, hash, now)
		idleEnd = now.Add(s.cfg.IdleTimeout)
	}
	if su.User.Disabled {
		return SessionState{}, domain.Errorf(domain.Unauthenticated, "该账号已停用。")
	}
	a := domain.Actor{
		User:         su.User,
		IP:           ip,
		OrgCertified: su.CertStatus.Certified(),
		OrgMigrated:  su.Migrated,
		DeptLevel:    su.DeptLevel,
		DeptRegion:   su.DeptRegion,
	}
	exp := idleEnd
	if absEnd.Before(exp) {
		exp = absEnd
	}
	return SessionState{Actor: a, CSRF: su.CSRF, ExpiresAt: exp, ExpiresIn: exp.Sub(now)}, nil
}

// SweepSessions deletes the sessions past their idle or absolute limit,
// and expired captchas.
func (s *Service) SweepSessions(ctx context.Context) error {
	now := s.now()
	return s.store.DeleteExpiredSessions(
		ctx,
		now.Add(-s.cfg.IdleTimeout),
		now.Add(-s.cfg.AbsoluteTimeout),
	)
}

// ResumeToken returns the actor for a personal access token.
func (s *Service) ResumeToken(ctx context.Context, token, ip string) (domain.Actor, error) {
	uid, err := s.store.TokenUser(ctx, HashToken(token))
	if err != nil {
		return domain.Actor{}, unauthenticated(err)
	}
	return s.actor(ctx, uid, ip)
}

func unauthenticated(err error) error {
	if domain.KindOf(err) == domain.NotFound {
		return domain.Errorf(domain.Unauthenticated, "请先登录。")
	}
	return domain.Wrap(err, "load session")
}

// actor loads the user and the facts authorisation needs.
func (s *Service) actor(ctx context.Context, userID int64, ip string) (domain.Actor, error) {
	u, err := s.store.User(ctx, userID)
	if err != nil {
		return domain.Actor{}, unauthenticated(err)
	}
	if u.Disabled {
		return domain.Actor{}, domain.Errorf(domain.Unauthenticated, "该账号已停用。")
	}
	a := domain.Actor{User: u, IP: ip}
	if u.OrgID != 0 {
		o, err := s.store.Org(ctx, u.OrgID)
		if err != nil {
			return domain.Actor{}, domain.Wrap(err, "load org")
		}
		a.OrgCertified, a.OrgMigrated = o.CertStatus.Certified(), o.Migrated
	}
	if u.DeptID != 0 {
		d, err := s.store.Department(ctx, u.DeptID)
		if err != nil {
			return domain.Actor{}, domain.Wrap(err, "load department")
		}
		a.DeptLevel, a.DeptRegion = d.Level, d.RegionCode
	}
	return a, nil
}

// ActAs is the actor of account login as its own session would see it, for
// work done on an account's behalf without its password: seeding the demo.
// Only the System actor may; no logged-in administrator can.
func (s *Service) ActAs(ctx context.Context, a domain.Actor, login string) (domain.Actor, error) {
	if !a.IsSystem() {
		return domain.Actor{}, domain.Errorf(domain.Forbidden, "没有权限代他人操作。")
	}
	u, _, err := s.store.UserByLogin(ctx, login)
	if err != nil {
		return domain.Actor{}, err
	}
	return s.actor(ctx, u.ID, a.IP)
}

// HashToken is how session and API tokens are stored: SHA-256, because the
// tokens are long random strings and need no slow hash.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// SameToken compares two secrets in constant time.
func SameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func minutes(d time.Duration) string { return strconv.Itoa(int(d.Minutes())) + " 分钟" }
