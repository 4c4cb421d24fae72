package service_test

import (
	"errors"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/password"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// carrierInput is a valid 载体 form.
func carrierInput(kind domain.CarrierKind, name string) service.CarrierInput {
	return service.CarrierInput{Kind: string(kind), Name: name, Address: "厦门市思明区观音山商务区1号",
		RegionCode: "350200", StartedOn: "2019-05-01"}
}

func TestCarriers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		legalA := actorOf(t, svc, st, f.A.Legal.ID)
		legalB := actorOf(t, svc, st, f.B.Legal.ID)
		staffA := actorOf(t, svc, st, f.A.Staff.ID)
		migrated := actorOf(t, svc, st, f.Migrated.Legal.ID)

		t.Run("an uncertified organisation may not create carriers or open the home page", func(t *testing.T) {
			_, err := svc.CreateCarrier(ctx, migrated, carrierInput(domain.KindIncubator, "未认证孵化器"))
			if !errors.Is(err, service.ErrNotCertified) {
				t.Fatalf("CreateCarrier err = %v, want ErrNotCertified", err)
			}
			wantKind(t, err, domain.Forbidden)
			_, err = svc.Home(ctx, migrated)
			if !errors.Is(err, service.ErrNotCertified) {
				t.Fatalf("Home err = %v, want ErrNotCertified", err)
			}
			wantKind(t, err, domain.Forbidden)
		})

		t.Run("the certified legal account creates and updates a carrier", func(t *testing.T) {
			id, err := svc.CreateCarrier(ctx, legalA, carrierInput(domain.KindIncubator, "  甲孵化器一号  "))
			wantOK(t, err)
			c, err := svc.Carrier(ctx, legalA, id)
			wantOK(t, err)
			if c.Name != "甲孵化器一号" || c.OrgID != f.A.ID || c.Kind != domain.KindIncubator || c.RegionName != "福建省 厦门市" || c.Revision != 1 {
				t.Fatalf("created carrier = %+v", c)
			}
			in := carrierInput(domain.KindMakerspace, "甲众创空间")
			in.Revision = c.Revision
			wantOK(t, svc.UpdateCarrier(ctx, legalA, id, in))
			c2, err := svc.Carrier(ctx, legalA, id)
			wantOK(t, err)
			if c2.Name != "甲众创空间" || c2.Kind != domain.KindMakerspace || c2.Revision != c.Revision+1 {
				t.Fatalf("updated carrier = %+v", c2)
			}
		})

		t.Run("the home page groups carriers by kind", func(t *testing.T) {
			o := addOrg(t, st, orgFixture{Name: "首页测试单位", USCC: "HOME00000000000001", Legal: account{Login: "legal-home"}}, domain.CertPassed, false)
			legal := actorOf(t, svc, st, o.Legal.ID)
			for _, c := range []service.CarrierInput{
				carrierInput(domain.KindIncubator, "孵化器乙"),
				carrierInput(domain.KindUniPark, "大学科技园"),
				carrierInput(domain.KindIncubator, "孵化器甲"),
			} {
				_, err := svc.CreateCarrier(ctx, legal, c)
				wantOK(t, err)
			}
			h, err := svc.Home(ctx, legal)
			wantOK(t, err)
			if h.Org.ID != o.ID {
				t.Fatalf("home org = %d, want %d", h.Org.ID, o.ID)
			}
			if n := len(h.Carriers[domain.KindIncubator]); n != 2 {
				t.Fatalf("%d incubators, want 2", n)
			}
			if n := len(h.Carriers[domain.KindUniPark]); n != 1 {
				t.Fatalf("%d university parks, want 1", n)
			}
			if n := len(h.Carriers[domain.KindMakerspace]); n != 0 {
				t.Fatalf("%d maker-spaces, want 0", n)
			}
			for kind, list := range h.Carriers {
				for _, c := range list {
					if c.Kind != kind || c.OrgID != o.ID {
						t.Fatalf("carrier %+v listed under %s", c, kind)
					}
				}
			}
		})

		t.Run("another organisation can neither read nor update my carrier", func(t *testing.T) {
			id, err := svc.CreateCarrier(ctx, legalA, carrierInput(domain.KindIncubator, "甲的私有载体"))
			wantOK(t, err)
			_, err = svc.Carrier(ctx, legalB, id)
			wantKind(t, err, domain.NotFound)
			in := carrierInput(domain.KindIncubator, "乙改的名字")
			in.Revision = 1
			wantKind(t, svc.UpdateCarrier(ctx, legalB, id, in), domain.NotFound)
			c, err := svc.Carrier(ctx, legalA, id)
			wantOK(t, err)
			if c.Name != "甲的私有载体" || c.Revision != 1 {
				t.Fatalf("carrier changed by another org: %+v", c)
			}
		})

		t.Run("a duplicate name in one organisation is a conflict on name", func(t *testing.T) {
			_, err := svc.CreateCarrier(ctx, legalA, carrierInput(domain.KindIncubator, "重名载体"))
			wantOK(t, err)
			_, err = svc.CreateCarrier(ctx, legalA, carrierInput(domain.KindMakerspace, "重名载体"))
			wantFieldOf(t, err, domain.Conflict, "name")
			other, err := svc.CreateCarrier(ctx, legalA, carrierInput(domain.KindMakerspace, "另一个载体"))
			wantOK(t, err)
			in := carrierInput(domain.KindMakerspace, "重名载体")
			in.Revision = 1
			wantFieldOf(t, svc.UpdateCarrier(ctx, legalA, other, in), domain.Conflict, "name")
			_, err = svc.CreateCarrier(ctx, legalB, carrierInput(domain.KindIncubator, "重名载体"))
			wantOK(t, err)
		})

		t.Run("a stale revision is a Conflict", func(t *testing.T) {
			id, err := svc.CreateCarrier(ctx, legalA, carrierInput(domain.KindIncubator, "并发编辑载体"))
			wantOK(t, err)
			in := carrierInput(domain.KindIncubator, "第一次保存")
			in.Revision = 1
			wantOK(t, svc.UpdateCarrier(ctx, legalA, id, in))
			in.Name = "第二次用旧版本保存"
			wantKind(t, svc.UpdateCarrier(ctx, legalA, id, in), domain.Conflict)
			c, _ := svc.Carrier(ctx, legalA, id)
			if c.Name != "第一次保存" {
				t.Fatalf("stale save overwrote the carrier: %+v", c)
			}
		})

		t.Run("a staff account cannot create carriers but can see the home page", func(t *testing.T) {
			_, err := svc.CreateCarrier(ctx, staffA, carrierInput(domain.KindIncubator, "经办人建的载体"))
			wantKind(t, err, domain.Forbidden)
			if errors.Is(err, service.ErrNotCertified) {
				t.Fatal("staff of a certified org told to certify")
			}
			h, err := svc.Home(ctx, staffA)
			wantOK(t, err)
			if h.Org.ID != f.A.ID || len(h.Carriers) == 0 {
				t.Fatalf("staff home = org %d with %d kinds", h.Org.ID, len(h.Carriers))
			}
			for _, list := range h.Carriers {
				for _, c := range list {
					if c.Name == "经办人建的载体" {
						t.Fatal("the staff account's carrier was created")
					}
				}
			}
		})

		invalid := []struct {
			name  string
			edit  func(in *service.CarrierInput)
			field string
		}{
			{"an unknown kind is a field error on kind", func(in *service.CarrierInput) { in.Kind = "factory" }, "kind"},
			{"an empty name is a field error on name", func(in *service.CarrierInput) { in.Name = " " }, "name"},
			{"an empty address is a field error on address", func(in *service.CarrierInput) { in.Address = "" }, "address"},
			{"an unknown region is a field error on region", func(in *service.CarrierInput) { in.RegionCode = "000000" }, "region"},
			{"a date in the wrong format is a field error on started_on", func(in *service.CarrierInput) { in.StartedOn = "2019/05/01" }, "started_on"},
			{"a future date is a field error on started_on", func(in *service.CarrierInput) { in.StartedOn = "2999-01-01" }, "started_on"},
		}
		for _, tt := range invalid {
			t.Run(tt.name, func(t *testing.T) {
				in := carrierInput(domain.KindIncubator, "表单校验载体")
				tt.edit(&in)
				_, err := svc.CreateCarrier(ctx, legalA, in)
				wantField(t, err, tt.field)
			})
		}
	})
}

func TestStaff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		legalA := actorOf(t, svc, st, f.A.Legal.ID)

		t.Run("new staff get a strong temporary password and must change it at first login", func(t *testing.T) {
			u, pw, err := svc.AddStaff(ctx, legalA, service.StaffInput{Login: "jingban-1", Name: "经办人一", Mobile: "13700000001"})
			wantOK(t, err)
			if msg := password.CheckStrength(pw); msg != "" {
				t.Fatalf("temporary password %q is weak: %s", pw, msg)
			}
			if u.Role != domain.RoleStaff || u.OrgID != f.A.ID || !u.MustChangePassword {
				t.Fatalf("new staff = %+v", u)
			}
			sess := mustLogin(t, svc, st, "jingban-1", pw)
			if !sess.User.MustChangePassword || sess.User.ID != u.ID {
				t.Fatalf("login user = %+v", sess.User)
			}
			state, err := svc.Resume(ctx, sess.Token, "")
			wantOK(t, err)
			if state.Actor.Role != domain.RoleStaff || !state.Actor.OrgCertified {
				t.Fatalf("staff actor = %+v", state.Actor)
			}
		})

		taken := []struct {
			name  string
			login string
		}{
			{"an existing staff login is a field error on login", f.A.Staff.Login},
			{"an existing login in other letter case is a field error on login", "STAFF-A"},
			{"another organisation's login is a field error on login", f.B.Staff.Login},
			{"the admin's login is a field error on login", f.Admin.Login},
		}
		for _, tt := range taken {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := svc.AddStaff(ctx, legalA, service.StaffInput{Login: tt.login, Name: "重名", Mobile: "13700000002"})
				wantField(t, err, "login")
			})
		}

		invalid := []struct {
			name  string
			in    service.StaffInput
			field string
		}{
			{"a login shorter than four characters is a field error on login", service.StaffInput{Login: "abc", Name: "短", Mobile: "13700000003"}, "login"},
			{"a login with Chinese characters is a field error on login", service.StaffInput{Login: "经办人账号", Name: "中文", Mobile: "13700000003"}, "login"},
			{"no mobile and no e-mail is a field error on mobile", service.StaffInput{Login: "no-contact", Name: "无联系方式"}, "mobile"},
			{"a malformed e-mail is a field error on email", service.StaffInput{Login: "bad-email", Name: "邮箱错", Email: "not-an-address"}, "email"},
			{"a missing name is a field error on name", service.StaffInput{Login: "no-name", Mobile: "13700000003"}, "name"},
		}
		for _, tt := range invalid {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := svc.AddStaff(ctx, legalA, tt.in)
				wantField(t, err, tt.field)
			})
		}

		t.Run("the legal account cannot reset or disable another organisation's staff", func(t *testing.T) {
			before, _ := st.PasswordHash(ctx, f.B.Staff.ID)
			_, err := svc.ResetStaffPassword(ctx, legalA, f.B.Staff.ID)
			wantKind(t, err, domain.NotFound)
			wantKind(t, svc.SetStaffDisabled(ctx, legalA, f.B.Staff.ID, true), domain.NotFound)
			u := user(t, st, f.B.Staff.ID)
			after, _ := st.PasswordHash(ctx, f.B.Staff.ID)
			if u.Disabled || u.MustChangePassword || after != before {
				t.Fatalf("org B's staff was changed by org A: %+v", u)
			}
		})

		t.Run("the staff page cannot reset or disable the legal account itself", func(t *testing.T) {
			_, err := svc.ResetStaffPassword(ctx, legalA, f.A.Legal.ID)
			wantKind(t, err, domain.NotFound)
			wantKind(t, svc.SetStaffDisabled(ctx, legalA, f.A.Legal.ID, true), domain.NotFound)
		})

		t.Run("disabling a staff member ends their sessions at once", func(t *testing.T) {
			u, pw, err := svc.AddStaff(ctx, legalA, service.StaffInput{Login: "jingban-off", Name: "将停用", Email: "off@example.com"})
			wantOK(t, err)
			tok, _ := sessionFor(t, svc, st, u.ID)
			wantOK(t, svc.SetStaffDisabled(ctx, legalA, u.ID, true))
			_, err = svc.Resume(ctx, tok, "")
			wantKind(t, err, domain.Unauthenticated)
			_, err = login(t, svc, st, "jingban-off", pw, "10.0.0.1")
			wantKind(t, err, domain.Forbidden)
			wantOK(t, svc.SetStaffDisabled(ctx, legalA, u.ID, false))
			mustLogin(t, svc, st, "jingban-off", pw)
		})

		t.Run("resetting a staff password ends their sessions and requires a change", func(t *testing.T) {
			tok, _ := sessionFor(t, svc, st, f.A.Staff.ID)
			tp, err := svc.ResetStaffPassword(ctx, legalA, f.A.Staff.ID)
			wantOK(t, err)
			pw := tp.Password
			if tp.User.ID != f.A.Staff.ID || !tp.User.MustChangePassword {
				t.Fatalf("the reset returns the account %+v, want the staff member, to change the password", tp.User)
			}
			_, err = svc.Resume(ctx, tok, "")
			wantKind(t, err, domain.Unauthenticated)
			sess := mustLogin(t, svc, st, f.A.Staff.Login, pw)
			if !sess.User.MustChangePassword {
				t.Fatal("reset staff password need not be changed")
			}
		})

		t.Run("the staff list shows the organisation's accounts, legal first", func(t *testing.T) {
			list, err := svc.Staff(ctx, legalA)
			wantOK(t, err)
			if len(list) < 2 || list[0].ID != f.A.Legal.ID {
				t.Fatalf("staff list = %+v", list)
			}
			for _, u := range list {
				if u.OrgID != f.A.ID {
					t.Fatalf("another org's account listed: %+v", u)
				}
			}
		})

		forbidden := []struct {
			name    string
			id      int64
			notCert bool
		}{
			{"a staff account cannot add staff", f.A.Staff.ID, false},
			{"an uncertified legal account cannot add staff", f.Migrated.Legal.ID, true},
			{"an admin cannot add staff to no organisation", f.Admin.ID, false},
		}
		for _, tt := range forbidden {
			t.Run(tt.name, func(t *testing.T) {
				a := actorOf(t, svc, st, tt.id)
				_, _, err := svc.AddStaff(ctx, a, service.StaffInput{Login: "never-made", Name: "不应创建", Mobile: "13700000009"})
				wantKind(t, err, domain.Forbidden)
				if tt.notCert && !errors.Is(err, service.ErrNotCertified) {
					t.Fatalf("err = %v, want ErrNotCertified", err)
				}
				if _, _, err := st.UserByLogin(ctx, "never-made"); domain.KindOf(err) != domain.NotFound {
					t.Fatal("the account was created")
				}
			})
		}
	})
}
