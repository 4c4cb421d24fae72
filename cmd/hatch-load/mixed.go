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
// go into a new, empty application for each phase and renders are of the
// demo's complete one, so neither the saves nor the 申报书 grow with the
// load.

type mixedOptions struct {
	conns, renderers int
	warmup, phase    time.Duration
	// inRequest renders through the API's POST …/versions, which renders
	// within the request (as 下载材料 did before the queue), for comparison.
	inRequest bool
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
	renderApp, err := lead.fullApplication()
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
	// Each phase adds its rows to an empty application of its own: a
	// table's size changes what a save costs, and the second phase would
	// otherwise start where the first left it.
	rowsApp, err := lead.freshApplication("只建行")
	if err != nil {
		return err
	}
	alone := measure(ctx, conns, nil, rowsApp, renderApp, &seq, m)
	fmt.Fprintf(out, "只建行：%d 个连接，%s（预热 %s）\n%s\n", m.conns, m.phase, m.warmup, alone.saves)
	if rowsApp, err = lead.freshApplication("建行同时下载"); err != nil {
		return err
	}
	both := measure(ctx, conns, renderers, rowsApp, renderApp, &seq, m)
	fmt.Fprintf(out, "建行同时 %d 个客户端循环“下载材料”：\n%s\n  同期生成申报书 %d 份%s\n",
		m.renderers, both.saves, both.renders, both.render.renderLine())
	fmt.Fprintf(out, "对比：保存速率为只建行时的 %.0f%%（目标 ≥ 80%%），p99 %s（目标 < 100 ms）\n",
		100*both.saves.rate/alone.saves.rate, ms(both.saves.p99))
	return nil
}

// renderLine describes render times, if any finished.
func (s stats) renderLine() string {
	out := ""
	if s.n > 0 {
		out = fmt.Sprintf("，每份从点击到下载完 p50 %s，p99 %s", ms(s.p50), ms(s.p99))
	}
	if s.errors > 0 {
		out += fmt.Sprintf("；失败 %d 次，第一个错误：%v", s.errors, s.first)
	}
	return out
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
				err := c.downloadMaterial(ctx, renderApp, m.inRequest)
				if start.After(measureFrom) && ctx.Err() == nil {
					renders.add(time.Since(start), err)
				}
				waitIfRefused(ctx, err)
			}
		})
	}
	wg.Wait()
	r := phaseResult{saves: saves.stats(m.phase), render: renders.stats(m.phase)}
	r.renders = r.render.n
	return r
}

// fullApplication is the organisation's complete application (the demo's
// 启明星众创空间), the one rendered.
func (c *client) fullApplication() (int64, error) {
	var list struct {
		Items []struct {
			ID      int64
			Carrier string
		}
	}
	if err := c.do("GET", "/api/v1/applications", nil, &list, 200); err != nil {
		return 0, err
	}
	for _, a := range list.Items {
		if a.Carrier == "启明星众创空间" {
			return a.ID, nil
		}
	}
	if len(list.Items) == 0 {
		return 0, fmt.Errorf("没有可生成申报书的申报")
	}
	return list.Items[0].ID, nil
}

// freshApplication adds a 众创空间 and its application in the open round,
// empty, for one phase's rows.
func (c *client) freshApplication(phase string) (int64, error) {
	var carrier struct{ ID int64 }
	name := fmt.Sprintf("负载测试众创空间（%s %s）", phase, time.Now().Format("150405.000"))
	if err := c.do("POST", "/api/v1/carriers", map[string]string{"kind": "makerspace", "name": name,
		"address": "北京市海淀区中关村大街1号", "region": "110108", "started_on": "2018-03-15"}, &carrier, 201); err != nil {
		return 0, err
	}
	var rounds struct{ Items []struct{ ID int64 } }
	if err := c.do("GET", "/api/v1/rounds", nil, &rounds, 200); err != nil {
		return 0, err
	}
	if len(rounds.Items) == 0 {
		return 0, fmt.Errorf("没有开放的申报批次")
	}
	var app struct{ ID int64 }
	err := c.do("POST", "/api/v1/applications", map[string]int64{"carrier_id": carrier.ID, "round_id": rounds.Items[0].ID}, &app, 201)
	return app.ID, err
}

// limitHint says how to lift the per-account limit the renderers, all
// one account, may meet (README, HATCH_LIMIT_RENDERS).
const limitHint = "（渲染客户端都用同一账号：服务器按账号限制同时排队或生成的申报书份数，启动服务器时设 HATCH_LIMIT_RENDERS=0 可取消）"

var (
	renderDone   = regexp.MustCompile(`id="render-download" href="([^"]+)"`)
	renderFailed = regexp.MustCompile(`id="render-failed"`)
)

// downloadMaterial is one press of 下载材料 as a browser without script
// makes it: the press, the render page reloaded until the 申报书 is made,
// then its download. inRequest generates through the API instead, which
// renders within the request.
func (c *client) downloadMaterial(ctx context.Context, app int64, inRequest bool) error {
	if inRequest {
		var v struct{ PDF string }
		if err := c.do("POST", fmt.Sprintf("/api/v1/applications/%d/versions", app), struct{}{}, &v, 201); err != nil {
			if strings.Contains(err.Error(), ": 429 ") {
				err = fmt.Errorf("%w%s", err, limitHint)
			}
			return err
		}
		pdf, err := c.http.Get(c.base + v.PDF)
		if err != nil {
			return err
		}
		return drain(pdf)
	}
	form := url.Values{"_csrf": {c.csrf}, "press": {rand.Text()}}
	resp, err := c.http.PostForm(fmt.Sprintf("%s/applications/%d/versions", c.base, app), form)
	if err != nil {
		return err
	}
	page := resp.Request.URL.String() // the render page, after the redirect
	_ = drain(resp)
	if !strings.Contains(page, "/renders/") { // led back with the refusal on top
		return &refused{err: fmt.Errorf("“下载材料”未排队，回到了 %s%s", page, limitHint), wait: time.Second}
	}
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
