package service_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"

	"golang.org/x/text/width"
)

// chain is the demo world for the review chain: demo-applicant's complete
// application, the demo reviewers of 海淀区, 北京市 and 火炬中心, and a
// reviewer of another province.
type chain struct {
	st                    *store.Store
	svc                   *testService
	applicant             domain.Actor
	city, province, torch domain.Actor
	stranger              domain.Actor // 福建省科学技术厅
	appID                 int64
	roundID               int64 // the 2021 众创空间 round appID belongs to
}

func newChain(t *testing.T, st *store.Store) *chain {
	t.Helper()
	svc := newServiceWith(t, st, func(s *service.Settings) { s.KeepRoundsOpen = true })
	a, apps := demoApps(t, svc)
	c := &chain{st: st, svc: svc, applicant: a, appID: apps["启明星众创空间"].App.ID, roundID: apps["启明星众创空间"].App.RoundID}
	c.city, c.province, c.torch = c.login(t, "demo-city"), c.login(t, "demo-province"), c.login(t, "demo-torch")
	admin := c.login(t, "admin")
	dept, err := svc.CreateDepartment(ctx, admin, service.DepartmentInput{Name: "福建省科学技术厅", Level: "province", RegionCode: "350000"})
	wantOK(t, err)
	u, _, err := svc.CreateReviewer(ctx, admin, service.ReviewerInput{Login: "fj-reviewer", Name: "闽审核", Mobile: "13900000077", DeptID: dept.ID})
	wantOK(t, err)
	c.stranger = actorOf(t, svc, st, u.ID)
	return c
}

func (c *chain) login(t *testing.T, login string) domain.Actor {
	t.Helper()
	u, _, err := c.st.UserByLogin(ctx, login)
	wantOK(t, err)
	return actorOf(t, c.svc, c.st, u.ID)
}

func (c *chain) generate(t *testing.T) domain.Version {
	t.Helper()
	v, err := c.svc.GenerateVersion(ctx, c.applicant, c.appID, "https://hatch.example.org")
	wantOK(t, err)
	return v
}

func (c *chain) submit(t *testing.T) domain.Application {
	t.Helper()
	app, err := c.svc.Submit(ctx, c.applicant, c.appID, service.SubmitInput{AcceptorCode: "110000", Declared: true})
	wantOK(t, err)
	return app
}

func (c *chain) act(t *testing.T, who domain.Actor, in service.ActInput) domain.ReviewStep {
	t.Helper()
	st, err := c.svc.Act(ctx, who, c.appID, in)
	wantOK(t, err)
	return st.ReviewStep
}

func (c *chain) status(t *testing.T) domain.AppStatus {
	t.Helper()
	app, err := c.st.ReviewApplication(ctx, c.appID)
	wantOK(t, err)
	return app.Status
}

// TestReviewChain walks the whole chain of issue 5 on both engines.
func TestReviewChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newChain(t, st)
		t.Run("submission is refused without a generated version", func(t *testing.T) {
			_, err := c.svc.Submit(ctx, c.applicant, c.appID, service.SubmitInput{AcceptorCode: "110000", Declared: true})
			wantKind(t, err, domain.Conflict)
		})
		v1 := c.generate(t)
		t.Run("the default 受理机构 comes from the region", func(t *testing.T) {
			sv, err := c.svc.PrepareSubmit(ctx, c.applicant, c.appID)
			wantOK(t, err)
			if sv.Default != "110000" || !sv.Ready() || sv.Version.ID != v1.ID {
				t.Fatalf("default %q, ready %v (%v), version %+v", sv.Default, sv.Ready(), sv.Blockers, sv.Version)
			}
		})
		t.Run("submission needs the declaration and a 受理机构", func(t *testing.T) {
			_, err := c.svc.Submit(ctx, c.applicant, c.appID, service.SubmitInput{})
			wantField(t, err, "declared")
			wantField(t, err, "acceptor")
		})
		app := c.submit(t)
		if app.Status != domain.AppCityReview || app.SubmittedVersion != v1.ID || app.RefNo == "" {
			t.Fatalf("after submit: %s, version %d, ref %q", app.Status, app.SubmittedVersion, app.RefNo)
		}
		t.Run("a submitted application is read-only", func(t *testing.T) {
			_, err := c.svc.SaveSection(ctx, c.applicant, c.appID, "capability", domain.Values{"text": "x"}, 1)
			wantKind(t, err, domain.Conflict)
			_, err = c.svc.GenerateVersion(ctx, c.applicant, c.appID, "")
			wantKind(t, err, domain.Conflict)
		})
		t.Run("the applicant cannot take a reviewer action", func(t *testing.T) {
			_, err := c.svc.Act(ctx, c.applicant, c.appID, service.ActInput{Action: domain.ActRecommend})
			wantKind(t, err, domain.Forbidden)
		})
		c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: "材料真实完整，同意推荐。"})
		if got := c.status(t); got != domain.AppProvinceReview {
			t.Fatalf("after city 推荐: %s", got)
		}

		// The province returns it with a remark on one team row.
		view, err := c.svc.Review(ctx, c.province, c.appID)
		wantOK(t, err)
		wantOK(t, err)
		// The first team still 在孵, whose 人员数量 may be edited.
		av, err := c.svc.Application(ctx, c.applicant, c.appID)
		wantOK(t, err)
		var teamRow int64
		rowNo := 0
		for i, r := range av.Form.Rows["teams"] {
			if r.Data["state"] == "在孵" && teamRow == 0 {
				teamRow, rowNo = r.ID, i+1
			}
		}
		if teamRow == 0 || view.Doc == nil {
			t.Fatal("no team 在孵 in the submitted application")
		}
		rm, err := c.svc.AddRemark(ctx, c.province, c.appID, service.RemarkInput{Table: "teams", RowID: teamRow,
			Field: "members", Text: "团队人数与入驻协议不符，请核实。"})
		wantOK(t, err)
		if !strings.Contains(rm.Target, "第 "+strconv.Itoa(rowNo)+" 行") || !strings.Contains(rm.Target, "创业团队人员数量") {
			t.Errorf("remark target %q does not name the row and field", rm.Target)
		}
		t.Run("a draft remark is not the applicant's to see", func(t *testing.T) {
			p, err := c.svc.Progress(ctx, c.applicant, c.appID)
			wantOK(t, err)
			if len(p.Remarks) != 0 {
				t.Errorf("applicant sees %d draft remarks", len(p.Remarks))
			}
		})
		t.Run("退回修改 needs an opinion", func(t *testing.T) {
			_, err := c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActReturn})
			wantField(t, err, "comment")
		})
		t.Run("a decision with drafts and no choice is refused, nothing sent", func(t *testing.T) {
			_, err := c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActReturn,
				Comment: "请按意见修改后重新提交。", DraftIDs: []int64{rm.ID}})
			wantField(t, err, "drafts")
			if got := c.status(t); got != domain.AppProvinceReview {
				t.Fatalf("status after the refusal: %s", got)
			}
		})
		t.Run("drafts other than the page listed are a conflict", func(t *testing.T) {
			_, err := c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActReturn,
				Comment: "请按意见修改后重新提交。", Drafts: service.DraftsSend})
			wantKind(t, err, domain.Conflict)
			if domain.Message(err) != "意见草稿已变化，请核对后再办理。" {
				t.Errorf("message %q", domain.Message(err))
			}
		})
		c.act(t, c.province, service.ActInput{Action: domain.ActReturn, Comment: "请按意见修改后重新提交。",
			Drafts: service.DraftsSend, DraftIDs: []int64{rm.ID}})
		if got := c.status(t); got != domain.AppReturned {
			t.Fatalf("after 退回修改: %s", got)
		}
		t.Run("the applicant sees the remark with the step and a notification", func(t *testing.T) {
			p, err := c.svc.Progress(ctx, c.applicant, c.appID)
			wantOK(t, err)
			last := p.Steps[len(p.Steps)-1]
			if last.Action != domain.ActReturn || len(p.RemarksOf(last.ID)) != 1 {
				t.Fatalf("progress: last step %s with %d remarks", last.Action, len(p.RemarksOf(last.ID)))
			}
			notes, err := c.svc.Notifications(ctx, c.applicant)
			wantOK(t, err)
			if len(notes) == 0 || !strings.Contains(notes[0].Text, "退回修改") || !strings.Contains(notes[0].Text, "1 条具体意见") {
				t.Errorf("newest notification: %+v", notes)
			}
		})

		// The applicant edits that row, generates and resubmits.
		row, err := c.svc.Row(ctx, c.applicant, c.appID, teamRow)
		wantOK(t, err)
		edited := domain.Values{}
		for k, v := range row.Data {
			edited[k] = v
		}
		edited["members"] = edited["members"] + "1" // 5 → 51
		_, err = c.svc.SaveRow(ctx, c.applicant, c.appID, "", teamRow, edited, row.Revision)
		wantOK(t, err)
		t.Run("submission is refused when data changed after the last version", func(t *testing.T) {
			_, err := c.svc.Submit(ctx, c.applicant, c.appID, service.SubmitInput{AcceptorCode: "110000", Declared: true})
			wantKind(t, err, domain.Conflict)
			if !strings.Contains(domain.Message(err), "生成后数据又有修改") {
				t.Errorf("message %q does not say the data changed", domain.Message(err))
			}
		})
		v2 := c.generate(t)
		c.submit(t)
		c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: "已按意见修改。"})

		t.Run("the diff shows exactly the edited cell", func(t *testing.T) {
			view, err := c.svc.Review(ctx, c.province, c.appID)
			wantOK(t, err)
			d := view.Diff
			if d == nil || d.From != v1.Code || len(d.Fields) != 0 || len(d.Rows) != 1 {
				t.Fatalf("diff = %+v", d)
			}
			ch := d.Rows[0]
			if ch.Kind != service.RowChanged || ch.RowID != teamRow || len(ch.Cells) != 1 || ch.Cells[0].New != edited["members"] {
				t.Errorf("row change = %+v", ch)
			}
		})
		t.Run("a wrong 版本号 on paper is flagged and blocks 推荐", func(t *testing.T) {
			st := c.act(t, c.province, service.ActInput{Action: domain.ActPaperCheck, Version: v1.Code})
			if st.Matched {
				t.Fatal("the previous version's number was accepted as the submitted one")
			}
			_, err := c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActRecommend})
			wantKind(t, err, domain.Conflict)
		})
		t.Run("the right 版本号, typed loosely, passes", func(t *testing.T) {
			st := c.act(t, c.province, service.ActInput{Action: domain.ActPaperCheck, Version: strings.ToLower(strings.ReplaceAll(v2.Code, "-", ""))})
			if !st.Matched {
				t.Fatal("the submitted version's number did not match")
			}
		})
		t.Run("the right 版本号 typed full-width with spaces passes, as the hint says", func(t *testing.T) {
			typed := width.Widen.String(strings.ToLower(strings.ReplaceAll(v2.Code[:4], "-", ""))) +
				strings.ToLower(strings.ReplaceAll(v2.Code[4:], "-", " "))
			st := c.act(t, c.province, service.ActInput{Action: domain.ActPaperCheck, Version: typed})
			if !st.Matched {
				t.Fatalf("%q did not match %s", typed, v2.Code)
			}
		})
		c.act(t, c.province, service.ActInput{Action: domain.ActScore, Score: "88.5"})
		t.Run("a 公示 that has not ended blocks 推荐", func(t *testing.T) {
			c.act(t, c.province, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-15", PublicTo: "2021-11-19"})
			_, err := c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActRecommend, Comment: "推荐。"})
			wantKind(t, err, domain.Conflict)
			if !strings.Contains(domain.Message(err), "公示期至 2021-11-19，尚未结束") {
				t.Errorf("the refusal says %q", domain.Message(err))
			}
		})
		c.act(t, c.province, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-01", PublicTo: "2021-11-05"})
		c.act(t, c.province, service.ActInput{Action: domain.ActRecommend, Comment: "推荐至火炬中心。"})
		t.Run("the applicant hears of the receipt and the decision, not of every record", func(t *testing.T) {
			notes, err := c.svc.Notifications(ctx, c.applicant)
			wantOK(t, err)
			var got []string
			for _, n := range notes[:3] { // newest first
				got = append(got, n.Text)
			}
			want := []string{"推荐至火炬中心", "已收到纸质材料", "推荐，当前状态“待省级审核”"} // three paper checks, a score and two 公示 between
			for i := range want {
				if !strings.Contains(got[i], want[i]) {
					t.Fatalf("the newest notifications are\n%s\nwant, newest first, %q", strings.Join(got, "\n"), want)
				}
			}
		})
		c.act(t, c.torch, service.ActInput{Action: domain.ActFormalPass})
		t.Run("火炬中心's 公示 needs its own score", func(t *testing.T) {
			_, err := c.svc.Act(ctx, c.torch, c.appID, service.ActInput{Action: domain.ActPublicity,
				PublicFrom: "2021-11-08", PublicTo: "2021-11-12"})
			wantKind(t, err, domain.Conflict)
			if !strings.Contains(domain.Message(err), "尚未记录专家评审分数") {
				t.Errorf("the refusal says %q", domain.Message(err))
			}
		})
		c.act(t, c.torch, service.ActInput{Action: domain.ActScore, Score: "90"})
		c.act(t, c.torch, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-08", PublicTo: "2021-11-12"})
		c.act(t, c.torch, service.ActInput{Action: domain.ActFile})
		if got := c.status(t); got != domain.AppFiled {
			t.Fatalf("at the end: %s", got)
		}
		t.Run("the verification page says the submitted version is v2", func(t *testing.T) {
			chk, err := c.svc.VerifyVersion(ctx, v2.Code)
			wantOK(t, err)
			old, err := c.svc.VerifyVersion(ctx, v1.Code)
			wantOK(t, err)
			if !chk.Submitted || old.Submitted {
				t.Errorf("submitted: v2 %v, v1 %v", chk.Submitted, old.Submitted)
			}
		})
		t.Run("another province's reviewer sees none of it", func(t *testing.T) {
			_, err := c.svc.Review(ctx, c.stranger, c.appID)
			wantKind(t, err, domain.NotFound)
			_, err = c.svc.Act(ctx, c.stranger, c.appID, service.ActInput{Action: domain.ActPaperCheck, Version: v2.Code})
			wantKind(t, err, domain.NotFound)
			_, err = c.svc.AddRemark(ctx, c.stranger, c.appID, service.RemarkInput{Section: "basic", Text: "x"})
			wantKind(t, err, domain.NotFound)
			q, err := c.svc.Queue(ctx, c.stranger, service.QueueFilter{})
			wantOK(t, err)
			if q.All != 0 || len(q.Apps) != 0 {
				t.Errorf("stranger's queue holds %d applications", q.All)
			}
		})
		t.Run("the province's queue counts it as 已备案", func(t *testing.T) {
			// In its round, beside the demo's filed 启明星众创空间（中关村分部）.
			q, err := c.svc.Queue(ctx, c.province, service.QueueFilter{RoundID: c.roundID, Status: domain.AppFiled})
			wantOK(t, err)
			var filed []string
			for _, a := range q.Apps {
				filed = append(filed, a.CarrierName)
			}
			if q.Counts[domain.AppFiled] != 2 || q.Total != 2 || len(q.Apps) != 2 ||
				!slices.ContainsFunc(q.Apps, func(a domain.Application) bool { return a.ID == c.appID }) ||
				!slices.Contains(filed, "启明星众创空间（中关村分部）") {
				t.Errorf("province queue: %+v, filed %v", q.Counts, filed)
			}
			// The demo's other organisations stand at every stage of the round.
			for _, st := range []domain.AppStatus{domain.AppCityReview, domain.AppProvinceReview, domain.AppReturned, domain.AppExpertReview} {
				if q.Counts[st] != 1 {
					t.Errorf("province counts %s = %d, want the demo's 1", st, q.Counts[st])
				}
			}
		})
	})
}

// TestDemoReviewStages: a new user finds a living 工作台 at every level
// and an organisation whose application was returned with a remark.
func TestDemoReviewStages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newChain(t, st)
		for login, want := range map[string]map[domain.AppStatus]int{
			// 待市级初审: 中关村创客工场, and the demo organisation's 孵化器认定 and
			// 免税资格申请; 已备案: 启明星众创空间（中关村分部）.
			"demo-city": {domain.AppCityReview: 3, domain.AppProvinceReview: 1, domain.AppReturned: 1, domain.AppExpertReview: 1,
				domain.AppFiled: 1},
			"demo-province": {domain.AppCityReview: 3, domain.AppProvinceReview: 1, domain.AppReturned: 1, domain.AppExpertReview: 1,
				domain.AppFiled: 1},
			"demo-torch": {domain.AppExpertReview: 1, domain.AppFiled: 1},
		} {
			t.Run(login+" sees the demo applications at their stages", func(t *testing.T) {
				q, err := c.svc.Queue(ctx, c.login(t, login), service.QueueFilter{})
				wantOK(t, err)
				for st, n := range want {
					if q.Counts[st] != n {
						t.Errorf("%s: %s = %d, want %d (all: %v)", login, st, q.Counts[st], n, q.Counts)
					}
				}
			})
		}
		t.Run("the returned organisation sees the remark beside its field", func(t *testing.T) {
			a := c.login(t, "demo-applicant-4")
			apps, err := c.svc.Applications(ctx, a)
			wantOK(t, err)
			if len(apps) != 1 || apps[0].Status != domain.AppReturned {
				t.Fatalf("demo-applicant-4 applications: %+v", apps)
			}
			v, err := c.svc.Application(ctx, a, apps[0].ID)
			wantOK(t, err)
			if v.Returned == nil || len(v.RemarksAt("basic", "", 0, "address")) != 1 {
				t.Errorf("returned step %v, remarks %+v", v.Returned, v.Remarks)
			}
		})
	})
}

func TestSubmitOnlyToTheRegionsAcceptors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newChain(t, st)
		c.generate(t)
		sv, err := c.svc.PrepareSubmit(ctx, c.applicant, c.appID)
		wantOK(t, err)
		if len(sv.Acceptors) != 1 || sv.Acceptors[0].Code != "110000" {
			t.Fatalf("a 海淀区 space may submit to %+v, want only 北京市", sv.Acceptors)
		}
		_, err = c.svc.Submit(ctx, c.applicant, c.appID, service.SubmitInput{AcceptorCode: "120000", Declared: true})
		wantField(t, err, "acceptor")
	})
}

func TestDefaultAcceptor(t *testing.T) {
	for _, tt := range []struct{ region, want string }{
		{"110108", "110000"}, // 北京市海淀区
		{"350203", "350200"}, // 厦门市思明区: a 计划单列市
		{"350102", "350000"}, // 福州市鼓楼区
		{"440305", "440300"}, // 深圳市南山区
		{"", ""},
	} {
		if got := service.DefaultAcceptor(tt.region); got != tt.want {
			t.Errorf("DefaultAcceptor(%q) = %q, want %q", tt.region, got, tt.want)
		}
	}
}

// TestActRefusesBadInput: wrong, empty, huge and hostile values of the
// 办理 forms are refused field by field, or kept exactly as typed.
func TestActRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newChain(t, st)
		c.generate(t)
		c.submit(t)
		refused := func(who domain.Actor, status domain.AppStatus, name string, in service.ActInput, field string) {
			t.Run(name+" is refused", func(t *testing.T) {
				_, err := c.svc.Act(ctx, who, c.appID, in)
				if err == nil {
					t.Fatal("accepted")
				}
				if field != "" {
					wantField(t, err, field)
				}
				if got := c.status(t); got != status {
					t.Errorf("status moved to %s", got)
				}
			})
		}
		refused(c.city, domain.AppCityReview, "an empty action", service.ActInput{}, "")
		refused(c.city, domain.AppCityReview, "an unknown action", service.ActInput{Action: "delete_everything"}, "")
		refused(c.city, domain.AppCityReview, "a comment of 2,001 characters",
			service.ActInput{Action: domain.ActReturn, Comment: strings.Repeat("长", 2001)}, "comment")
		refused(c.city, domain.AppCityReview, "a blank comment", service.ActInput{Action: domain.ActReject, Comment: " \u3000 "}, "comment")
		t.Run("a hostile comment is kept exactly as typed", func(t *testing.T) {
			hostile := `<script>alert("x")</script> 𠀀 مرحبا 🙂`
			st := c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: hostile})
			if st.Comment != hostile {
				t.Errorf("comment stored as %q", st.Comment)
			}
		})
		for name, score := range map[string]string{"a score that is not a number": "八十", "a score of NaN": "NaN",
			"a score beyond range": "1e400", "a negative score": "-1", "an empty score": ""} {
			refused(c.province, domain.AppProvinceReview, name, service.ActInput{Action: domain.ActScore, Score: score}, "score")
		}
		refused(c.province, domain.AppProvinceReview, "a paper check without a 版本号",
			service.ActInput{Action: domain.ActPaperCheck, Version: "   "}, "version")
		refused(c.province, domain.AppProvinceReview, "公示 dates reversed",
			service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-26", PublicTo: "2021-11-22"}, "public_to")
		refused(c.province, domain.AppProvinceReview, "公示 dates that are not dates",
			service.ActInput{Action: domain.ActPublicity, PublicFrom: "明天", PublicTo: "2021-13-40"}, "")
		refused(c.province, domain.AppProvinceReview, "a 公示 of four working days",
			service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-22", PublicTo: "2021-11-25"}, "public_to")
		refused(c.province, domain.AppProvinceReview, "a 公示 over National Day that ends on its holiday",
			service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-09-28", PublicTo: "2021-10-08"}, "public_to")
		refused(c.province, domain.AppProvinceReview, "a 公示 in a year without a calendar",
			service.ActInput{Action: domain.ActPublicity, PublicFrom: "2031-03-03", PublicTo: "2031-03-31"}, "public_to")
	})
}
