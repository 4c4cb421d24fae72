// Command hatch-load measures Hatch's save budget against a running server
// (design.md: a save's p99 under 50 ms with 200 active users each saving
// every ~2 s; saturated, well over 2,500 saves/s). It logs in one session
// per simulated user, gives each user its own row of a large application,
// and saves through the JSON API. Traffic goes only to the given address.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"
)

type options struct {
	url, login, password, captcha string
	users                         int
	interval, duration            time.Duration
	workers                       int
	saturate                      time.Duration
	seed                          bool
	mixed                         bool
	session                       bool
	apps                          int
	mix                           mixedOptions
}

func main() {
	var o options
	flag.StringVar(&o.url, "url", "http://127.0.0.1:8080", "Hatch 的地址（只应是本机或测试网络）")
	flag.StringVar(&o.login, "login", "demo-applicant", "登录名")
	flag.StringVar(&o.password, "password", "Demo@2021", "密码")
	flag.StringVar(&o.captcha, "captcha", "", "服务器 HATCH_TEST_CAPTCHA 的值")
	flag.IntVar(&o.users, "users", 200, "同时在线的用户数")
	flag.DurationVar(&o.interval, "interval", 2*time.Second, "每个用户两次保存的间隔")
	flag.DurationVar(&o.duration, "duration", 30*time.Second, "稳定负载阶段的时长")
	flag.IntVar(&o.workers, "workers", 32, "饱和阶段的并发数")
	flag.DurationVar(&o.saturate, "saturate", 10*time.Second, "饱和阶段的时长（0 跳过）")
	flag.BoolVar(&o.seed, "seed", true, "先把申报书填到预算中的规模（800 个团队、400 家企业、150 场活动、60 名人员、20 处场地）")
	flag.BoolVar(&o.mixed, "mixed", false, "混合负载：先只建行，再同时循环“下载材料”，比较保存速率与 p99")
	flag.IntVar(&o.mix.conns, "conns", 50, "混合负载中建行的连接数")
	flag.IntVar(&o.mix.renderers, "renderers", 4, "混合负载中循环“下载材料”的客户端数")
	flag.DurationVar(&o.mix.warmup, "warmup", 5*time.Second, "混合负载每个阶段的预热时长（不计入）")
	flag.DurationVar(&o.mix.phase, "phase", 20*time.Second, "混合负载每个阶段的计时时长")
	flag.BoolVar(&o.mix.inRequest, "in-request", false, "混合负载中经 API 在请求内生成申报书（排队之前的做法），用于对比")
	flag.BoolVar(&o.session, "session", false, "只登录并新建一份空的申报书，输出供 wrk 等外部工具使用的会话（见 bench/）")
	flag.IntVar(&o.apps, "apps", 1, "与 -session 同用：新建的申报书份数")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "hatch-load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options, out io.Writer) error {
	if o.captcha == "" {
		return fmt.Errorf("请用 -captcha 给出服务器的 HATCH_TEST_CAPTCHA 值")
	}
	if o.mixed {
		return mixed(ctx, o, o.mix, out)
	}
	if o.session {
		return printSession(o, out)
	}
	lead, err := newClient(o.url, o.login, o.password, o.captcha)
	if err != nil {
		return err
	}
	app, err := lead.application()
	if err != nil {
		return err
	}
	if o.seed {
		if err := lead.seedLarge(ctx, app, out); err != nil {
			return err
		}
	}
	users, err := prepareUsers(ctx, o, app)
	if err != nil {
		return err
	}
	steady := steadyLoad(ctx, users, o.interval, o.duration)
	fmt.Fprintf(out, "稳定负载：%d 个用户，每 %s 保存一次，%s\n%s\n", o.users, o.interval, o.duration, steady)
	if o.saturate > 0 {
		sat := saturated(ctx, users, o.workers, o.saturate)
		fmt.Fprintf(out, "饱和负载：%d 个并发，%s\n%s\n", o.workers, o.saturate, sat)
	}
	return nil
}
