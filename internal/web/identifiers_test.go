package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"

	"golang.org/x/text/width"
)

// A 统一社会信用代码 or 身份证号码 typed in lower case, in full width or in
// groups, through the full server on both engines: it is stored and shown
// as the standards write it, found by it, and the same code in another
// spelling is a duplicate.

const enterpriseImportHeader = "企业名称,统一社会信用代码,注册时间,来源,入驻时间,企业状态,企业人员数量（人）,技术领域,是否获得投融资\n"

func enterpriseRow(name, code string) url.Values {
	return url.Values{"name": {name}, "uscc": {code}, "registered_on": {"2020-12-01"}, "source": {"直接入驻"},
		"joined_on": {"2021-01-15"}, "state": {"在孵"}, "employees": {"12"}, "field": {"电子信息"}, "financed": {"否"}}
}

func TestCodesLoggedInWithAreFoundHoweverTyped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		for _, typed := range []string{strings.ToLower(migratedLogin), width.Widen.String(migratedLogin),
			" " + strings.ToLower(width.Widen.String(migratedLogin[:8])) + " " + migratedLogin[8:] + " "} {
			if r := s.browser().login(typed, demo.Password); r.status != http.StatusSeeOther {
				t.Errorf("login as %q: %d", typed, r.status)
			}
		}
	})
}

func TestLegalInfoStoresDocumentNumbersCanonically(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin(migratedLogin)
		const id = "350203197506082018"
		form := b.legalAsOpened("陈海峰")
		form.Set("rep_id_number", width.Widen.String(id))
		form.Set("auth_id_number", "350203 19750608 2018")
		if r := b.post("/my/legal", form); r.status != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.status, r.body)
		}
		if got := b.certOf(); got != "国家平台实名认证通过" {
			t.Errorf("status %q: the folded number did not match the registry's", got)
		}
		page := b.get("/my/legal").body
		mustContain(t, "修改法人信息", page, `name="rep_id_number" type="text" value="`+id+`"`,
			`name="auth_id_number" type="text" value="`+id+`"`)

		form = b.legalAsOpened("陈海峰")
		form.Set("rep_id_number", "35020319750608２０1Ｏ")
		r := b.post("/my/legal", form)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a letter O: %d", r.status)
		}
		mustContain(t, "refused", r.body, "居民身份证号码第18位是字母O，应为数字或X；如果是数字零，请填写0。")
		if strings.Contains(r.body, "应为18位，当前为18位") {
			t.Error("the message contradicts itself")
		}
	})
}

func TestTableCodesAreStoredCanonically(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "代码测试众创空间")
		appID := appIDOf(t, app)
		const code = "91440101MA5CJQ4N59"
		stored := func(table string) []string {
			t.Helper()
			rows, err := st.Rows(context.Background(), appID, table)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, r.Data["uscc"]+r.Data["id_number"])
			}
			return out
		}

		t.Run("a lower-case code is stored and shown in capitals", func(t *testing.T) {
			b.get(app + "/tables/enterprises/new")
			r := b.post(app+"/tables/enterprises", enterpriseRow("海蓝科技有限公司", strings.ToLower(code)))
			if r.status != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", r.status, r.body)
			}
			mustContain(t, "row page", b.get(r.location).body, `value="`+code+`"`)
			list := b.get(app + "/tables/enterprises").body
			mustContain(t, "table", list, code)
			if strings.Contains(list, strings.ToLower(code)) {
				t.Error("the table shows the code in lower case")
			}
		})
		t.Run("the same code in full width is stored in ASCII and is a duplicate", func(t *testing.T) {
			b.get(app + "/tables/enterprises/new")
			r := b.post(app+"/tables/enterprises", enterpriseRow("海蓝科技（重复）", width.Widen.String(code)))
			if r.status != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", r.status, r.body)
			}
			mustContain(t, "row page", b.get(r.location).body, `value="`+code+`"`,
				"统一社会信用代码 "+code+" 与第 1 行重复，同一企业只能填报一次。")
			if got := stored("enterprises"); strings.Join(got, ",") != code+","+code {
				t.Fatalf("stored %q", got)
			}
		})
		t.Run("a staff member's number with a lower-case x is stored with X", func(t *testing.T) {
			b.get(app + "/tables/staff/new")
			r := b.post(app+"/tables/staff", url.Values{"name": {"张三"}, "gender": {"男"}, "id_number": {"110105 19491231 002x"},
				"education": {"大学本科"}, "title": {"运营经理"}, "category": {"专职服务人员"}, "trained": {"否"}, "experience": {"五年孵化服务"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", r.status, r.body)
			}
			if got := stored("staff"); len(got) != 1 || got[0] != "11010519491231002X" {
				t.Fatalf("stored %q", got)
			}
		})
		t.Run("a letter O in a code is named with its place, never folded", func(t *testing.T) {
			b.get(app + "/tables/enterprises/new")
			r := b.post(app+"/tables/enterprises", enterpriseRow("字母O科技", "91440101MA5CJQ4NO9"))
			if r.status != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", r.status, r.body)
			}
			mustContain(t, "row page", b.get(r.location).body, `value="91440101MA5CJQ4NO9"`,
				"统一社会信用代码第17位是字母O，不是可用的字符（代码中不使用字母I、O、S、V、Z）；如果是数字零，请填写0。")
		})
		t.Run("an import stores a lower-case full-width code in capitals", func(t *testing.T) {
			table := app + "/tables/enterprises"
			b.get(table)
			r := b.postMultipart(table+"/imports", map[string]string{"mode": "append"}, map[string][]byte{
				"file": []byte(enterpriseImportHeader +
					"北京示例科技有限公司,９１１１０１０８ｍａ０１ｄｅｍａ９４,2020-12-01,直接入驻,2021-01-15,在孵,10,电子信息,否\n")})
			if r.status != http.StatusSeeOther {
				t.Fatalf("import: %d\n%s", r.status, r.body)
			}
			mustContain(t, "preview", b.get(r.location).body, "新增 <strong>1</strong> 行")
			if done := b.post(r.location+"/commit", nil); done.status != http.StatusSeeOther || done.location != table {
				t.Fatalf("commit: %d %q", done.status, done.location)
			}
			if got := stored("enterprises"); len(got) != 4 || got[3] != "91110108MA01DEMA94" {
				t.Fatalf("stored %q", got)
			}
		})
		t.Run("an import finds the row by its code in lower case", func(t *testing.T) {
			table := app + "/tables/enterprises"
			b.get(table)
			r := b.postMultipart(table+"/imports", map[string]string{"mode": "append"}, map[string][]byte{
				"file": []byte(enterpriseImportHeader +
					"北京示例科技有限公司,91110108ma01dema94,2020-12-01,直接入驻,2021-01-15,在孵,20,电子信息,否\n")})
			mustContain(t, "preview", b.get(r.location).body, "新增 <strong>0</strong> 行", "更新 <strong>1</strong> 行")
		})
		t.Run("an import naming one code twice in two spellings is refused", func(t *testing.T) {
			table := app + "/tables/enterprises"
			b.get(table)
			r := b.postMultipart(table+"/imports", map[string]string{"mode": "append"}, map[string][]byte{
				"file": []byte(enterpriseImportHeader +
					"甲,91350200MA2Y0DEM69,2020-12-01,直接入驻,2021-01-15,在孵,10,电子信息,否\n" +
					"乙,９１３５０２００ｍａ２ｙ０ｄｅｍ６９,2020-12-01,直接入驻,2021-01-15,在孵,10,电子信息,否\n")})
			mustContain(t, "preview", b.get(r.location).body, "第 3 行", "与第 2 行的统一社会信用代码相同，同一统一社会信用代码只能出现一次。")
		})
	})
}

// TestAccountCodesAreOneHoweverTyped: creating an account for an
// organisation whose code is already registered, typed in another
// spelling, is refused as a duplicate.
func TestAccountCodesAreOneHoweverTyped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		_, _, err := s.svc.CreateAccount(context.Background(), domain.System(), service.AccountInput{Login: "dup-legal",
			Role: "legal", Password: demo.Password, OrgUSCC: strings.ToLower(width.Widen.String(migratedLogin)), OrgName: "重复单位"})
		if !strings.Contains(domain.Message(err), "统一社会信用代码 "+migratedLogin+" 已注册") {
			t.Fatalf("err = %v", err)
		}
	})
}
