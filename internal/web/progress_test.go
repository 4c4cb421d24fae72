package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// The 办件进度 page through the full server: each stage named by the
// department that holds it, and each stage's passes kept across a
// 退回修改, on both engines.

// stageView is one stage of a rendered 办件进度 as the applicant reads it.
type stageView struct {
	name, mark string
	passes     []string // each pass's line, tags removed
}

var (
	stageNamePattern = regexp.MustCompile(`(?s)<span class="stage-name">(.*?)</span>\s*<span class="stage-mark">`)
	stageMarkPattern = regexp.MustCompile(`<span class="stage-mark">([^<]*)</span>`)
	stagePassPattern = regexp.MustCompile(`(?s)<li>(.*?)</li>`)
	tagPattern       = regexp.MustCompile(`<[^>]+>`)
)

// stagesOf reads the stages of a page.
func stagesOf(t *testing.T, body string) []stageView {
	t.Helper()
	_, list, ok := strings.Cut(body, `<ol class="stages"`)
	if !ok {
		t.Fatal("the page shows no stages")
	}
	list, _, _ = strings.Cut(list, "</ol>\n\n")
	var out []stageView
	for _, chunk := range strings.Split(list, `<li class="stage`)[1:] {
		sv := stageView{name: tagPattern.ReplaceAllString(firstGroup(stageNamePattern, chunk), ""),
			mark: firstGroup(stageMarkPattern, chunk)}
		for _, m := range stagePassPattern.FindAllStringSubmatch(chunk, -1) {
			sv.passes = append(sv.passes, tagPattern.ReplaceAllString(m[1], ""))
		}
		out = append(out, sv)
	}
	return out
}

func firstGroup(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// stageNames lists the stages' names.
func stageNames(stages []stageView) string {
	var names []string
	for _, st := range stages {
		names = append(names, st.name)
	}
	return strings.Join(names, " → ")
}

// moveDemoApp sets the demo application's 所属区市 to code, through the
// service as its applicant.
func (s *site) moveDemoApp(appID int64, code string) {
	s.t.Helper()
	ctx, a := context.Background(), s.applicant()
	v, err := s.svc.Application(ctx, a, appID)
	if err != nil {
		s.t.Fatal(err)
	}
	basic := domain.Values{}
	for k, val := range v.Form.Sections["basic"] {
		basic[k] = val
	}
	basic["region"] = code
	if _, err := s.svc.SaveSection(ctx, a, appID, "basic", basic, v.Revisions["basic"]); err != nil {
		s.t.Fatal(err)
	}
}

// submitDemoApp makes a new version of the demo application and submits
// it to the 受理机构 acceptor.
func (s *site) submitDemoApp(appID int64, acceptor string) {
	s.t.Helper()
	ctx, a := context.Background(), s.applicant()
	if _, err := s.svc.GenerateVersion(ctx, a, appID, "http://hatch.test"); err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.svc.Submit(ctx, a, appID, service.SubmitInput{AcceptorCode: acceptor, Declared: true}); err != nil {
		s.t.Fatal(err)
	}
}

// addDepartment sets up a reviewing department as the administrator.
func (s *site) addDepartment(in service.DepartmentInput) {
	s.t.Helper()
	ctx := context.Background()
	admin, _, err := s.st.UserByLogin(ctx, "admin")
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.svc.CreateDepartment(ctx, domain.Actor{User: admin}, in); err != nil {
		s.t.Fatal(err)
	}
}

func TestProgressNamesTheDepartmentOfEachStage(t *testing.T) {
	torch := " → 科学技术部火炬高技术产业开发中心 · 形式审查 → 科学技术部火炬高技术产业开发中心 · 专家评审" +
		" → 科学技术部火炬高技术产业开发中心 · 公示 → 科学技术部火炬高技术产业开发中心 · 备案"
	tests := []struct {
		name     string
		region   string                    // the application's 所属区市; "" keeps 海淀区
		depts    []service.DepartmentInput // set up besides the demo's
		acceptor string
		want     string
	}{
		{"a district's 科技局 does 区级初审, before its city's", "",
			[]service.DepartmentInput{{Name: "北京市（市级）科技管理部门", Level: "city", RegionCode: "110000"}}, "110000",
			"填报 → 北京市海淀区科学技术和信息化局 · 区级初审 → 北京市科学技术委员会 · 省级审核" + torch},
		{"a city's 科技局 does 市级初审, and a 受理机构 without a department is named as set up", "130100",
			[]service.DepartmentInput{{Name: "石家庄市科学技术局", Level: "city", RegionCode: "130100"}}, "130000",
			"填报 → 石家庄市科学技术局 · 市级初审 → 河北省科学技术厅 · 省级审核" + torch},
		{"a county's 科技局 does 县级初审", "500229",
			[]service.DepartmentInput{{Name: "城口县科学技术局", Level: "city", RegionCode: "500229"}}, "500000",
			"填报 → 城口县科学技术局 · 县级初审 → 重庆市科学技术局 · 省级审核" + torch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, st *store.Store) {
				s := newSite(t, st)
				for _, d := range tt.depts {
					s.addDepartment(d)
				}
				appID := s.rvDemoApp()
				if tt.region != "" {
					s.moveDemoApp(appID, tt.region)
				}
				s.submitDemoApp(appID, tt.acceptor)
				b := s.browser().mustLogin("demo-applicant")
				if got := stageNames(stagesOf(t, b.get("/applications/"+itoa(appID)+"/progress").body)); got != tt.want {
					t.Errorf("办件进度 stages:\n got %s\nwant %s", got, tt.want)
				}
				api := s.as("demo-applicant").call("GET", "/api/v1/applications/"+itoa(appID)+"/progress", nil)
				if got := api.str("stages.1.department") + " · " + api.str("stages.1.label"); !strings.HasPrefix(tt.want, "填报 → "+got) {
					t.Errorf("API's first review is %q, want it as in %q", got, tt.want)
				}
			})
		})
	}
}

func TestProgressKeepsEachStagesHistoryAfterAReturn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		appID := s.rvDemoApp()
		s.rvSubmit(appID)
		city, province := s.rvActor("demo-city"), s.rvActor("demo-province")
		act := func(who domain.Actor, in service.ActInput) {
			t.Helper()
			if _, err := s.svc.Act(ctx, who, appID, in); err != nil {
				t.Fatal(err)
			}
		}
		act(city, service.ActInput{Action: domain.ActRecommend, Comment: "同意推荐。"})
		act(province, service.ActInput{Action: domain.ActReturn, Comment: "请核实场地信息。"})
		b := s.browser().mustLogin("demo-applicant")
		page := "/applications/" + itoa(appID) + "/progress"
		type want struct {
			mark   string
			passes []string
		}
		check := func(t *testing.T, wants []want) {
			t.Helper()
			body := b.get(page).body
			got := stagesOf(t, body)
			if len(got) != len(wants) {
				t.Fatalf("%d stages, want %d: %s", len(got), len(wants), stageNames(got))
			}
			for i, w := range wants {
				if got[i].mark != w.mark || len(got[i].passes) != len(w.passes) {
					t.Errorf("%s: %s %q, want %s with %d passes %q", got[i].name, got[i].mark, got[i].passes,
						w.mark, len(w.passes), w.passes)
					continue
				}
				for j, p := range w.passes {
					if !strings.HasSuffix(got[i].passes[j], p) {
						t.Errorf("%s, pass %d: %q, want it to end in %q", got[i].name, j+1, got[i].passes[j], p)
					}
				}
			}
			for _, href := range regexp.MustCompile(`<a href="#(step-\d+)">`).FindAllStringSubmatch(body, -1) {
				if !strings.Contains(body, `id="`+href[1]+`"`) {
					t.Errorf("a pass links to #%s, which the log does not have", href[1])
				}
			}
		}
		pending := want{mark: "未开始"}
		t.Run("returned, the stages passed keep what they did", func(t *testing.T) {
			check(t, []want{
				{"进行中", []string{"提交", "起"}},
				{"待重新审核", []string{"推荐"}},
				{"待重新审核", []string{"退回修改"}},
				pending, pending, pending, pending,
			})
		})
		s.rvSubmit(appID)
		t.Run("resubmitted, the earlier passes stay and this one is current", func(t *testing.T) {
			check(t, []want{
				{"已完成", []string{"提交", "提交"}},
				{"进行中", []string{"推荐", "起"}},
				{"待重新审核", []string{"退回修改"}},
				pending, pending, pending, pending,
			})
		})
		act(city, service.ActInput{Action: domain.ActRecommend, Comment: "已按意见修改，同意推荐。"})
		t.Run("recommended again, the province is current with its return kept", func(t *testing.T) {
			check(t, []want{
				{"已完成", []string{"提交", "提交"}},
				{"已完成", []string{"推荐", "推荐"}},
				{"进行中", []string{"退回修改", "起"}},
				pending, pending, pending, pending,
			})
			api := s.as("demo-applicant").call("GET", "/api/v1/applications/"+itoa(appID)+"/progress", nil)
			if api.str("stages.2.mark") != "current" || api.num("stages.2.passes.0.step_id") == 0 ||
				api.str("stages.2.passes.1.since") == "" || api.get("stages.2.passes.1.step_id") != nil {
				t.Errorf("API's 省级审核 = %v", api.get("stages.2"))
			}
		})
	})
}
