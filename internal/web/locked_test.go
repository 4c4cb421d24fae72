package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestALockedApplicationSaysSoBeforeAnyoneTypes: once submitted, or once
// its round has closed, every page of an application is read-only with the
// reason on top; a save that arrives anyway (a tab left open) comes back
// with what was typed and the reason, and uploads and deletes lead back to
// the page instead of an error page.
func TestALockedApplicationSaysSoBeforeAnyoneTypes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		id := s.rvDemoApp()
		app := "/applications/" + itoa(id)
		row := app + "/rows/" + itoa(s.rvTeamRow(id))
		// The tab was opened while the application could still change.
		open := b.get(app + "/sections/basic")
		mustContain(t, "open basic", open.body, `id="save-section"`)
		s.rvSubmit(id)

		pages := []struct{ name, path string }{
			{"基础信息", app + "/sections/basic"},
			{"a text section", app + "/sections/capability"},
			{"承诺书", app + "/sections/pledge"},
			{"a table", app + "/tables/teams"},
			{"a row", row},
			{"the task list", app},
		}
		for _, p := range pages {
			t.Run(p.name+" is read-only and says why", func(t *testing.T) {
				r := b.get(p.path)
				mustContain(t, p.name, r.body, `id="locked"`, "已于 2021-11-15 提交（受理编号 ZC2021-110000-",
					"当前为“待市级初审”", "内容不能再修改", `href="`+app+`/progress">查看办件进度`)
				for _, control := range []string{`id="save-section"`, `id="save-row"`, `id="add-row"`, `class="upload-form"`,
					"删除这一行", `action="` + app + `/tables/teams/imports"`, "data-autosave", `id="generate"`,
					"link-button danger", `id="submit-link"`} {
					if strings.Contains(r.body, control) {
						t.Errorf("%s offers %s", p.name, control)
					}
				}
			})
		}
		t.Run("the forms are disabled", func(t *testing.T) {
			mustContain(t, "basic", b.get(app+"/sections/basic").body, `<fieldset class="form-fields" disabled>`)
			mustContain(t, "row", b.get(row).body, `<fieldset class="form-fields" disabled>`)
		})

		typed := "北京市海淀区中关村大街1号（刚才改的地址）"
		saves := []struct {
			name, path string
			form       url.Values
		}{
			{"a section", app + "/sections/basic", url.Values{"revision": {"1"}, "address": {typed}}},
			{"a row", row, url.Values{"revision": {"1"}, "name": {typed}}},
			{"a new row", app + "/tables/teams", url.Values{"name": {typed}}},
			{"a text section", app + "/sections/capability", url.Values{"revision": {"1"}, "text": {typed}}},
		}
		for _, sv := range saves {
			t.Run("a save of "+sv.name+" from a tab left open keeps what was typed", func(t *testing.T) {
				r := b.post(sv.path, sv.form)
				if r.status != http.StatusConflict {
					t.Fatalf("status %d, want 409", r.status)
				}
				mustContain(t, sv.name, r.body, `id="locked"`, `id="kept"`, "您刚才填写的内容没有保存", typed)
				if strings.Contains(r.body, `<fieldset class="form-fields" disabled>`) || strings.Contains(r.body, "出错了") {
					t.Errorf("the kept input is not there to copy")
				}
			})
		}
		changes := []struct {
			name, path, back string
			post             func(string) response
		}{
			{"an upload to a row", row + "/files", row, func(p string) response {
				return b.postFiles(p, map[string]string{"slot": "agreement"}, "file", map[string][]byte{"a.pdf": []byte("%PDF-1.4\n%%EOF\n")})
			}},
			{"an upload of the 承诺书", app + "/sections/pledge/files", app + "/sections/pledge", func(p string) response {
				return b.postFiles(p, map[string]string{"slot": "pledge"}, "file", map[string][]byte{"a.pdf": []byte("%PDF-1.4\n%%EOF\n")})
			}},
			{"a row's deletion", row + "/delete", row, func(p string) response {
				return b.post(p, url.Values{"revision": {"1"}})
			}},
		}
		for _, c := range changes {
			t.Run(c.name+" leads back to the page, which says why", func(t *testing.T) {
				r := c.post(c.path)
				if r.status != http.StatusSeeOther || r.location != c.back {
					t.Fatalf("%d %q, want 303 to %s", r.status, r.location, c.back)
				}
				mustContain(t, c.name, b.get(r.location).body, "刚才的操作未执行", `id="locked"`)
			})
		}
	})
}

// TestARoundThatClosedLocksItsDrafts: a draft whose round has closed shows
// the closing date before anyone types, and offers no 下载材料 or 提交.
func TestARoundThatClosedLocksItsDrafts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSiteWith(t, st, func(*service.Settings) {}) // on testkit.Day the round is open
		b := s.browser().mustLogin("demo-applicant")
		app := s.branchApp()
		ctx := context.Background()
		round, err := st.RoundByYear(ctx, "makerspace", 2021)
		if err != nil {
			t.Fatal(err)
		}
		round.ClosesOn = "2021-11-14"
		if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateRound(ctx, round, round.Revision) }); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{app, app + "/sections/basic", app + "/tables/teams"} {
			r := b.get(path)
			mustContain(t, path, r.body, `id="locked"`, "已于 2021-11-14 截止，申报书不能再修改或提交")
			if strings.Contains(r.body, `href="`+app+`/progress">查看办件进度`) {
				t.Errorf("%s offers 办件进度 for an application never submitted", path)
			}
		}
		r := b.post(app+"/sections/basic", url.Values{"revision": {"1"}, "contact": {"赵六"}})
		if r.status != http.StatusForbidden {
			t.Fatalf("save after the close: %d", r.status)
		}
		mustContain(t, "refused save", r.body, `id="kept"`, `value="赵六"`)
	})
}

// TestSectionTabsAndMenusFollowTheManual: the filling pages carry the
// sections as tabs across the top with the current one marked, 保存 only
// where the page has something of its own to save, and 在线办事 is a menu
// whose 我的信息 is marked on its page (manual 三, 四（三）5).
func TestSectionTabsAndMenusFollowTheManual(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := "/applications/" + itoa(s.rvDemoApp())
		titles := []string{"基础信息", "服务场地", "人员情况", "孵化和服务情况", "服务能力", "服务绩效", "品牌和文化建设", "发展思路、目标及措施"}
		pages := []struct {
			key   string
			saves bool
		}{{"basic", true}, {"venues", false}, {"staff", false}, {"incubation", false}, {"capability", true}, {"performance", true}}
		for _, p := range pages {
			t.Run(p.key+" has every section as a tab, itself marked", func(t *testing.T) {
				r := b.get(app + "/sections/" + p.key)
				tabs := regexpFind(t, `(?s)<nav class="section-tabs"[^>]*>(.*?)</nav>`, r.body)
				last := -1
				for _, title := range titles {
					i := strings.Index(tabs, ">"+title)
					if i < last {
						t.Errorf("tab %s missing or out of order", title)
					}
					last = i
				}
				mustContain(t, p.key, tabs, `href="`+app+`/sections/`+p.key+`" aria-current="page"`)
				if n := strings.Count(tabs, `aria-current="page"`); n != 1 {
					t.Errorf("%d tabs are marked current", n)
				}
				if got := strings.Contains(r.body, `id="save-section"`); got != p.saves {
					t.Errorf("保存 offered: %v, want %v", got, p.saves)
				}
			})
		}
		t.Run("在线办事 is a menu whose 我的信息 is marked on its page", func(t *testing.T) {
			r := b.get("/my")
			mustContain(t, "my", r.body, `<summary>在线办事</summary>`, `<a href="/my" aria-current="page">我的信息</a>`,
				`class="topnav-menu is-current"`)
			r = b.get("/services")
			mustContain(t, "services", r.body, `<a href="/services" aria-current="page">服务事项</a>`, `class="topnav-menu"`)
		})
	})
}
