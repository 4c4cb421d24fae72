package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hatch/internal/demo"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// 修改法人信息 of an organisation whose 实名认证 stands, through the full
// server on both engines: what keeps it, what re-runs it and how the page
// says so first, and the manual request that a re-run voids.

var (
	revisionPattern = regexp.MustCompile(`name="revision" value="(\d+)"`)
	certPattern     = regexp.MustCompile(`(?s)id="cert-status">.*?</span>([^<]*)</p>`)
	testPNG         = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
)

// certOf is the 实名认证 status at the top right of 我的信息.
func (b *browser) certOf() string {
	b.s.t.Helper()
	m := certPattern.FindStringSubmatch(b.get("/my").body)
	if m == nil {
		b.s.t.Fatal("我的信息 shows no certification status")
	}
	return strings.TrimSpace(m[1])
}

// legalAsOpened is legalForm for rep at the revision 修改法人信息 opens
// with now.
func (b *browser) legalAsOpened(rep string) url.Values {
	b.s.t.Helper()
	f := legalForm(rep, "350203197506082018")
	m := revisionPattern.FindStringSubmatch(b.get("/my/legal").body)
	if m == nil {
		b.s.t.Fatal("修改法人信息 has no revision")
	}
	f.Set("revision", m[1])
	return f
}

// migratedManually logs in the migrated organisation and takes it through
// a failed automatic check (the representative's name mistyped as 陈海风)
// to a pending manual request, approved by the administrator when approve.
func (s *site) migratedManually(approve bool) *browser {
	s.t.Helper()
	b := s.browser().mustLogin(migratedLogin)
	if r := b.post("/my/legal", b.legalAsOpened("陈海风")); r.status != http.StatusSeeOther || b.certOf() != "实名认证未通过" {
		s.t.Fatalf("the mistyped name was not refused: %d %s", r.status, b.certOf())
	}
	b.get("/my/manual")
	if r := b.postMultipart("/my/manual", map[string]string{"note": "以营业执照为准"},
		map[string][]byte{"license": testPNG, "idcard": testPNG}); r.status != http.StatusSeeOther {
		s.t.Fatalf("manual request: %d", r.status)
	}
	if approve {
		admin := s.browser().mustLogin("admin")
		id := regexp.MustCompile(`/admin/certifications/(\d+)"`).FindStringSubmatch(admin.get("/admin/certifications").body)
		if id == nil {
			s.t.Fatal("the queue lists no request")
		}
		admin.get("/admin/certifications/" + id[1])
		if r := admin.post("/admin/certifications/"+id[1]+"/decision", url.Values{"decision": {"approve"}}); r.status != http.StatusSeeOther {
			s.t.Fatalf("approve: %d", r.status)
		}
	}
	return b
}

func TestLegalSaveKeepsAStandingCertification(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.migratedManually(true)
		const approved = "国家平台实名认证通过（人工认证）"
		tests := []struct {
			name  string
			field string // changed to value; "" saves the form unchanged
			value string
		}{
			{"unchanged data is saved without any upload", "", ""},
			{"a new address alone keeps it", "reg_address", "福建省厦门市思明区软件园二期观日路2号"},
			{"a new mobile number alone keeps it", "auth_mobile", "13900000003"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				checks := strings.Count(b.get("/my").body, "<td>自动认证</td>")
				form := b.legalAsOpened("陈海风")
				if tt.field != "" {
					form.Set(tt.field, tt.value)
				}
				r := b.post("/my/legal", form)
				if r.status != http.StatusSeeOther {
					t.Fatalf("save: %d\n%s", r.status, r.body)
				}
				my := b.get("/my").body
				if got := b.certOf(); got != approved {
					t.Errorf("status after saving is %q, want %q", got, approved)
				}
				mustContain(t, "我的信息", my, "认证状态不变", tt.value)
				if n := strings.Count(my, "<td>自动认证</td>"); n != checks {
					t.Errorf("the save ran an automatic check (%d checks, were %d)", n, checks)
				}
			})
		}
	})
}

func TestLegalChangeThatRechecksIsConfirmedFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.migratedManually(true)
		t.Run("the form names the fields that re-run 实名认证 before anything is saved", func(t *testing.T) {
			page := b.get("/my/legal").body
			mustContain(t, "修改法人信息", page, `id="recert-info"`, "“单位名称”、“法定代表人姓名”、“法定代表人证件类型”、“法定代表人证件号码”",
				`data-recert="单位名称" data-saved="厦门鹭创孵化器管理有限公司"`, `data-recert="法定代表人证件号码"`,
				`id="recert-live" role="status" hidden`, "/static/legal.")
			if n := strings.Count(page, "data-recert="); n != 4 {
				t.Errorf("%d fields are marked as re-running 实名认证, want 4", n)
			}
		})
		t.Run("the first post of such a change asks to confirm and keeps the input", func(t *testing.T) {
			form := b.legalAsOpened("陈海峰")
			form.Set("reg_address", "福建省厦门市思明区软件园二期观日路3号")
			r := b.post("/my/legal", form)
			if r.status != http.StatusOK {
				t.Fatalf("status %d, want the confirmation page", r.status)
			}
			mustContain(t, "confirmation", r.body, `id="recert-confirm"`, "<td>法定代表人姓名</td><td>陈海风</td><td>陈海峰</td>",
				`value="陈海峰"`, `value="福建省厦门市思明区软件园二期观日路3号"`, `name="confirm_recert" value="1"`, "确认保存并重新认证")
			if strings.Contains(r.body, "<td>单位名称</td>") {
				t.Error("the confirmation lists an unchanged field")
			}
			if got := b.certOf(); got != "国家平台实名认证通过（人工认证）" {
				t.Errorf("asking to confirm changed the status to %q", got)
			}
			if strings.Contains(b.get("/my").body, "观日路3号") {
				t.Error("asking to confirm saved the new address")
			}
		})
		t.Run("confirmed, it is saved and 实名认证 runs again", func(t *testing.T) {
			form := b.legalAsOpened("陈海峰")
			form.Set("confirm_recert", "1")
			if r := b.post("/my/legal", form); r.status != http.StatusSeeOther {
				t.Fatalf("confirm: %d\n%s", r.status, r.body)
			}
			if got := b.certOf(); got != "国家平台实名认证通过" {
				t.Errorf("status %q, want the new automatic check's", got)
			}
		})
		t.Run("a letter chosen with the change is kept through the confirmation", func(t *testing.T) {
			form := b.legalAsOpened("陈海风")
			form.Set("auth_name", "王授权")
			form.Set("auth_id_number", demo.IDNumber("350203", "19850101", "012"))
			fields := map[string]string{}
			for k := range form {
				fields[k] = form.Get(k)
			}
			r := b.postMultipart("/my/legal", fields, map[string][]byte{"auth_letter": testPNG})
			if r.status != http.StatusOK {
				t.Fatalf("status %d, want the confirmation page\n%s", r.status, r.body)
			}
			held := regexpFind(t, `name="held_letter" value="(\d+)"`, r.body)
			mustContain(t, "confirmation", r.body, "已收到您上次选择的授权书文件", `value="王授权"`)
			form.Set("held_letter", held)
			form.Set("confirm_recert", "1")
			if r := b.post("/my/legal", form); r.status != http.StatusSeeOther {
				t.Fatalf("confirm without choosing the letter again: %d\n%s", r.status, r.body)
			}
			mustContain(t, "我的信息", b.get("/my").body, `href="/attachments/`+held+`?inline=1"`, "王授权")
		})
		t.Run("a held letter of another organisation is refused", func(t *testing.T) {
			form := b.legalAsOpened("陈海峰")
			form.Set("auth_name", "赵授权")
			form.Set("auth_id_number", demo.IDNumber("350203", "19860101", "013"))
			form.Set("held_letter", "999999")
			form.Set("confirm_recert", "1")
			r := b.post("/my/legal", form)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "之前选择的授权书已失效") {
				t.Fatalf("status %d, want the letter refused beside its field", r.status)
			}
		})
	})
}

func TestVoidedManualRequestIsListedAsVoid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.migratedManually(false)
		admin := s.browser().mustLogin("admin")
		id := regexpFind(t, `/admin/certifications/(\d+)"`, admin.get("/admin/certifications").body)

		t.Run("saving unchanged data keeps the request waiting", func(t *testing.T) {
			if r := b.post("/my/legal", b.legalAsOpened("陈海风")); r.status != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", r.status, r.body)
			}
			if got := b.certOf(); got != "人工认证审核中" {
				t.Errorf("status %q, want the request still waiting", got)
			}
		})
		form := b.legalAsOpened("陈海峰")
		form.Set("confirm_recert", "1")
		if r := b.post("/my/legal", form); r.status != http.StatusSeeOther {
			t.Fatalf("save the corrected name: %d\n%s", r.status, r.body)
		}
		tests := []struct {
			name, who, path string
			want, not       []string
		}{
			{"the applicant's 认证记录 says 已作废", "applicant", "/my",
				[]string{"<td>人工认证</td><td>已作废</td>"}, []string{"人工认证未通过"}},
			{"the admin's 已作废 tab lists it", "admin", "/admin/certifications?status=manual_void",
				[]string{"厦门鹭创孵化器管理有限公司", "<td>已作废</td>", `/admin/certifications/` + id + `"`}, nil},
			{"the admin's 已驳回 tab does not", "admin", "/admin/certifications?status=manual_rejected",
				[]string{"没有符合条件的认证申请"}, []string{"厦门鹭创"}},
			{"the admin's 全部 tab says 已作废", "admin", "/admin/certifications?status=all",
				[]string{"<td>已作废</td>"}, []string{"人工认证未通过"}},
			{"the request says it was voided, with no decision form", "admin", "/admin/certifications/" + id,
				[]string{`id="cert-void"`, "重新提交了法人信息"}, []string{`id="approve"`}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				who := map[string]*browser{"applicant": b, "admin": admin}[tt.who]
				body := who.get(tt.path).body
				mustContain(t, tt.path, body, tt.want...)
				for _, n := range tt.not {
					if strings.Contains(body, n) {
						t.Errorf("%s shows %q", tt.path, n)
					}
				}
			})
		}
		t.Run("the API lists it as manual_void", func(t *testing.T) {
			r := s.as("admin").call("GET", "/api/v1/admin/certifications?status=manual_void", nil)
			if r.status != http.StatusOK || r.str("items.0.status") != "manual_void" || r.str("items.0.status_label") != "已作废" {
				t.Fatalf("API: %d %s", r.status, r.raw)
			}
		})
	})
}
