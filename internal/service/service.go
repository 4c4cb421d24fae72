// Package service holds Hatch's use cases. Each exported method checks who
// is asking (a domain.Actor), validates input, and runs in one transaction.
// It knows no HTTP and writes no SQL text, and it says every refusal to the
// user in Chinese (words.go). Its files, by resource:
//
//   - service.go: the Service, its settings and clock, shared checks
//   - auth.go, captcha.go, password.go, tokens.go: logging in, sessions (and
//     ActAs, the System actor acting as an account),
//     captchas, passwords and their reset, personal access tokens
//   - certification.go, manual_certs.go, uploads.go: 实名认证, 人工认证 and
//     its queue; uploads checked by content and size
//   - carriers.go, staff.go: the 首页's 载体 and the 经办人
//   - accounts.go, departments.go, admin.go, imports.go: the administrator's
//     accounts, departments and reviewers, outbox and audit log, imports
//     (registry_import.go: the register of legal persons)
//   - rounds.go: 申报批次 and their 受理机构
//   - applications.go, editing.go, sections.go, rows.go, appfiles.go: an
//     application, what may be edited, its sections, table rows and files
//   - table_imports.go, table_import_plan.go, table_exports.go: detail
//     tables through Excel: an import's preview, kept until its commit,
//     and the template and exports
//   - versions.go, document.go, diff.go: 申报书 versions, their content
//     model and PDF, and the differences between two
//   - submit.go, progress.go, notifications.go: 提交申报材料, 办件进度,
//     messages
//   - queue.go, review.go, remarks.go, exports.go: the reviewers' 工作台,
//     review page and actions, remarks, and the .xlsx exports
//   - batch.go, quotas.go, paper_receipt.go, paper_register.go: batch
//     actions of the 工作台 (one Act per application), the 名额 per round
//     and 受理机构, the paper check's register entry and the 纸质材料登记
//   - limits.go: per-account limits on 下载材料, imports and exports
package service

import (
	"context"
	crand "crypto/rand"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"hatch/internal/blob"
	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/metrics"
	"hatch/internal/notify"
	"hatch/internal/password"
	"hatch/internal/store"
	"hatch/internal/workday"
)

// Settings are the tunable rules of the account side.
type Settings struct {
	IdleTimeout     time.Duration // a session ends after this long without a request
	AbsoluteTimeout time.Duration // and this long after login, whatever happens
	AccountLockAt   int           // failed logins per account before it is locked
	AddressLockAt   int           // failed logins per address before it is locked
	LockFor         time.Duration // how long a lock lasts; also the counting window
	CaptchaTTL      time.Duration
	TestCaptcha     string // when set, every captcha also accepts it (automated tests only)
	ResetCodeTTL    time.Duration
	MaxUpload       int64 // bytes per uploaded file
	MaxAppFiles     int64 // bytes of attachments per application
	Password        password.Params
	// KeepRoundsOpen lets closed rounds accept new applications and edits.
	// Demo and training sites need it: the seeded 2021 round closed long ago.
	KeepRoundsOpen bool
	// Calendar counts the working days of a 公示; nil is the embedded
	// State Council arrangements (workday.Default).
	Calendar *workday.Calendar
	// Limits bound each account's 下载材料, imports and exports
	// (limits.go).
	Limits Limits
}

// DefaultSettings are the production defaults.
func DefaultSettings() Settings {
	return Settings{
		IdleTimeout:     30 * time.Minute,
		AbsoluteTimeout: 12 * time.Hour,
		AccountLockAt:   5,
		AddressLockAt:   30,
		LockFor:         15 * time.Minute,
		CaptchaTTL:      10 * time.Minute,
		ResetCodeTTL:    10 * time.Minute,
		MaxUpload:       10 << 20,
		MaxAppFiles:     200 << 20,
		Password:        password.Default,
		Limits:          DefaultLimits(),
	}
}

// Registry is the register of legal persons that 实名认证 matches against.
// The default is the table filled by `hatch import-registry`; a connection
// to a national service would be another implementation.
type Registry interface {
	// Lookup returns the entry for uscc; found is false when it is unknown.
	Lookup(ctx context.Context, uscc string) (e domain.RegistryEntry, found bool, err error)
}

// Service is the use-case layer. Build it with New.
type Service struct {
	store    *store.Store
	blobs    blob.Store
	notifier notify.Notifier
	registry Registry
	log      *slog.Logger
	cfg      Settings
	// dummyHash is verified when a login is unknown, so that unknown logins
	// and wrong passwords cost the same argon2id work at the same settings.
	dummyHash string
	// renders bounds the 申报书 generated at once: each large one takes
	// about 70 MB of heap for a second, and on deadline day many users
	// press 下载材料 together.
	renders chan struct{}
	// jobs queues render jobs and reads them (renders.go); the workers
	// are started apart (StartRenders).
	jobs store.JobClient
	// rand draws experts at random (DrawExperts); randMu guards it.
	rand   *rand.Rand
	randMu sync.Mutex
	// metrics hears of renders, imports and logins (metrics.go); nil
	// records nothing.
	metrics *metrics.Metrics
}

// Deps are the parts a Service is built from.
type Deps struct {
	Store    *store.Store
	Blobs    blob.Store
	Notifier notify.Notifier
	Registry Registry // nil means the store's registry table
	Log      *slog.Logger
	Settings Settings
	// Rand is the random source of expert draws; nil seeds one from the
	// operating system. Tests pass a fixed seed to get a known draw.
	Rand rand.Source
	// Metrics, when set, counts renders, imports, logins and blob
	// operations, and reads the database pools and the render queue at
	// each scrape.
	Metrics *metrics.Metrics
}

// New builds a Service.
func New(d Deps) *Service {
	if d.Registry == nil {
		d.Registry = tableRegistry{d.Store}
	}
	if d.Notifier == nil {
		d.Notifier = notify.LogOutbox{Log: d.Log, Outbox: d.Store}
	}
	if d.Rand == nil {
		var seed [32]byte
		_, _ = crand.Read(seed[:]) // never fails (crypto/rand's contract)
		d.Rand = rand.NewChaCha8(seed)
	}
	dummy, _ := password.Hash("not-a-password", d.Settings.Password)
	s := &Service{
		store:     d.Store,
		blobs:     d.Blobs,
		notifier:  d.Notifier,
		registry:  d.Registry,
		log:       d.Log,
		cfg:       d.Settings,
		dummyHash: dummy,
		renders:   make(chan struct{}, max(2, runtime.GOMAXPROCS(0))),
		rand:      rand.New(d.Rand),
		metrics:   d.Metrics,
	}
	s.instrument()
	jobs, err := s.newJobClient(RenderOptions{})
	if err != nil {
		// Only a wrong river configuration fails here, which no
		// setting reaches: it is a bug.
		panic("render queue: " + err.Error())
	}
	s.jobs = jobs
	return s
}

// Settings returns the service's settings.
func (s *Service) Settings() Settings { return s.cfg }

// Ping checks that the database answers, for the health check.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// now is the current instant on the clock the store was given: the one
// clock of the whole system, so that a test can pin the day.
func (s *Service) now() time.Time { return s.store.Now() }

// today is the calendar date in China, in the form typed dates parse to.
func (s *Service) today() time.Time { return clock.Today(s.now()) }

// roundClosed reports whether a round no longer takes applications or
// edits today. KeepRoundsOpen keeps closed rounds usable on demo and
// training sites.
func (s *Service) roundClosed(r domain.Round) bool {
	return !s.cfg.KeepRoundsOpen && r.ClosedOn(clock.Date(s.now()))
}

// tableRegistry is the default Registry: the imported registry table.
type tableRegistry struct{ st *store.Store }

func (r tableRegistry) Lookup(
	ctx context.Context,
	uscc string,
) (domain.RegistryEntry, bool, error) {
	e, err := r.st.RegistryEntry(ctx, uscc)
	if domain.KindOf(err) == domain.NotFound {
		return e, false, nil
	}
	return e, err == nil, err
}

// audit appends an entry attributed to a.
func audit(
	ctx context.Context,
	tx *store.Tx,
	a domain.Actor,
	action, targetType string,
	targetID int64,
	detail string,
) error {
	return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID, ActorLogin: a.Login, Action: action,
		TargetType: targetType, TargetID: targetID, Detail: detail, IP: a.IP})
}

// Authorisation checks. Each returns a Forbidden error with a sentence the
// user can act on.

func requireRole(a domain.Actor, roles ...domain.Role) error {
	for _, r := range roles {
		if a.Role == r {
			return nil
		}
	}
	return domain.Errorf(domain.Forbidden, "您的账号（%s）无权进行此操作。", a.Role.Label())
}

func requireApplicant(a domain.Actor) error {
	return requireRole(a, domain.RoleLegal, domain.RoleStaff)
}

// requireCertified lets applicants act only after 实名认证, as the manual
// requires of migrated 火炬统计 accounts.
func requireCertified(a domain.Actor) error {
	if err := requireApplicant(a); err != nil {
		return err
	}
	if !a.OrgCertified {
		return ErrNotCertified
	}
	return nil
}

// ErrNotCertified is returned to applicants who must finish 实名认证 first.
var ErrNotCertified = domain.Errorf(domain.Forbidden,
	"本单位尚未完成法人实名认证。按照系统要求，完成法人认证后方可进行信息填报。")
