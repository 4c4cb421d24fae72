package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// The 工作台's batch actions, the paper register with its export and the
// 名额 through the full server, on both engines.

// bcProvinceApps submits the demo application, has 海淀区 recommend it, and
// returns it with 海淀青创汇众创空间, both waiting for 北京市.
func (s *site) bcProvinceApps() (qmx, qch domain.Application) {
	s.t.Helper()
	ctx := context.Background()
	id := s.rvDemoApp()
	s.rvSubmit(id)
	if _, err := s.svc.Act(ctx, s.rvActor("demo-city"), id, service.ActInput{Action: domain.ActRecommend,
		Comment: "同意推荐。"}); err != nil {
		s.t.Fatal(err)
	}
	q, err := s.svc.QueueItems(ctx, s.rvActor("demo-province"), service.QueueFilter{Status: domain.AppProvinceReview})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, it := range q.Items {
		switch it.CarrierName {
		case "启明星众创空间":
			qmx = it.Application
		case "海淀青创汇众创空间":
			qch = it.Application
		}
	}
	if qmx.ID == 0 || qch.ID == 0 {
		s.t.Fatalf("the province's queue lacks the two applications: %+v", q.Items)
	}
	return qmx, qch
}

// bcCode is the 版本号 an application was submitted with.
func (s *site) bcCode(appID int64) string {
	s.t.Helper()
	v, err := s.svc.Review(context.Background(), s.rvActor("demo-province"), appID)
	if err != nil {
		s.t.Fatal(err)
	}
	return v.Version.Code
}

func bcPaperForm(apps []domain.Application, versions ...string) url.Values {
	f := url.Values{"batch_action": {"paper"}, "confirm": {"1"}, "received_on": {"2021-11-12"}, "copies": {"3"},
		"receiver": {"王敏"}, "back": {"/workbench?status=province_review"}}
	for i, a := range apps {
		f.Add("app", itoa(a.ID))
		f.Set("status-"+itoa(a.ID), string(a.Status))
		f.Set("version-"+itoa(a.ID), versions[i])
	}
	return f
}

func TestBatchThroughTheServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		qmx, qch := s.bcProvinceApps()
		province := s.browser().mustLogin("demo-province")

		t.Run("the 工作台 has a checkbox per row, the batch form and the 名额", func(t *testing.T) {
			wb := province.get("/workbench?status=province_review")
			mustContain(t, "工作台", wb.body, `id="batch-form"`, `action="/workbench/batch"`, `name="_csrf"`,
				`name="app" value="`+itoa(qmx.ID)+`"`, `name="app" value="`+itoa(qch.ID)+`"`, `id="select-all"`,
				`<option value="paper">纸质材料已收</option>`, `<option value="recommend">推荐至火炬中心</option>`,
				`id="quota-`+itoa(qmx.RoundID)+`">已推荐 2 / 名额 未设定`, // 西山众创汇 and the filed 中关村分部
				`href="/workbench/paper-register"`, `name="back" value="/workbench?status=province_review"`)
			city := s.browser().mustLogin("demo-city").get("/workbench")
			if strings.Contains(city.body, "纸质材料已收") || strings.Contains(city.body, "名额") {
				t.Error("the city is offered the paper receipt or a 名额")
			}
		})
		t.Run("the batch form asks for the receipt and a 版本号 per application", func(t *testing.T) {
			r := province.post("/workbench/batch", url.Values{"batch_action": {"paper"}, "app": {itoa(qmx.ID), itoa(qch.ID)},
				"status-" + itoa(qmx.ID): {"province_review"}, "back": {"/workbench?status=province_review"}})
			mustContain(t, "batch form", r.body, `name="confirm" value="1"`, `name="received_on" value="2021-11-15"`,
				`name="receiver" value="孙审核"`, `name="version-`+itoa(qmx.ID)+`" value=""`, `name="version-`+itoa(qch.ID)+`" value=""`,
				"确认纸质材料已收（2 份）", `href="/workbench?status=province_review"`)
		})
		t.Run("refused/nothing ticked goes back to the 工作台 with the reason", func(t *testing.T) {
			r := province.post("/workbench/batch", url.Values{"batch_action": {"paper"}, "back": {"/workbench?status=province_review"}})
			if r.status != http.StatusSeeOther || r.location != "/workbench?status=province_review" {
				t.Fatalf("empty batch: %d %q", r.status, r.location)
			}
			mustContain(t, "flash", province.get(r.location).body, "请先勾选要批量办理的申报。")
		})
		t.Run("refused/a date in the future, beside the field with the input kept", func(t *testing.T) {
			f := bcPaperForm([]domain.Application{qmx}, "x")
			f.Set("received_on", "2021-11-20")
			r := province.post("/workbench/batch", f)
			if r.status != http.StatusUnprocessableEntity && r.status != http.StatusBadRequest {
				t.Fatalf("future date: %d", r.status)
			}
			mustContain(t, "future date", r.body, `id="received_on-error"`, "收到日期不能晚于今天（2021-11-15）", `value="2021-11-20"`,
				`name="copies" value="3"`, `name="version-`+itoa(qmx.ID)+`" value="x"`)
		})
		t.Run("done or refused, each with its reason and a link", func(t *testing.T) {
			r := province.post("/workbench/batch", bcPaperForm([]domain.Application{qmx, qch}, s.bcCode(qmx.ID), ""))
			if r.status != http.StatusOK {
				t.Fatalf("batch: %d\n%s", r.status, r.body)
			}
			mustContain(t, "result", r.body, "已办理 1 份，未办理 1 份", `id="result-`+itoa(qmx.ID)+`" class="batch-done"`,
				"与提交的版本一致", `id="result-`+itoa(qch.ID)+`" class="batch-refused"`, "请填写纸质材料上的版本号。",
				`href="/review/`+itoa(qch.ID)+`"`, `href="/workbench/paper-register"`)
		})
		t.Run("refused/another department's application in a forged batch is not found, untouched", func(t *testing.T) {
			fj := s.rvStranger()
			before, _ := st.Steps(context.Background(), qch.ID)
			r := fj.post("/workbench/batch", bcPaperForm([]domain.Application{qch}, s.bcCode(qch.ID)))
			mustContain(t, "forged", r.body, "已办理 0 份，未办理 1 份", "未找到该申报，或不在本部门的办理范围内。")
			if strings.Contains(r.body, "海淀青创汇") || strings.Contains(r.body, qch.RefNo) {
				t.Error("the forged batch names 北京's application")
			}
			after, _ := st.Steps(context.Background(), qch.ID)
			if len(after) != len(before) {
				t.Errorf("the forged batch added %d steps", len(after)-len(before))
			}
			ret := fj.post("/workbench/batch", url.Values{"batch_action": {"return"}, "app": {itoa(qch.ID)}, "comment": {"x"}})
			mustContain(t, "forged form", ret.body, "未找到该申报")
		})
		t.Run("refused/more than 200 at once", func(t *testing.T) {
			f := url.Values{"batch_action": {"return"}, "comment": {"请修改。"}, "confirm": {"1"}}
			for i := range 201 {
				f.Add("app", itoa(int64(i+1)))
			}
			r := province.post("/workbench/batch", f)
			if r.status != http.StatusSeeOther || r.location != "/workbench" {
				t.Fatalf("too many: %d %q", r.status, r.location)
			}
			mustContain(t, "too many", province.get(r.location).body, "一次最多批量办理 200 份申报，本次选择了 201 份")
		})
	})
}

func TestPaperRegisterThroughTheServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		qmx, qch := s.bcProvinceApps()
		province := s.browser().mustLogin("demo-province")
		r := province.post("/workbench/batch", bcPaperForm([]domain.Application{qmx, qch}, s.bcCode(qmx.ID), "2021ZC-0000-0000"))
		if r.status != http.StatusOK {
			t.Fatalf("batch: %d", r.status)
		}
		t.Run("listed/every receipt, the demo's too", func(t *testing.T) {
			page := province.get("/workbench/paper-register")
			mustContain(t, "register", page.body, `id="receipt-`, "启明星众创空间", "海淀青创汇众创空间", "西山众创汇",
				"份数不足", "王敏", "2021-11-12", `href="/workbench/paper-register.xlsx"`)
		})
		t.Run("filtered/mismatched only, the filter kept", func(t *testing.T) {
			page := province.get("/workbench/paper-register?match=mismatched&from=2021-11-01")
			mustContain(t, "mismatched", page.body, "海淀青创汇众创空间", `<option value="mismatched" selected>`, `value="2021-11-01"`,
				`href="/workbench/paper-register.xlsx?from=2021-11-01&amp;match=mismatched"`)
			if strings.Contains(page.body, "启明星众创空间") {
				t.Error("a matched receipt is listed under 版本号不一致")
			}
		})
		t.Run("refused/a bad date is said beside the field", func(t *testing.T) {
			page := province.get("/workbench/paper-register?from=11/01")
			mustContain(t, "bad date", page.body, `id="from-error"`, "请按YYYY-MM-DD填写收到日期起。")
		})
		t.Run("the export parses back with its columns and rows", func(t *testing.T) {
			book := rvOpenXLSX(t, "register", province.get("/workbench/paper-register.xlsx?short=1"))
			rows, err := book.GetRows("纸质材料登记")
			if err != nil || len(rows) != 5 {
				t.Fatalf("rows: %v, %d: %q", err, len(rows), rows)
			}
			want := []string{"序号", "收到日期", "受理编号", "众创空间名称", "运营主体", "申报批次", "纸质材料版本号",
				"提交的版本号", "版本号核对", "收到份数", "要求份数", "份数", "签收人", "登记时间"}
			if strings.Join(rows[2], "|") != strings.Join(want, "|") {
				t.Errorf("header %q", rows[2])
			}
			got := map[string][]string{}
			for _, row := range rows[3:] {
				got[row[3]] = row
			}
			a, b := got["启明星众创空间"], got["海淀青创汇众创空间"]
			if a == nil || b == nil || a[1] != "2021-11-12" || a[2] != qmx.RefNo || a[8] != "一致" || a[9] != "3" ||
				a[10] != "5" || a[11] != "份数不足" || a[12] != "王敏" || b[8] != "不一致" || b[6] != "2021ZC-0000-0000" {
				t.Errorf("rows %q", rows[3:])
			}
			if !strings.Contains(rows[1][0], "份数不足") {
				t.Errorf("note %q does not say the filter", rows[1][0])
			}
		})
		t.Run("the API records a receipt with the paper check", func(t *testing.T) {
			body := `{"action":"paper_check","version":"` + s.bcCode(qmx.ID) + `","received_on":"2021-11-13","copies":2,"receiver":"李收"}`
			r := province.do("POST", "/api/v1/review/"+itoa(qmx.ID)+"/actions", nil, map[string]string{
				"Content-Type": "application/json", "X-CSRF-Token": province.csrf}, strings.NewReader(body))
			if r.status != http.StatusCreated {
				t.Fatalf("API paper check: %d %s", r.status, r.body)
			}
			mustContain(t, "API step", r.body, `"received_on":"2021-11-13"`, `"copies":2`, `"copies_required":5`, `"receiver":"李收"`)
		})
		t.Run("empty/another province's register and export", func(t *testing.T) {
			fj := s.rvStranger()
			mustContain(t, "福建 register", fj.get("/workbench/paper-register").body, "没有符合条件的纸质材料登记")
			rows, _ := rvOpenXLSX(t, "福建 export", fj.get("/workbench/paper-register.xlsx")).GetRows("纸质材料登记")
			if len(rows) != 4 || !strings.Contains(rows[3][0], "没有符合条件") {
				t.Errorf("福建's export: %q", rows)
			}
		})
		t.Run("the applicant's 办件进度 says the paper copy arrived", func(t *testing.T) {
			b := s.browser().mustLogin("demo-applicant")
			page := b.get("/applications/" + itoa(qmx.ID) + "/progress")
			mustContain(t, "progress", page.body, "纸质材料已收到（2021-11-12）")
			if strings.Contains(page.body, "王敏") {
				t.Error("the applicant sees the 签收人")
			}
		})
	})
}

func TestQuotasThroughTheServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		qmx, _ := s.bcProvinceApps()
		round := "/admin/rounds/" + itoa(qmx.RoundID) + "/quotas"
		torch := s.browser().mustLogin("demo-torch")
		page := torch.get(round)
		mustContain(t, "quotas", page.body, `name="quota-110000" value=""`, `name="was-110000" value=""`, "北京市科学技术委员会")
		t.Run("refused/not a number, beside the field with the input kept", func(t *testing.T) {
			r := torch.post(round, url.Values{"code": {"110000"}, "quota-110000": {"五"}, "was-110000": {""}})
			mustContain(t, "bad quota", r.body, `id="quota-110000-error"`, "的名额应为 0 至 9999 的整数", `value="五"`)
		})
		t.Run("saved and shown on the province's 工作台", func(t *testing.T) {
			r := torch.post(round, url.Values{"code": {"110000"}, "quota-110000": {"5"}, "was-110000": {""}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", r.status, r.body)
			}
			wb := s.browser().mustLogin("demo-province").get("/workbench?round=" + itoa(qmx.RoundID))
			// The round's two recommended: 西山众创汇 and the filed 中关村分部.
			mustContain(t, "工作台", wb.body, `id="quota-`+itoa(qmx.RoundID)+`">已推荐 2 / 名额 5`)
		})
		t.Run("refused/a stale page is a conflict naming the new value", func(t *testing.T) {
			r := torch.post(round, url.Values{"code": {"110000"}, "quota-110000": {"8"}, "was-110000": {""}})
			if r.status != http.StatusConflict {
				t.Fatalf("stale: %d", r.status)
			}
			mustContain(t, "stale", r.body, "已被他人改为“5”", `value="8"`)
		})
		t.Run("refused/a province may not set 名额", func(t *testing.T) {
			r := s.browser().mustLogin("demo-province").post(round, url.Values{"code": {"110000"}, "quota-110000": {"50"}, "was-110000": {"5"}})
			if r.status != http.StatusForbidden {
				t.Errorf("province: %d", r.status)
			}
		})
	})
}
