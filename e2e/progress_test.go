package e2e

import (
	"strings"
	"testing"

	"github.com/go-rod/rod"

	"hatch/internal/testkit"
)

// TestProgressAfterAReturn walks demo-applicant's application to 北京市's
// 退回修改 and on to its resubmission in a real browser, and reads 办件进度
// at both points: each stage named by its department, the stages already
// passed keeping their passes, each pass leading to its entry in the log.
func TestProgressAfterAReturn(t *testing.T) {
	bin := testkit.Chromium(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		progressWalk(t, bin, "sqlite", "")
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		progressWalk(t, bin, "postgres", postgresDB(t))
	})
}

func progressWalk(t *testing.T, bin, engine, dbURL string) {
	srv := startServer(t, dbURL)
	cleanScreenshots(t, engine+"-progress")
	page := newBrowser(t, bin)
	c := &chainWalk{walk: &walk{t: t, page: page, base: srv.base, engine: engine + "-progress"},
		pages: map[string]*rod.Page{applicantLogin: page}}
	chainSubmit(c)
	chainCityRecommends(c)
	chainProvinceReturns(c)

	c.as(applicantLogin)
	c.open(c.app + "/progress")
	c.expectText("#progress-status", "退回修改")
	c.expectStages([]progressStage{
		{"填报", "进行中", []string{"提交", "起"}},
		{"北京市海淀区科学技术和信息化局 · 区级初审", "待重新审核", []string{"推荐"}},
		{"北京市科学技术委员会 · 省级审核", "待重新审核", []string{"退回修改"}},
	})
	c.shot("progress-returned")
	c.pg().MustElementR(".stage-passes a", "退回修改$").MustClick() // a link within the page
	target := strings.TrimPrefix(c.pg().MustEval(`() => location.hash`).String(), "#")
	if got := c.text("#" + target); !strings.Contains(got, returnText) {
		c.t.Fatalf("the 退回修改 pass leads to %q, not the return's entry in the log", got)
	}

	chainResubmit(c)
	c.open(c.app + "/progress")
	c.expectStages([]progressStage{
		{"填报", "已完成", []string{"提交", "提交"}},
		{"北京市海淀区科学技术和信息化局 · 区级初审", "进行中", []string{"推荐", "起"}},
		{"北京市科学技术委员会 · 省级审核", "待重新审核", []string{"退回修改"}},
	})
	c.shot("progress-resubmitted")
}

// progressStage is what a stage of 办件进度 should read: its name, its mark
// and how each of its passes ends.
type progressStage struct {
	name, mark string
	passes     []string
}

// expectStages checks the first stages of 办件进度 and that the rest were
// never reached.
func (c *chainWalk) expectStages(want []progressStage) {
	c.t.Helper()
	stages := c.pg().MustElements("ol.stages > li.stage")
	if len(stages) != 7 {
		c.t.Fatalf("办件进度 shows %d stages, want 7", len(stages))
	}
	for i, li := range stages {
		// The department sits on a line of its own, so its separator comes
		// with line breaks.
		name := strings.Join(strings.Fields(li.MustElement(".stage-name").MustText()), " ")
		mark := strings.TrimSpace(li.MustElement(".stage-mark").MustText())
		var passes []string
		for _, p := range li.MustElements(".stage-passes > li") {
			passes = append(passes, strings.TrimSpace(p.MustText()))
		}
		if i >= len(want) {
			if mark != "未开始" || len(passes) > 0 {
				c.t.Errorf("%s reads %s %q, but it was never reached", name, mark, passes)
			}
			continue
		}
		w := want[i]
		if name != w.name || mark != w.mark || len(passes) != len(w.passes) {
			c.t.Errorf("stage %d reads %s / %s / %q, want %s / %s / %q", i+1, name, mark, passes, w.name, w.mark, w.passes)
			continue
		}
		for j, p := range w.passes {
			if !strings.HasSuffix(passes[j], p) {
				c.t.Errorf("%s, pass %d reads %q, want it to end in %q", name, j+1, passes[j], p)
			}
		}
	}
	if c.t.Failed() {
		c.t.FailNow()
	}
}
