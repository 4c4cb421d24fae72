package service_test

import (
	"slices"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// demoOfType is the chain of the demo applicant's application of a type:
// the demo submits one 孵化器认定 and one 免税资格申请 to 海淀区.
func demoOfType(t *testing.T, c *chain, typeCode string) (*chain, domain.Application) {
	t.Helper()
	list, err := c.svc.Applications(ctx, c.applicant)
	wantOK(t, err)
	i := slices.IndexFunc(list, func(a domain.Application) bool { return a.TypeCode == typeCode })
	if i < 0 {
		t.Fatalf("the demo has no %s application", typeCode)
	}
	if list[i].Status != domain.AppCityReview {
		t.Fatalf("the demo's %s application is %s, want it submitted to the city", typeCode, list[i].Status)
	}
	return c.on(list[i].ID), list[i]
}

// header finds a column of an exported list by its header, in the row
// under the title and the note.
func header(t *testing.T, rows [][]string, label string) int {
	t.Helper()
	if i := slices.Index(rows[2], label); i >= 0 {
		return i
	}
	t.Fatalf("no column %q in %q", label, rows[2])
	return -1
}

// TestDemoIncubatorWalksItsChain takes the demo's complete 孵化器认定 from
// the city to 认定通过 on both engines: the province's 实地核查 comes before
// its recommendation, its 推荐表 has the 孵化器's columns, and 火炬中心's
// list carries the 认定 孵化器 with its counted firms.
func TestDemoIncubatorWalksItsChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, app := demoOfType(t, newChain(t, st), form.Incubator.Code)
		c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: "材料真实完整，同意推荐。"})
		c.act(t, c.province, service.ActInput{Action: domain.ActPaperCheck, Version: app.Version})
		c.act(t, c.province, service.ActInput{Action: domain.ActScore, Score: "90", Files: opinionScan("expert_opinion")})
		c.act(t, c.province, service.ActInput{Action: domain.ActSiteCheck, Comment: "场地、在孵企业与申报一致。",
			Files: opinionScan("site_report")})
		c.act(t, c.province, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-01", PublicTo: "2021-11-05"})
		c.act(t, c.province, service.ActInput{Action: domain.ActRecommend, Comment: "条件全部符合，推荐认定。"})

		t.Run("the province's 推荐表 has the 孵化器's figures and its 推荐意见", func(t *testing.T) {
			data, name, err := c.svc.ExportRecommend(ctx, c.province, service.QueueFilter{RoundID: app.RoundID})
			wantOK(t, err)
			_, rows := openBook(t, data, "推荐表")
			if !strings.Contains(rows[0][0], "2022年度国家级科技企业孵化器认定推荐表") || !strings.Contains(name, "推荐表") {
				t.Fatalf("title %q, file %q", rows[0][0], name)
			}
			row := rowOf(rows, header(t, rows, "孵化器名称"), "启明星科技企业孵化器")
			if row == nil {
				t.Fatalf("the 孵化器 is not listed: %q", rows)
			}
			if got := row[header(t, rows, "在孵企业（家）")]; got != "60" {
				t.Errorf("在孵企业 = %q, want the 60 that count (the 61st is past 48 months)", got)
			}
			if got := row[header(t, rows, "推荐意见")]; got != "条件全部符合，推荐认定。" {
				t.Errorf("推荐意见 = %q", got)
			}
		})

		c.act(t, c.torch, service.ActInput{Action: domain.ActFormalPass})
		c.act(t, c.torch, service.ActInput{Action: domain.ActScore, Score: "88"})
		c.act(t, c.torch, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-08", PublicTo: "2021-11-12"})
		c.act(t, c.torch, service.ActInput{Action: domain.ActFile})
		t.Run("火炬中心 认定 it, and its list carries it", func(t *testing.T) {
			p, err := c.svc.Progress(ctx, c.applicant, c.appID)
			wantOK(t, err)
			if p.App.StatusLabel() != "已认定" {
				t.Errorf("the applicant reads %q", p.App.StatusLabel())
			}
			data, _, err := c.svc.ExportResultList(ctx, c.torch, service.QueueFilter{RoundID: app.RoundID})
			wantOK(t, err)
			_, rows := openBook(t, data, "名单")
			row := rowOf(rows, header(t, rows, "孵化器名称"), "启明星科技企业孵化器")
			if row == nil || row[header(t, rows, "累计毕业企业（家）")] != "22" {
				t.Fatalf("the list: %q", rows)
			}
		})
		t.Run("only 火炬中心 exports the list, and only of one round", func(t *testing.T) {
			_, _, err := c.svc.ExportResultList(ctx, c.province, service.QueueFilter{RoundID: app.RoundID})
			wantKind(t, err, domain.Forbidden)
			_, _, err = c.svc.ExportResultList(ctx, c.torch, service.QueueFilter{})
			wantKind(t, err, domain.Conflict)
		})
	})
}

// TestDemoExemptionWalksItsChain takes the demo's 免税资格申请 from the city
// to the 免税名单 on both engines: the province 核定s it, its 核定名单 and
// 火炬中心's list give the months of the benefit.
func TestDemoExemptionWalksItsChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, app := demoOfType(t, newChain(t, st), form.Exemption.Code)
		c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: "材料齐全。"})
		c.act(t, c.province, service.ActInput{Action: domain.ActRecommend, Comment: "名称、运营主体、面积与备案记录一致。"})
		months := func(t *testing.T, rows [][]string) {
			t.Helper()
			row := rowOf(rows, header(t, rows, "载体名称"), "启明星众创空间（中关村分部）")
			if row == nil {
				t.Fatalf("not listed: %q", rows)
			}
			// 备案 in 2021, before the period: the whole of 42号's period.
			if row[header(t, rows, "享受起始月份")] != "2024-01" || row[header(t, rows, "享受截止月份")] != "2027-12" ||
				row[header(t, rows, "机构类型")] != "国家备案众创空间" {
				t.Errorf("row %q", row)
			}
		}
		t.Run("the province's 核定名单 gives the months and its 核定意见", func(t *testing.T) {
			data, _, err := c.svc.ExportRecommend(ctx, c.province, service.QueueFilter{RoundID: app.RoundID})
			wantOK(t, err)
			_, rows := openBook(t, data, "推荐表")
			if !strings.Contains(rows[0][0], "核定名单") {
				t.Errorf("title %q", rows[0][0])
			}
			months(t, rows)
			header(t, rows, "核定意见")
		})
		c.act(t, c.torch, service.ActInput{Action: domain.ActFile})
		t.Run("火炬中心's 免税名单 gives each body's months, as 税务 receives it", func(t *testing.T) {
			data, name, err := c.svc.ExportResultList(ctx, c.torch, service.QueueFilter{RoundID: app.RoundID})
			wantOK(t, err)
			if !strings.Contains(name, "享受税收优惠的创业孵化机构名单") {
				t.Errorf("file %q", name)
			}
			_, rows := openBook(t, data, "名单")
			months(t, rows)
		})
	})
}
