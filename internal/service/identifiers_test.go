package service_test

import (
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"

	"golang.org/x/text/width"
)

// TestCodesAreStoredCanonically: a 统一社会信用代码 or 身份证号码 typed in
// lower case, in full width or in groups is stored as the standards write
// it, compared so (the same code in another spelling is the same code),
// and found so.
func TestCodesAreStoredCanonically(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		admin := domain.System()

		t.Run("a new organisation's code and login are stored canonically", func(t *testing.T) {
			u, _, err := svc.CreateAccount(ctx, admin, service.AccountInput{Login: " ９１４４０３００ｍａ５ｄｅｍ０ａ６３ ",
				Role: "legal", Password: testPassword, OrgUSCC: "9144 0300 ma5d em0a 63", OrgName: "深圳示例"})
			wantOK(t, err)
			if o := org(t, st, u.OrgID); o.USCC != "91440300MA5DEM0A63" || u.Login != "91440300MA5DEM0A63" {
				t.Fatalf("stored code %q, login %q", o.USCC, u.Login)
			}
		})
		t.Run("an organisation's code in another spelling is a duplicate", func(t *testing.T) {
			_, _, err := svc.CreateAccount(ctx, admin, service.AccountInput{Login: "another-legal", Role: "legal",
				Password: testPassword, OrgUSCC: strings.ToLower(width.Widen.String(usccA)), OrgName: "重复单位"})
			if err == nil || !strings.Contains(domain.Message(err), "统一社会信用代码 "+usccA+" 已注册") {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("a staff account finds its organisation by the code in lower case", func(t *testing.T) {
			u, _, err := svc.CreateAccount(ctx, admin, service.AccountInput{Login: "staff-a2", Role: "staff",
				Password: testPassword, OrgUSCC: strings.ToLower(usccA)})
			if err != nil || u.OrgID != f.A.ID {
				t.Fatalf("staff of #%d, %v; want #%d", u.OrgID, err, f.A.ID)
			}
		})
		t.Run("a migrated account logs in with its code however typed", func(t *testing.T) {
			for _, typed := range []string{strings.ToLower(usccMigrated), width.Widen.String(usccMigrated), " 913502 00ma2y 0dem69 "} {
				if s := mustLogin(t, svc, st, typed, testPassword); s.User.ID != f.Migrated.Legal.ID {
					t.Errorf("login %q is #%d", typed, s.User.ID)
				}
			}
		})
		t.Run("法人信息: a full-width representative number is stored canonically and matches the registry", func(t *testing.T) {
			legal := actorOf(t, svc, st, f.Migrated.Legal.ID)
			in := legalInfo(f.Migrated, org(t, st, f.Migrated.ID).Revision)
			in.RepIDNumber, in.AuthIDNumber = width.Widen.String(idRepB), "440524 18800101 0014"
			res, err := svc.SaveLegalInfo(ctx, legal, in)
			wantOK(t, err)
			o := org(t, st, f.Migrated.ID)
			if res.Status != domain.CertPassed || o.RepIDNumber != idRepB || o.AuthIDNumber != idRepB {
				t.Fatalf("status %s %v, stored %q and %q", res.Status, res.Mismatches, o.RepIDNumber, o.AuthIDNumber)
			}
		})
		t.Run("法人信息: the number in lower case is no change to a certified organisation", func(t *testing.T) {
			legal := actorOf(t, svc, st, f.A.Legal.ID)
			_, err := svc.SaveLegalInfo(ctx, legal, legalInfo(f.A, org(t, st, f.A.ID).Revision))
			wantOK(t, err)
			in := legalInfo(f.A, org(t, st, f.A.ID).Revision)
			in.RepIDNumber, in.AuthIDNumber = strings.ToLower(idRepA), strings.ToLower(width.Widen.String(idRepA))
			in.Confirmed = false
			res, err := svc.SaveLegalInfo(ctx, legal, in)
			wantOK(t, err)
			if !res.Kept || len(res.Unconfirmed) > 0 || org(t, st, f.A.ID).RepIDNumber != idRepA {
				t.Fatalf("result %+v, stored %q", res, org(t, st, f.A.ID).RepIDNumber)
			}
		})
		t.Run("法人信息: a character that cannot be folded is named with its place", func(t *testing.T) {
			legal := actorOf(t, svc, st, f.A.Legal.ID)
			in := legalInfo(f.A, org(t, st, f.A.ID).Revision)
			in.RepIDNumber = "1101051949123１OO2X"
			_, err := svc.SaveLegalInfo(ctx, legal, in)
			wantField(t, err, "rep_id_number")
			if msg := domain.FieldsOf(err).Get("rep_id_number"); msg != "居民身份证号码第15位是字母O，应为数字；如果是数字零，请填写0。" {
				t.Fatalf("message: %q", msg)
			}
		})
	})
}
