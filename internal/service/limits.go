package service

import (
	"context"
	"fmt"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
)

// Per-account limits on the expensive actions — 下载材料, imports and
// exports — so that one client looping cannot starve everyone else on
// deadline day. Each limit is counted in the database (store/limits.go,
// river's job table), so it holds across every instance on one database,
// and each refusal says in Chinese when to try again (domain.Error.Retry,
// which the web layer sends as Retry-After). The defaults are far above
// what a person clicking does and well below what a script looping does.
// Actions of the system itself (no account) are never limited.

// Rate is at most N uses per account in a window of Per, the window
// beginning at the first use after the last one ended. N of 0 turns it
// off.
type Rate struct {
	N   int
	Per time.Duration
}

// Off reports whether the rate limits nothing.
func (r Rate) Off() bool { return r.N <= 0 || r.Per <= 0 }

// Limits are the per-account limits; a zero value turns one off.
type Limits struct {
	// Renders is how many 申报书 of one account may wait in the queue or
	// be made at once (下载材料's jobs not yet finished, and the API's
	// renders within a request). A press for an application whose render
	// by the same account waits for a worker follows that render instead:
	// it will print the data as it is when it starts. (One that failed
	// and waits to be tried again is not followed: it may wait minutes.)
	Renders int
	// Imports is the rate of import previews (a spreadsheet or a .zip of
	// attachments read); while it is on, an account also runs one import
	// (a preview or a commit) at a time.
	Imports Rate
	// Exports is the rate of an application's downloads made on demand:
	// a table's template and export, all its tables, the 承诺书 template,
	// a reviewer's export of one.
	Exports Rate
	// ListExports is the rate of a department's lists: the 工作台's
	// export, the 推荐表 and 推荐函, the result list, the paper register.
	// They cover a whole queue, so they are fewer.
	ListExports Rate
}

// DefaultLimits are the production defaults: a person generating a few
// versions, importing a few tables again and again as they fix them, or
// downloading every template, never meets them.
func DefaultLimits() Limits {
	return Limits{
		Renders:     3,
		Imports:     Rate{N: 30, Per: 10 * time.Minute},
		Exports:     Rate{N: 60, Per: 10 * time.Minute},
		ListExports: Rate{N: 30, Per: 10 * time.Minute},
	}
}

// The names of what is counted and leased per account.
const (
	useImport     = "import"
	useExport     = "export"
	useListExport = "list_export"
	limitRender   = "render" // the refusals' metric label for 下载材料
	leaseImport   = "import"
	leasePress    = "render_press" // queuing a render: count and insert as one
	leaseRender   = "render:"      // + a token: a render within a request
)

// How long leases last if their process dies before it drops them, and
// how long a refusal of work in progress tells the client to wait.
const (
	importLease  = 15 * time.Minute
	pressLease   = 10 * time.Second
	pressWait    = 3 * time.Second // a second press waits this long for the first
	renderLease  = 15 * time.Minute
	busyRetry    = 10 * time.Second
	renderRetry  = 30 * time.Second
	pressPollGap = 50 * time.Millisecond
)

// countUse counts one use of action against rate; beyond it the refusal
// names what was done too often and when to try again.
func (s *Service) countUse(ctx context.Context, a domain.Actor, action string, rate Rate, what string) error {
	if rate.Off() || a.ID == 0 {
		return nil
	}
	n, start, err := s.store.CountUse(ctx, a.ID, action, rate.Per)
	if err != nil {
		return domain.Wrap(err, "count use")
	}
	if n <= rate.N {
		return nil
	}
	s.metrics.LimitRefused(action)
	return s.tooOften(what, rate, start.Add(rate.Per))
}

// tooOften is the refusal of a rate: how many per how long, and the time
// from which the next one is taken (to the minute, rounded up, as a
// person reads a clock).
func (s *Service) tooOften(what string, rate Rate, until time.Time) error {
	wait := max(until.Sub(s.now()), time.Second)
	at := until.In(clock.Zone).Add(time.Minute - time.Nanosecond).Truncate(time.Minute)
	when := at.Format("15:04")
	if clock.Date(at) != clock.Date(s.now()) { // a long window, or near midnight
		when = at.Format("1月2日 15:04")
	}
	e := domain.Errorf(domain.TooMany, "%s过于频繁：每个账号每 %s最多 %d 次。请于 %s 后再试。",
		what, spanWords(rate.Per), rate.N, when)
	e.Retry = (wait + time.Second - 1).Truncate(time.Second)
	return e
}

// spanWords is a window as people say it: 10 分钟, 1 小时, 30 秒.
func spanWords(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%d 小时", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%d 分钟", d/time.Minute)
	}
	return fmt.Sprintf("%d 秒", (d+time.Second-1)/time.Second)
}

// busy is the refusal of a second piece of work while the first runs.
func busy(retry time.Duration, format string, args ...any) error {
	e := domain.Errorf(domain.TooMany, format, args...)
	e.Retry = retry
	return e
}

// startImport admits one import of the account: one at a time, and
// previews (counted) within the rate. The returned func ends it.
func (s *Service) startImport(ctx context.Context, a domain.Actor, counted bool) (func(), error) {
	rate := s.cfg.Limits.Imports
	if rate.Off() || a.ID == 0 {
		return func() {}, nil
	}
	until := s.now().Add(importLease)
	taken, err := s.store.TakeLease(ctx, a.ID, leaseImport, until)
	if err != nil {
		return nil, domain.Wrap(err, "take import lease")
	}
	if !taken {
		s.metrics.LimitRefused(useImport)
		return nil, busy(busyRetry, "您的另一项导入正在进行，请等它完成后再导入（通常只需几秒）。")
	}
	end := func() { _ = s.store.DropLease(context.WithoutCancel(ctx), a.ID, leaseImport, until) }
	if counted {
		if err := s.countUse(ctx, a, useImport, rate, "导入"); err != nil {
			end()
			return nil, err
		}
	}
	return end, nil
}

// countExport counts one of an application's spreadsheets.
func (s *Service) countExport(ctx context.Context, a domain.Actor) error {
	return s.countUse(ctx, a, useExport, s.cfg.Limits.Exports, "导出表格")
}

// countListExport counts one of a department's lists.
func (s *Service) countListExport(ctx context.Context, a domain.Actor) error {
	return s.countUse(ctx, a, useListExport, s.cfg.Limits.ListExports, "导出名单")
}

// queueRender queues a render of the application through queue, within
// the account's limit: a render of the same application by the account
// that still waits is followed instead (its id returned), and beyond
// the limit the press is refused. The count and the queuing run under
// the account's press lease, so that presses sent at once, to one
// instance or several, cannot all pass the same count.
func (s *Service) queueRender(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	queue func() (int64, error),
) (int64, error) {
	if s.cfg.Limits.Renders <= 0 || a.ID == 0 {
		return queue()
	}
	release, err := s.holdPress(ctx, a)
	if err != nil {
		return 0, err
	}
	defer release()
	jobs, err := s.store.UnfinishedJobs(ctx, renderKind, a.ID)
	if err != nil {
		return 0, domain.Wrap(err, "read render queue")
	}
	for _, j := range jobs {
		if j.AppID == appID && j.Ready {
			return j.ID, nil
		}
	}
	if err := s.renderRoom(ctx, a, len(jobs)); err != nil {
		return 0, err
	}
	return queue()
}

// renderInRequest runs render (the API's version made within the
// request) within the account's render limit, counted with its queued
// renders.
func (s *Service) renderInRequest(ctx context.Context, a domain.Actor, render func() error) error {
	if s.cfg.Limits.Renders <= 0 || a.ID == 0 {
		return render()
	}
	release, err := s.holdPress(ctx, a)
	if err != nil {
		return err
	}
	jobs, err := s.store.UnfinishedJobs(ctx, renderKind, a.ID)
	if err != nil {
		release()
		return domain.Wrap(err, "read render queue")
	}
	if err := s.renderRoom(ctx, a, len(jobs)); err != nil {
		release()
		return err
	}
	lease, until := leaseRender+randomToken(8), s.now().Add(renderLease)
	_, err = s.store.TakeLease(ctx, a.ID, lease, until)
	release()
	if err != nil {
		return domain.Wrap(err, "take render lease")
	}
	defer s.store.DropLease(context.WithoutCancel(ctx), a.ID, lease, until)
	return render()
}

// renderRoom refuses a render when the account's queued ones and those
// made within requests already reach the limit.
func (s *Service) renderRoom(ctx context.Context, a domain.Actor, queued int) error {
	inRequest, err := s.store.LiveLeases(ctx, a.ID, leaseRender)
	if err != nil {
		return domain.Wrap(err, "count renders")
	}
	if n := s.cfg.Limits.Renders; queued+inRequest >= n {
		s.metrics.LimitRefused(limitRender)
		return busy(renderRetry, "您已有 %d 份申报书正在排队或生成，请等其中一份生成完毕（通常不到一分钟）"+
			"再点击“下载材料”。", n)
	}
	return nil
}

// holdPress takes the account's press lease, waiting a moment for a
// press sent just before (a double click) to finish queuing. The
// returned func drops it.
func (s *Service) holdPress(ctx context.Context, a domain.Actor) (func(), error) {
	deadline := time.NewTimer(pressWait)
	defer deadline.Stop()
	for {
		until := s.now().Add(pressLease)
		taken, err := s.store.TakeLease(ctx, a.ID, leasePress, until)
		if err != nil {
			return nil, domain.Wrap(err, "take press lease")
		}
		if taken {
			return func() { _ = s.store.DropLease(context.WithoutCancel(ctx), a.ID, leasePress, until) }, nil
		}
		select {
		case <-deadline.C:
			s.metrics.LimitRefused(limitRender)
			return nil, busy(busyRetry, "您刚才的“下载材料”仍在处理，请稍后再试。")
		case <-ctx.Done():
			return nil, domain.Wrap(ctx.Err(), "wait for press")
		case <-time.After(pressPollGap):
		}
	}
}
