package service_test

import (
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestRefusalsAreSaidInTheUsersWords: the store refuses with bare
// sentinels; each use case says the refusal in its own words, as a
// Conflict, or beside the field it concerns.
func TestRefusalsAreSaidInTheUsersWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		admin := actorOf(t, e.svc, st, e.f.Admin.ID)
		said := func(t *testing.T, err error, kind domain.Kind, want string) {
			t.Helper()
			wantKind(t, err, kind)
			if got := domain.Message(err); got != want {
				t.Fatalf("message = %q, want %q", got, want)
			}
		}
		beside := func(t *testing.T, err error, kind domain.Kind, field, want string) {
			t.Helper()
			wantFieldOf(t, err, kind, field)
			if got := domain.FieldsOf(err).Get(field); got != want {
				t.Fatalf("%s: %q, want %q", field, got, want)
			}
		}
		t.Run("a carrier name the organisation has", func(t *testing.T) {
			_, err := e.svc.CreateCarrier(ctx, e.a, carrierInput(domain.KindMakerspace, "甲众创空间"))
			beside(t, err, domain.Conflict, "name", "本单位已有名为“甲众创空间”的载体。")
		})
		t.Run("a carrier changed by someone else", func(t *testing.T) {
			in := carrierInput(domain.KindMakerspace, "甲众创空间改名")
			in.Revision = 99
			said(t, e.svc.UpdateCarrier(ctx, e.a, e.space, in), domain.Conflict,
				"其他人已在您打开页面后修改并保存了这些信息。请查看最新内容后再保存。")
		})
		app := e.newApp(t)
		t.Run("a second application of a carrier in a round", func(t *testing.T) {
			_, err := e.svc.CreateApplication(ctx, e.a, e.space, e.round.ID)
			said(t, err, domain.Conflict, "该载体在本批次已有申报书。")
		})
		t.Run("deleting a row changed by someone else", func(t *testing.T) {
			row := e.saveRow(t, app, "teams", domain.Values{"name": "删除测试团队"})
			said(t, e.svc.DeleteRow(ctx, e.a, app, row.ID, row.Revision+1), domain.Conflict, "其他人已在您打开页面后修改了这一行。")
		})
		t.Run("a staff login already in use", func(t *testing.T) {
			_, _, err := e.svc.AddStaff(ctx, e.a, service.StaffInput{Login: e.f.B.Staff.Login, Name: "重名", Mobile: "13900000001"})
			beside(t, err, domain.Invalid, "login", "登录名“"+e.f.B.Staff.Login+"”已被使用，请换一个。")
		})
		t.Run("a department name already in use", func(t *testing.T) {
			in := service.DepartmentInput{Name: "福建省科学技术厅", Level: "province", RegionCode: "350000"}
			_, err := e.svc.CreateDepartment(ctx, admin, in)
			wantOK(t, err)
			_, err = e.svc.CreateDepartment(ctx, admin, in)
			beside(t, err, domain.Invalid, "name", "已有同名部门。")
		})
	})
}
