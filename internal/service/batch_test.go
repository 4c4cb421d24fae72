package service_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// provinceWorld is the demo chain with demo-applicant's application
// submitted and recommended by 海淀区, and the province's applications by
// carrier name: 启明星众创空间 and 海淀青创汇众创空间 wait for 北京市.
func provinceWorld(t *testing.T, st *store.Store) (*chain, map[string]domain.Application) {
	t.Helper()
	c := newChain(t, st)
	c.generate(t)
	c.submit(t)
	c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: "同意推荐。"})
	return c, provinceQueue(t, c)
}

// provinceQueue maps the province's applications in the chain's 2021
// 众创空间 round by carrier name (the demo's 免税资格申请 of 启明星众创空间
// （中关村分部） is in another round).
func provinceQueue(t *testing.T, c *chain) map[string]domain.Application {
	t.Helper()
	q, err := c.svc.QueueItems(ctx, c.province, service.QueueFilter{RoundID: c.roundID})
	wantOK(t, err)
	out := map[string]domain.Application{}
	for _, it := range q.Items {
		out[it.CarrierName] = it.Application
	}
	return out
}

// submittedCode is the 版本号 the application was submitted with.
func submittedCode(t *testing.T, c *chain, who domain.Actor, appID int64) string {
	t.Helper()
	v, err := c.svc.Review(ctx, who, appID)
	wantOK(t, err)
	return v.Version.Code
}

// readyToRecommend records what the province's 推荐至火炬中心 waits for:
// a matching paper copy, the experts' score and an ended 公示. Experts
// the demo assigned who have not submitted are taken off, so the score is
// the submitted sheets' average where there are any.
func readyToRecommend(t *testing.T, c *chain, appID int64) {
	t.Helper()
	panel, err := c.svc.ExpertPanel(ctx, c.province, appID)
	wantOK(t, err)
	for _, sh := range panel.Sheets {
		if !sh.Submitted() {
			wantOK(t, c.svc.RemoveAssignment(ctx, c.province, appID, sh.ID))
		}
	}
	for _, in := range []service.ActInput{
		{Action: domain.ActPaperCheck, Version: submittedCode(t, c, c.province, appID)},
		{Action: domain.ActScore, Score: "88"},
		{Action: domain.ActPublicity, PublicFrom: "2021-11-08", PublicTo: "2021-11-12"},
	} {
		_, err := c.svc.Act(ctx, c.province, appID, in)
		wantOK(t, err)
	}
}

// setQuota sets 北京市's 名额 in the round as 火炬中心, from what it was.
func setQuota(t *testing.T, c *chain, roundID int64, was, value string) {
	t.Helper()
	wantOK(t, c.svc.SetQuotas(ctx, c.torch, roundID, []service.QuotaInput{{Code: "110000", Value: value, Was: was}}))
}

func TestBatchPaperReceipts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, apps := provinceWorld(t, st)
		qch, qmx, ckgc := apps["海淀青创汇众创空间"].ID, apps["启明星众创空间"].ID, apps["中关村创客工场"].ID
		const missing = 999999
		in := service.BatchInput{Action: service.BatchPaper, AppIDs: []int64{qch, qmx, ckgc, missing, qch},
			ReceivedOn: "2021-11-12", Copies: "3", Receiver: "王敏",
			Versions: map[int64]string{qch: strings.ToLower(submittedCode(t, c, c.province, qch)), qmx: "2021ZC-AAAA-BBBB"}}

		t.Run("refused/receipt in the future, nothing recorded", func(t *testing.T) {
			bad := in
			bad.ReceivedOn = "2021-11-16"
			_, err := c.svc.Batch(ctx, c.province, bad)
			wantField(t, err, "received_on")
			// The demo's 西山众创汇 and 启明星众创空间（中关村分部） were checked
			// when they were seeded, the latter last: those two only.
			list, err := c.svc.PaperRegister(ctx, c.province, service.PaperFilter{})
			wantOK(t, err)
			var names []string
			for _, r := range list.Rows {
				names = append(names, r.CarrierName)
			}
			if want := []string{"启明星众创空间（中关村分部）", "西山众创汇"}; !slices.Equal(names, want) {
				t.Errorf("a refused batch recorded receipts: register lists %v, want %v", names, want)
			}
		})
		res, err := c.svc.Batch(ctx, c.province, in)
		wantOK(t, err)
		t.Run("each application passes or is refused on its own", func(t *testing.T) {
			want := []struct {
				id     int64
				done   bool
				reason string
			}{
				{qch, true, ""},
				{qmx, true, ""},
				{ckgc, false, "该申报当前为“待市级初审”，不能办理“纸质材料核验”。"},
				{missing, false, "未找到该申报，或不在本部门的办理范围内。"},
			}
			if len(res.Items) != len(want) || res.Done != 2 || res.Refused != 2 {
				t.Fatalf("result %+v: want 4 items (the repeated one once), 2 done, 2 refused", res)
			}
			for i, w := range want {
				it := res.Items[i]
				if it.AppID != w.id || it.Done != w.done || it.Reason != w.reason {
					t.Errorf("item %d = %+v, want %+v", i, it, w)
				}
			}
			if !res.Items[0].Matched || res.Items[1].Matched {
				t.Errorf("matches: %v %v, want the typed version matched only for the first", res.Items[0].Matched, res.Items[1].Matched)
			}
		})
		t.Run("listed/the register holds both receipts, short of copies", func(t *testing.T) {
			v, err := c.svc.PaperRegister(ctx, c.province, service.PaperFilter{Short: true})
			wantOK(t, err)
			if len(v.Rows) != 2 || v.Short != 2 || v.Rows[0].Receipt.Receiver != "王敏" || v.Rows[0].Receipt.Required != 5 {
				t.Fatalf("register %+v", v)
			}
			mis, err := c.svc.PaperRegister(ctx, c.province, service.PaperFilter{Match: "mismatched"})
			wantOK(t, err)
			if len(mis.Rows) != 1 || mis.Rows[0].AppID != qmx {
				t.Errorf("mismatched = %+v, want 启明星's only", mis.Rows)
			}
		})
		t.Run("empty/another province sees no receipt", func(t *testing.T) {
			v, err := c.svc.PaperRegister(ctx, c.stranger, service.PaperFilter{})
			wantOK(t, err)
			if len(v.Rows) != 0 {
				t.Errorf("福建 sees %d of 北京's receipts", len(v.Rows))
			}
		})
		t.Run("the applicant hears of the receipt once", func(t *testing.T) {
			p, err := c.svc.Progress(ctx, c.applicant, qmx)
			wantOK(t, err)
			last := p.Steps[len(p.Steps)-1]
			if last.Receipt.ReceivedOn != "2021-11-12" || last.Receipt.Receiver != "" {
				t.Errorf("the applicant's log shows %+v: want the date, not the 签收人", last.Receipt)
			}
		})
	})
}

func TestBatchChecksTheForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newChain(t, st)
		ids := make([]int64, service.MaxBatch+1)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		tests := []struct {
			name  string
			who   domain.Actor
			in    service.BatchInput
			field string
		}{
			{"refused/nothing selected", c.province, service.BatchInput{Action: service.BatchReturn, Comment: "x"}, "apps"},
			{"refused/more than 200", c.province, service.BatchInput{Action: service.BatchReturn, Comment: "x", AppIDs: ids}, "apps"},
			{"refused/return without a reason", c.province, service.BatchInput{Action: service.BatchReturn, AppIDs: ids[:2]}, "comment"},
			{"refused/province recommends without 推荐意见", c.province, service.BatchInput{Action: service.BatchRecommend, AppIDs: ids[:2]}, "comment"},
			{"refused/city has no paper check", c.city, service.BatchInput{Action: service.BatchPaper, AppIDs: ids[:2]}, "action"},
			{"refused/unknown action", c.province, service.BatchInput{Action: "delete", AppIDs: ids[:2]}, "action"},
			{"refused/copies not a number", c.province, service.BatchInput{Action: service.BatchPaper, AppIDs: ids[:2], Copies: "五"}, "copies"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := c.svc.Batch(ctx, tt.who, tt.in)
				wantFieldOf(t, err, domain.Invalid, tt.field)
			})
		}
		if ops := service.BatchOps(domain.LevelProvince); len(ops) != 4 || ops[1].Label != "推荐至火炬中心" ||
			ops[3].Action != service.BatchExperts {
			t.Errorf("province ops = %+v", ops)
		}
		if ops := service.BatchOps(domain.LevelTorch); len(ops) != 1 || ops[0].Action != service.BatchExperts {
			t.Errorf("火炬中心 ops = %+v, want only 分配专家", ops)
		}
		if ops := service.BatchOps(domain.LevelCity); len(ops) != 2 {
			t.Errorf("city ops = %+v, want 推荐 and 退回修改", ops)
		}
	})
}

func TestQuotaRefusesBeyondAndLetsThroughWhenRaised(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, apps := provinceWorld(t, st)
		qch, qmx := apps["海淀青创汇众创空间"].ID, apps["启明星众创空间"].ID
		round := apps["海淀青创汇众创空间"].RoundID
		readyToRecommend(t, c, qch)
		readyToRecommend(t, c, qmx)

		// The demo's 西山众创汇 and 启明星众创空间（中关村分部） hold two.
		t.Run("shown/未设定 before 火炬中心 sets it, with the demo's two recommendations", func(t *testing.T) {
			lines, err := c.svc.QuotaStatus(ctx, c.province, round)
			wantOK(t, err)
			if len(lines) != 1 || lines[0].Text() != "已推荐 2 / 名额 未设定" {
				t.Fatalf("lines = %+v", lines)
			}
		})
		setQuota(t, c, round, "", "2")
		rec := service.BatchInput{Action: service.BatchRecommend, AppIDs: []int64{qch, qmx}, Comment: "经专家评审和公示，同意推荐。"}
		t.Run("refused/over the 名额, naming both numbers", func(t *testing.T) {
			res, err := c.svc.Batch(ctx, c.province, rec)
			wantOK(t, err)
			for _, it := range res.Items {
				if it.Done || !strings.Contains(it.Reason, "已推荐 2 个，名额为 2 个") {
					t.Errorf("item %+v: want refused over the 名额", it)
				}
			}
		})
		setQuota(t, c, round, "2", "3")
		t.Run("one let through after 火炬中心 raised it, the next refused", func(t *testing.T) {
			res, err := c.svc.Batch(ctx, c.province, rec)
			wantOK(t, err)
			if !res.Items[0].Done || res.Items[1].Done || !strings.Contains(res.Items[1].Reason, "名额为 3 个") {
				t.Fatalf("items %+v", res.Items)
			}
			// Unfiltered, a line for each round the province has applications
			// in: the demo's 孵化器认定 and 免税资格申请 are in two more.
			lines, err := c.svc.QuotaStatus(ctx, c.province, 0)
			wantOK(t, err)
			var got []string
			for _, l := range lines {
				got = append(got, fmt.Sprintf("%s %s", l.Round.TypeCode, l.Text()))
			}
			want := []string{"makerspace 已推荐 3 / 名额 3", "incubator 已推荐 0 / 名额 未设定", "exemption 已推荐 0 / 名额 未设定"}
			if !slices.Equal(got, want) || lines[0].Round.ID != round || !lines[0].Full() || lines[1].Full() || lines[2].Full() {
				t.Errorf("lines %q, want %q with the first full", got, want)
			}
		})
		t.Run("refused/a stale 名额 is a conflict", func(t *testing.T) {
			err := c.svc.SetQuotas(ctx, c.torch, round, []service.QuotaInput{{Code: "110000", Value: "9", Was: "2"}})
			wantFieldOf(t, err, domain.Conflict, "quota-110000")
		})
		t.Run("refused/only 火炬中心 sets 名额", func(t *testing.T) {
			err := c.svc.SetQuotas(ctx, c.province, round, []service.QuotaInput{{Code: "110000", Value: "9", Was: "3"}})
			wantKind(t, err, domain.Forbidden)
		})
		t.Run("refused/a 名额 not a number", func(t *testing.T) {
			err := c.svc.SetQuotas(ctx, c.torch, round, []service.QuotaInput{{Code: "110000", Value: "-1", Was: "3"}})
			wantFieldOf(t, err, domain.Invalid, "quota-110000")
		})
		setQuota(t, c, round, "3", "4")
		t.Run("let through/the second after another raise", func(t *testing.T) {
			_, err := c.svc.Act(ctx, c.province, qmx, service.ActInput{Action: domain.ActRecommend, Comment: "同意推荐。"})
			wantOK(t, err)
			lines, err := c.svc.RoundQuotas(ctx, c.torch, round)
			wantOK(t, err)
			for _, l := range lines {
				if l.Acceptor.Code == "110000" && l.Text() != "已推荐 4 / 名额 4" {
					t.Errorf("火炬中心 sees %s", l.Text())
				}
			}
		})
	})
}

func TestQuotaHoldsUnderConcurrentRecommendations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, apps := provinceWorld(t, st)
		ids := []int64{apps["海淀青创汇众创空间"].ID, apps["启明星众创空间"].ID}
		readyToRecommend(t, c, ids[0])
		readyToRecommend(t, c, ids[1])
		// 西山众创汇 and 启明星众创空间（中关村分部） hold two: one slot left.
		setQuota(t, c, apps["启明星众创空间"].RoundID, "", "3")
		errs := make([]error, len(ids))
		var wg sync.WaitGroup
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = c.svc.Act(ctx, c.province, id, service.ActInput{Action: domain.ActRecommend, Comment: "同意推荐。"})
			}()
		}
		wg.Wait()
		passed, refused := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				passed++
			case domain.KindOf(err) == domain.Conflict && strings.Contains(domain.Message(err), "名额为 3 个"):
				refused++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if passed != 1 || refused != 1 {
			t.Fatalf("passed %d, refused %d: want the last slot taken once", passed, refused)
		}
	})
}

// TestBatchDrawsExperts: 分配专家 from the 工作台 draws for the whole
// selection at once through DrawExperts, never the expert from the
// applicant's own city, and lists each application's outcome.
func TestBatchDrawsExperts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, apps := provinceWorld(t, st)
		qmx := apps["启明星众创空间"].ID
		t.Run("refused/no count of experts", func(t *testing.T) {
			for _, n := range []string{"", "0", "三", "99"} {
				_, err := c.svc.Batch(ctx, c.province, service.BatchInput{Action: service.BatchExperts, AppIDs: []int64{qmx}, PerApp: n})
				wantFieldOf(t, err, domain.Invalid, "per_app")
			}
		})
		t.Run("refused/a city has no 专家库", func(t *testing.T) {
			_, err := c.svc.Batch(ctx, c.city, service.BatchInput{Action: service.BatchExperts, AppIDs: []int64{qmx}, PerApp: "3"})
			wantFieldOf(t, err, domain.Invalid, "action")
		})
		t.Run("drawn/three each, none from 海淀区, a stranger's id not found", func(t *testing.T) {
			res, err := c.svc.Batch(ctx, c.province, service.BatchInput{Action: service.BatchExperts,
				AppIDs: []int64{qmx, 999999}, PerApp: "3"})
			wantOK(t, err)
			if len(res.Items) != 2 || res.Done != 1 || res.Refused != 1 {
				t.Fatalf("result = %+v", res)
			}
			got := res.Items[0]
			if !got.Done || len(got.Experts) != 3 || strings.Contains(strings.Join(got.Experts, ""), "马宏") {
				t.Fatalf("启明星 = %+v, want three experts drawn and not 马宏 of 海淀区", got)
			}
			if res.Items[1].Done || !strings.Contains(res.Items[1].Reason, "未找到") {
				t.Fatalf("stranger's id = %+v", res.Items[1])
			}
			sum, err := c.svc.ExpertSummaries(ctx, c.province, []int64{qmx})
			wantOK(t, err)
			if sum[qmx].Assigned != 3 {
				t.Fatalf("summary = %+v, want 3 assigned", sum[qmx])
			}
		})
	})
}

// TestBatchDecisionsAskAboutDrafts: a batch 退回修改 lists each
// application's draft remarks and asks once what becomes of them; without
// an answer nothing is done, a draft added since the form is that
// application's conflict, and the answer is carried out for each.
func TestBatchDecisionsAskAboutDrafts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, apps := provinceWorld(t, st)
		qmx, qch := apps["启明星众创空间"].ID, apps["海淀青创汇众创空间"].ID
		r, err := c.svc.AddRemark(ctx, c.province, qmx, service.RemarkInput{Section: "basic", Field: "address", Text: "请核实地址。"})
		wantOK(t, err)
		form, err := c.svc.BatchForm(ctx, c.province, service.BatchReturn, []int64{qmx, qch})
		wantOK(t, err)
		listed := map[int64][]int64{}
		for _, it := range form.Items {
			listed[it.AppID] = it.Drafts
		}
		if len(listed[qmx]) != 1 || listed[qmx][0] != r.ID || len(listed[qch]) != 0 {
			t.Fatalf("the form lists drafts %v, want only %d on 启明星", listed, r.ID)
		}
		in := service.BatchInput{Action: service.BatchReturn, AppIDs: []int64{qmx, qch}, Comment: "请补充场地证明。",
			DraftIDs: listed}
		t.Run("refused/no answer about the drafts", func(t *testing.T) {
			_, err := c.svc.Batch(ctx, c.province, in)
			wantFieldOf(t, err, domain.Invalid, "drafts")
		})
		t.Run("kept/drafts stay with the department, a draft added since is a conflict", func(t *testing.T) {
			in := in
			in.Drafts = service.DraftsKeep
			_, err := c.svc.AddRemark(ctx, c.province, qch, service.RemarkInput{Section: "basic", Field: "address", Text: "新增的意见。"})
			wantOK(t, err)
			res, err := c.svc.Batch(ctx, c.province, in)
			wantOK(t, err)
			if !res.Items[0].Done || res.Items[1].Done || !strings.Contains(res.Items[1].Reason, "意见草稿已变化") {
				t.Fatalf("result = %+v", res.Items)
			}
			v, err := c.svc.Review(ctx, c.province, qmx)
			wantOK(t, err)
			if len(v.Remarks) != 1 || v.Remarks[0].StepID != 0 {
				t.Fatalf("remarks = %+v, want the one draft kept", v.Remarks)
			}
		})
	})
}

// TestBatchPaperSentAgainRegistersNothingTwice: the same 纸质材料已收 sent
// again (a reloaded result page) leaves an application whose copy of this
// round matched alone, with the reason; one that mismatched is registered
// again, as a second delivery.
func TestBatchPaperSentAgainRegistersNothingTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, apps := provinceWorld(t, st)
		qmx, qch := apps["启明星众创空间"].ID, apps["海淀青创汇众创空间"].ID
		in := service.BatchInput{Action: service.BatchPaper, AppIDs: []int64{qmx, qch}, ReceivedOn: "2021-11-12",
			Receiver: "孙审核", Versions: map[int64]string{qmx: submittedCode(t, c, c.province, qmx), qch: "2021ZC-0000-0000"}}
		checks := func(id int64) int {
			t.Helper()
			steps, err := st.Steps(ctx, id)
			wantOK(t, err)
			n := 0
			for _, s := range steps {
				if s.Action == domain.ActPaperCheck {
					n++
				}
			}
			return n
		}
		for range 2 {
			_, err := c.svc.Batch(ctx, c.province, in)
			wantOK(t, err)
		}
		res, err := c.svc.Batch(ctx, c.province, in)
		wantOK(t, err)
		if res.Items[0].Done || !strings.Contains(res.Items[0].Reason, "本轮已登记纸质材料（2021-11-12收到，版本号一致）") {
			t.Errorf("the matched copy sent again: %+v", res.Items[0])
		}
		if !res.Items[1].Done {
			t.Errorf("the mismatched copy is not registered again: %+v", res.Items[1])
		}
		if n := checks(qmx); n != 1 {
			t.Errorf("启明星 has %d paper checks, want 1", n)
		}
		if n := checks(qch); n != 3 {
			t.Errorf("海淀青创汇 has %d paper checks, want 3 (each delivery mismatched)", n)
		}
	})
}
