package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// 专家评审 through the full server: the demo's assignments on 海淀青创汇
// (demo-expert1 submitted, demo-expert2 in a draft, demo-expert3 not yet
// started), every expert route and who may not reach it.

// exWorld is the demo's expert work as ids.
type exWorld struct {
	app      int64            // 海淀青创汇's application
	tasks    map[string]int64 // assignment id by expert login
	contacts []string         // 青创汇's contact details
}

func (s *site) exWorld() exWorld {
	s.t.Helper()
	ctx := context.Background()
	w := exWorld{tasks: map[string]int64{}}
	for _, login := range []string{"demo-expert1", "demo-expert2", "demo-expert3"} {
		a, err := s.svc.ActAs(ctx, domain.System(), login)
		if err != nil {
			s.t.Fatal(err)
		}
		list, err := s.svc.MyAssignments(ctx, a)
		if err != nil || len(list) != 1 {
			s.t.Fatalf("%s tasks %+v, %v", login, list, err)
		}
		w.tasks[login], w.app = list[0].ID, list[0].AppID
	}
	legal, err := s.svc.ActAs(ctx, domain.System(), "demo-applicant-3")
	if err != nil {
		s.t.Fatal(err)
	}
	av, err := s.svc.Application(ctx, legal, w.app)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, k := range []string{"contact_mobile", "contact_phone", "contact_email"} {
		if v := av.Form.Sections["basic"][k]; v != "" {
			w.contacts = append(w.contacts, v)
		}
	}
	if len(w.contacts) != 3 {
		s.t.Fatalf("青创汇's contacts %v", w.contacts)
	}
	return w
}

func (w exWorld) task(login string) string { return "/expert/assignments/" + itoa(w.tasks[login]) }

func noneOf(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	body = html.UnescapeString(body)
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("%s shows %q", what, u)
		}
	}
}

func TestExpertPagesThroughTheServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		w := s.exWorld()
		e1, e2 := s.browser().mustLogin("demo-expert1"), s.browser().mustLogin("demo-expert2")

		t.Run("listed/the expert lands on 我的评审任务", func(t *testing.T) {
			r := s.browser().login("demo-expert1", demo.Password)
			if r.status != http.StatusSeeOther || r.location != "/" && r.location != "/expert" {
				t.Fatalf("login: %d %q", r.status, r.location)
			}
			page := e1.get("/expert")
			mustContain(t, "tasks", page.body, "我的评审任务", demo.ExpertCarrier, "已提交", `href="`+w.task("demo-expert1")+`"`)
		})
		t.Run("shown/the 申报书 without contact details, the sheet with the draft", func(t *testing.T) {
			page := e2.get(w.task("demo-expert2"))
			if page.status != http.StatusOK {
				t.Fatalf("task page: %d", page.status)
			}
			mustContain(t, "task page", page.body, "专家评分表", "运营能力与团队", `value="16"`, "服务活动丰富", "备案条件",
				"不向评审专家显示", `id="recuse"`)
			noneOf(t, "the expert's page", page.body, w.contacts...)
			pdf := e2.get(w.task("demo-expert2") + "/pdf")
			if pdf.status != http.StatusOK || !strings.HasPrefix(pdf.body, "%PDF") {
				t.Fatalf("pdf: %d", pdf.status)
			}
			noneOf(t, "the expert's PDF", testkit.PDFText(t, []byte(pdf.body)), w.contacts...)
		})
		t.Run("refused/a score above its maximum, beside it, input kept", func(t *testing.T) {
			r := e2.post(w.task("demo-expert2")+"/sheet", url.Values{"revision": {"2"}, "score.team": {"25"},
				"score.service": {"20"}, "comment": {"保留的意见"}, "submit": {"1"}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad sheet: %d", r.status)
			}
			mustContain(t, "refused sheet", r.body, "分数应在0至20之间。", `value="25"`, "保留的意见", `id="score.team-error"`)
		})
		t.Run("conflict/a save from a tab left open", func(t *testing.T) {
			r := e2.post(w.task("demo-expert2")+"/sheet", url.Values{"revision": {"1"}, "score.team": {"10"}})
			if r.status != http.StatusConflict {
				t.Fatalf("stale save: %d", r.status)
			}
			mustContain(t, "stale", r.body, "请刷新页面后再填写", `value="10"`)
		})
		t.Run("submitted/then read only", func(t *testing.T) {
			form := url.Values{"revision": {"2"}, "comment": {"孵化成效较好。"}, "submit": {"1"}}
			for k, v := range map[string]string{"team": "18", "service": "22", "incubation": "21", "space": "12", "feature": "12"} {
				form.Set("score."+k, v)
			}
			r := e2.post(w.task("demo-expert2")+"/sheet", form)
			if r.status != http.StatusSeeOther {
				t.Fatalf("submit: %d\n%s", r.status, r.body)
			}
			mustContain(t, "submitted", e2.get(w.task("demo-expert2")).body, "评分表已提交", "85", `id="sheet-closed"`)
		})
		t.Run("not found/every other expert route and every page not an expert's", func(t *testing.T) {
			app := itoa(w.app)
			for _, path := range []string{w.task("demo-expert2"), w.task("demo-expert2") + "/pdf", w.task("demo-expert2") + "/files/1",
				"/review/" + app, "/review/" + app + "/pdf", "/review/" + app + "/export",
				"/workbench", "/experts", "/applications", "/applications/" + app, "/applications/" + app + "/progress", "/admin"} {
				if r := e1.get(path); r.status != http.StatusNotFound {
					t.Errorf("expert GET %s: %d, want 404", path, r.status)
				}
			}
			// The API answers a role that does not fit with its declared
			// 403, the same for every id.
			for _, path := range []string{"/api/v1/review/" + app, "/api/v1/review/queue", "/api/v1/applications/" + app} {
				if r := e1.get(path); r.status != http.StatusForbidden {
					t.Errorf("expert GET %s: %d, want 403", path, r.status)
				}
			}
			if r := e1.post(w.task("demo-expert2")+"/sheet", url.Values{"revision": {"1"}}); r.status != http.StatusNotFound {
				t.Errorf("sheet of another: %d", r.status)
			}
			if r := e1.post(w.task("demo-expert3")+"/recuse", url.Values{"revision": {"1"}, "reason": {"x"}}); r.status != http.StatusNotFound {
				t.Errorf("回避 for another: %d", r.status)
			}
			torchExpert := s.browser().mustLogin("demo-expert6")
			if r := torchExpert.get(w.task("demo-expert1")); r.status != http.StatusNotFound {
				t.Errorf("another pool's expert: %d", r.status)
			}
		})
		t.Run("not found/reviewers and applicants on expert routes", func(t *testing.T) {
			for _, login := range []string{"demo-province", "demo-applicant-3"} {
				b := s.browser().mustLogin(login)
				if r := b.get(w.task("demo-expert1")); r.status != http.StatusNotFound && r.status != http.StatusForbidden {
					t.Errorf("%s on an expert's page: %d", login, r.status)
				}
			}
			other := s.rvStranger()
			if r := other.post("/review/"+itoa(w.app)+"/experts", url.Values{"expert": {"1"}}); r.status != http.StatusNotFound {
				t.Errorf("another province assigning: %d", r.status)
			}
			if r := other.get("/review/" + itoa(w.app)); r.status != http.StatusNotFound {
				t.Errorf("another province's review page: %d", r.status)
			}
		})
		t.Run("recused/the department is told and sees it", func(t *testing.T) {
			e3 := s.browser().mustLogin("demo-expert3")
			r := e3.post(w.task("demo-expert3")+"/recuse", url.Values{"revision": {"1"}, "reason": {""}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("empty reason: %d", r.status)
			}
			mustContain(t, "empty reason", r.body, "请填写回避理由")
			if r := e3.post(w.task("demo-expert3")+"/recuse", url.Values{"revision": {"1"}, "reason": {"本人为该单位顾问。"}}); r.status != http.StatusSeeOther {
				t.Fatalf("回避: %d %s", r.status, r.body)
			}
			province := s.browser().mustLogin("demo-province")
			mustContain(t, "notifications", province.get("/notifications").body, "声明回避", "本人为该单位顾问。")
		})
		province := s.browser().mustLogin("demo-province")
		review := "/review/" + itoa(w.app)
		t.Run("panel/the department sees sheets, average and spread", func(t *testing.T) {
			page := province.get(review)
			mustContain(t, "panel", page.body, `id="experts"`, "陈立新", "林晓帆", "郭明远", "已回避", `id="experts-average"><strong>83.75</strong>`,
				`id="experts-spread">2.5`, "转为意见", "注意：与申报单位同在一个地市", `id="act-score-from-sheets"`, "（现为 83.75）")
			if strings.Contains(page.body, `id="act-score-score"`) {
				t.Error("the 专家评审 form still asks for a typed score")
			}
		})
		t.Run("remark/转为意见 makes an unnamed draft remark", func(t *testing.T) {
			r := province.post(review+"/experts/"+itoa(w.tasks["demo-expert1"])+"/remark", url.Values{})
			if r.status != http.StatusSeeOther {
				t.Fatalf("转为意见: %d %s", r.status, r.body)
			}
			page := province.get(review)
			mustContain(t, "remark", page.body, "专家意见：运营团队稳定", "已转为意见")
		})
		t.Run("recorded/专家评审 records the average", func(t *testing.T) {
			r := province.post(review+"/actions", url.Values{"action": {"score"}, "status": {"province_review"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("专家评审: %d %s", r.status, r.body)
			}
			mustContain(t, "log", province.get(review).body, "评审分数：<strong>83.75</strong>", "本轮专家评审结果已记录")
		})
		t.Run("hidden/the applicant sees no score, sheet or expert", func(t *testing.T) {
			legal := s.browser().mustLogin("demo-applicant-3")
			names := []string{"陈立新", "林晓帆", "郭明远", "83.75", "评分表", "回避"}
			for _, path := range []string{"/applications/" + itoa(w.app) + "/progress", "/notifications",
				"/api/v1/applications/" + itoa(w.app) + "/progress", "/api/v1/notifications"} {
				r := legal.get(path)
				if r.status != http.StatusOK {
					t.Fatalf("%s: %d", path, r.status)
				}
				noneOf(t, "applicant "+path, r.body, names...)
			}
		})
	})
}

// TestExpertPoolThroughTheServer: a province adds, resets and disables an
// expert; the city has no pool.
func TestExpertPoolThroughTheServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		province := s.browser().mustLogin("demo-province")
		t.Run("refused/every missing field beside it, input kept", func(t *testing.T) {
			r := province.post("/experts", url.Values{"login": {"new-expert"}, "name": {"新专家"}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("empty: %d", r.status)
			}
			mustContain(t, "refused", r.body, `id="employer-error"`, `id="speciality-error"`, `id="region-error"`, `value="新专家"`)
		})
		t.Run("created/with a temporary password shown once", func(t *testing.T) {
			r := province.post("/experts", url.Values{"login": {"new-expert"}, "name": {"新专家"}, "employer": {"天津大学"},
				"speciality": {"创业投资"}, "region": {"120101"}, "mobile": {"13900002222"}})
			if r.status != http.StatusOK {
				t.Fatalf("create: %d %s", r.status, r.body)
			}
			mustContain(t, "created", r.body, `id="temp-password"`, "new-expert", "天津大学")
		})
		t.Run("city/no pool, said plainly", func(t *testing.T) {
			city := s.browser().mustLogin("demo-city")
			r := city.get("/experts")
			mustContain(t, "city", r.body, `id="no-pool"`, "本部门无专家库")
			if r := city.post("/experts", url.Values{"login": {"x-expert"}}); r.status != http.StatusForbidden {
				t.Errorf("city adding an expert: %d", r.status)
			}
		})
		t.Run("not found/another province resets our expert", func(t *testing.T) {
			e, _, err := s.st.UserByLogin(context.Background(), "demo-expert1")
			if err != nil {
				t.Fatal(err)
			}
			other := s.rvStranger()
			if r := other.post("/experts/"+itoa(e.ID)+"/reset-password", url.Values{}); r.status != http.StatusNotFound {
				t.Errorf("reset: %d", r.status)
			}
			if r := other.post("/experts/"+itoa(e.ID)+"/disable", url.Values{}); r.status != http.StatusNotFound {
				t.Errorf("disable: %d", r.status)
			}
		})
		t.Run("drawn/several applications from the 工作台's selection", func(t *testing.T) {
			q, err := s.svc.Queue(context.Background(), s.rvActor("demo-province"), service.QueueFilter{Status: domain.AppProvinceReview})
			if err != nil || len(q.Apps) == 0 {
				t.Fatalf("queue %v", err)
			}
			form := url.Values{"per_app": {"3"}}
			for _, a := range q.Apps {
				form.Add("app", itoa(a.ID))
			}
			r := province.post("/experts/draw", form)
			mustContain(t, "draw", r.body, `id="draw-result"`, "已分配 3 位专家，无需再抽取。")
		})
	})
}

// TestScoreSheetPageThroughTheServer: 火炬中心 edits a round's sheet; the
// demo round has a submitted sheet, which the page says before anyone
// types, and a save is refused.
func TestScoreSheetPageThroughTheServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		round, err := s.st.RoundByYear(context.Background(), "makerspace", 2021)
		if err != nil {
			t.Fatal(err)
		}
		path := "/admin/rounds/" + itoa(round.ID) + "/score-sheet"
		torch := s.browser().mustLogin("demo-torch")
		t.Run("shown/the default sheet, frozen by a submitted one", func(t *testing.T) {
			page := torch.get(path)
			mustContain(t, "sheet", page.body, "运营能力与团队", `value="20"`, `id="sheet-used"`, "不能再修改", "disabled")
			mustContain(t, "round page", torch.get("/admin/rounds/"+itoa(round.ID)).body, `href="`+path+`"`)
		})
		t.Run("refused/a maximum that is no number, beside it, input kept", func(t *testing.T) {
			r := torch.post(path, url.Values{"key": {"a", "b"}, "name": {"能力", "成效"}, "description": {"", ""}, "max": {"六十", "40"}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad sheet: %d", r.status)
			}
			mustContain(t, "refused", r.body, `id="criteria.1.max-error"`, `value="六十"`, `value="成效"`)
		})
		t.Run("conflict/a valid sheet once one is submitted", func(t *testing.T) {
			r := torch.post(path, url.Values{"key": {"a"}, "name": {"综合"}, "description": {""}, "max": {"100"}})
			if r.status != http.StatusConflict {
				t.Fatalf("save: %d", r.status)
			}
			mustContain(t, "conflict", r.body, "本批次已有专家提交评分表，评分表不能再修改。")
		})
		t.Run("forbidden/a province", func(t *testing.T) {
			if r := s.browser().mustLogin("demo-province").get(path); r.status != http.StatusForbidden {
				t.Errorf("province: %d", r.status)
			}
		})
	})
}
