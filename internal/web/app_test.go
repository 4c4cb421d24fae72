package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// The pages of 众创空间国家备案, driven as a user would: forms posted with
// the page's CSRF token, redirects followed by hand, and the answers read
// for what the user sees (messages beside fields, kept input, both
// versions on a conflict).

var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")

// newApplication adds a 众创空间 of its own (so the demo data's
// applications never collide) and creates its application through the
// pages: 新建 → 填报说明 → 任务清单. It returns the application's path.
func newApplication(t *testing.T, b *browser, name string) string {
	t.Helper()
	b.get("/carriers/new?kind=makerspace")
	r := b.post("/carriers", url.Values{"kind": {"makerspace"}, "name": {name}, "address": {"北京市海淀区知春路1号"},
		"region": {"110108"}, "started_on": {"2019-01-01"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("add carrier: %d\n%s", r.status, r.body)
	}
	page := b.get("/applications/new")
	if page.status != 200 {
		t.Fatalf("new application page: %d", page.status)
	}
	carrier := regexpFind(t, `(?s)name="carrier" id="[^"]+" value="(\d+)">\s*<span><strong>`+regexp.QuoteMeta(name)+`<`, page.body)
	round := regexpFind(t, `name="round" id="[^"]+" value="(\d+)"`, page.body)
	r = b.post("/applications", url.Values{"carrier": {carrier}, "round": {round}})
	if r.status != http.StatusSeeOther || !regexpMust(`^/applications/\d+/guidance$`).MatchString(r.location) {
		t.Fatalf("create application: %d %q\n%s", r.status, r.location, r.body)
	}
	return strings.TrimSuffix(r.location, "/guidance")
}

// applicant is the certified legal account of organisation A, as the
// service sees it.
func (s *site) applicant() domain.Actor {
	u, _, err := s.st.UserByLogin(context.Background(), "demo-applicant")
	if err != nil {
		s.t.Fatal(err)
	}
	return domain.Actor{User: u, OrgCertified: true}
}

func uploadOf(name string, data []byte) *service.Upload {
	return &service.Upload{Name: name, Body: bytes.NewReader(data)}
}

func appIDOf(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	for _, c := range strings.TrimPrefix(path, "/applications/") {
		id = id*10 + int64(c-'0')
	}
	return id
}

func mustContain(t *testing.T, what string, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func TestApplicationIsCreatedThroughThePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		home := b.get("/home")
		mustContain(t, "the menu of the three application types", home.body,
			`href="/applications?type=makerspace"`, `href="/applications?type=incubator"`,
			`href="/applications?type=exemption"`, "认定备案管理", "税收优惠")
		app := newApplication(t, b, "测试众创空间")
		guidance := b.get(app + "/guidance")
		mustContain(t, "填报说明", guidance.body, "规范性要求", "主要指标解释", "2021-10-31", "2020-11-01 至 2021-10-31",
			"不晚于 2020-04-30", "2021-11-19", `href="`+app+`"`, "申报书已创建")
		tasks := b.get(app)
		mustContain(t, "任务清单", tasks.body, "任务清单", `href="`+app+`/sections/basic"`, "未开始", "备案条件",
			"C4a", "待补充", "下载承诺书模板", `href="`+app+`/guidance"`)
		list := b.get("/applications")
		mustContain(t, "申报书列表", list.body, "测试众创空间", "2021年度众创空间国家备案", "填报中", "新建众创空间国家备案申报书")

		// The same 众创空间 and round again: the existing one is offered.
		page := b.get("/applications/new")
		carrier := regexpFind(t, `(?s)value="(\d+)">\s*<span><strong>测试众创空间<`, page.body)
		round := regexpFind(t, `name="round" id="[^"]+" value="(\d+)"`, page.body)
		r := b.post("/applications", url.Values{"carrier": {carrier}, "round": {round}})
		if r.status != http.StatusConflict {
			t.Fatalf("second application: %d", r.status)
		}
		mustContain(t, "重复申报", r.body, "该载体在本批次已有申报书", `href="`+app+`"`)

		// Nothing chosen: messages beside the choices, linked from the summary.
		r = b.post("/applications", url.Values{})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("empty choice: %d", r.status)
		}
		mustContain(t, "未选择载体", r.body, `href="#carrier"`, `id="carrier-error"`, "请选择本单位运营的众创空间")
	})
}

func TestSectionDraftKeepsProblemsAndRefusesComputedValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "测试众创空间")
		page := b.get(app + "/sections/basic")
		// 基础信息 starts with the carrier's facts, as defaults nobody has
		// saved yet: the page opens neutral, without a list of problems.
		mustContain(t, "基础信息", page.body, `name="revision" value="0"`, `value="北京市海淀区`, `id="contact_mobile"`, `type="tel"`,
			`id="region"`, `name="tech_fields"`, `type="checkbox"`, "自动生成", `type="date"`, `selected`)
		for _, unwanted := range []string{"本页还有", `aria-invalid="true"`, `class="field-error"`} {
			if strings.Contains(page.body, unwanted) {
				t.Errorf("the untouched 基础信息 shows %q before the first save", unwanted)
			}
		}
		r := b.post(app+"/sections/basic", url.Values{"revision": {"0"}, "contact": {"王经理"},
			"contact_mobile": {"1390000"}, "tech_fields": {"电子信息", "新材料"}, "address": {"北京市海淀区知春路1号"}})
		if r.status != http.StatusSeeOther || r.location != app+"/sections/basic" {
			t.Fatalf("save basic: %d %q\n%s", r.status, r.location, r.body)
		}
		page = b.get(app + "/sections/basic")
		mustContain(t, "保存后的基础信息", page.body, "已保存草稿，仍有", `id="contact_mobile-error"`,
			"联系人手机应为11位手机号码", `value="1390000"`, `aria-invalid="true" aria-describedby="contact_mobile-error"`,
			`href="#contact_mobile"`, `href="#contact_email"`, "请填写电子邮箱", `name="revision" value="1"`,
			`value="电子信息" checked`, `value="新材料" checked`)
		if strings.Contains(page.body, `value="航空航天" checked`) {
			t.Error("an option not chosen is checked")
		}

		// A computed value is refused whole; nothing is stored.
		r = b.post(app+"/sections/basic", url.Values{"revision": {"1"}, "contact": {"李四"}, "media_count": {"5"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("computed value: %d", r.status)
		}
		mustContain(t, "拒绝计算项", r.body, "主流媒体报道次数由系统自动生成，不能填写", `href="#media_count"`,
			`value="李四"`, `id="media_count-error"`)
		secs, err := st.Sections(context.Background(), appIDOf(t, app))
		if err != nil {
			t.Fatal(err)
		}
		if got := secs["basic"]; got.Revision != 1 || got.Data["contact"] != "王经理" || got.Data["media_count"] != "" {
			t.Fatalf("a refused save changed the section: %+v", got)
		}
		// An unknown key is refused too, not dropped.
		if r := b.post(app+"/sections/basic", url.Values{"revision": {"1"}, "no_such_field": {"x"}}); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("unknown key: %d", r.status)
		}
	})
}

func TestRowsNotFillableConflictsAndDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "测试众创空间")
		form := b.get(app + "/tables/teams/new")
		mustContain(t, "新增团队", form.body, `data-not-fillable-when-field="state"`,
			`data-not-fillable-when-values="[&#34;在孵&#34;,&#34;已迁出&#34;]"`, "仅当“团队状态”为“已注册为企业”时填写（此时必填），其他情况不可填。", "“团队状态”为“已注册为企业”或“已迁出”时不可填。",
			"可与本行一起保存", `id="save-and-new"`)
		team := url.Values{"name": {"智感科技团队"}, "leader": {"陈晨"}, "state": {"在孵"}, "members": {"5"},
			"project": {"柔性传感器"}, "field": {"电子信息"}, "joined_on": {"2021-03-01"}, "financed": {"否"},
			"registered_on": {"2021-06-01"}}
		r := b.post(app+"/tables/teams", team)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("not-fillable cell: %d", r.status)
		}
		mustContain(t, "不可填被拒", r.body, `id="registered_on-error"`, "转化为企业注册时间在“在孵”状态下为不可填项目",
			`value="2021-06-01"`, `value="智感科技团队"`, `href="#registered_on"`)
		if rows, _ := st.Rows(context.Background(), appIDOf(t, app), "teams"); len(rows) != 0 {
			t.Fatal("a refused row was stored")
		}

		team.Del("registered_on")
		r = b.post(app+"/tables/teams", team)
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, app+"/rows/") {
			t.Fatalf("add team: %d %q\n%s", r.status, r.location, r.body)
		}
		row := r.location
		page := b.get(row)
		mustContain(t, "团队行", page.body, "已保存草稿，仍有 1 处问题", "请上传入驻协议。", `href="#file-agreement"`,
			`name="revision" value="1"`, `action="`+row+`/files"`)
		list := b.get(app + "/tables/teams")
		mustContain(t, "团队列表", list.body, "智感科技团队", "共 <strong>1</strong> 行", `href="`+row+`"`)

		// Two people save the same row: the second sees both versions.
		team.Set("revision", "1")
		team.Set("leader", "陈晨晨")
		if r := b.post(row, team); r.status != http.StatusSeeOther {
			t.Fatalf("first update: %d\n%s", r.status, r.body)
		}
		team.Set("leader", "刘洋")
		r = b.post(row, team)
		if r.status != http.StatusConflict {
			t.Fatalf("stale update: %d", r.status)
		}
		mustContain(t, "冲突", r.body, "最新保存的内容", "您填写的内容", "陈晨晨", "刘洋", "再次点击“保存”将以您的内容为准",
			`name="revision" value="2"`, `value="刘洋"`, `href="`+row+`">放弃我的修改并重新载入`)

		// Files: a PNG is listed, a text file is refused in Chinese.
		b.get(row)
		r = b.postMultipart(row+"/files", map[string]string{"slot": "agreement"}, map[string][]byte{"file": png})
		if r.status != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", r.status, r.body)
		}
		page = b.get(row)
		mustContain(t, "上传后", page.body, "file照片.png", "?inline=1", `target="_blank"`, "已上传")
		if strings.Contains(page.body, "请上传入驻协议") {
			t.Error("the agreement is still asked for")
		}
		r = b.postMultipart(row+"/files", map[string]string{"slot": "agreement"}, map[string][]byte{"file": []byte("这不是图片，而是一段文字。")})
		// A refused upload leads back to the row, so a refresh posts nothing
		// again; the reason is beside the slot's input.
		if r.status != http.StatusSeeOther || r.location != row+"#file-agreement" {
			t.Fatalf("text upload: %d %q", r.status, r.location)
		}
		page = b.get(row)
		mustContain(t, "拒绝文本文件", page.body, "文件格式不符", `id="file-agreement-error"`, `href="#file-agreement"`,
			`class="notice notice-error"`)
		if again := b.get(row); strings.Contains(again.body, "文件格式不符") {
			t.Error("the refusal is shown again after a reload")
		}

		// Several files at once: the good ones are kept, the bad one is named.
		b.get(row)
		r = b.postFiles(row+"/files", map[string]string{"slot": "agreement"}, "file", map[string][]byte{
			"协议第二页.png": png, "说明.txt": []byte("这不是图片，而是一段文字。"), "协议第三页.png": png})
		if r.status != http.StatusSeeOther {
			t.Fatalf("mixed upload: %d", r.status)
		}
		page = b.get(row)
		mustContain(t, "mixed upload", page.body, "已上传 2 个文件；1 个文件未上传", "“说明.txt”：", "协议第二页.png", "协议第三页.png")
		page = b.get(row)
		fileID := regexpFind(t, `action="/applications/\d+/files/(\d+)/delete"`, page.body)
		if r := b.post(app+"/files/"+fileID+"/delete", url.Values{"back": {row}}); r.status != http.StatusSeeOther || r.location != row {
			t.Fatalf("delete file: %d %q", r.status, r.location)
		}
		if page := b.get(row); strings.Contains(page.body, "file照片.png") {
			t.Error("the deleted file is still listed")
		}
		// Deleting the row asks first, and refuses a stale revision.
		confirm := b.get(row + "/delete")
		mustContain(t, "确认删除", confirm.body, "确认删除", "智感科技团队", `name="revision" value="2"`)
		if r := b.post(row+"/delete", url.Values{"revision": {"1"}}); r.status != http.StatusConflict {
			t.Fatalf("delete at a stale revision: %d", r.status)
		}
		if r := b.post(row+"/delete", url.Values{"revision": {"2"}}); r.status != http.StatusSeeOther || r.location != app+"/tables/teams" {
			t.Fatalf("delete: %d %q", r.status, r.location)
		}
		list = b.get(app + "/tables/teams")
		if strings.Contains(list.body, ">智感科技团队</td>") || !strings.Contains(list.body, "已删除第 1 行（智感科技团队）及其附件") {
			t.Error("the deleted row is still listed, or the page does not say it was deleted")
		}
	})
}

func TestTableSearchSortAndProblemsFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "测试众创空间")
		ctx, a, id := context.Background(), s.applicant(), appIDOf(t, app)
		var complete int64
		for _, name := range []string{"B团队", "A团队", "C团队"} {
			saved, err := s.svc.SaveRow(ctx, a, id, "teams", 0, domain.Values{"name": name, "leader": "负责人" + name,
				"state": "在孵", "members": "3", "project": "项目", "field": "电子信息", "joined_on": "2021-01-05", "financed": "否"}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if name == "A团队" {
				complete = saved.ID
			}
		}
		if _, err := s.svc.AttachFile(ctx, a, id, complete, "agreement", uploadOf("协议.png", png)); err != nil {
			t.Fatal(err)
		}
		page := b.get(app + "/tables/teams")
		mustContain(t, "表格", page.body, "共 <strong>3</strong> 行，其中 <strong class=\"text-problem\">2</strong> 行有问题",
			"只看有问题的行 (2)", "团队人员数量（人）", `href="`+app+`/tables/teams?sort=name"`)
		order := func(body string) string {
			var got []string
			for _, m := range regexpMust(`<td class="text">(.团队)</td>`).FindAllStringSubmatch(body, -1) {
				got = append(got, m[1])
			}
			return strings.Join(got, ",")
		}
		if got := order(page.body); got != "B团队,A团队,C团队" {
			t.Fatalf("entry order: %s", got)
		}
		sorted := b.get(app + "/tables/teams?sort=name&desc=1")
		if got := order(sorted.body); got != "C团队,B团队,A团队" {
			t.Fatalf("sorted by name, descending: %s", got)
		}
		mustContain(t, "排序", sorted.body, `aria-sort="descending"`, `href="`+app+`/tables/teams?sort=name"`)
		if got := order(b.get(app + "/tables/teams?q=" + url.QueryEscape("a团")).body); got != "A团队" {
			t.Fatalf("search: %s", got)
		}
		filtered := b.get(app + "/tables/teams?problems=1")
		if got := order(filtered.body); got != "B团队,C团队" {
			t.Fatalf("problems filter: %s", got)
		}
		mustContain(t, "筛选", filtered.body, "1 处问题", "请上传入驻协议", "显示全部行")
		if got := order(b.get(app + "/tables/teams?q=" + url.QueryEscape("没有这个")).body); got != "" {
			t.Fatalf("search for nothing: %s", got)
		}
	})
}

func TestTextSectionAutosaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "测试众创空间")
		page := b.get(app + "/sections/capability")
		mustContain(t, "服务能力", page.body, "data-autosave", "data-autosave-status", `<textarea id="text"`, "不超过 5000 字")
		js := map[string]string{"Accept": "application/json", "X-CSRF-Token": b.csrf}
		r := b.do("POST", app+"/sections/capability", url.Values{"revision": {"0"}, "text": {"建有创业导师库和线上服务平台。"}}, js)
		if r.status != 200 {
			t.Fatalf("autosave: %d %s", r.status, r.body)
		}
		var saved struct {
			Revision int64  `json:"revision"`
			SavedAt  string `json:"saved_at"`
			Issues   []any  `json:"issues"`
		}
		if err := json.Unmarshal([]byte(r.body), &saved); err != nil || saved.Revision != 1 || !regexpMust(`^\d\d:\d\d$`).MatchString(saved.SavedAt) {
			t.Fatalf("autosave answer %s (%v)", r.body, err)
		}
		r = b.do("POST", app+"/sections/capability", url.Values{"revision": {"0"}, "text": {"另一个版本"}}, js)
		if r.status != http.StatusConflict || !strings.Contains(r.body, "建有创业导师库") || !strings.Contains(r.body, `"revision":1`) {
			t.Fatalf("stale autosave: %d %s", r.status, r.body)
		}
		if r := b.do("POST", app+"/sections/capability", url.Values{"revision": {"1"}, "text": {"x"}}, map[string]string{"Accept": "application/json"}); r.status != http.StatusForbidden {
			t.Fatalf("autosave without the CSRF token: %d", r.status)
		}
		if page := b.get(app + "/sections/capability"); !strings.Contains(page.body, "建有创业导师库和线上服务平台。</textarea>") {
			t.Fatal("the autosaved text is not on the page")
		}
		// A script's row save with the token in the header reads the body too.
		r = b.do("POST", app+"/tables/activities", url.Values{"name": {"创业沙龙第一期"}}, map[string]string{"X-CSRF-Token": b.csrf})
		if r.status != http.StatusSeeOther {
			t.Fatalf("row save with the token in a header: %d", r.status)
		}
		if rows, _ := st.Rows(context.Background(), appIDOf(t, app), "activities"); len(rows) != 1 || rows[0].Data["name"] != "创业沙龙第一期" {
			t.Fatalf("row saved without its values: %+v", rows)
		}
	})
}

func TestPledgeTemplateAndUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "测试众创空间")
		page := b.get(app + "/sections/pledge")
		mustContain(t, "承诺书", page.body, `href="`+app+`/pledge-template"`, `action="`+app+`/sections/pledge/files"`,
			"每个文件不超过 10 MB，每份申报书的附件合计不超过 200 MB")
		req, _ := http.NewRequest("GET", s.srv.URL+app+"/pledge-template", nil)
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''"+url.QueryEscape("承诺书.pdf")) {
			t.Fatalf("pledge template: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		r := b.postMultipart(app+"/sections/pledge/files", map[string]string{"slot": "pledge"}, map[string][]byte{"file": png})
		if r.status != http.StatusSeeOther {
			t.Fatalf("upload pledge: %d\n%s", r.status, r.body)
		}
		if tasks := b.get(app); !regexpMust(`(?s)sections/pledge".*?已完成`).MatchString(tasks.body) {
			t.Error("the pledge section is not 已完成 after the upload")
		}
	})
}

func TestAnotherOrganisationCannotReachTheApplication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		s.orgB()
		a := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, a, "测试众创空间")
		a.get(app + "/sections/basic")
		if r := a.post(app+"/sections/basic", url.Values{"revision": {"0"}, "contact": {"王经理"}}); r.status != http.StatusSeeOther {
			t.Fatalf("A's own save: %d", r.status)
		}
		row, err := s.svc.SaveRow(context.Background(), s.applicant(), appIDOf(t, app), "teams", 0, domain.Values{"name": "A 的团队"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		rowPath := app + "/rows/" + itoa(row.ID)
		for _, login := range []string{"orgb-legal", "orgb-staff"} {
			b := s.browser().mustLogin(login)
			for _, path := range []string{app, app + "/guidance", app + "/sections/basic", app + "/tables/teams",
				app + "/tables/teams/new", rowPath, rowPath + "/delete", app + "/pledge-template"} {
				if r := b.get(path); r.status != http.StatusNotFound {
					t.Errorf("%s GET %s → %d", login, path, r.status)
				}
			}
			b.get("/applications")
			for path, form := range map[string]url.Values{
				app + "/sections/basic":  {"revision": {"2"}, "contact": {"篡改"}},
				app + "/tables/teams":    {"name": {"篡改"}},
				rowPath:                  {"revision": {"1"}, "name": {"篡改"}},
				rowPath + "/delete":      {"revision": {"1"}},
				app + "/files/1/delete":  {"back": {app}},
				rowPath + "/files":       {"slot": {"agreement"}},
				app + "/sections/pledge": {},
			} {
				if r := b.post(path, form); r.status != http.StatusNotFound {
					t.Errorf("%s POST %s → %d", login, path, r.status)
				}
			}
			if list := b.get("/applications"); strings.Contains(list.body, "测试众创空间") {
				t.Errorf("%s sees A's application in its list", login)
			}
		}
		secs, _ := st.Sections(context.Background(), appIDOf(t, app))
		rows, _ := st.Rows(context.Background(), appIDOf(t, app), "teams")
		if secs["basic"].Data["contact"] != "王经理" || len(rows) != 1 || rows[0].Data["name"] != "A 的团队" {
			t.Fatalf("another organisation changed A's application: %+v %+v", secs["basic"], rows)
		}
	})
}

// TestApplicationPagesMatchGoldenFiles pins the task list, a table page,
// a section with fields and one whose figures are all computed.
func TestApplicationPagesMatchGoldenFiles(t *testing.T) { testApplicationPages(t, goldenFiles) }

func testApplicationPages(t *testing.T, g golden) {
	g.each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "测试众创空间")
		b.get(app + "/guidance") // takes the flash of the creation
		ctx, a, id := context.Background(), s.applicant(), appIDOf(t, app)
		if _, err := s.svc.SaveSection(ctx, a, id, "basic", domain.Values{"contact": "王经理", "contact_mobile": "1390000"}, 0); err != nil {
			t.Fatal(err)
		}
		for _, v := range []domain.Values{
			{"name": "智感科技团队", "leader": "陈晨", "state": "在孵", "members": "5", "joined_on": "2021-03-01", "financed": "否"},
			{"name": "青禾农业团队", "leader": "李青", "state": "已注册为企业", "joined_on": "2020-12-01", "financed": "是"},
		} {
			if _, err := s.svc.SaveRow(ctx, a, id, "teams", 0, v, 0); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range []struct{ name, path string }{
			{"app_tasks", app},
			{"app_table", app + "/tables/teams"},
			{"app_section", app + "/sections/basic"},
			{"app_section_totals", app + "/sections/venues"},
		} {
			t.Run(p.name, func(t *testing.T) {
				r := b.get(p.path)
				if r.status != 200 {
					t.Fatalf("%s: %d", p.path, r.status)
				}
				g.check(t, p.name, normaliseApp(normalise(r.body)))
			})
		}
	})
}

var appVolatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`/(applications|rows|files|attachments)/\d+`), "/$1/N"},
}

func normaliseApp(body string) string {
	for _, v := range appVolatile {
		body = v.re.ReplaceAllString(body, v.with)
	}
	return body
}

// TestNewRowKeepsTheFilesChosenWithIt: a new row's form takes its files,
// stored once the row is; a refused file leaves the row saved and says so.
func TestNewRowKeepsTheFilesChosenWithIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		table := s.branchApp() + "/tables/venues"
		form := b.get(table + "/new")
		mustContain(t, "new row form", form.body, `enctype="multipart/form-data"`, `name="file-proof"`, "必须上传")
		venue := map[string]string{"name": "带附件的场地", "address": "北京市大兴区科创十三街18号", "area": "300",
			"station_area": "100", "public_area": "80", "stations": "20", "tenure": "自有产权"}
		r := b.postFiles(table, venue, "file-proof", map[string][]byte{"产权证明.png": png})
		if r.status != http.StatusSeeOther || !strings.Contains(r.location, "/rows/") {
			t.Fatalf("save with a file: %d %q\n%s", r.status, r.location, r.body)
		}
		mustContain(t, "the new row", b.get(r.location).body, "产权证明.png")

		b.get(table + "/new")
		venue["name"] = "附件有误的场地"
		r = b.postFiles(table, venue, "file-proof", map[string][]byte{"说明.txt": []byte("这不是图片。")})
		if r.status != http.StatusSeeOther || !strings.Contains(r.location, "/rows/") {
			t.Fatalf("save with a bad file: %d %q", r.status, r.location)
		}
		mustContain(t, "row saved, file refused", b.get(r.location).body, "行已保存，但以下附件未上传", "“说明.txt”")
	})
}

// TestAnOverLongNameIsRefusedNotCut: the carrier form has no maxlength, so
// a pasted name longer than the limit reaches the server, which says so
// beside the field and keeps every character typed.
func TestAnOverLongNameIsRefusedNotCut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		form := b.get("/carriers/new?kind=makerspace")
		if strings.Contains(form.body, `maxlength=`) {
			t.Fatal("the carrier form still cuts what is pasted")
		}
		name := strings.Repeat("启", 101)
		r := b.post("/carriers", url.Values{"kind": {"makerspace"}, "name": {name}, "address": {"北京市海淀区知春路1号"},
			"region": {"110108"}, "started_on": {"2018-03-15"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("over-long name: %d %q", r.status, r.location)
		}
		mustContain(t, "refused name", r.body, "载体名称不能超过100个字符，当前101个", `value="`+name+`"`)
	})
}
