package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/demo"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

func TestLoginSendsEachRoleToItsStart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		tests := []struct{ login, want string }{
			{"demo-applicant", "/services"},
			{"demo-staff", "/services"},
			{"91350200MA2Y0DEM69", "/my?gate=1"},
			{"91350200ma2y0dem69", "/my?gate=1"}, // a USCC typed in lower case still logs in
			{"demo-city", "/workbench"},
			{"demo-torch", "/workbench"},
			{"admin", "/admin"},
		}
		for _, tt := range tests {
			t.Run(tt.login+" lands on "+tt.want, func(t *testing.T) {
				b := s.browser().mustLogin(tt.login)
				if r := b.get("/"); r.location != tt.want {
					t.Fatalf("GET / → %d %q, want %q", r.status, r.location, tt.want)
				}
			})
		}
	})
}

func TestLoginRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		tests := []struct {
			name, login, pw, captcha string
			wantStatus               int
			wantText                 string
		}{
			{"wrong password says only that login or password is wrong", "demo-applicant", "Wrong@2021", testCaptcha, 422, "登录名或密码不正确"},
			{"unknown login gets the very same message", "nobody-here", "Wrong@2021", testCaptcha, 422, "登录名或密码不正确"},
			{"missing captcha is asked for", "demo-applicant", demo.Password, "", 422, "请输入图片中的验证码"},
			{"wrong captcha is refused", "demo-applicant", demo.Password, "00000", 422, "验证码不正确"},
			{"empty login is asked for", "", "x", testCaptcha, 422, "请输入登录名"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b := s.browser()
				page := b.get("/login")
				id := captchaIDPattern.FindStringSubmatch(page.body)[1]
				r := b.do("POST", "/login", url.Values{"login": {tt.login}, "password": {tt.pw}, "captcha_id": {id}, "captcha": {tt.captcha}}, nil)
				if r.status != tt.wantStatus || !strings.Contains(r.body, tt.wantText) {
					t.Fatalf("status %d, want %d with %q", r.status, tt.wantStatus, tt.wantText)
				}
				if !strings.Contains(r.body, `value="`+tt.login+`"`) {
					t.Fatal("the login typed was not kept in the form")
				}
				if !strings.Contains(r.body, `href="#`) {
					t.Fatal("no error summary linking to the field")
				}
			})
		}
	})
}

func TestLockOutAfterRepeatedFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser()
		for i := 0; i < service.DefaultSettings().AccountLockAt; i++ {
			if r := b.login("demo-applicant", "Wrong@2021"); r.status != 422 {
				t.Fatalf("failure %d: status %d", i+1, r.status)
			}
		}
		r := b.login("demo-applicant", demo.Password)
		if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "锁定") {
			t.Fatalf("right password during lock-out: status %d", r.status)
		}
		if r := s.browser().login("demo-staff", demo.Password); r.status != http.StatusSeeOther {
			t.Fatalf("another account was locked too: %d", r.status)
		}
	})
}

func TestMigratedAccountIsLedThroughCertification(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("91350200MA2Y0DEM69")
		for _, path := range []string{"/home", "/carriers/new", "/staff"} {
			if r := b.get(path); r.location != "/my?gate=1" {
				t.Fatalf("GET %s → %d %q, want the certification gate", path, r.status, r.location)
			}
		}
		gate := b.get("/my?gate=1")
		if !strings.Contains(gate.body, "完成法人认证后方可进行信息填报") || !strings.Contains(gate.body, "火炬统计") {
			t.Fatal("the gate does not say why certification comes first")
		}
		b.get("/my/legal")
		form := legalForm("陈海峰", "350203197506082018")
		if r := b.post("/my/legal", form); r.status != http.StatusSeeOther {
			t.Fatalf("save legal info: %d\n%s", r.status, r.body)
		}
		if r := b.get("/my"); !strings.Contains(r.body, "国家平台实名认证通过") {
			t.Fatal("我的信息 does not show 国家平台实名认证通过")
		}
		if r := b.get("/home"); r.status != 200 || !strings.Contains(r.body, "91350200MA2Y0DEM69") {
			t.Fatalf("首页 after certification: %d", r.status)
		}
	})
}

// legalForm is the 修改法人信息 form for the migrated demo organisation.
func legalForm(rep, repID string) url.Values {
	return url.Values{"revision": {"1"}, "name": {"厦门鹭创孵化器管理有限公司"}, "org_type": {"企业法人"},
		"reg_address": {"福建省厦门市思明区软件园二期观日路1号"}, "region": {"350200"},
		"auth_name": {rep}, "auth_id_type": {"idcard"}, "auth_id_number": {repID}, "auth_mobile": {"13900000002"},
		"rep_name": {rep}, "rep_id_type": {"idcard"}, "rep_id_number": {repID}}
}

func TestLegalFormKeepsInputAndMarksFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("91350200MA2Y0DEM69")
		b.get("/my/legal")
		form := legalForm("陈海峰", "350203197506082019")
		form.Set("auth_mobile", "1390000")
		r := b.post("/my/legal", form)
		if r.status != 422 {
			t.Fatalf("status %d", r.status)
		}
		if strings.Contains(r.body, `href="#auth_letter"`) {
			t.Error("a typo in the representative's ID number also asked for an authorisation letter")
		}
		for _, want := range []string{`href="#rep_id_number"`, "校验位不正确", `href="#auth_mobile"`, "11位手机号码",
			`value="350203197506082019"`, `aria-invalid="true" aria-describedby="rep_id_number-error"`,
			`aria-invalid="true" aria-describedby="auth_mobile-hint auth_mobile-error"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("re-rendered form lacks %q", want)
			}
		}
	})
}

func TestFailedCertificationGoesToManualReviewAndAdminApproves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("91350200MA2Y0DEM69")
		b.get("/my/legal")
		b.post("/my/legal", legalForm("陈海风", "350203197506082018"))
		failed := b.get("/my")
		if !strings.Contains(failed.body, "实名认证未通过") || !strings.Contains(failed.body, "法定代表人姓名与登记信息不一致") {
			t.Fatal("the failure does not say which item did not match")
		}
		b.get("/my/manual")
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		if r := b.postMultipart("/my/manual", map[string]string{"note": "法定代表人姓名以营业执照为准"},
			map[string][]byte{"license": png, "idcard": png}); r.status != http.StatusSeeOther {
			t.Fatalf("manual request: %d\n%s", r.status, r.body)
		}
		admin := s.browser().mustLogin("admin")
		queue := admin.get("/admin/certifications")
		id := regexpFind(t, `/admin/certifications/(\d+)"`, queue.body)
		admin.get("/admin/certifications/" + id)
		if r := admin.post("/admin/certifications/"+id+"/decision", url.Values{"decision": {"reject"}}); r.status != 422 {
			t.Fatalf("reject without a reason: %d", r.status)
		}
		if r := admin.post("/admin/certifications/"+id+"/decision", url.Values{"decision": {"approve"}}); r.status != http.StatusSeeOther {
			t.Fatalf("approve: %d", r.status)
		}
		if r := b.get("/my"); !strings.Contains(r.body, "国家平台实名认证通过（人工认证）") {
			t.Fatal("the applicant does not see the approval")
		}
	})
}

func TestStaffAccountLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		legal := s.browser().mustLogin("demo-applicant")
		legal.get("/staff")
		r := legal.post("/staff", url.Values{"login": {"wang.jb"}, "name": {"王经办"}, "mobile": {"13800000009"}})
		temp := regexpFind(t, `<code class="token">([^<]+)</code>`, r.body)
		staff := s.browser()
		if r := staff.login("wang.jb", temp); r.status != http.StatusSeeOther {
			t.Fatalf("staff login with the temporary password: %d", r.status)
		}
		if r := staff.get("/home"); r.location != "/account" {
			t.Fatalf("a temporary password must be changed first, got %d %q", r.status, r.location)
		}
		r = staff.post("/account/password", url.Values{"current": {temp}, "new": {"Staff@2021x"}, "confirm": {"Staff@2021x"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("change password: %d", r.status)
		}
		if r := staff.get("/home"); r.status != 200 {
			t.Fatalf("home after changing password: %d", r.status)
		}
		id := regexpFind(t, `(?s)<td>wang\.jb</td>.*?/staff/(\d+)/disable`, legal.get("/staff").body)
		legal.post("/staff/"+id+"/disable", nil)
		if r := staff.get("/home"); r.location == "" || !strings.HasPrefix(r.location, "/login") {
			t.Fatalf("a disabled account still works: %d %q", r.status, r.location)
		}
	})
}

func TestStateChangesNeedTheCSRFToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		form := url.Values{"kind": {"makerspace"}, "name": {"伪造的众创空间"}, "address": {"x"}, "region": {"110108"}, "started_on": {"2019-01-01"}}
		if r := b.do("POST", "/carriers", form, nil); r.status != http.StatusForbidden {
			t.Fatalf("without a token: %d", r.status)
		}
		form.Set("_csrf", b.csrf)
		if r := b.do("POST", "/carriers", form, map[string]string{"Sec-Fetch-Site": "cross-site"}); r.status != http.StatusForbidden {
			t.Fatalf("cross-site with a token: %d", r.status)
		}
		if r := b.do("POST", "/carriers", form, nil); r.status != http.StatusSeeOther {
			t.Fatalf("same-site with a token: %d", r.status)
		}
	})
}

func TestHealthz(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		if r := s.browser().get("/healthz"); r.status != 200 {
			t.Fatalf("healthz %d", r.status)
		}
	})
}

func regexpFind(t *testing.T, pattern, body string) string {
	t.Helper()
	m := regexpMust(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no match for %s", pattern)
	}
	return m[1]
}

func TestOversizedUploadSaysSo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("91350200MA2Y0DEM69")
		b.get("/my/manual")
		const boundary = "hatchboundary"
		head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + b.csrf + "\r\n--" + boundary +
			"\r\nContent-Disposition: form-data; name=\"license\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"
		body := io.MultiReader(strings.NewReader(head), io.LimitReader(zeros{}, 41<<20), strings.NewReader("\r\n--"+boundary+"--\r\n"))
		r := b.do("POST", "/my/manual", nil, map[string]string{"Content-Type": "multipart/form-data; boundary=" + boundary}, body)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "超过 40 MB 上限") {
			t.Fatalf("oversized upload: %d (want 422 saying the limit)", r.status)
		}
	})
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
