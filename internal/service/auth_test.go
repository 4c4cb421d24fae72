package service_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/password"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// wrongDigits returns a captcha answer guaranteed to differ from digits.
func wrongDigits(digits string) string {
	b := []byte(digits)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

func TestLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)

		t.Run("right password and captcha start a session that Resume turns into the actor", func(t *testing.T) {
			sess := mustLogin(t, svc, st, f.A.Legal.Login, testPassword)
			if sess.User.ID != f.A.Legal.ID || sess.CSRF == "" {
				t.Fatalf("session user = %d, csrf %q; want user %d and a CSRF token", sess.User.ID, sess.CSRF, f.A.Legal.ID)
			}
			state, err := svc.Resume(ctx, sess.Token, "10.0.0.9")
			wantOK(t, err)
			a := state.Actor
			if a.ID != f.A.Legal.ID || a.Role != domain.RoleLegal || a.OrgID != f.A.ID || !a.OrgCertified || a.IP != "10.0.0.9" {
				t.Fatalf("actor = %+v", a)
			}
			if state.CSRF != sess.CSRF {
				t.Fatalf("resumed CSRF %q, want %q", state.CSRF, sess.CSRF)
			}
			if _, err := st.Session(ctx, sess.Token); domain.KindOf(err) != domain.NotFound {
				t.Fatalf("session stored under the clear token (err %v); only its hash may be stored", err)
			}
		})

		t.Run("a successful login uses up its captcha", func(t *testing.T) {
			id, digits := newCaptcha(t, svc, st)
			_, err := svc.Login(ctx, service.LoginInput{Login: f.A.Legal.Login, Password: testPassword, CaptchaID: id, CaptchaAns: digits, IP: "10.0.0.1"})
			wantOK(t, err)
			if _, err := st.CaptchaDigits(ctx, id); domain.KindOf(err) != domain.NotFound {
				t.Fatalf("captcha still live after use: %v", err)
			}
		})

		missing := []struct {
			name  string
			in    service.LoginInput
			field string
		}{
			{"empty captcha answer is a field error on captcha",
				service.LoginInput{Login: f.A.Legal.Login, Password: testPassword, CaptchaID: "some-id", CaptchaAns: "  "}, "captcha"},
			{"empty login is a field error on login",
				service.LoginInput{Login: " ", Password: testPassword, CaptchaID: "some-id", CaptchaAns: "12345"}, "login"},
			{"empty password is a field error on password",
				service.LoginInput{Login: f.A.Legal.Login, CaptchaID: "some-id", CaptchaAns: "12345"}, "password"},
		}
		for _, tt := range missing {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.Login(ctx, tt.in)
				wantField(t, err, tt.field)
			})
		}

		t.Run("wrong captcha is refused and the captcha cannot be retried", func(t *testing.T) {
			id, digits := newCaptcha(t, svc, st)
			in := service.LoginInput{Login: f.A.Legal.Login, Password: testPassword, CaptchaID: id, CaptchaAns: wrongDigits(digits), IP: "10.0.0.2"}
			_, err := svc.Login(ctx, in)
			wantField(t, err, "captcha")
			in.CaptchaAns = digits
			_, err = svc.Login(ctx, in)
			wantField(t, err, "captcha")
		})

		t.Run("a captcha spent on a wrong password cannot be reused", func(t *testing.T) {
			id, digits := newCaptcha(t, svc, st)
			in := service.LoginInput{Login: f.A.Legal.Login, Password: "Wrong-Pass-1", CaptchaID: id, CaptchaAns: digits, IP: "10.0.0.3"}
			_, err := svc.Login(ctx, in)
			wantField(t, err, "password")
			in.Password = testPassword
			_, err = svc.Login(ctx, in)
			wantField(t, err, "captcha")
		})

		t.Run("the test captcha setting accepts its value", func(t *testing.T) {
			withTest := newServiceWith(t, st, func(s *service.Settings) { s.TestCaptcha = "246810" })
			sess, err := withTest.Login(ctx, service.LoginInput{Login: f.A.Legal.Login, Password: testPassword, CaptchaAns: "246810", IP: "10.0.0.4"})
			wantOK(t, err)
			if sess.User.ID != f.A.Legal.ID {
				t.Fatalf("logged in as %d, want %d", sess.User.ID, f.A.Legal.ID)
			}
			_, err = withTest.Login(ctx, service.LoginInput{Login: f.A.Legal.Login, Password: testPassword, CaptchaAns: "135790", IP: "10.0.0.4"})
			wantField(t, err, "captcha")
		})

		t.Run("without the test captcha setting its value is refused", func(t *testing.T) {
			_, err := svc.Login(ctx, service.LoginInput{Login: f.A.Legal.Login, Password: testPassword, CaptchaAns: "246810", IP: "10.0.0.5"})
			wantField(t, err, "captcha")
		})

		t.Run("wrong password is refused without revealing that the login exists", func(t *testing.T) {
			_, errWrong := login(t, svc, st, f.B.Legal.Login, "Wrong-Pass-1", "10.0.0.6")
			_, errUnknown := login(t, svc, st, "no-such-login", "Wrong-Pass-1", "10.0.0.7")
			wantField(t, errWrong, "password")
			wantField(t, errUnknown, "password")
			if domain.Message(errWrong) != domain.Message(errUnknown) {
				t.Fatalf("messages differ:\n wrong password: %q\n unknown login:  %q", domain.Message(errWrong), domain.Message(errUnknown))
			}
			fw, fu := domain.FieldsOf(errWrong), domain.FieldsOf(errUnknown)
			if fmt.Sprint(fw) != fmt.Sprint(fu) {
				t.Fatalf("field errors differ:\n wrong password: %+v\n unknown login:  %+v", fw, fu)
			}
			if strings.Contains(domain.Message(errWrong), f.B.Legal.Login) {
				t.Fatalf("message names the login: %q", domain.Message(errWrong))
			}
		})

		for _, typed := range []string{strings.ToLower(usccMigrated), "  " + strings.ToLower(usccMigrated) + " "} {
			t.Run(fmt.Sprintf("migrated account logs in with its USCC typed as %q", typed), func(t *testing.T) {
				sess := mustLogin(t, svc, st, typed, testPassword)
				if sess.User.ID != f.Migrated.Legal.ID || sess.User.Login != usccMigrated {
					t.Fatalf("logged in as %d %q, want %d %q", sess.User.ID, sess.User.Login, f.Migrated.Legal.ID, usccMigrated)
				}
				state, err := svc.Resume(ctx, sess.Token, "")
				wantOK(t, err)
				if !state.Actor.OrgMigrated || state.Actor.OrgCertified {
					t.Fatalf("migrated actor: migrated %v certified %v", state.Actor.OrgMigrated, state.Actor.OrgCertified)
				}
			})
		}

		t.Run("disabled account is refused even with the right password", func(t *testing.T) {
			wantOK(t, st.InTx(ctx, func(tx *store.Tx) error { return tx.SetUserDisabled(ctx, f.B.Staff.ID, true) }))
			_, err := login(t, svc, st, f.B.Staff.Login, testPassword, "10.0.0.8")
			wantKind(t, err, domain.Forbidden)
		})
	})
}

func TestLoginLockout(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, clock *testkit.Clock) {
		f := seed(t, st)
		svc := newService(t, st)
		cfg := svc.Settings()

		// failTimes fails login n times, each from its own address so that
		// only the account counter is involved.
		failTimes := func(t *testing.T, loginName string, n int, tag string) error {
			var err error
			for i := 1; i <= n; i++ {
				_, err = login(t, svc, st, loginName, "Wrong-Pass-1", fmt.Sprintf("10.%s.0.%d", tag, i))
				wantField(t, err, "password")
			}
			return err
		}

		t.Run("the account locks after AccountLockAt failures and then refuses even the right password", func(t *testing.T) {
			err := failTimes(t, f.A.Staff.Login, cfg.AccountLockAt-1, "1")
			if want := "再连续输错 1 次"; !strings.Contains(domain.Message(err), want) {
				t.Fatalf("message before the last try = %q, want it to contain %q", domain.Message(err), want)
			}
			err = failTimes(t, f.A.Staff.Login, 1, "2")
			if !strings.Contains(domain.Message(err), "已锁定") {
				t.Fatalf("message at the lock = %q, want it to say the account is locked", domain.Message(err))
			}
			_, err = login(t, svc, st, f.A.Staff.Login, testPassword, "10.3.0.1")
			wantKind(t, err, domain.TooMany)
			_, err = login(t, svc, st, strings.ToUpper(f.A.Staff.Login), testPassword, "10.3.0.2")
			wantKind(t, err, domain.TooMany)
		})

		t.Run("the lock lifts after LockFor and the right password works again", func(t *testing.T) {
			failTimes(t, f.B.Staff.Login, cfg.AccountLockAt, "4")
			clock.Advance(cfg.LockFor - time.Minute)
			_, err := login(t, svc, st, f.B.Staff.Login, testPassword, "10.5.0.1")
			wantKind(t, err, domain.TooMany)
			clock.Advance(time.Minute + time.Second)
			sess, err := login(t, svc, st, f.B.Staff.Login, testPassword, "10.5.0.2")
			wantOK(t, err)
			if sess.User.ID != f.B.Staff.ID {
				t.Fatalf("logged in as %d", sess.User.ID)
			}
			// A success clears the count: the next failure is a first failure.
			err = failTimes(t, f.B.Staff.Login, 1, "6")
			if domain.Message(err) != "登录名或密码不正确。" {
				t.Fatalf("first failure after unlock = %q", domain.Message(err))
			}
		})

		t.Run("resetting the password through 忘记密码 lifts the account lock", func(t *testing.T) {
			// Both lock messages offer 忘记密码 as the way out of the lock.
			err := failTimes(t, f.Migrated.Legal.Login, cfg.AccountLockAt, "7")
			if !strings.Contains(domain.Message(err), "忘记密码") {
				t.Fatalf("lock message %q does not offer 忘记密码", domain.Message(err))
			}
			_, err = login(t, svc, st, f.Migrated.Legal.Login, testPassword, "10.8.0.1")
			wantKind(t, err, domain.TooMany)
			wantOK(t, svc.RequestReset(ctx, service.ResetRequest{Login: f.Migrated.Legal.Login, Channel: "sms"}))
			code := latestCode(t, st, f.Migrated.Legal.Mobile)
			const newPW = "After-Lock-2025"
			wantOK(t, svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.Migrated.Legal.Login, Code: code, New: newPW, Confirm: newPW}))
			_, err = login(t, svc, st, f.Migrated.Legal.Login, newPW, "10.8.0.2")
			wantOK(t, err)
		})

		t.Run("an address locks after AddressLockAt failures across different logins", func(t *testing.T) {
			const ip = "192.0.2.7"
			for i := 1; i <= cfg.AddressLockAt; i++ {
				_, err := login(t, svc, st, fmt.Sprintf("ghost-%d", i), "Wrong-Pass-1", ip)
				wantField(t, err, "password")
			}
			_, err := login(t, svc, st, f.A.Legal.Login, testPassword, ip)
			wantKind(t, err, domain.TooMany)
			_, err = login(t, svc, st, f.A.Legal.Login, testPassword, "192.0.2.8")
			wantOK(t, err)
		})
	})
}

func TestSessionLifetime(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, clock *testkit.Clock) {
		f := seed(t, st)
		svc := newService(t, st)
		cfg := svc.Settings()

		t.Run("a fresh session expires at the idle limit", func(t *testing.T) {
			sess := mustLogin(t, svc, st, f.A.Legal.Login, testPassword)
			state, err := svc.Resume(ctx, sess.Token, "")
			wantOK(t, err)
			if want := clock.Now().Add(cfg.IdleTimeout); !state.ExpiresAt.Equal(want) {
				t.Fatalf("ExpiresAt = %v, want %v", state.ExpiresAt, want)
			}
			if state.ExpiresIn != cfg.IdleTimeout {
				t.Fatalf("ExpiresIn = %v, want %v", state.ExpiresIn, cfg.IdleTimeout)
			}
		})

		t.Run("the time left counts down on the system's clock", func(t *testing.T) {
			sess := mustLogin(t, svc, st, f.A.Legal.Login, testPassword)
			clock.Advance(30 * time.Second) // too soon to record the activity
			state, err := svc.Resume(ctx, sess.Token, "")
			wantOK(t, err)
			if want := cfg.IdleTimeout - 30*time.Second; state.ExpiresIn != want {
				t.Fatalf("ExpiresIn = %v, want %v", state.ExpiresIn, want)
			}
		})

		t.Run("an idle session ends after IdleTimeout", func(t *testing.T) {
			sess := mustLogin(t, svc, st, f.A.Legal.Login, testPassword)
			clock.Advance(cfg.IdleTimeout + time.Second)
			_, err := svc.Resume(ctx, sess.Token, "")
			wantKind(t, err, domain.Unauthenticated)
			if _, err := st.Session(ctx, service.HashToken(sess.Token)); domain.KindOf(err) != domain.NotFound {
				t.Fatalf("expired session still stored: %v", err)
			}
		})

		t.Run("the sweep deletes idle sessions and keeps live ones", func(t *testing.T) {
			idle := mustLogin(t, svc, st, f.A.Legal.Login, testPassword)
			clock.Advance(cfg.IdleTimeout + time.Second)
			live := mustLogin(t, svc, st, f.A.Staff.Login, testPassword)
			wantOK(t, svc.SweepSessions(ctx))
			if _, err := st.Session(ctx, service.HashToken(idle.Token)); domain.KindOf(err) != domain.NotFound {
				t.Fatalf("idle session still stored after the sweep: %v", err)
			}
			if _, err := st.Session(ctx, service.HashToken(live.Token)); err != nil {
				t.Fatalf("live session swept: %v", err)
			}
		})

		t.Run("activity keeps a session alive beyond one idle period", func(t *testing.T) {
			sess := mustLogin(t, svc, st, f.A.Legal.Login, testPassword)
			for i := 0; i < 3; i++ {
				clock.Advance(cfg.IdleTimeout - time.Minute)
				_, err := svc.Resume(ctx, sess.Token, "")
				wantOK(t, err)
			}
		})

		t.Run("an active session ends at the absolute timeout", func(t *testing.T) {
			sess := mustLogin(t, svc, st, f.A.Legal.Login, testPassword)
			start := clock.Now()
			step := cfg.IdleTimeout / 2
			for clock.Now().Add(step).Before(start.Add(cfg.AbsoluteTimeout)) {
				clock.Advance(step)
				state, err := svc.Resume(ctx, sess.Token, "")
				wantOK(t, err)
				if state.ExpiresAt.After(start.Add(cfg.AbsoluteTimeout)) {
					t.Fatalf("ExpiresAt %v is after the absolute end %v", state.ExpiresAt, start.Add(cfg.AbsoluteTimeout))
				}
			}
			clock.Advance(start.Add(cfg.AbsoluteTimeout).Sub(clock.Now()) + time.Second)
			_, err := svc.Resume(ctx, sess.Token, "")
			wantKind(t, err, domain.Unauthenticated)
		})

		t.Run("logout ends that session only", func(t *testing.T) {
			one := mustLogin(t, svc, st, f.A.Legal.Login, testPassword)
			two := mustLogin(t, svc, st, f.A.Legal.Login, testPassword)
			wantOK(t, svc.Logout(ctx, one.Token))
			_, err := svc.Resume(ctx, one.Token, "")
			wantKind(t, err, domain.Unauthenticated)
			_, err = svc.Resume(ctx, two.Token, "")
			wantOK(t, err)
		})

		t.Run("an unknown token is unauthenticated", func(t *testing.T) {
			_, err := svc.Resume(ctx, "no-such-token", "")
			wantKind(t, err, domain.Unauthenticated)
		})
	})
}

func TestCodesExpire(t *testing.T) {
	eachWithClock(t, func(t *testing.T, st *store.Store, clock *testkit.Clock) {
		f := seed(t, st)
		svc := newService(t, st)
		cfg := svc.Settings()

		t.Run("a captcha older than CaptchaTTL is refused", func(t *testing.T) {
			id, digits := newCaptcha(t, svc, st)
			clock.Advance(cfg.CaptchaTTL + time.Second)
			_, err := svc.Login(ctx, service.LoginInput{Login: f.A.Legal.Login, Password: testPassword, CaptchaID: id, CaptchaAns: digits})
			wantField(t, err, "captcha")
		})

		t.Run("a reset code older than ResetCodeTTL is refused", func(t *testing.T) {
			wantOK(t, svc.RequestReset(ctx, service.ResetRequest{Login: f.A.Staff.Login, Channel: "sms"}))
			code := latestCode(t, st, f.A.Staff.Mobile)
			clock.Advance(cfg.ResetCodeTTL + time.Second)
			err := svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.A.Staff.Login, Code: code, New: "Late-Pass-2025", Confirm: "Late-Pass-2025"})
			wantField(t, err, "code")
		})

		t.Run("a newer reset code replaces the older one", func(t *testing.T) {
			wantOK(t, svc.RequestReset(ctx, service.ResetRequest{Login: f.B.Staff.Login, Channel: "sms"}))
			old := latestCode(t, st, f.B.Staff.Mobile)
			clock.Advance(time.Second)
			wantOK(t, svc.RequestReset(ctx, service.ResetRequest{Login: f.B.Staff.Login, Channel: "sms"}))
			fresh := latestCode(t, st, f.B.Staff.Mobile)
			if old != fresh {
				err := svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.B.Staff.Login, Code: old, New: "Old-Code-2025", Confirm: "Old-Code-2025"})
				wantField(t, err, "code")
			}
			wantOK(t, svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.B.Staff.Login, Code: fresh, New: "New-Code-2025", Confirm: "New-Code-2025"}))
		})
	})
}

func TestPersonalAccessTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		owner := actorOf(t, svc, st, f.A.Legal.ID)
		other := actorOf(t, svc, st, f.B.Legal.ID)

		tokenID := func(t *testing.T, secret string) int64 {
			t.Helper()
			list, err := svc.Tokens(ctx, owner)
			wantOK(t, err)
			for _, tok := range list {
				if tok.Prefix == secret[:10] {
					return tok.ID
				}
			}
			t.Fatalf("token %s… not listed: %+v", secret[:10], list)
			return 0
		}

		t.Run("a new token resumes as its owner", func(t *testing.T) {
			secret, err := svc.NewToken(ctx, owner, "报表脚本")
			wantOK(t, err)
			a, err := svc.ResumeToken(ctx, secret, "10.0.0.1")
			wantOK(t, err)
			if a.ID != owner.ID || !a.OrgCertified {
				t.Fatalf("token actor = %+v", a)
			}
			tokenID(t, secret)
		})

		t.Run("a revoked token no longer resumes", func(t *testing.T) {
			secret, err := svc.NewToken(ctx, owner, "临时")
			wantOK(t, err)
			id := tokenID(t, secret)
			wantOK(t, svc.RevokeToken(ctx, owner, id))
			_, err = svc.ResumeToken(ctx, secret, "")
			wantKind(t, err, domain.Unauthenticated)
			wantKind(t, svc.RevokeToken(ctx, owner, id), domain.NotFound)
		})

		t.Run("another user cannot revoke my token", func(t *testing.T) {
			secret, err := svc.NewToken(ctx, owner, "同步")
			wantOK(t, err)
			id := tokenID(t, secret)
			wantKind(t, svc.RevokeToken(ctx, other, id), domain.NotFound)
			_, err = svc.ResumeToken(ctx, secret, "")
			wantOK(t, err)
		})

		t.Run("a token without a name is a field error on token_name", func(t *testing.T) {
			_, err := svc.NewToken(ctx, owner, "  ")
			wantField(t, err, "token_name")
		})

		t.Run("an unknown token is unauthenticated", func(t *testing.T) {
			_, err := svc.ResumeToken(ctx, "hatch_not-a-real-token", "")
			wantKind(t, err, domain.Unauthenticated)
		})
	})
}

func TestChangePassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)

		refused := []struct {
			name  string
			in    service.ChangePasswordInput
			field string
		}{
			{"wrong current password is a field error on current",
				service.ChangePasswordInput{Current: "Not-The-Pass-1", New: "Brand-New-2025", Confirm: "Brand-New-2025"}, "current"},
			{"too short a new password is a field error on new",
				service.ChangePasswordInput{Current: testPassword, New: "Ab1!", Confirm: "Ab1!"}, "new"},
			{"a new password of one character class is a field error on new",
				service.ChangePasswordInput{Current: testPassword, New: "alllowercase", Confirm: "alllowercase"}, "new"},
			{"a confirmation that differs is a field error on confirm",
				service.ChangePasswordInput{Current: testPassword, New: "Brand-New-2025", Confirm: "Brand-New-2026"}, "confirm"},
			{"reusing the current password is a field error on new",
				service.ChangePasswordInput{Current: testPassword, New: testPassword, Confirm: testPassword}, "new"},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				a := actorOf(t, svc, st, f.A.Staff.ID)
				before, _ := st.PasswordHash(ctx, a.ID)
				wantField(t, svc.ChangePassword(ctx, a, tt.in), tt.field)
				if after, _ := st.PasswordHash(ctx, a.ID); after != before {
					t.Fatal("the password changed although the form was refused")
				}
			})
		}

		t.Run("success ends the other sessions but keeps the given one", func(t *testing.T) {
			keep, a := sessionFor(t, svc, st, f.A.Legal.ID)
			otherTok, _ := sessionFor(t, svc, st, f.A.Legal.ID)
			err := svc.ChangePassword(ctx, a, service.ChangePasswordInput{Current: testPassword, New: "Brand-New-2025",
				Confirm: "Brand-New-2025", KeepSession: keep})
			wantOK(t, err)
			_, err = svc.Resume(ctx, keep, "")
			wantOK(t, err)
			_, err = svc.Resume(ctx, otherTok, "")
			wantKind(t, err, domain.Unauthenticated)
			_, err = login(t, svc, st, f.A.Legal.Login, testPassword, "10.9.0.1")
			wantField(t, err, "password")
			mustLogin(t, svc, st, f.A.Legal.Login, "Brand-New-2025")
		})
	})
}

func TestPasswordReset(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		const newPW = "Reset-Pass-2025"

		t.Run("the code sent by SMS sets a new password once", func(t *testing.T) {
			wantOK(t, svc.RequestReset(ctx, service.ResetRequest{Login: f.A.Legal.Login, Channel: "sms", IP: "10.0.0.1"}))
			code := latestCode(t, st, f.A.Legal.Mobile)
			wantOK(t, svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.A.Legal.Login, Code: code, New: newPW, Confirm: newPW}))
			mustLogin(t, svc, st, f.A.Legal.Login, newPW)
			_, err := login(t, svc, st, f.A.Legal.Login, testPassword, "10.0.0.2")
			wantField(t, err, "password")
			err = svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.A.Legal.Login, Code: code, New: "Again-Pass-2025", Confirm: "Again-Pass-2025"})
			wantField(t, err, "code")
		})

		t.Run("the e-mail channel sends the code to the e-mail address", func(t *testing.T) {
			wantOK(t, svc.RequestReset(ctx, service.ResetRequest{Login: f.A.Staff.Login, Channel: "email"}))
			code := latestCode(t, st, f.A.Staff.Email)
			wantOK(t, svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.A.Staff.Login, Code: code, New: newPW, Confirm: newPW}))
			mustLogin(t, svc, st, f.A.Staff.Login, newPW)
		})

		t.Run("an unknown login is answered like a known one and nothing is sent", func(t *testing.T) {
			before := len(outbox(t, st))
			wantOK(t, svc.RequestReset(ctx, service.ResetRequest{Login: "no-such-login", Channel: "sms"}))
			if after := len(outbox(t, st)); after != before {
				t.Fatalf("outbox grew from %d to %d for an unknown login", before, after)
			}
		})

		t.Run("five wrong codes spend the code", func(t *testing.T) {
			wantOK(t, svc.RequestReset(ctx, service.ResetRequest{Login: f.B.Legal.Login, Channel: "sms"}))
			code := latestCode(t, st, f.B.Legal.Mobile)
			for i := 0; i < 5; i++ {
				err := svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.B.Legal.Login, Code: wrongDigits(code), New: newPW, Confirm: newPW})
				wantField(t, err, "code")
			}
			err := svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.B.Legal.Login, Code: code, New: newPW, Confirm: newPW})
			wantField(t, err, "code")
			mustLogin(t, svc, st, f.B.Legal.Login, testPassword)
		})

		t.Run("four wrong codes leave the right code usable", func(t *testing.T) {
			wantOK(t, svc.RequestReset(ctx, service.ResetRequest{Login: f.B.Staff.Login, Channel: "sms"}))
			code := latestCode(t, st, f.B.Staff.Mobile)
			for i := 0; i < 4; i++ {
				err := svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.B.Staff.Login, Code: wrongDigits(code), New: newPW, Confirm: newPW})
				wantField(t, err, "code")
			}
			wantOK(t, svc.ConfirmReset(ctx, service.ResetConfirm{Login: f.B.Staff.Login, Code: code, New: newPW, Confirm: newPW}))
		})

		refused := []struct {
			name  string
			in    service.ResetRequest
			field string
		}{
			{"a request without a channel is a field error on channel", service.ResetRequest{Login: f.A.Legal.Login}, "channel"},
			{"a request without a login is a field error on login", service.ResetRequest{Channel: "sms"}, "login"},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				wantField(t, svc.RequestReset(ctx, tt.in), tt.field)
			})
		}
	})
}

func TestAdminResetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		admin := actorOf(t, svc, st, f.Admin.ID)

		t.Run("admin reset gives a temporary password that must be changed and ends sessions", func(t *testing.T) {
			tok, _ := sessionFor(t, svc, st, f.B.Legal.ID)
			tp, err := svc.AdminResetPassword(ctx, admin, f.B.Legal.ID)
			wantOK(t, err)
			pw := tp.Password
			if tp.User.ID != f.B.Legal.ID || !tp.User.MustChangePassword {
				t.Fatalf("the reset returns the account %+v, want B's legal account, to change the password", tp.User)
			}
			if msg := password.CheckStrength(pw); msg != "" {
				t.Fatalf("temporary password %q is weak: %s", pw, msg)
			}
			if !user(t, st, f.B.Legal.ID).MustChangePassword {
				t.Fatal("MustChangePassword not set")
			}
			_, err = svc.Resume(ctx, tok, "")
			wantKind(t, err, domain.Unauthenticated)
			sess := mustLogin(t, svc, st, f.B.Legal.Login, pw)
			if !sess.User.MustChangePassword {
				t.Fatal("login with the temporary password does not report MustChangePassword")
			}
			// Changing it clears the flag.
			keep, a := sessionFor(t, svc, st, f.B.Legal.ID)
			wantOK(t, svc.ChangePassword(ctx, a, service.ChangePasswordInput{Current: pw, New: "Chosen-Pass-2025", Confirm: "Chosen-Pass-2025", KeepSession: keep}))
			if user(t, st, f.B.Legal.ID).MustChangePassword {
				t.Fatal("MustChangePassword still set after changing the password")
			}
		})

		t.Run("resetting an unknown user is NotFound", func(t *testing.T) {
			_, err := svc.AdminResetPassword(ctx, admin, 999999)
			wantKind(t, err, domain.NotFound)
		})

		nonAdmins := []struct {
			name string
			id   int64
		}{
			{"legal account may not reset passwords", f.A.Legal.ID},
			{"staff account may not reset passwords", f.A.Staff.ID},
			{"reviewer may not reset passwords", f.Reviewer.ID},
		}
		for _, tt := range nonAdmins {
			t.Run(tt.name, func(t *testing.T) {
				a := actorOf(t, svc, st, tt.id)
				before, _ := st.PasswordHash(ctx, f.A.Staff.ID)
				_, err := svc.AdminResetPassword(ctx, a, f.A.Staff.ID)
				wantKind(t, err, domain.Forbidden)
				if after, _ := st.PasswordHash(ctx, f.A.Staff.ID); after != before || user(t, st, f.A.Staff.ID).MustChangePassword {
					t.Fatal("the password was reset anyway")
				}
			})
		}
	})
}

func TestNotCertifiedIsForbidden(t *testing.T) {
	if domain.KindOf(service.ErrNotCertified) != domain.Forbidden || !errors.Is(service.ErrNotCertified, service.ErrNotCertified) {
		t.Fatal("ErrNotCertified must be a Forbidden domain error")
	}
}

func TestActAs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		t.Run("the System actor gets the account's actor as its session would", func(t *testing.T) {
			a, err := svc.ActAs(ctx, domain.System(), f.A.Legal.Login)
			wantOK(t, err)
			if a.ID != f.A.Legal.ID || a.Role != domain.RoleLegal || !a.OrgCertified {
				t.Fatalf("actor = %+v, want A's certified legal person", a)
			}
		})
		t.Run("a logged-in administrator is refused", func(t *testing.T) {
			admin := actorOf(t, svc, st, f.Admin.ID)
			_, err := svc.ActAs(ctx, admin, f.A.Legal.Login)
			wantKind(t, err, domain.Forbidden)
		})
		t.Run("an unknown login is not found", func(t *testing.T) {
			_, err := svc.ActAs(ctx, domain.System(), "nobody-here")
			wantKind(t, err, domain.NotFound)
		})
	})
}
