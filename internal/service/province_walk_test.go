package service_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"hatch/internal/demo"
	"hatch/internal/domain"
	demoseed "hatch/internal/seed"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// moreSpaces are ten more 海淀区 众创空间 that 海淀区 has recommended to
// 北京市, so that with the demo's two the province has twelve to handle.
func moreSpaces() []demo.Stage {
	recommend := demo.Step{Reviewer: "demo-city", Action: domain.ActRecommend, Comment: "经初审，同意推荐。"}
	var out []demo.Stage
	for i := 1; i <= 10; i++ {
		p := demo.IDNumber("110108", fmt.Sprintf("198%d0101", i%10), fmt.Sprintf("%03d", 100+i))
		org := demo.Org{Name: fmt.Sprintf("北京创新工场%02d科技有限公司", i), USCC: demo.USCC("110108", fmt.Sprintf("MA0T%02dK%d", i, i%10)),
			OrgType: "企业法人", Address: fmt.Sprintf("北京市海淀区知春路%d号", i), Region: "110108",
			Rep: "王" + string(rune('甲'+i-1)), RepID: p, Auth: "王" + string(rune('甲'+i-1)), AuthID: p,
			Mobile: fmt.Sprintf("139000001%02d", i)}
		out = append(out, demo.Stage{Org: org, Login: fmt.Sprintf("walk-applicant-%02d", i),
			Carrier: fmt.Sprintf("知春%02d众创空间", i), Steps: []demo.Step{recommend}})
	}
	return out
}

// provinceOfTwelve is the demo chain with demo-applicant's application and
// ten more at 北京市: twelve applications waiting for the province, by id
// in the order of the province's queue.
func provinceOfTwelve(t *testing.T, st *store.Store) (*chain, []int64) {
	t.Helper()
	c, _ := provinceWorld(t, st)
	wantOK(t, demoseed.More(ctx, c.svc.Service, moreSpaces()))
	q, err := c.svc.QueueItems(ctx, c.province, service.QueueFilter{RoundID: c.roundID, Status: domain.AppProvinceReview})
	wantOK(t, err)
	var ids []int64
	for _, it := range q.Items {
		ids = append(ids, it.ID)
	}
	if len(ids) != 12 {
		t.Fatalf("the province has %d applications waiting, want 12", len(ids))
	}
	return c, ids
}

// TestProvinceWalksTwelveApplications is a 省级科技管理部门's season in one
// test: twelve applications get three experts each at random (one expert
// declares 回避 and is replaced), the experts score, the paper copies come
// in as one batch, 专家评审 and 公示 are recorded, a batch 推荐 runs into the
// 名额 (one refused), the 推荐表 and 推荐函 are read back, and 火炬中心
// completes the rest.
func TestProvinceWalksTwelveApplications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c, ids := provinceOfTwelve(t, st)
		experts := map[string]domain.Actor{}
		for _, l := range []string{"demo-expert1", "demo-expert2", "demo-expert3", "demo-expert4", "demo-expert5"} {
			experts[l] = c.login(t, l)
		}

		drawThree(t, c, ids)
		recuseOnce(t, c, ids, experts["demo-expert1"])
		drawThree(t, c, ids) // the one left with two gets a third
		scoreAll(t, c, ids, experts)
		receivePaper(t, c, ids)
		for _, id := range ids {
			for _, in := range []service.ActInput{
				{Action: domain.ActScore},
				{Action: domain.ActPublicity, PublicFrom: "2021-11-08", PublicTo: "2021-11-12"},
			} {
				_, err := c.svc.Act(ctx, c.province, id, in)
				wantOK(t, err)
			}
		}
		done := recommendWithinQuota(t, c, ids)
		readRecommendTable(t, c, done)
		readRecommendLetter(t, c, done)
		torchCompletes(t, c, done)
	})
}

// drawThree draws experts for every application at once: three each,
// never 马宏 of 海淀区, the load even over the four others.
func drawThree(t *testing.T, c *chain, ids []int64) {
	t.Helper()
	res, err := c.svc.Batch(ctx, c.province, service.BatchInput{Action: service.BatchExperts, AppIDs: ids, PerApp: "3"})
	wantOK(t, err)
	load := map[string]int{}
	sums, err := c.svc.ExpertSummaries(ctx, c.province, ids)
	wantOK(t, err)
	for _, id := range ids {
		if sums[id].Assigned != 3 {
			t.Fatalf("application %d has %d experts, want 3 (%+v)", id, sums[id].Assigned, res.Items)
		}
		panel, err := c.svc.ExpertPanel(ctx, c.province, id)
		wantOK(t, err)
		for _, sh := range panel.Sheets {
			if !sh.Recused {
				load[sh.ExpertName]++
			}
		}
	}
	if load["马宏"] != 0 {
		t.Fatalf("马宏 of 海淀区 was drawn for a 海淀区 applicant: %v", load)
	}
	lo, hi := 99, 0
	for _, n := range load {
		lo, hi = min(lo, n), max(hi, n)
	}
	if hi-lo > 1+1 { // 海淀青创汇's three were chosen by hand before the draw
		t.Fatalf("uneven load %v", load)
	}
}

// recuseOnce has demo-expert1 declare 回避 on the first application that
// has it, and checks the department then counts two.
func recuseOnce(t *testing.T, c *chain, ids []int64, expert domain.Actor) {
	t.Helper()
	tasks, err := c.svc.MyAssignments(ctx, expert)
	wantOK(t, err)
	for _, task := range tasks {
		if !slices.Contains(ids, task.AppID) || task.Submitted() {
			continue
		}
		wantOK(t, c.svc.Recuse(ctx, expert, task.ID, "本人曾为该单位提供咨询服务。", task.Revision))
		sums, err := c.svc.ExpertSummaries(ctx, c.province, []int64{task.AppID})
		wantOK(t, err)
		if sums[task.AppID].Assigned != 2 {
			t.Fatalf("after 回避 the application counts %d experts, want 2", sums[task.AppID].Assigned)
		}
		return
	}
	t.Fatal("demo-expert1 has no open assignment to decline")
}

// scoreAll has every expert submit a sheet on each open assignment; the
// scores differ by application so that averages differ.
func scoreAll(t *testing.T, c *chain, ids []int64, experts map[string]domain.Actor) {
	t.Helper()
	for _, e := range experts {
		tasks, err := c.svc.MyAssignments(ctx, e)
		wantOK(t, err)
		for _, task := range tasks {
			if !slices.Contains(ids, task.AppID) || task.Submitted() || task.Recused {
				continue
			}
			bonus := fmt.Sprint(10 + slices.Index(ids, task.AppID)%5)
			in := service.SheetInput{Scores: map[string]string{"team": "16", "service": "20", "incubation": "20",
				"space": "12", "feature": bonus}, Comment: "材料完整，建议推荐。", Revision: task.Revision, Submit: true}
			_, err := c.svc.SaveSheet(ctx, e, task.ID, in)
			wantOK(t, err)
		}
	}
	sums, err := c.svc.ExpertSummaries(ctx, c.province, ids)
	wantOK(t, err)
	for _, id := range ids {
		if s := sums[id]; s.Submitted != 3 || !s.HasAverage {
			t.Fatalf("application %d: %+v, want three sheets and an average", id, s)
		}
	}
}

// receivePaper registers the twelve paper copies in one batch.
func receivePaper(t *testing.T, c *chain, ids []int64) {
	t.Helper()
	in := service.BatchInput{Action: service.BatchPaper, AppIDs: ids, ReceivedOn: "2021-11-12", Receiver: "孙审核",
		Versions: map[int64]string{}}
	for _, id := range ids {
		in.Versions[id] = submittedCode(t, c, c.province, id)
	}
	res, err := c.svc.Batch(ctx, c.province, in)
	wantOK(t, err)
	if res.Done != 12 {
		t.Fatalf("paper received for %d, want 12: %+v", res.Done, res.Items)
	}
}

// recommendWithinQuota sets 北京市's 名额 to 13 (西山众创汇 and 启明星众创空间
// （中关村分部） of the demo hold two) and recommends all twelve in one
// batch: eleven pass, the last is refused over the 名额. It returns what
// the province recommended, in order: 西山众创汇, 启明星众创空间（中关村分部）,
// then the eleven.
func recommendWithinQuota(t *testing.T, c *chain, ids []int64) []int64 {
	t.Helper()
	app, err := c.st.ReviewApplication(ctx, ids[0])
	wantOK(t, err)
	setQuota(t, c, app.RoundID, "", "13")
	res, err := c.svc.Batch(ctx, c.province, service.BatchInput{Action: service.BatchRecommend, AppIDs: ids,
		Comment: "经专家评审和公示，同意推荐。"})
	wantOK(t, err)
	if res.Done != 11 || res.Refused != 1 || !strings.Contains(res.Items[11].Reason, "名额") {
		t.Fatalf("batch 推荐 = %d done, %d refused, last %+v; want 11, 1 over the 名额", res.Done, res.Refused, res.Items[11])
	}
	order, err := c.svc.RecommendOrder(ctx, c.province, app.RoundID)
	wantOK(t, err)
	var out []int64
	for _, r := range order.Apps {
		if r.Recommended {
			out = append(out, r.ID)
		}
	}
	if len(out) != 13 || slices.Contains(out, ids[11]) || !slices.Equal(out[2:], ids[:11]) {
		t.Fatalf("recommended %v, want 西山众创汇, 启明星众创空间（中关村分部） and the first eleven of %v", out, ids)
	}
	for i, name := range []string{"西山众创汇", "启明星众创空间（中关村分部）"} {
		app, err := c.st.ReviewApplication(ctx, out[i])
		wantOK(t, err)
		if app.CarrierName != name {
			t.Fatalf("recommended %d is %s, want the demo's %s", i+1, app.CarrierName, name)
		}
	}
	return out
}

// readRecommendTable parses the 推荐表 back: its columns, its rows in the
// 推荐排序, each with the submitted version and the expert average (the
// demo's two, recommended when it was seeded, with their own 推荐意见).
func readRecommendTable(t *testing.T, c *chain, done []int64) {
	t.Helper()
	data, _, err := c.svc.ExportRecommend(ctx, c.province, service.QueueFilter{})
	wantOK(t, err)
	_, rows := openBook(t, data, "推荐表")
	head := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "序号" })
	if head < 0 {
		t.Fatalf("no header row in %q", rows)
	}
	want := []string{"序号", "统一社会信用代码", "众创空间名称", "运营主体", "所在市/区", "受理编号", "提交的版本号", "联系人", "电话",
		"总面积", "工位数", "当年入驻团队和企业", "转化为企业数", "获得投融资数", "活动场数", "专家评审平均分", "推荐意见"}
	if !slices.Equal(rows[head], want) {
		t.Fatalf("columns %q, want %q", rows[head], want)
	}
	body := rows[head+1:]
	if len(body) != len(done) {
		t.Fatalf("%d rows, want %d", len(body), len(done))
	}
	for i, id := range done {
		app, err := c.st.ReviewApplication(ctx, id)
		wantOK(t, err)
		r := body[i]
		if r[0] != fmt.Sprint(i+1) || r[5] != app.RefNo || r[6] != submittedCode(t, c, c.province, id) {
			t.Errorf("row %d = %q, want %s with its submitted version", i+1, r, app.RefNo)
		}
		opinion := "经专家评审和公示，同意推荐。"
		if i < 2 {
			opinion = "经专家评审和公示，推荐至火炬中心。"
		}
		if r[15] == "" || r[16] != opinion {
			t.Errorf("row %d lacks the expert average or the 推荐意见 %q: %q", i+1, opinion, r)
		}
	}
}

// readRecommendLetter reads the 推荐函 back with pdftotext: the count and
// every space in the 推荐排序.
func readRecommendLetter(t *testing.T, c *chain, done []int64) {
	t.Helper()
	pdf, _, err := c.svc.RecommendLetter(ctx, c.province, service.QueueFilter{}, "京科函〔2021〕18号")
	wantOK(t, err)
	text := strings.Join(strings.Fields(testkit.PDFText(t, pdf)), "")
	if !strings.Contains(text, "现推荐以下13家众创空间") || !strings.Contains(text, "京科函〔2021〕18号") {
		t.Fatalf("the letter lacks the count or the 文号:\n%s", text)
	}
	at := 0
	for i, id := range done {
		app, err := c.st.ReviewApplication(ctx, id)
		wantOK(t, err)
		j := strings.Index(text[at:], fmt.Sprint(i+1)+app.CarrierName)
		if j < 0 {
			t.Fatalf("the letter lacks %d %s after the previous one:\n%s", i+1, app.CarrierName, text)
		}
		at += j
	}
}

// torchCompletes has 火炬中心 take each recommended application through
// 形式审查, its own 专家评审 and 公示 to 备案通过 (the demo's
// 启明星众创空间（中关村分部） is there already).
func torchCompletes(t *testing.T, c *chain, done []int64) {
	t.Helper()
	for _, id := range done {
		app, err := c.st.ReviewApplication(ctx, id)
		wantOK(t, err)
		steps := []service.ActInput{
			{Action: domain.ActFormalPass},
			{Action: domain.ActScore, Score: "85"},
			{Action: domain.ActPublicity, PublicFrom: "2021-11-08", PublicTo: "2021-11-12"},
			{Action: domain.ActFile},
		}
		switch app.Status {
		case domain.AppExpertReview: // 西山众创汇: the demo's 火炬中心 passed its 形式审查
			steps = steps[1:]
		case domain.AppFiled: // 启明星众创空间（中关村分部）: the demo filed it
			steps = nil
		}
		for _, in := range steps {
			_, err := c.svc.Act(ctx, c.torch, id, in)
			wantOK(t, err)
		}
		if app, err := c.st.ReviewApplication(ctx, id); err != nil || app.Status != domain.AppFiled {
			t.Fatalf("application %d is %s (%v), want 备案通过", id, app.Status, err)
		}
	}
}
