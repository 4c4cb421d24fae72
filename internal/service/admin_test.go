package service_test

import (
	"testing"

	"hatch/internal/domain"
	"hatch/internal/password"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

func TestCreateDepartment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		admin := actorOf(t, svc, st, f.Admin.ID)

		cases := []struct {
			name       string
			in         service.DepartmentInput
			field      string // "" when it must be created
			wantRegion string
		}{
			{"a city department with a prefecture is created",
				service.DepartmentInput{Name: "广州市科学技术局", Level: "city", RegionCode: "440100"}, "", "440100"},
			{"a province department with a province is created",
				service.DepartmentInput{Name: "广东省科学技术厅", Level: "province", RegionCode: "440000"}, "", "440000"},
			{"a province-level department of a separately planned city is created",
				service.DepartmentInput{Name: "厦门市科技局（计划单列）", Level: "province", RegionCode: "350200"}, "", "350200"},
			{"the torch centre needs no region",
				service.DepartmentInput{Name: "科技部火炬中心", Level: "torch"}, "", ""},
			{"a province level with an ordinary prefecture is refused",
				service.DepartmentInput{Name: "广州省级部门", Level: "province", RegionCode: "440100"}, "region", ""},
			{"a city department without a region is refused",
				service.DepartmentInput{Name: "无地区科技局", Level: "city"}, "region", ""},
			{"a province department with an unknown region is refused",
				service.DepartmentInput{Name: "未知地区科技厅", Level: "province", RegionCode: "999999"}, "region", ""},
			{"an unknown level is refused",
				service.DepartmentInput{Name: "某县科技局", Level: "county", RegionCode: "440100"}, "level", ""},
			{"a missing name is refused",
				service.DepartmentInput{Name: "  ", Level: "city", RegionCode: "440100"}, "name", ""},
			{"a name already used is refused",
				service.DepartmentInput{Name: "厦门市科学技术局", Level: "city", RegionCode: "350200"}, "name", ""},
		}
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				before, _ := st.Departments(ctx)
				created, err := svc.CreateDepartment(ctx, admin, tt.in)
				if tt.field != "" {
					wantField(t, err, tt.field)
					if after, _ := st.Departments(ctx); len(after) != len(before) {
						t.Fatalf("a refused department was created")
					}
					return
				}
				wantOK(t, err)
				d, err := st.Department(ctx, created.ID)
				wantOK(t, err)
				if d != created {
					t.Fatalf("CreateDepartment returned %+v, stored %+v", created, d)
				}
				if d.Name != tt.in.Name || string(d.Level) != tt.in.Level || d.RegionCode != tt.wantRegion {
					t.Fatalf("department = %+v", d)
				}
				if tt.wantRegion != "" && d.RegionName == "" {
					t.Fatalf("department %+v has no region name", d)
				}
			})
		}

		for _, who := range []struct {
			name string
			id   int64
		}{
			{"a legal account may not create departments", f.A.Legal.ID},
			{"a staff account may not create departments", f.A.Staff.ID},
			{"a reviewer may not create departments", f.Reviewer.ID},
		} {
			t.Run(who.name, func(t *testing.T) {
				a := actorOf(t, svc, st, who.id)
				_, err := svc.CreateDepartment(ctx, a, service.DepartmentInput{Name: "越权部门", Level: "torch"})
				wantKind(t, err, domain.Forbidden)
				_, err = svc.Departments(ctx, a)
				wantKind(t, err, domain.Forbidden)
			})
		}
	})
}

func TestCreateReviewer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		admin := actorOf(t, svc, st, f.Admin.ID)

		t.Run("an admin creates a reviewer who must change the temporary password", func(t *testing.T) {
			u, pw, err := svc.CreateReviewer(ctx, admin, service.ReviewerInput{Login: "reviewer-2", Name: "审核员二", Mobile: "13600000001", DeptID: f.DeptID})
			wantOK(t, err)
			if u.Role != domain.RoleReviewer || u.DeptID != f.DeptID || u.OrgID != 0 || !u.MustChangePassword {
				t.Fatalf("reviewer = %+v", u)
			}
			if msg := password.CheckStrength(pw); msg != "" {
				t.Fatalf("temporary password %q is weak: %s", pw, msg)
			}
			sess := mustLogin(t, svc, st, "reviewer-2", pw)
			state, err := svc.Resume(ctx, sess.Token, "")
			wantOK(t, err)
			if state.Actor.DeptLevel != domain.LevelCity || state.Actor.DeptRegion != "350200" || !state.Actor.MustChangePassword {
				t.Fatalf("reviewer actor = %+v", state.Actor)
			}
		})

		invalid := []struct {
			name  string
			in    service.ReviewerInput
			field string
		}{
			{"an unknown department is a field error on dept",
				service.ReviewerInput{Login: "reviewer-3", Name: "审核员三", Mobile: "13600000002", DeptID: 424242}, "dept"},
			{"no department is a field error on dept",
				service.ReviewerInput{Login: "reviewer-4", Name: "审核员四", Mobile: "13600000003"}, "dept"},
			{"a taken login is a field error on login",
				service.ReviewerInput{Login: f.A.Legal.Login, Name: "重名", Mobile: "13600000004", DeptID: f.DeptID}, "login"},
			{"no contact is a field error on mobile",
				service.ReviewerInput{Login: "reviewer-5", Name: "审核员五", DeptID: f.DeptID}, "mobile"},
		}
		for _, tt := range invalid {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := svc.CreateReviewer(ctx, admin, tt.in)
				wantField(t, err, tt.field)
			})
		}

		for _, who := range []struct {
			name string
			id   int64
		}{
			{"a legal account may not create reviewers", f.A.Legal.ID},
			{"a reviewer may not create reviewers", f.Reviewer.ID},
		} {
			t.Run(who.name, func(t *testing.T) {
				_, _, err := svc.CreateReviewer(ctx, actorOf(t, svc, st, who.id),
					service.ReviewerInput{Login: "sneaky-reviewer", Name: "越权", Mobile: "13600000009", DeptID: f.DeptID})
				wantKind(t, err, domain.Forbidden)
				if _, _, err := st.UserByLogin(ctx, "sneaky-reviewer"); domain.KindOf(err) != domain.NotFound {
					t.Fatal("the reviewer was created")
				}
			})
		}
	})
}

func TestAdminOnlyPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		calls := []struct {
			name string
			call func(a domain.Actor) error
		}{
			{"users", func(a domain.Actor) error { _, err := svc.Users(ctx, a, domain.UserFilter{}); return err }},
			{"outbox", func(a domain.Actor) error { _, err := svc.Outbox(ctx, a); return err }},
			{"audit log", func(a domain.Actor) error { _, err := svc.AuditLog(ctx, a, domain.AuditFilter{}); return err }},
			{"certification queue", func(a domain.Actor) error { _, err := svc.CertQueue(ctx, a, ""); return err }},
			{"departments", func(a domain.Actor) error { _, err := svc.Departments(ctx, a); return err }},
		}
		admin := actorOf(t, svc, st, f.Admin.ID)
		legal := actorOf(t, svc, st, f.A.Legal.ID)
		reviewer := actorOf(t, svc, st, f.Reviewer.ID)
		for _, c := range calls {
			t.Run("the admin may open "+c.name, func(t *testing.T) { wantOK(t, c.call(admin)) })
			t.Run("a legal account may not open "+c.name, func(t *testing.T) { wantKind(t, c.call(legal), domain.Forbidden) })
			t.Run("a reviewer may not open "+c.name, func(t *testing.T) { wantKind(t, c.call(reviewer), domain.Forbidden) })
		}

		t.Run("an admin cannot disable their own account", func(t *testing.T) {
			wantKind(t, svc.AdminSetDisabled(ctx, admin, admin.ID, true), domain.Invalid)
			if user(t, st, f.Admin.ID).Disabled {
				t.Fatal("the admin disabled themselves")
			}
		})

		t.Run("an admin disabling an account ends its sessions", func(t *testing.T) {
			tok, _ := sessionFor(t, svc, st, f.B.Staff.ID)
			wantOK(t, svc.AdminSetDisabled(ctx, admin, f.B.Staff.ID, true))
			_, err := svc.Resume(ctx, tok, "")
			wantKind(t, err, domain.Unauthenticated)
		})

		t.Run("the audit log records what the admin did, newest first", func(t *testing.T) {
			entries, err := svc.AuditLog(ctx, admin, domain.AuditFilter{Actor: f.Admin.Login})
			wantOK(t, err)
			if len(entries) == 0 || entries[0].Action != "user.disable" || entries[0].TargetID != f.B.Staff.ID {
				t.Fatalf("audit entries = %+v", entries)
			}
		})
	})
}
