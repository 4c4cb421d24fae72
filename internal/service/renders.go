package service

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/lowprio"
	"hatch/internal/store"
)

// 下载材料 puts a render job on the durable queue (river, store/jobs.go)
// and answers at once; render workers (in `hatch serve`, or in `hatch
// worker` processes of their own) make the version. The job carries its
// 版本号, chosen when it was queued, so a job run twice (a worker killed
// after storing the version, or rescued while still running) finds its
// version instead of making a second one.

// renderKind is the river kind of a render job; renderQueue its queue.
const (
	renderKind  = "render_version"
	renderQueue = "renders"
)

// RenderArgs is a render job: one press of 下载材料. Only the application
// and the press make it unique, so a double click or a retried POST with
// the same press finds the job already queued.
type RenderArgs struct {
	AppID   int64  `json:"app_id" river:"unique"`
	Press   string `json:"press" river:"unique"`
	OrgID   int64  `json:"org_id"`
	UserID  int64  `json:"user_id"`
	IP      string `json:"ip"`
	Code    string `json:"code"` // the 版本号, chosen when queued
	BaseURL string `json:"base_url"`
}

// Kind is river's name for the job.
func (RenderArgs) Kind() string { return renderKind }

// InsertOpts put renders on their own queue, unique per press. Five
// attempts: a render fails again and again only on a bug, and the
// applicant is told to press again long before river's default of 25.
func (RenderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: renderQueue, MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// RequestVersion is 下载材料: it checks that the actor may generate a
// version of the application now and queues its render, returning the
// job's id. press is the one-time token of the button pressed (a new one
// each time the page is shown); the same press queues one job however
// often it is sent.
func (s *Service) RequestVersion(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	baseURL, press string,
) (int64, error) {
	e, err := s.editable(ctx, a, appID)
	if err != nil {
		return 0, err
	}
	if press == "" {
		press = randomToken(12) // a client without the page's token: one job per request
	}
	args := RenderArgs{AppID: appID, Press: press, OrgID: a.OrgID, UserID: a.ID, IP: a.IP,
		Code: newVersionCode(e.Round.Year, e.Type.Abbr), BaseURL: baseURL}
	return s.queueRender(ctx, a, appID, func() (int64, error) {
		res, err := s.jobs.Insert(ctx, args, nil)
		if err != nil {
			return 0, domain.Wrap(err, "queue render")
		}
		return res.Job.ID, nil
	})
}

// RenderState is where a render job is, as the applicant is told.
type RenderState int

// The states of a render job.
const (
	RenderWaiting   RenderState = iota // queued, or waiting to be tried again
	RenderRendering                    // a worker is making the PDF
	RenderDone                         // the version is stored
	RenderFailed                       // given up: press 下载材料 again
)

// RenderView is one render job as its applicant sees it.
type RenderView struct {
	JobID   int64
	App     domain.Application
	State   RenderState
	Ahead   int            // renders queued before it, while it waits
	Version domain.Version // when done
}

// RenderStatus is a render job of one of the actor's applications. A job
// of another application or organisation is NotFound, as is a job that
// is not a render.
func (s *Service) RenderStatus(
	ctx context.Context,
	a domain.Actor,
	appID, jobID int64,
) (RenderView, error) {
	if err := requireCertified(a); err != nil {
		return RenderView{}, err
	}
	app, err := s.store.Application(ctx, a.OrgID, appID)
	if err != nil {
		return RenderView{}, err
	}
	job, args, err := s.renderJob(ctx, jobID)
	if err != nil {
		return RenderView{}, err
	}
	if args.AppID != appID || args.OrgID != a.OrgID {
		return RenderView{}, domain.ErrNotFound
	}
	v := RenderView{JobID: jobID, App: app}
	switch job.State {
	case rivertype.JobStateRunning:
		v.State = RenderRendering
	case rivertype.JobStateCompleted:
		v.State = RenderDone
		if v.Version, err = s.versionCoded(ctx, appID, args.Code); err != nil {
			return v, err
		}
	case rivertype.JobStateCancelled, rivertype.JobStateDiscarded:
		v.State = RenderFailed
	default:
		v.State = RenderWaiting
		if job.State == rivertype.JobStateAvailable {
			v.Ahead, err = s.store.JobsAhead(ctx, renderKind, jobID)
		}
	}
	return v, domain.Wrap(err, "read render queue")
}

// renderJob reads a render job and its arguments.
func (s *Service) renderJob(ctx context.Context, jobID int64) (*rivertype.JobRow, RenderArgs, error) {
	var args RenderArgs
	job, err := s.jobs.JobGet(ctx, jobID)
	if errors.Is(err, river.ErrNotFound) {
		return nil, args, domain.ErrNotFound
	}
	if err != nil {
		return nil, args, domain.Wrap(err, "read render job")
	}
	if job.Kind != renderKind {
		return nil, args, domain.ErrNotFound
	}
	if err := json.Unmarshal(job.EncodedArgs, &args); err != nil {
		return nil, args, domain.Wrap(err, "decode render job")
	}
	return job, args, nil
}

// versionCoded is the application's version of the given 版本号.
func (s *Service) versionCoded(ctx context.Context, appID int64, code string) (domain.Version, error) {
	c, err := s.store.VersionByCode(ctx, code)
	if err == nil && c.Version.AppID != appID {
		err = domain.ErrNotFound
	}
	return c.Version, err
}

// renderWorker works render jobs.
type renderWorker struct {
	river.WorkerDefaults[RenderArgs]
	s       *Service
	timeout time.Duration
}

// Timeout is the process's render timeout (RenderOptions.Timeout).
func (w renderWorker) Timeout(*river.Job[RenderArgs]) time.Duration { return w.timeout }

// renderTimeout is generous: the largest 申报书 renders in seconds, but a
// worker on a busy machine must not be cut off while it writes.
const renderTimeout = 5 * time.Minute

// Work makes the job's version, unless a run before it already did.
func (w renderWorker) Work(ctx context.Context, job *river.Job[RenderArgs]) (err error) {
	start := clock.System() // a duration, on the machine's clock
	// A render keeps a core busy for a second or more; at low priority it
	// runs on what saves and page loads leave over (package lowprio).
	lowprio.Run(func() { err = w.s.work(ctx, job.Args) })
	w.s.observeRender(start, err)
	return err
}

func (s *Service) work(ctx context.Context, args RenderArgs) error {
	if _, err := s.versionCoded(ctx, args.AppID, args.Code); err == nil {
		return nil // stored by an earlier run that did not live to say so
	} else if domain.KindOf(err) != domain.NotFound {
		return err
	}
	a, err := s.actor(ctx, args.UserID, args.IP)
	if err == nil {
		_, err = s.editable(ctx, a, args.AppID)
	}
	if err != nil {
		if domain.KindOf(err) == domain.Internal {
			return err // the database: try again
		}
		// Submitted, locked or the account disabled since: no retry helps.
		return river.JobCancel(err)
	}
	for range 3 {
		_, err = s.generate(ctx, a, args.AppID, args.BaseURL, args.Code)
		if err == nil {
			return nil
		}
		if _, found := s.versionCoded(ctx, args.AppID, args.Code); found == nil {
			return nil // another run of this job stored it meanwhile (a duplicate 版本号)
		}
		if !errors.Is(err, store.ErrDataChanged) {
			return err
		}
	}
	return err // the data kept changing: river tries again later
}
