package service_test

import (
	"slices"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// panelWorld is the review chain with the demo application at the
// province (北京市) and a pool of experts: five clear of conflicts (天津),
// one from the applicant's own city (北京), one working for the applicant.
type panelWorld struct {
	*chain
	experts  []domain.Expert // clear of conflicts
	sameCity domain.Expert
	employer domain.Expert
	foreign  domain.Expert // of 福建省科学技术厅's pool
	// contacts are the demo applicant's phone numbers and e-mail. The
	// 联系人's name is hidden from the field too, but she also appears as
	// staff in the 人员情况 table, which experts judge.
	contacts []string
}

func newPanelWorld(t *testing.T, st *store.Store) *panelWorld {
	t.Helper()
	w := &panelWorld{chain: newChain(t, st)}
	av, err := w.svc.Application(ctx, w.applicant, w.appID)
	wantOK(t, err)
	for _, k := range []string{"contact_mobile", "contact_phone", "contact_email"} {
		if v := av.Form.Sections["basic"][k]; v != "" {
			w.contacts = append(w.contacts, v)
		}
	}
	w.generate(t)
	w.submit(t)
	w.act(t, w.city, service.ActInput{Action: domain.ActRecommend, Comment: "同意推荐。"})
	for i, name := range []string{"赵评", "钱评", "孙评", "李评", "周评"} {
		w.experts = append(w.experts, w.addExpert(t, w.province, "pw-expert"+string(rune('1'+i)), name, "天津大学", "120101"))
	}
	w.sameCity = w.addExpert(t, w.province, "pw-samecity", "吴评", "清华大学", "110108")
	w.employer = w.addExpert(t, w.province, "pw-employer", "郑评", av.Form.Org.Name, "120101")
	w.foreign = w.addExpert(t, w.stranger, "fj-expert", "闽评", "厦门大学", "350200")
	return w
}

func (w *panelWorld) addExpert(t *testing.T, by domain.Actor, login, name, employer, region string) domain.Expert {
	t.Helper()
	e, pw, err := w.svc.AddExpert(ctx, by, service.ExpertInput{Login: login, Name: name, Mobile: "13900001111",
		Employer: employer, Speciality: "创业投资", RegionCode: region})
	wantOK(t, err)
	if pw == "" || !e.MustChangePassword || e.Role != domain.RoleExpert {
		t.Fatalf("expert %+v with password %q", e, pw)
	}
	return e
}

func (w *panelWorld) actor(t *testing.T, e domain.Expert) domain.Actor {
	t.Helper()
	return actorOf(t, w.svc, w.st, e.ID)
}

// task is the expert's current assignment on the demo application.
func (w *panelWorld) task(t *testing.T, e domain.Expert) service.ExpertTask {
	t.Helper()
	list, err := w.svc.MyAssignments(ctx, w.actor(t, e))
	wantOK(t, err)
	for _, x := range list {
		if x.AppID == w.appID {
			return x
		}
	}
	t.Fatalf("%s has no assignment on the application; list %+v", e.Login, list)
	return service.ExpertTask{}
}

func fullSheet(team string) map[string]string {
	return map[string]string{"team": team, "service": "20", "incubation": "20", "space": "12", "feature": "12.5"}
}

func TestExpertAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newPanelWorld(t, st)
		t.Run("refused/a city has no pool", func(t *testing.T) {
			_, _, err := w.svc.AddExpert(ctx, w.city, service.ExpertInput{Login: "city-expert"})
			wantKind(t, err, domain.Forbidden)
		})
		t.Run("refused/every missing field named", func(t *testing.T) {
			_, _, err := w.svc.AddExpert(ctx, w.province, service.ExpertInput{Login: "x"})
			for _, f := range []string{"login", "name", "employer", "speciality", "region", "mobile"} {
				wantField(t, err, f)
			}
		})
		t.Run("refused/a taken login", func(t *testing.T) {
			_, _, err := w.svc.AddExpert(ctx, w.province, service.ExpertInput{Login: "pw-expert1", Name: "重名",
				Mobile: "13900001111", Employer: "某大学", Speciality: "投资", RegionCode: "120101"})
			wantField(t, err, "login")
		})
		t.Run("listed/only the department's pool", func(t *testing.T) {
			list, err := w.svc.Experts(ctx, w.province)
			wantOK(t, err)
			mine := append(slices.Clone(w.experts), w.sameCity, w.employer)
			for _, e := range mine {
				if !slices.ContainsFunc(list, func(x domain.Expert) bool { return x.ID == e.ID }) {
					t.Errorf("%s missing from the pool", e.Login)
				}
			}
			if slices.ContainsFunc(list, func(e domain.Expert) bool { return e.ID == w.foreign.ID || e.PoolID != list[0].PoolID }) {
				t.Fatalf("pool of %d: %+v", len(list), list)
			}
		})
		t.Run("not found/another department's expert", func(t *testing.T) {
			_, err := w.svc.ResetExpertPassword(ctx, w.stranger, w.experts[0].ID)
			wantKind(t, err, domain.NotFound)
			wantKind(t, w.svc.SetExpertDisabled(ctx, w.stranger, w.experts[0].ID, true), domain.NotFound)
		})
		t.Run("reset/a temporary password to change at login", func(t *testing.T) {
			tp, err := w.svc.ResetExpertPassword(ctx, w.province, w.experts[0].ID)
			wantOK(t, err)
			if tp.Password == "" || !tp.User.MustChangePassword {
				t.Fatalf("reset %+v", tp)
			}
		})
		t.Run("disabled/cannot be assigned", func(t *testing.T) {
			wantOK(t, w.svc.SetExpertDisabled(ctx, w.province, w.experts[4].ID, true))
			_, err := w.svc.AssignExperts(ctx, w.province, w.appID, []int64{w.experts[4].ID})
			wantField(t, err, "experts")
		})
	})
}

func TestExpertAssignment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newPanelWorld(t, st)
		t.Run("flagged/conflicts shown beside the expert", func(t *testing.T) {
			p, err := w.svc.ExpertPanel(ctx, w.province, w.appID)
			wantOK(t, err)
			want := map[int64]string{w.sameCity.ID: "与申报单位同在一个地市", w.employer.ID: "工作单位即申报单位或运营主体"}
			for _, c := range p.Candidates {
				if c.Login == "demo-expert5" { // of 海淀区, in the demo pool
					want[c.ID] = "与申报单位同在一个地市"
				}
				if got := strings.Join(c.Conflicts, ""); got != want[c.ID] {
					t.Errorf("%s conflicts %q; want %q", c.Name, got, want[c.ID])
				}
			}
		})
		t.Run("not found/another province's application", func(t *testing.T) {
			_, err := w.svc.AssignExperts(ctx, w.stranger, w.appID, []int64{w.foreign.ID})
			wantKind(t, err, domain.NotFound)
			_, err = w.svc.ExpertPanel(ctx, w.stranger, w.appID)
			wantKind(t, err, domain.NotFound)
		})
		t.Run("refused/the city level holds no 专家评审", func(t *testing.T) {
			_, err := w.svc.ExpertPanel(ctx, w.city, w.appID)
			wantKind(t, err, domain.Forbidden)
		})
		t.Run("refused/an expert of another pool", func(t *testing.T) {
			_, err := w.svc.AssignExperts(ctx, w.province, w.appID, []int64{w.foreign.ID})
			wantField(t, err, "experts")
		})
		t.Run("assigned/by hand, a flagged expert included", func(t *testing.T) {
			as, err := w.svc.AssignExperts(ctx, w.province, w.appID, []int64{w.experts[0].ID, w.sameCity.ID})
			wantOK(t, err)
			if len(as) != 2 || as[0].ExpertID != w.experts[0].ID || as[1].Level != domain.LevelProvince {
				t.Fatalf("assignments %+v", as)
			}
		})
		t.Run("refused/the same expert twice", func(t *testing.T) {
			_, err := w.svc.AssignExperts(ctx, w.province, w.appID, []int64{w.experts[0].ID})
			wantField(t, err, "experts")
		})
		t.Run("drawn/the rest up to three, never a flagged expert", func(t *testing.T) {
			res, err := w.svc.DrawExperts(ctx, w.province, []int64{w.appID, 999999}, 3)
			wantOK(t, err)
			if len(res.Items) != 2 || res.Drawn() != 1 {
				t.Fatalf("draw %+v", res)
			}
			got := res.Items[0]
			if len(got.Experts) != 1 || got.Experts[0].ID == w.employer.ID || got.Experts[0].ID == w.sameCity.ID {
				t.Fatalf("drew %+v; want one expert clear of conflicts", got.Experts)
			}
			if res.Items[1].Refused != "未找到该申报，或不在本部门办理范围内。" {
				t.Errorf("unknown application: %q", res.Items[1].Refused)
			}
		})
		t.Run("refused/a draw for an application already complete", func(t *testing.T) {
			res, err := w.svc.DrawExperts(ctx, w.province, []int64{w.appID}, 3)
			wantOK(t, err)
			if res.Items[0].Refused != "已分配 3 位专家，无需再抽取。" {
				t.Fatalf("draw %+v", res.Items[0])
			}
		})
		t.Run("refused/more than the eligible experts", func(t *testing.T) {
			res, err := w.svc.DrawExperts(ctx, w.province, []int64{w.appID}, service.MaxPerApp)
			wantOK(t, err)
			if !strings.Contains(res.Items[0].Refused, "符合条件") {
				t.Fatalf("draw %+v", res.Items[0])
			}
		})
		t.Run("refused/a draw at another level", func(t *testing.T) {
			res, err := w.svc.DrawExperts(ctx, w.torch, []int64{w.appID}, 3)
			wantOK(t, err)
			if res.Items[0].Refused == "" {
				t.Fatalf("火炬中心 drew before the application reached it: %+v", res.Items[0])
			}
		})
		t.Run("told/each assigned expert", func(t *testing.T) {
			list, err := w.svc.Notifications(ctx, w.actor(t, w.experts[0]))
			wantOK(t, err)
			if len(list) != 1 || !strings.Contains(list[0].Text, "请您评审") {
				t.Fatalf("notifications %+v", list)
			}
		})
		t.Run("removed/an assignment without a sheet", func(t *testing.T) {
			x := w.task(t, w.sameCity)
			wantOK(t, w.svc.RemoveAssignment(ctx, w.province, w.appID, x.ID))
			wantKind(t, w.svc.RemoveAssignment(ctx, w.province, w.appID, x.ID), domain.NotFound)
		})
	})
}

func TestDrawIsEvenAcrossApplications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newPanelWorld(t, st)
		// The demo's second application at the province: 海淀青创汇.
		q, err := w.svc.Queue(ctx, w.province, service.QueueFilter{Status: domain.AppProvinceReview})
		wantOK(t, err)
		var ids []int64
		for _, it := range q.Apps {
			ids = append(ids, it.ID)
		}
		if len(ids) < 2 {
			t.Fatalf("queue %+v; want two applications at the province", q.Apps)
		}
		// Five for the demo application and two more for 青创汇 (which has
		// the demo's three), from the least loaded: 吴评 of 海淀 is never
		// drawn, nor 郑评 for the application of his own employer.
		res, err := w.svc.DrawExperts(ctx, w.province, ids, 5)
		wantOK(t, err)
		load := map[int64]int{}
		for _, it := range res.Items {
			if it.Refused != "" {
				t.Fatalf("refused %+v", it)
			}
			for _, e := range it.Experts {
				load[e.ID]++
			}
		}
		var loads []int
		for _, e := range append(slices.Clone(w.experts), w.employer) {
			loads = append(loads, load[e.ID])
		}
		if slices.Max(loads)-slices.Min(loads) > 1 || load[w.sameCity.ID] != 0 {
			t.Fatalf("loads %v (same city %d); want even, the same city never drawn", loads, load[w.sameCity.ID])
		}
		for _, it := range res.Items {
			if it.AppID == w.appID && slices.ContainsFunc(it.Experts, func(e domain.Expert) bool { return e.ID == w.employer.ID }) {
				t.Fatalf("drew the applicant's own employee for it: %+v", it.Experts)
			}
		}
	})
}

func TestExpertSheetsAndScore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newPanelWorld(t, st)
		e1, e2, e3 := w.experts[0], w.experts[1], w.experts[2]
		_, err := w.svc.AssignExperts(ctx, w.province, w.appID, []int64{e1.ID, e2.ID, e3.ID})
		wantOK(t, err)
		x1 := w.task(t, e1)

		t.Run("shown/the 申报书 without contact details", func(t *testing.T) {
			v, err := w.svc.ExpertReview(ctx, w.actor(t, e1), x1.ID)
			wantOK(t, err)
			if v.Doc == nil || len(v.Conditions) == 0 || len(v.Sheet) != 5 || v.Closed != "" {
				t.Fatalf("view: doc %v, %d conditions, sheet %d, closed %q", v.Doc != nil, len(v.Conditions), len(v.Sheet), v.Closed)
			}
			pdf, ver, err := w.svc.ExpertPDF(ctx, w.actor(t, e1), x1.ID, "https://hatch.example.org")
			wantOK(t, err)
			text := testkit.PDFText(t, pdf)
			if !strings.Contains(text, ver.Code[:6]) || !strings.Contains(text, "不向评审专家显示") {
				t.Fatalf("PDF lacks its 版本号 or the hidden mark")
			}
			if len(w.contacts) != 3 {
				t.Fatalf("demo contacts %v", w.contacts)
			}
			for _, c := range w.contacts {
				if strings.Contains(text, c) {
					t.Errorf("the expert's PDF shows the contact detail %q", c)
				}
			}
		})
		t.Run("not found/another expert's assignment", func(t *testing.T) {
			_, err := w.svc.ExpertReview(ctx, w.actor(t, e2), x1.ID)
			wantKind(t, err, domain.NotFound)
			_, err = w.svc.ExpertReview(ctx, w.actor(t, w.foreign), x1.ID)
			wantKind(t, err, domain.NotFound)
			_, _, err = w.svc.ExpertFile(ctx, w.actor(t, e2), x1.ID, 1)
			wantKind(t, err, domain.NotFound)
			_, err = w.svc.SaveSheet(ctx, w.actor(t, e2), x1.ID, service.SheetInput{Revision: 1})
			wantKind(t, err, domain.NotFound)
			_, err = w.svc.ExpertReview(ctx, w.province, x1.ID)
			wantKind(t, err, domain.NotFound)
		})
		t.Run("not found/the expert on reviewer routes", func(t *testing.T) {
			_, err := w.svc.Review(ctx, w.actor(t, e1), w.appID)
			if k := domain.KindOf(err); k != domain.NotFound && k != domain.Forbidden {
				t.Fatalf("Review as an expert: %v", err)
			}
			_, err = w.svc.ExpertPanel(ctx, w.actor(t, e1), w.appID)
			wantKind(t, err, domain.Forbidden)
		})
		t.Run("refused/a score above its maximum, beside the field", func(t *testing.T) {
			_, err := w.svc.SaveSheet(ctx, w.actor(t, e1), x1.ID, service.SheetInput{Scores: map[string]string{"team": "21"}, Revision: 1})
			wantField(t, err, "score.team")
		})
		t.Run("saved/a draft", func(t *testing.T) {
			x, err := w.svc.SaveSheet(ctx, w.actor(t, e1), x1.ID, service.SheetInput{Scores: map[string]string{"team": "18"}, Revision: 1})
			wantOK(t, err)
			if x.Revision != 2 || x.Submitted() {
				t.Fatalf("draft %+v", x)
			}
		})
		t.Run("conflict/a save from a tab left open", func(t *testing.T) {
			_, err := w.svc.SaveSheet(ctx, w.actor(t, e1), x1.ID, service.SheetInput{Scores: map[string]string{"team": "10"}, Revision: 1})
			wantKind(t, err, domain.Conflict)
		})
		t.Run("refused/submitting an incomplete sheet", func(t *testing.T) {
			_, err := w.svc.SaveSheet(ctx, w.actor(t, e1), x1.ID, service.SheetInput{Scores: map[string]string{"team": "18"}, Revision: 2, Submit: true})
			wantField(t, err, "score.service")
			wantField(t, err, "comment")
		})
		t.Run("blocked/专家评审 while sheets are missing", func(t *testing.T) {
			_, err := w.svc.Act(ctx, w.province, w.appID, service.ActInput{Action: domain.ActScore, Score: "90"})
			wantKind(t, err, domain.Conflict)
			if domain.Message(err) != "还有 3 位专家尚未提交评分表，不能记录专家评审结果。" {
				t.Errorf("message %q", domain.Message(err))
			}
		})
		submit := func(t *testing.T, e domain.Expert, team string, rev int64) {
			t.Helper()
			_, err := w.svc.SaveSheet(ctx, w.actor(t, e), w.task(t, e).ID, service.SheetInput{Scores: fullSheet(team),
				Comment: "服务体系完整，建议补充孵化成效数据。", Revision: rev, Submit: true})
			wantOK(t, err)
		}
		submit(t, e1, "18", 2)
		submit(t, e2, "15", 1) // 18 + 64.5 = 82.5; 15 + 64.5 = 79.5
		t.Run("read only/a submitted sheet", func(t *testing.T) {
			x := w.task(t, e1)
			_, err := w.svc.SaveSheet(ctx, w.actor(t, e1), x.ID, service.SheetInput{Scores: fullSheet("1"), Revision: x.Revision})
			wantKind(t, err, domain.Conflict)
		})
		t.Run("refused/editing the round's sheet once one is in", func(t *testing.T) {
			err := w.svc.SetScoreSheet(ctx, w.torch, w.round(t), domain.DefaultScoreSheet())
			wantKind(t, err, domain.Conflict)
		})
		t.Run("recused/the department is told", func(t *testing.T) {
			x := w.task(t, e3)
			err := w.svc.Recuse(ctx, w.actor(t, e3), x.ID, "", x.Revision)
			wantField(t, err, "reason")
			wantOK(t, w.svc.Recuse(ctx, w.actor(t, e3), x.ID, "本人曾担任该单位顾问。", x.Revision))
			list, err := w.svc.Notifications(ctx, w.province)
			wantOK(t, err)
			if !slices.ContainsFunc(list, func(n domain.Notification) bool {
				return strings.Contains(n.Text, "声明回避") && strings.Contains(n.Text, "本人曾担任该单位顾问")
			}) {
				t.Fatalf("province notifications %+v", list)
			}
		})
		t.Run("panel/average, spread and who is pending", func(t *testing.T) {
			p, err := w.svc.ExpertPanel(ctx, w.province, w.appID)
			wantOK(t, err)
			if !p.HasAverage || p.Average != 81 || p.Spread != 3 || len(p.Pending) != 0 || len(p.Sheets) != 3 {
				t.Fatalf("panel avg %v spread %v pending %v sheets %d", p.Average, p.Spread, p.Pending, len(p.Sheets))
			}
			sum, err := w.svc.ExpertSummaries(ctx, w.province, []int64{w.appID})
			wantOK(t, err)
			if got := sum[w.appID]; got.Assigned != 2 || got.Submitted != 2 || !got.HasAverage || got.Average != 81 {
				t.Fatalf("summary %+v", got)
			}
			other, err := w.svc.ExpertSummaries(ctx, w.stranger, []int64{w.appID})
			wantOK(t, err)
			if len(other) != 0 {
				t.Fatalf("another province's summary %+v", other)
			}
		})
		t.Run("remark/an expert's comment turned into a draft remark, unnamed", func(t *testing.T) {
			r, err := w.svc.CommentToRemark(ctx, w.province, w.appID, w.task(t, e1).ID, "")
			wantOK(t, err)
			if r.Text != "专家意见：服务体系完整，建议补充孵化成效数据。" || strings.Contains(r.Target+r.UserName, e1.Name) {
				t.Fatalf("remark %q", r.Text)
			}
			_, err = w.svc.CommentToRemark(ctx, w.province, w.appID, w.task(t, e1).ID, "")
			wantKind(t, err, domain.Conflict)
		})
		t.Run("recorded/专家评审 is the sheets' average", func(t *testing.T) {
			step := w.act(t, w.province, service.ActInput{Action: domain.ActScore})
			if step.Score != 81 {
				t.Fatalf("recorded %v; want 81", step.Score)
			}
		})
		t.Run("hidden/the applicant sees no score, sheet or expert", func(t *testing.T) {
			p, err := w.svc.Progress(ctx, w.applicant, w.appID)
			wantOK(t, err)
			for _, s := range p.Steps {
				if s.Score != 0 {
					t.Errorf("progress shows a score: %+v", s)
				}
			}
			notes, err := w.svc.Notifications(ctx, w.applicant)
			wantOK(t, err)
			for _, n := range notes {
				for _, e := range []domain.Expert{e1, e2, e3} {
					if strings.Contains(n.Text, e.Name) || strings.Contains(n.Text, "81") {
						t.Errorf("applicant notification %q names an expert or the score", n.Text)
					}
				}
			}
		})
	})
}

// round is the demo application's round.
func (c *chain) round(t *testing.T) int64 {
	t.Helper()
	app, err := c.st.ReviewApplication(ctx, c.appID)
	wantOK(t, err)
	return app.RoundID
}

func TestRoundScoreSheetEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newChain(t, st)
		t.Run("refused/the demo round has a submitted sheet", func(t *testing.T) {
			err := c.svc.SetScoreSheet(ctx, c.torch, c.round(t), domain.DefaultScoreSheet())
			wantKind(t, err, domain.Conflict)
			got, err := c.svc.ScoreSheet(ctx, c.torch, c.round(t))
			wantOK(t, err)
			if !got.Used || len(got.Sheet) != 5 {
				t.Fatalf("sheet %+v; want the default, used", got)
			}
		})
		var round int64
		err := st.InTx(ctx, func(tx *store.Tx) error {
			var err error
			round, err = tx.CreateRound(ctx, domain.Round{TypeCode: "makerspace", Year: 2022, Name: "2022年度众创空间国家备案"})
			return err
		})
		wantOK(t, err)
		t.Run("refused/maxima not summing to 100", func(t *testing.T) {
			err := c.svc.SetScoreSheet(ctx, c.torch, round, domain.ScoreSheet{{Key: "a", Name: "综合", Max: 90}})
			wantField(t, err, "criteria")
		})
		t.Run("refused/only 火炬中心 edits it", func(t *testing.T) {
			wantKind(t, c.svc.SetScoreSheet(ctx, c.province, round, domain.DefaultScoreSheet()), domain.Forbidden)
		})
		t.Run("saved/a sheet of two criteria", func(t *testing.T) {
			sheet := domain.ScoreSheet{{Key: "a", Name: "能力", Max: 60}, {Key: "b", Name: "成效", Max: 40}}
			wantOK(t, c.svc.SetScoreSheet(ctx, c.torch, round, sheet))
			got, err := c.svc.ScoreSheet(ctx, c.torch, round)
			wantOK(t, err)
			if len(got.Sheet) != 2 || got.Sheet[1].Max != 40 || got.Used {
				t.Fatalf("sheet %+v", got)
			}
		})
	})
}
