package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"hatch/internal/demo"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

const importHeader = "团队名称,团队负责人,团队状态,创业团队人员数量（人）,项目名称,技术领域,入驻时间,是否获得投融资\n"

// branchApp is the path of demo-applicant's half-filled application,
// still a draft.
func (s *site) branchApp() string {
	s.t.Helper()
	list, err := s.svc.Applications(context.Background(), s.applicant())
	if err != nil {
		s.t.Fatal(err)
	}
	for _, a := range list {
		v, err := s.svc.Application(context.Background(), s.applicant(), a.ID)
		if err == nil && v.Carrier.Name == demo.Branch.Name {
			return "/applications/" + strconv.FormatInt(a.ID, 10)
		}
	}
	s.t.Fatal("no application for the branch")
	return ""
}

func TestTableImportThroughThePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := s.branchApp()
		table := app + "/tables/teams"
		t.Run("the table page offers the template, the export and the import", func(t *testing.T) {
			page := b.get(table)
			mustContain(t, "table page", page.body, `href="`+table+`/template"`, `href="`+table+`/export"`,
				`action="`+table+`/imports"`, `value="replace"`)
			for _, path := range []string{table + "/template", table + "/export", app + "/export"} {
				r := b.get(path)
				if r.status != http.StatusOK || !strings.HasPrefix(r.body, "PK") {
					t.Errorf("%s: %d, %d bytes", path, r.status, len(r.body))
				}
			}
		})
		t.Run("an import is previewed on its own page, then committed", func(t *testing.T) {
			b.get(table)
			r := b.postMultipart(table+"/imports", map[string]string{"mode": "append"}, map[string][]byte{
				"file": []byte(importHeader + "新导入团队,张三,在孵,5,智能硬件,电子信息,2021-01-15,否\n" +
					"空负责人团队,,在孵,3,新材料,新材料,2021-02-01,否\n")})
			if r.status != http.StatusSeeOther || !strings.Contains(r.location, app+"/imports/") {
				t.Fatalf("import: %d %q\n%s", r.status, r.location, r.body)
			}
			preview := b.get(r.location)
			mustContain(t, "preview", preview.body, "新增 <strong>2</strong> 行", "第 3 行 B 列（团队负责人）",
				`id="import-commit"`)
			before := len(s.rowsOf(t, app, "teams"))
			done := b.post(r.location+"/commit", nil)
			if done.status != http.StatusSeeOther || done.location != table {
				t.Fatalf("commit: %d %q", done.status, done.location)
			}
			mustContain(t, "table after import", b.get(table).body, "已导入", "新导入团队")
			if n := len(s.rowsOf(t, app, "teams")); n != before+2 {
				t.Fatalf("%d rows after import, want %d", n, before+2)
			}
			if again := b.get(r.location); again.status != http.StatusConflict {
				t.Errorf("a committed preview answers %d, want 409", again.status)
			}
		})
		t.Run("a refused cell is shown at its row and column with no way to commit", func(t *testing.T) {
			b.get(table)
			r := b.postMultipart(table+"/imports", nil, map[string][]byte{
				"file": []byte(importHeader + "转化团队,张三,已注册为企业,5,智能硬件,电子信息,2021-01-15,否\n")})
			preview := b.get(r.location)
			mustContain(t, "refused preview", preview.body, "不能导入", "第 2 行 D 列（创业团队人员数量）",
				"请在文件中清空这个单元格后重新导入", "文件修改后", "放弃这次导入", "入驻协议")
			if strings.Contains(preview.body, `id="import-commit"`) {
				t.Error("a refused preview offers to commit")
			}
		})
		t.Run("a file that is no spreadsheet goes back to the table with the reason", func(t *testing.T) {
			b.get(table)
			r := b.postMultipart(table+"/imports", nil, map[string][]byte{"file": {0x89, 'P', 'N', 'G', 0, 1}})
			if r.status != http.StatusSeeOther || r.location != table+"?import=1#import" {
				t.Fatalf("bad file: %d %q", r.status, r.location)
			}
			mustContain(t, "table", b.get(r.location).body, "不是 CSV 文本文件", `id="import" open`)
		})
		t.Run("another organisation's account cannot import into it", func(t *testing.T) {
			s.orgB()
			other := s.browser().mustLogin("orgb-legal")
			other.get("/home")
			r := other.postMultipart(table+"/imports", nil, map[string][]byte{"file": []byte(importHeader)})
			if r.status != http.StatusNotFound {
				t.Fatalf("B's import into A's table: %d %q", r.status, r.location)
			}
		})
	})
}

func TestTableImportThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		c := s.as("demo-applicant")
		app := "/api/v1" + s.branchApp()
		r := expect(t, "import", c.multipart("POST", app+"/tables/teams/imports", map[string]string{"mode": "append"},
			map[string][]byte{"file": []byte(importHeader + "接口团队,张三,在孵,5,智能硬件,电子信息,2021-01-15,否\n")}),
			http.StatusCreated)
		if r.num("new") != 1 || r.get("can_commit") != true {
			t.Fatalf("preview: %s", r)
		}
		id := strconv.FormatInt(r.num("id"), 10)
		expect(t, "preview again", c.call("GET", app+"/imports/"+id, nil), http.StatusOK)
		done := expect(t, "commit", c.call("POST", app+"/imports/"+id+"/commit", nil), http.StatusOK)
		if done.num("new") != 1 {
			t.Fatalf("commit: %s", done)
		}
		expect(t, "commit twice", c.call("POST", app+"/imports/"+id+"/commit", nil), http.StatusConflict)
		tpl := expect(t, "template", c.call("GET", app+"/tables/teams/template", nil), http.StatusOK)
		if tpl.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("template type %q", tpl.header.Get("Content-Type"))
		}
	})
}

// rowsOf reads a table of an application from the store.
func (s *site) rowsOf(t *testing.T, appPath, table string) []string {
	t.Helper()
	id, _ := strconv.ParseInt(strings.TrimPrefix(appPath, "/applications/"), 10, 64)
	rows, err := s.st.Rows(context.Background(), id, table)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Data["name"]
	}
	return out
}

func TestTableAttachmentsThroughThePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := s.branchApp()
		table := app + "/tables/teams"
		names := s.rowsOf(t, app, "teams")
		page := b.get(table)
		mustContain(t, "table page", page.body, `action="`+table+`/attachments"`, "团队名称-附件类别")
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create(names[0] + "-入驻协议.pdf")
		w.Write([]byte("%PDF-1.4 协议扫描件"))
		w, _ = zw.Create("不存在的团队-入驻协议.pdf")
		w.Write([]byte("%PDF-1.4"))
		zw.Close()
		r := b.postFiles(table+"/attachments", nil, "zip", map[string][]byte{"附件.zip": buf.Bytes()})
		if r.status != http.StatusSeeOther || !strings.Contains(r.location, "/attachment-imports/") {
			t.Fatalf("upload zip: %d %q\n%s", r.status, r.location, r.body)
		}
		preview := b.get(r.location)
		mustContain(t, "preview", preview.body, "可以上传 <strong>1</strong> 个", "表中没有团队名称为“不存在的团队”的行",
			`id="files-commit"`)
		done := b.post(r.location+"/commit", nil)
		if done.status != http.StatusSeeOther || done.location != table {
			t.Fatalf("commit: %d %q", done.status, done.location)
		}
		mustContain(t, "table after upload", b.get(table).body, "已上传“累计创业团队情况汇总表”的附件 1 个")
	})
}
