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

// TestSubmitThroughThePages: 提交申报材料 refuses with the reasons and keeps
// the choice, submits, confirms with the reference number and the paper
// copies, shows 办件进度, and after a 退回修改 shows each remark beside
// its row's field and on the task list.
func TestSubmitThroughThePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		id := s.rvDemoApp()
		app := "/applications/" + itoa(id)
		ctx := context.Background()

		t.Run("without a generated version the page says why and offers no submit", func(t *testing.T) {
			r := b.get(app + "/submit")
			mustContain(t, "submit", r.body, `id="submit-blockers"`, `<a href="`+app+`/versions">尚未生成申报书`,
				`id="submit-button" disabled`)
		})
		t.Run("each reason of an unfinished application leads to where it is fixed", func(t *testing.T) {
			half := s.branchApp()
			r := b.get(half + "/submit")
			mustContain(t, "half submit", r.body, `<a href="`+half+`/sections/basic">基础信息尚未完成，还有 1 处需要补充或修正。</a>`,
				`<a href="`+half+`/tables/`, `?problems=1">`, `id="submit-button" disabled`)
		})
		if _, err := s.svc.GenerateVersion(ctx, s.applicant(), id, "http://hatch.test"); err != nil {
			t.Fatal(err)
		}
		page := b.get(app + "/submit")
		t.Run("the 受理机构 defaults from the region and shows where paper goes", func(t *testing.T) {
			mustContain(t, "submit", page.body, `<option value="110000" selected>`, `id="acceptor-card"`, "一式 5 份")
			if strings.Contains(page.body, `id="submit-blockers"`) {
				t.Errorf("blockers shown for a complete application with a fresh version")
			}
		})
		t.Run("without the declaration it is refused beside the box, the choice kept", func(t *testing.T) {
			r := b.post(app+"/submit", url.Values{"acceptor": {"110000"}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.status)
			}
			mustContain(t, "refused", r.body, `id="declared-error"`, "勾选“已阅读并确认”", `<option value="110000" selected>`)
		})
		t.Run("another province's 受理机构 is refused beside the choice", func(t *testing.T) {
			r := b.post(app+"/submit", url.Values{"acceptor": {"350200"}, "declared": {"1"}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.status)
			}
			mustContain(t, "refused", r.body, `id="acceptor-error"`, "所在省（自治区、直辖市）或计划单列市")
		})
		r := b.post(app+"/submit", url.Values{"acceptor": {"110000"}, "declared": {"1"}})
		if r.status != http.StatusSeeOther || r.location != app+"/submitted" {
			t.Fatalf("submit: %d %q\n%s", r.status, r.location, r.body)
		}
		t.Run("the confirmation names the reference, version, 受理机构 and copies", func(t *testing.T) {
			c := b.get(r.location)
			mustContain(t, "submitted", c.body, `id="ref-no">ZC2021-110000-`, "北京市科学技术委员会", `id="copies">5<`, `id="bound-version">2021ZC-`)
		})
		t.Run("办件进度 shows the chain and the submission", func(t *testing.T) {
			p := b.get(app + "/progress")
			mustContain(t, "progress", p.body, "待市级初审", `aria-current="step"`, "提交版本 2021ZC-")
		})
		t.Run("the task list says it is submitted and editing is refused", func(t *testing.T) {
			mustContain(t, "tasks", b.get(app).body, `id="locked"`, `id="progress-link"`)
			if rr := b.post(app+"/sections/basic", url.Values{"revision": {"1"}, "contact": {"改"}}); rr.status == http.StatusSeeOther {
				t.Errorf("a submitted application accepted a save")
			}
		})

		// 海淀区 recommends, 北京市 returns with a remark on a team's 人员数量.
		city, province := s.rvActor("demo-city"), s.rvActor("demo-province")
		if _, err := s.svc.Act(ctx, city, id, service.ActInput{Action: domain.ActRecommend, Comment: "同意推荐。"}); err != nil {
			t.Fatal(err)
		}
		rows, _ := st.Rows(ctx, id, "teams")
		var row domain.Row
		for _, r := range rows {
			if r.Data["state"] == "在孵" && row.ID == 0 {
				row = r
			}
		}
		rm, err := s.svc.AddRemark(ctx, province, id, service.RemarkInput{Table: "teams", RowID: row.ID, Field: "members",
			Text: "人员数量与入驻协议不符。"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.Act(ctx, province, id, service.ActInput{Action: domain.ActReturn, Comment: "请核实后重新提交。",
			Drafts: service.DraftsSend, DraftIDs: []int64{rm.ID}}); err != nil {
			t.Fatal(err)
		}
		t.Run("after 退回修改 the remark is on the task list, beside the field, and in the messages", func(t *testing.T) {
			mustContain(t, "tasks", b.get(app).body, `id="app-returned"`, "请核实后重新提交。", "人员数量与入驻协议不符。",
				`href="`+app+`/rows/`+itoa(row.ID)+`"`)
			rp := b.get(app + "/rows/" + itoa(row.ID))
			mustContain(t, "row", rp.body, `class="field-remark"`, "人员数量与入驻协议不符。")
			mustContain(t, "header", rp.body, `id="notifications-link">消息 <span class="badge badge-count"`)
			mustContain(t, "messages", b.get("/notifications").body, "退回修改", "1 条具体意见")
		})
	})
}
