package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestInternalNotesStayInside: a note written on the review page is listed
// there, marked as hidden from the applicant, and appears on no page or
// API answer of the applicant's, nor on another department's review page.
func TestInternalNotesStayInside(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		appID := s.rvDemoApp()
		s.rvSubmit(appID)
		id := itoa(appID)
		city := s.browser().mustLogin("demo-city")
		const secret = "内部：负责人电话中承认场地尚未签约"
		t.Run("refused without text, section kept", func(t *testing.T) {
			r := city.post("/review/"+id+"/notes", url.Values{"section": {"venues"}, "text": {" "}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("empty note: %d", r.status)
			}
			mustContain(t, "the refusal", r.body, "请填写内部备注，不超过 2000 字。", `<option value="venues" selected>`)
		})
		t.Run("saved and listed on the department's page", func(t *testing.T) {
			r := city.post("/review/"+id+"/notes", url.Values{"section": {"venues"}, "text": {secret}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("note: %d", r.status)
			}
			mustContain(t, "city's page", city.get("/review/"+id).body, "内部备注（申报单位不可见）", secret, "服务场地")
		})
		t.Run("another department reads none of it", func(t *testing.T) {
			if _, err := s.svc.Act(t.Context(), s.rvActor("demo-city"), appID, actRecommend()); err != nil {
				t.Fatal(err)
			}
			if page := s.browser().mustLogin("demo-province").get("/review/" + id).body; strings.Contains(page, secret) {
				t.Error("the province's review page shows the city's note")
			}
			if r := s.rvStranger().post("/review/"+id+"/notes", url.Values{"text": {"x"}}); r.status != http.StatusNotFound {
				t.Errorf("another province's note: %d, want 404", r.status)
			}
		})
		t.Run("the applicant never sees it", func(t *testing.T) {
			a := s.browser().mustLogin("demo-applicant")
			for _, path := range []string{"/applications/" + id, "/applications/" + id + "/progress",
				"/applications/" + id + "/preview", "/notifications", "/api/v1/applications/" + id,
				"/api/v1/applications/" + id + "/progress", "/api/v1/notifications"} {
				r := a.get(path)
				if r.status != http.StatusOK && r.status != http.StatusNotFound {
					t.Errorf("%s: %d", path, r.status)
				}
				if strings.Contains(r.body, secret) || strings.Contains(r.body, "内部备注") {
					t.Errorf("%s shows the internal note", path)
				}
			}
		})
	})
}

// TestWithdrawThroughThePage: the city withdraws its recommendation from
// the review page; a reason is required and kept; the log marks it.
func TestWithdrawThroughThePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		appID := s.rvDemoApp()
		s.rvSubmit(appID)
		id := itoa(appID)
		city := s.browser().mustLogin("demo-city")
		if _, err := s.svc.Act(t.Context(), s.rvActor("demo-city"), appID, actRecommend()); err != nil {
			t.Fatal(err)
		}
		mustContain(t, "city's page", city.get("/review/"+id).body, "撤回本部门的“推荐”", "撤回理由")
		t.Run("refused without a reason", func(t *testing.T) {
			r := city.post("/review/"+id+"/withdraw", url.Values{"status": {"province_review"}, "reason": {""}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("no reason: %d", r.status)
			}
			mustContain(t, "the refusal", r.body, "撤回须填写撤回理由。")
		})
		t.Run("another province gets not found", func(t *testing.T) {
			if r := s.rvStranger().post("/review/"+id+"/withdraw", url.Values{"reason": {"x"}}); r.status != http.StatusNotFound {
				t.Errorf("stranger: %d", r.status)
			}
		})
		t.Run("withdrawn, logged and marked", func(t *testing.T) {
			r := city.post("/review/"+id+"/withdraw", url.Values{"status": {"province_review"}, "reason": {"推荐有误，重新核实。"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("withdraw: %d\n%s", r.status, r.body)
			}
			if got := s.rvStatus(appID); got != domain.AppCityReview {
				t.Fatalf("status %s", got)
			}
			page := city.get("/review/" + id).body
			mustContain(t, "after 撤回", page, "已撤回，该申报当前状态为“待市级初审”", "撤回“推荐”", "已撤回</strong>", "撤回理由：推荐有误，重新核实。")
			progress := s.browser().mustLogin("demo-applicant").get("/applications/" + id + "/progress").body
			mustContain(t, "the applicant's 办件进度", progress, "撤回理由：推荐有误，重新核实。")
		})
	})
}

func actRecommend() service.ActInput {
	return service.ActInput{Action: domain.ActRecommend, Comment: "材料真实完整。"}
}
