package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// The reviewers' side through the full server: the 工作台, the review page
// with its forms, remarks, files and exports, and the API, on both engines.

// rvDemoApp is demo-applicant's complete application (启明星众创空间).
func (s *site) rvDemoApp() int64 {
	s.t.Helper()
	a := s.applicant()
	apps, err := s.st.ApplicationsOfOrg(context.Background(), a.OrgID)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, app := range apps {
		if app.CarrierName == "启明星众创空间" {
			return app.ID
		}
	}
	s.t.Fatal("no demo application 启明星众创空间")
	return 0
}

// rvOrgApp is demo-applicant's application of the type for the carrier:
// besides 启明星众创空间, the demo holds the 孵化器认定 of 启明星科技企业孵化器
// and, for 启明星众创空间（中关村分部）, its filed 2021 众创空间 application and
// its 免税资格申请.
func (s *site) rvOrgApp(carrier, typeCode string) domain.Application {
	s.t.Helper()
	apps, err := s.st.ApplicationsOfOrg(context.Background(), s.applicant().OrgID)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, app := range apps {
		if app.CarrierName == carrier && app.TypeCode == typeCode {
			return app
		}
	}
	s.t.Fatalf("no demo application of %s for %s", typeCode, carrier)
	return domain.Application{}
}

// rvSubmit makes a new version of the demo application and
// submits it to 北京市科学技术委员会.
func (s *site) rvSubmit(appID int64) domain.Version {
	s.t.Helper()
	ctx, a := context.Background(), s.applicant()
	v, err := s.svc.GenerateVersion(ctx, a, appID, "http://hatch.test")
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.svc.Submit(ctx, a, appID, service.SubmitInput{AcceptorCode: "110000", Declared: true}); err != nil {
		s.t.Fatal(err)
	}
	return v
}

// rvActor returns a demo reviewer as an actor, for steps taken through
// the service.
func (s *site) rvActor(login string) domain.Actor {
	s.t.Helper()
	ctx := context.Background()
	u, _, err := s.st.UserByLogin(ctx, login)
	if err != nil {
		s.t.Fatal(err)
	}
	d, err := s.st.Department(ctx, u.DeptID)
	if err != nil {
		s.t.Fatal(err)
	}
	return domain.Actor{User: u, DeptLevel: d.Level, DeptRegion: d.RegionCode}
}

// rvTeamRow is the first team row still 在孵 and its number.
func (s *site) rvTeamRow(appID int64) int64 {
	s.t.Helper()
	v, err := s.svc.Application(context.Background(), s.applicant(), appID)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, r := range v.Form.Rows["teams"] {
		if r.Data["state"] == "在孵" {
			return r.ID
		}
	}
	s.t.Fatal("no team 在孵")
	return 0
}

// rvStranger adds 福建省科学技术厅 with a reviewer, through the service as an
// administrator, and logs that reviewer in.
func (s *site) rvStranger() *browser {
	s.t.Helper()
	ctx := context.Background()
	admin, _, err := s.st.UserByLogin(ctx, "admin")
	if err != nil {
		s.t.Fatal(err)
	}
	aa := domain.Actor{User: admin}
	dept, err := s.svc.CreateDepartment(ctx, aa, service.DepartmentInput{Name: "福建省科学技术厅", Level: "province", RegionCode: "350000"})
	if err != nil {
		s.t.Fatal(err)
	}
	if _, _, err := s.svc.CreateAccount(ctx, aa, service.AccountInput{Login: "fj-reviewer", Name: "闽审核", Role: "reviewer",
		Password: demo.Password, Mobile: "13900000077", DeptID: dept.ID}); err != nil {
		s.t.Fatal(err)
	}
	return s.browser().mustLogin("fj-reviewer")
}

func (s *site) rvStatus(appID int64) domain.AppStatus {
	s.t.Helper()
	app, err := s.st.ReviewApplication(context.Background(), appID)
	if err != nil {
		s.t.Fatal(err)
	}
	return app.Status
}

// rvRoutes are the reviewer routes of the package, for the refusal
// checks.
func rvRoutes(t *testing.T) []string {
	var out []string
	for _, r := range registeredRoutes(t) {
		if strings.Contains(r, " /review/") || strings.Contains(r, " /workbench") || strings.Contains(r, " /api/v1/review/") {
			out = append(out, r)
		}
	}
	if len(out) < 14 {
		t.Fatalf("found only %d reviewer routes", len(out))
	}
	return out
}

func rvOpenXLSX(t *testing.T, what string, r response) *excelize.File {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("%s: %d %s", what, r.status, r.body)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("%s does not open: %v", what, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReviewThroughThePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		appID := s.rvDemoApp()
		id := itoa(appID)
		review := "/review/" + id
		v1 := s.rvSubmit(appID)
		app, _ := s.st.ReviewApplication(context.Background(), appID)

		// The operator's other applications: the filed 2021 one of its
		// 中关村分部 in this round, and two of other rounds.
		branch := itoa(s.rvOrgApp(demo.FiledBranch.Name, domain.TypeMakerspace).ID)
		others := []string{itoa(s.rvOrgApp("启明星科技企业孵化器", domain.TypeIncubator).ID),
			itoa(s.rvOrgApp(demo.FiledBranch.Name, domain.TypeExemption).ID)}
		round := itoa(app.RoundID)

		city := s.browser().mustLogin("demo-city")
		t.Run("the city's 工作台 lists it, and its operator searched in its round counts it and the filed branch", func(t *testing.T) {
			// The demo data holds other organisations' applications, and
			// this operator's of other rounds: searching for the operator
			// in this round leaves it and the branch's filed application.
			wb := city.get("/workbench")
			if wb.status != http.StatusOK {
				t.Fatalf("workbench: %d", wb.status)
			}
			mustContain(t, "工作台", wb.body, `href="/review/`+id+`"`, app.RefNo, "启明星众创空间", "北京启明星众创科技有限公司",
				"北京市 海淀区", "北京市科学技术委员会", v1.Code)
			wb = city.get("/workbench?round=" + round + "&q=" + url.QueryEscape("启明星众创科技"))
			mustContain(t, "searched", wb.body, `href="/review/`+id+`"`, `href="/review/`+branch+`"`, `共 2 份`,
				`id="count-all">8 份`) // the department's size stays
			for _, o := range others {
				if strings.Contains(wb.body, `href="/review/`+o+`"`) {
					t.Errorf("the round filter lists application %s of another round", o)
				}
			}
			if !regexp.MustCompile(`id="tab-city_review"[^>]*>待市级初审<span class="tab-count tab-count-todo">1</span>`).MatchString(wb.body) {
				t.Errorf("the 待市级初审 tab does not count 1 to do")
			}
			if !regexp.MustCompile(`id="tab-filed"[^>]*>已备案<span class="tab-count">1</span>`).MatchString(wb.body) {
				t.Errorf("the 已备案 tab does not count 1")
			}
			if !regexp.MustCompile(`id="tab-all"[^>]*>全部<span class="tab-count">2</span>`).MatchString(wb.body) {
				t.Errorf("the 全部 tab does not count 2")
			}
		})
		t.Run("filters stay filled and narrow the list", func(t *testing.T) {
			all := city.get("/workbench").body
			// 中关村创客工场's, the 孵化器认定 and the 免税资格申请 wait too.
			if n := strings.Count(all, `<tr class="row-todo">`); n != 4 {
				t.Fatalf("want the 4 applications waiting for 海淀区 listed, got %d", n)
			}
			r := city.get("/workbench?q=" + url.QueryEscape("不存在的空间") + "&host_type=" + url.QueryEscape("高等学校"))
			mustContain(t, "filtered", r.body, `value="不存在的空间"`, `<option value="高等学校" selected>`, "没有符合条件的申报材料", `id="clear-filters"`)
			r = city.get("/workbench?q=" + url.QueryEscape("启明星") + "&status=city_review")
			mustContain(t, "search", r.body, `href="/review/`+id+`"`, `id="tab-city_review" aria-current="page"`, `name="status" value="city_review"`)
			r = city.get("/workbench?status=filed")
			mustContain(t, "other status", r.body, `href="/review/`+branch+`"`, "共 1 份")
			if strings.Contains(r.body, `href="/review/`+id+`"`) {
				t.Error("the 已备案 filter lists an application waiting for 海淀区")
			}
			r = city.get("/workbench?status=city_rejected")
			mustContain(t, "no such status", r.body, "没有符合条件的申报材料")
		})
		t.Run("the city reviewer 推荐s through the form", func(t *testing.T) {
			page := city.get(review)
			mustContain(t, "review page", page.body, `id="act-recommend"`, `id="act-return"`, `id="act-reject"`,
				`name="status" value="city_review"`, v1.Code, `href="/review/`+id+`/pdf"`, "备案条件", "添加意见")
			r := city.post(review+"/actions", url.Values{"action": {"recommend"}, "status": {"city_review"}, "comment": {"材料真实完整，同意推荐。"}})
			if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, review) {
				t.Fatalf("推荐: %d %q\n%s", r.status, r.location, r.body)
			}
			if got := s.rvStatus(appID); got != domain.AppProvinceReview {
				t.Fatalf("after 推荐: %s", got)
			}
			after := city.get(review)
			mustContain(t, "after 推荐", after.body, "已办理“推荐”", "材料真实完整，同意推荐。", `id="no-actions"`)
		})
		t.Run("a stale page gets the conflict message", func(t *testing.T) {
			r := city.post(review+"/actions", url.Values{"action": {"recommend"}, "status": {"city_review"}, "comment": {"再次推荐"}})
			if r.status != http.StatusConflict {
				t.Fatalf("stale 推荐: %d", r.status)
			}
			mustContain(t, "stale", r.body, "该申报的状态已变为“待省级审核”，请刷新页面后再办理。")
		})

		province := s.browser().mustLogin("demo-province")
		row := itoa(s.rvTeamRow(appID))
		t.Run("a paper copy of another version is shown in red", func(t *testing.T) {
			mustContain(t, "unchecked", province.get(review).body, "未核验", "尚未核验纸质材料的版本号，不能推荐至火炬中心。")
			r := province.post(review+"/actions", url.Values{"action": {"paper_check"}, "status": {"province_review"}, "version": {"2021ZC-0000-0000"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("paper check: %d\n%s", r.status, r.body)
			}
			page := province.get(review)
			mustContain(t, "mismatch", page.body, "paper-mismatch", "版本号不一致", "2021ZC-0000-0000", "核验一致之前不能推荐",
				"纸质材料的版本号与提交的版本不一致，不能推荐至火炬中心。")
		})

		t.Run("the province adds a remark on a team row", func(t *testing.T) {
			page := province.get(review)
			mustContain(t, "province page", page.body, `id="row-teams-`+row+`"`, `href="?remark=rm-teams-`+row+`#row-teams-`+row+`"`,
				`id="act-paper_check"`, `disabled aria-describedby="act-recommend-reason"`)
			if strings.Contains(page.body, `id="rm-teams-`+row+`-text"`) {
				t.Errorf("a row carries its remark form before its link is followed")
			}
			opened := province.get(review + "?remark=rm-teams-" + row)
			mustContain(t, "opened", opened.body, `<details class="remark-add" open>`, `id="rm-teams-`+row+`-text"`)
			r := province.post(review+"/remarks", url.Values{"table": {"teams"}, "row": {row}, "field": {"members"},
				"text": {"团队人数与入驻协议不符，请核实。"}})
			if r.status != http.StatusSeeOther || r.location != review+"#row-teams-"+row {
				t.Fatalf("add remark: %d %q\n%s", r.status, r.location, r.body)
			}
			page = province.get(review)
			mustContain(t, "with remark", page.body, "意见已保存为草稿", "团队人数与入驻协议不符，请核实。", "待发送",
				`针对“创业团队人员数量”`, `class="remark-row"`, `待发送的意见<span class="count-badge">1</span>`)
		})
		t.Run("a draft remark can be deleted, once", func(t *testing.T) {
			r := province.post(review+"/remarks", url.Values{"section": {"basic"}, "field": {"address"}, "text": {"地址待删除"}})
			if r.status != http.StatusSeeOther || r.location != review+"#field-basic-address" {
				t.Fatalf("add remark: %d %q", r.status, r.location)
			}
			page := province.get(review)
			del := regexpFind(t, `<form method="post" action="(/review/\d+/remarks/\d+/delete)" class="inline"><input type="hidden" name="_csrf" value="[^"]+"><button type="submit" class="link-button danger">删除<span class="visually-hidden">：基础信息 · 详细地址`, page.body)
			if r := province.post(del, nil); r.status != http.StatusSeeOther {
				t.Fatalf("delete: %d", r.status)
			}
			mustContain(t, "deleted", province.get(review).body, "已删除该条待发送的意见。")
			if r := province.post(del, nil); r.status != http.StatusSeeOther {
				t.Fatalf("delete again: %d", r.status)
			}
			after := province.get(review).body
			mustContain(t, "deleted twice", after, "该条意见已发送或已被删除，未作更改。")
			if strings.Contains(after, "地址待删除") {
				t.Error("the deleted remark is still shown")
			}
		})
		t.Run("a remark too long is refused beside it, text kept", func(t *testing.T) {
			long := strings.Repeat("长", 1001)
			r := province.post(review+"/remarks", url.Values{"table": {"teams"}, "row": {row}, "field": {"members"}, "text": {long}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("long remark: %d", r.status)
			}
			mustContain(t, "long remark", r.body, `id="rm-teams-`+row+`-text-error"`, "请填写意见，不超过 1000 字。", ">"+long+"</textarea>",
				`<option value="members" selected>`)
		})
		t.Run("退回修改 without a comment is refused beside the field", func(t *testing.T) {
			r := province.post(review+"/actions", url.Values{"action": {"return"}, "status": {"province_review"}, "comment": {"  "}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("return without comment: %d", r.status)
			}
			mustContain(t, "return refused", r.body, `id="act-return-comment-error"`, "退回修改须填写审核意见。",
				`href="#act-return-comment"`, `aria-invalid="true"`)
			if got := s.rvStatus(appID); got != domain.AppProvinceReview {
				t.Fatalf("a refused 退回 moved it to %s", got)
			}
		})
		t.Run("a bad score is refused and kept", func(t *testing.T) {
			r := province.post(review+"/actions", url.Values{"action": {"score"}, "status": {"province_review"}, "score": {"八十"}, "comment": {"专家组意见"}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad score: %d", r.status)
			}
			mustContain(t, "bad score", r.body, `id="act-score-score-error"`, `value="八十"`, ">专家组意见</textarea>")
		})
		t.Run("the exports of its round download and parse", func(t *testing.T) {
			// Its round, searched for 启明星: it, waiting for the province and
			// so listed first, and the branch's filed application.
			q := "?round=" + round + "&q=" + url.QueryEscape("启明星")
			f := rvOpenXLSX(t, "export", province.get("/workbench/export.xlsx"+q))
			rows, err := f.GetRows("申报列表")
			if err != nil || len(rows) != 5 {
				t.Fatalf("export rows: %v %d: %q", err, len(rows), rows)
			}
			if rows[2][1] != "受理编号" || rows[3][1] != app.RefNo || rows[3][2] != "启明星众创空间" || rows[3][8] != "待省级审核" ||
				rows[4][2] != demo.FiledBranch.Name || rows[4][8] != "已备案" {
				t.Errorf("export: %q", rows)
			}
			// Not yet recommended by the province: its 推荐表 lists only the
			// branch the province recommended, with its 推荐意见; the city's
			// lists what the city recommended, the branch first.
			rows, _ = rvOpenXLSX(t, "推荐表", province.get("/workbench/recommend.xlsx"+q)).GetRows("推荐表")
			if len(rows) != 4 || rows[0][0] != "北京市2021年度众创空间国家备案推荐表" || rows[2][16] != "推荐意见" ||
				rows[3][2] != demo.FiledBranch.Name || rows[3][16] != "经专家评审和公示，推荐至火炬中心。" {
				t.Errorf("推荐表: %q", rows)
			}
			crows, _ := rvOpenXLSX(t, "city 推荐表", city.get("/workbench/recommend.xlsx"+q)).GetRows("推荐表")
			if len(crows) != 5 || crows[3][2] != demo.FiledBranch.Name || crows[3][16] != "经初审，材料真实完整，同意推荐。" ||
				crows[4][2] != "启明星众创空间" || crows[4][16] != "材料真实完整，同意推荐。" {
				t.Errorf("city 推荐表: %q", crows)
			}
		})

		t.Run("the submitted PDF and a file are served", func(t *testing.T) {
			pdf := province.get(review + "/pdf")
			if pdf.status != http.StatusOK || !strings.HasPrefix(pdf.body, "%PDF") {
				t.Fatalf("pdf: %d", pdf.status)
			}
			page := province.get(review)
			href := regexpFind(t, `<a href="(/review/\d+/files/\d+)"`, page.body)
			f := province.get(href)
			if f.status != http.StatusOK || len(f.body) == 0 {
				t.Fatalf("file %s: %d", href, f.status)
			}
		})

		t.Run("the submitted tables export with identity numbers masked", func(t *testing.T) {
			book := rvOpenXLSX(t, "review export", province.get(review+"/export"))
			rows, err := book.GetRows("运营人员")
			if err != nil || len(rows) < 2 {
				t.Fatalf("运营人员 sheet: %v, %d rows", err, len(rows))
			}
			col := slices.IndexFunc(rows[0], func(h string) bool { return strings.Contains(h, "身份证号码") })
			if col < 0 || !strings.Contains(rows[1][col], "**********") {
				t.Fatalf("身份证号码 column %d of %q is not masked", col, rows[1])
			}
		})

		t.Run("another province's reviewer gets 404 everywhere and an empty queue", func(t *testing.T) {
			fj := s.rvStranger()
			fx := fixture{ids: map[string]string{"/review/": id, "/api/v1/review/": id, "{remark}": "1", "{file}": "1"}}
			for _, route := range rvRoutes(t) {
				method, path := splitRoute(route)
				if !strings.Contains(path, "{id}") {
					continue
				}
				if r := fj.send(method, fx.fill(path)); r.status != http.StatusNotFound {
					t.Errorf("%s as 福建 → %d, want 404", route, r.status)
				}
			}
			wb := fj.get("/workbench")
			mustContain(t, "福建's 工作台", wb.body, "目前没有提交到本部门的申报材料", `id="count-all">0 份`)
			if strings.Contains(wb.body, "启明星") {
				t.Error("福建's 工作台 shows 北京's application")
			}
			rows, _ := rvOpenXLSX(t, "福建 export", fj.get("/workbench/export.xlsx")).GetRows("申报列表")
			if len(rows) != 3 {
				t.Errorf("福建's export has %d rows, want the title, the note and the header", len(rows))
			}
		})

		t.Run("an applicant is refused on every reviewer route", func(t *testing.T) {
			b := s.browser().mustLogin("demo-applicant")
			fx := fixture{ids: map[string]string{"/review/": id, "/api/v1/review/": id, "{remark}": "1", "{file}": "1"}}
			for _, route := range rvRoutes(t) {
				method, path := splitRoute(route)
				want := http.StatusForbidden
				if route == "GET /review/{id}/step-files/{file}" {
					want = http.StatusNotFound // 审核附件 answer as files that do not exist
				}
				if r := b.send(method, fx.fill(path)); r.status != want {
					t.Errorf("%s as applicant → %d, want %d", route, r.status, want)
				}
			}
			if got := s.rvStatus(appID); got != domain.AppProvinceReview {
				t.Errorf("after the refused requests: %s", got)
			}
		})

		t.Run("a return without a choice about the drafts is refused with what was typed", func(t *testing.T) {
			r := province.post(review+"/actions", url.Values{"action": {"return"}, "status": {"province_review"}, "comment": {"请按意见修改后重新提交。"}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("退回修改 without a choice: %d", r.status)
			}
			mustContain(t, "the refusal", r.body, "本部门有 1 条意见草稿，请选择随本次决定发送，或保留为草稿。",
				"随本次决定发送 1 条意见", "保留为草稿", "请按意见修改后重新提交。</textarea>")
			if got := s.rvStatus(appID); got != domain.AppProvinceReview {
				t.Fatalf("after the refusal: %s", got)
			}
		})

		t.Run("the province returns it with the remark", func(t *testing.T) {
			m := regexp.MustCompile(`name="draft" value="(\d+)"`).FindStringSubmatch(province.get(review).body)
			if m == nil {
				t.Fatal("the return form does not list the draft")
			}
			r := province.post(review+"/actions", url.Values{"action": {"return"}, "status": {"province_review"}, "comment": {"请按意见修改后重新提交。"},
				"drafts": {"send"}, "draft": {m[1]}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("退回修改: %d\n%s", r.status, r.body)
			}
			if got := s.rvStatus(appID); got != domain.AppReturned {
				t.Fatalf("after 退回修改: %s", got)
			}
			p, err := s.svc.Progress(context.Background(), s.applicant(), appID)
			if err != nil {
				t.Fatal(err)
			}
			last := p.Steps[len(p.Steps)-1]
			if last.Action != domain.ActReturn || len(p.RemarksOf(last.ID)) != 1 {
				t.Fatalf("the applicant sees %s with %d remarks", last.Action, len(p.RemarksOf(last.ID)))
			}
			page := province.get(review)
			mustContain(t, "after 退回", page.body, "已发送", "北京市科学技术委员会", "随附 1 条具体意见", "请按意见修改后重新提交。")
			if strings.Contains(page.body, "添加意见") {
				t.Error("remarks can still be added to a returned application")
			}
		})
	})
}

func TestReviewThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		appID := s.rvDemoApp()
		id := itoa(appID)
		s.rvSubmit(appID)
		if _, err := s.svc.Act(context.Background(), s.rvActor("demo-city"), appID,
			service.ActInput{Action: domain.ActRecommend, Comment: "同意推荐。"}); err != nil {
			t.Fatal(err)
		}
		c := s.as("demo-province")

		q := expect(t, "queue", c.call("GET", "/api/v1/review/queue?status=province_review&q="+url.QueryEscape("启明星"), nil), http.StatusOK)
		if q.num("total") != 1 || q.num("counts.province_review") != 1 || q.str("items.0.carrier") != "启明星众创空间" ||
			q.get("items.0.waiting") != true || q.str("department.name") != "北京市科学技术委员会" {
			t.Fatalf("queue: %s", q)
		}
		expect(t, "bad filter", c.call("GET", "/api/v1/review/queue?status=nonsense", nil), http.StatusUnprocessableEntity)

		rv := expect(t, "review", c.call("GET", "/api/v1/review/"+id, nil), http.StatusOK)
		if rv.str("application.status") != "province_review" || rv.get("at_my_level") != true || rv.str("paper.state") != "unchecked" ||
			rv.get("diff") != nil || rv.str("application.acceptor.name") != "北京市科学技术委员会" {
			t.Fatalf("review: %s", rv)
		}
		var blocked string
		for _, a := range rv.get("actions").([]any) {
			if m := a.(map[string]any); m["action"] == "recommend" {
				blocked, _ = m["blocked"].(string)
			}
		}
		if !strings.Contains(blocked, "尚未核验纸质材料") {
			t.Errorf("推荐至火炬中心 is not blocked by the paper check: %q", blocked)
		}

		row := s.rvTeamRow(appID)
		rm := expect(t, "remark", c.call("POST", "/api/v1/review/"+id+"/remarks", map[string]any{"table": "teams", "row_id": row,
			"field": "members", "text": "请核实人数。"}), http.StatusCreated)
		if rm.get("draft") != true || !strings.Contains(rm.str("target"), "创业团队人员数量") {
			t.Fatalf("remark: %s", rm)
		}
		expect(t, "empty remark", c.call("POST", "/api/v1/review/"+id+"/remarks", map[string]any{"section": "basic", "text": ""}),
			http.StatusUnprocessableEntity)
		expect(t, "delete remark", c.call("DELETE", "/api/v1/review/"+id+"/remarks/"+itoa(rm.num("id")), nil), http.StatusNoContent)
		expect(t, "delete again", c.call("DELETE", "/api/v1/review/"+id+"/remarks/"+itoa(rm.num("id")), nil), http.StatusNotFound)

		bad := expect(t, "return without comment", c.call("POST", "/api/v1/review/"+id+"/actions", map[string]any{"action": "return"}),
			http.StatusUnprocessableEntity)
		if bad.str("fields.comment") == "" {
			t.Errorf("no message on comment: %s", bad)
		}
		sc := expect(t, "score", c.call("POST", "/api/v1/review/"+id+"/actions", map[string]any{"action": "score", "score": 88.5,
			"status": "province_review"}), http.StatusCreated)
		if sc.get("score") != 88.5 || sc.str("to") != "province_review" {
			t.Errorf("score step: %s", sc)
		}
		expect(t, "stale", c.call("POST", "/api/v1/review/"+id+"/actions", map[string]any{"action": "score", "score": "90",
			"status": "city_review"}), http.StatusConflict)
		expect(t, "unknown field", c.call("POST", "/api/v1/review/"+id+"/actions", map[string]any{"action": "score", "grade": 1}),
			http.StatusUnprocessableEntity)

		// Without the CSRF token a cookie session may not act.
		c.csrf = ""
		expect(t, "no csrf", c.call("POST", "/api/v1/review/"+id+"/actions", map[string]any{"action": "score", "score": 1}), http.StatusForbidden)

		// The applicant's API client is refused; the city sees it but may not act now.
		expect(t, "applicant", s.as("demo-applicant").call("GET", "/api/v1/review/"+id, nil), http.StatusForbidden)
		city := s.as("demo-city")
		expect(t, "city view", city.call("GET", "/api/v1/review/"+id, nil), http.StatusOK)
		expect(t, "city acts late", city.call("POST", "/api/v1/review/"+id+"/actions", map[string]any{"action": "recommend"}), http.StatusConflict)
	})
}

var rvVolatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(/review/)\d+`), "${1}N"},
	{regexp.MustCompile(`(/(?:remarks|files)/)\d+`), "${1}N"},
	{regexp.MustCompile(`((?:row|rm)-[a-z_]+-)\d+`), "${1}N"},
	{regexp.MustCompile(`(name="row" value=")\d+`), "${1}N"},
	{regexp.MustCompile(`(id="(?:step|open)-)\d+`), "${1}N"},
	{regexp.MustCompile(`(href="#step-)\d+`), "${1}N"},
	{regexp.MustCompile(`(/applications/)\d+`), "${1}N"},
	{regexp.MustCompile(`(ZC2021-\d{6}-)\d{6}`), "${1}N"},
	{versionRe, "VERSION"},
	{sha256Re, "SHA256"},
}

func rvNormalise(body string) string {
	body = normalise(body)
	for _, v := range rvVolatile {
		body = v.re.ReplaceAllString(body, v.with)
	}
	return body
}

// TestReviewPagesMatchGoldenFiles renders the 工作台 with an application
// and the review page of a resubmitted application (diff, a sent and a
// draft remark, a failed paper check, the log), on both engines with a
// fixed clock.
func TestReviewPagesMatchGoldenFiles(t *testing.T) { testReviewPages(t, goldenFiles) }

func testReviewPages(t *testing.T, g golden) {
	g.each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		appID := s.rvDemoApp()
		v1 := s.rvSubmit(appID)
		city, province := s.rvActor("demo-city"), s.rvActor("demo-province")

		g.check(t, "workbench-apps", rvNormalise(s.browser().mustLogin("demo-city").get("/workbench").body))

		act := func(who domain.Actor, in service.ActInput) {
			t.Helper()
			if _, err := s.svc.Act(ctx, who, appID, in); err != nil {
				t.Fatal(err)
			}
		}
		act(city, service.ActInput{Action: domain.ActRecommend, Comment: "材料真实完整，同意推荐。"})
		row := s.rvTeamRow(appID)
		rm, err := s.svc.AddRemark(ctx, province, appID, service.RemarkInput{Table: "teams", RowID: row, Field: "members",
			Text: "团队人数与入驻协议不符，请核实。"})
		if err != nil {
			t.Fatal(err)
		}
		rm2, err := s.svc.AddRemark(ctx, province, appID, service.RemarkInput{Section: "basic", Field: "contact_title",
			Text: "联系电话无法接通，请核实。"})
		if err != nil {
			t.Fatal(err)
		}
		act(province, service.ActInput{Action: domain.ActReturn, Comment: "请按意见修改后重新提交。",
			Drafts: service.DraftsSend, DraftIDs: []int64{rm.ID, rm2.ID}})

		// The applicant corrects the row and submits again.
		a := s.applicant()
		r, err := s.svc.Row(ctx, a, appID, row)
		if err != nil {
			t.Fatal(err)
		}
		edited := domain.Values{}
		for k, v := range r.Data {
			edited[k] = v
		}
		edited["members"] = "8"
		if _, err := s.svc.SaveRow(ctx, a, appID, "", row, edited, r.Revision); err != nil {
			t.Fatal(err)
		}
		s.rvSubmit(appID)
		act(city, service.ActInput{Action: domain.ActRecommend, Comment: "已按意见修改，同意推荐。"})
		act(province, service.ActInput{Action: domain.ActPaperCheck, Version: v1.Code, Comment: "收到纸质材料一式五份。"})
		if _, err := s.svc.AddRemark(ctx, province, appID, service.RemarkInput{Section: "basic", Field: "address",
			Text: "请补充门牌号。"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.AddNote(ctx, province, appID, service.NoteInput{Section: "basic",
			Text: "已电话联系申报单位，门牌号待补。"}); err != nil {
			t.Fatal(err)
		}

		g.check(t, "review", rvNormalise(s.browser().mustLogin("demo-province").get("/review/"+itoa(appID)).body))
		g.check(t, "app_progress", rvNormalise(s.browser().mustLogin("demo-applicant").get("/applications/"+itoa(appID)+"/progress").body))
		g.check(t, "workbench-province", rvNormalise(s.browser().mustLogin("demo-province").get("/workbench?status=province_review").body))
		g.check(t, "recommend-order", rvNormalise(s.browser().mustLogin("demo-province").get("/workbench/order").body))
	})
}
