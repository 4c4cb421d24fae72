package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The mixed-load measurement: connections creating 累计创业团队 rows as
// fast as they can, first alone, then while clients loop 下载材料 (press,
// follow the render page until done, download the PDF), in one run. Rows
// go into the demo organisation's second application and renders are of
// its first, so the 申报书 rendered does not grow with the load.

type mixedOptions struct {
	conns, renderers int
	warmup, phase    time.Duration
}

// phaseResult is one phase: the saves measured and the renders finished
// in the same window.
type phaseResult struct {
	saves   stats
	renders int
	render  stats // each render from the press to the end of the download
}

func mixed(ctx context.Context, o options, m mixedOptions, out io.Writer) error {
	lead, err := newClient(o.url, o.login, o.password, o.captcha)
	if err != nil {
		return err
	}
	rowsApp, renderApp, err := lead.twoApplications()
	if err != nil {
		return err
	}
	conns := make([]*client, m.conns)
	for i := range conns {
		if conns[i], err = newClient(o.url, o.login, o.password, o.captcha); err != nil {
			return err
		}
	}
	renderers := make([]*client, m.renderers)
	for i := range renderers {
		if renderers[i], err = newClient(o.url, o.login, o.password, o.captcha); err != nil {
			return err
		}
	}
	var seq atomic.Int64
	seq.Store(time.Now().UnixNano() % 1e9 * 100) // names new in every run
	alone := measure(ctx, conns, nil, rowsApp, renderApp, &seq, m)
	fmt.Fprintf(out, "只建行：%d 个连接，%s（预热 %s）\n%s\n", m.conns, m.phase, m.warmup, alone.saves)
	both := measure(ctx, conns, renderers, rowsApp, renderApp, &seq, m)
	fmt.Fprintf(out, "建行同时 %d 个客户端循环“下载材料”：\n%s\n  同期生成申报书 %d 份%s\n",
		m.renderers, both.saves, both.renders, both.render.renderLine())
	fmt.Fprintf(out, "对比：保存速率为只建行时的 %.0f%%（目标 ≥ 80%%），p99 %s（目标 < 100 ms）\n",
		100*both.saves.rate/alone.saves.rate, ms(both.saves.p99))
	return nil
}

// renderLine describes render times, if any finished.
func (s stats) renderLine() string {
	if s.n == 0 {
		return ""
	}
	return fmt.Sprintf("，每份从点击到下载完 p50 %s，p99 %s", ms(s.p50), ms(s.p99))
}

// measure runs the row creators (and the renderers, if any) for warm-up
// plus phase, recording only the phase.
func measure(
	ctx context.Context,
	conns, renderers []*client,
	rowsApp, renderApp int64,
	seq *atomic.Int64,
	m mixedOptions,
) phaseResult {
	ctx, cancel := context.WithTimeout(ctx, m.warmup+m.phase)
	defer cancel()
	measureFrom := time.Now().Add(m.warmup)
	var saves, renders recorder
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() {
			for ctx.Err() == nil {
				start := time.Now()
				_, _, err := c.addRow(rowsApp, "teams", sampleRow("teams", int(seq.Add(1))))
				if start.After(measureFrom) && ctx.Err() == nil {
					saves.add(time.Since(start), err)
				}
			}
		})
	}
	for _, c := range renderers {
		wg.Go(func() {
			for ctx.Err() == nil {
				start := time.Now()
				err := c.downloadMaterial(ctx, renderApp)
				if start.After(measureFrom) && ctx.Err() == nil {
					renders.add(time.Since(start), err)
				}
			}
		})
	}
	wg.Wait()
	r := phaseResult{saves: saves.stats(m.phase), render: renders.stats(m.phase)}
	r.renders = r.render.n
	return r
}

// twoApplications returns the organisation's two applications: the one
// rows are added to (the half-filled one, listed second in the demo) and
// the one rendered (the full one).
func (c *client) twoApplications() (rows, render int64, err error) {
	var list struct {
		Items []struct {
			ID      int64
			Carrier string
		}
	}
	if err := c.do("GET", "/api/v1/applications", nil, &list, 200); err != nil {
		return 0, 0, err
	}
	if len(list.Items) < 2 {
		return 0, 0, fmt.Errorf("混合负载需要同一单位的两份申报书（演示数据中的启明星众创空间及其亦庄分部），现有 %d 份", len(list.Items))
	}
	rows, render = list.Items[1].ID, list.Items[0].ID
	if strings.Contains(list.Items[0].Carrier, "分部") {
		rows, render = render, rows
	}
	return rows, render, nil
}

var (
	renderDone   = regexp.MustCompile(`id="render-download" href="([^"]+)"`)
	renderFailed = regexp.MustCompile(`id="render-failed"`)
)

// downloadMaterial is one press of 下载材料 as a browser without script
// makes it: the press, the render page reloaded until the 申报书 is made,
// then its download.
func (c *client) downloadMaterial(ctx context.Context, app int64) error {
	form := url.Values{"_csrf": {c.csrf}, "press": {rand.Text()}}
	resp, err := c.http.PostForm(fmt.Sprintf("%s/applications/%d/versions", c.base, app), form)
	if err != nil {
		return err
	}
	page := resp.Request.URL.String() // the render page, after the redirect
	_ = drain(resp)
	for ctx.Err() == nil {
		resp, err := c.http.Get(page)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("生成页 %s：%d", page, resp.StatusCode)
		}
		if renderFailed.Match(body) {
			return fmt.Errorf("申报书生成失败")
		}
		if m := renderDone.FindSubmatch(body); m != nil {
			pdf, err := c.http.Get(c.base + string(m[1]))
			if err != nil {
				return err
			}
			return drain(pdf)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return ctx.Err()
}

func drain(resp *http.Response) error {
	defer resp.Body.Close()
	_, err := io.Copy(io.Discard, resp.Body)
	return err
}
