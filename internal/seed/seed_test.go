package seed_test

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"hatch/internal/blob"
	"hatch/internal/clock"
	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/ident"
	"hatch/internal/seed"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

const captcha = "424242"

// newService is a service on st as the demo site runs it: closed rounds
// kept open, fast hashing, a known captcha.
func newService(t *testing.T, st *store.Store, roundsOpen bool) *service.Service {
	t.Helper()
	s := service.DefaultSettings()
	s.Password = testkit.FastPassword
	s.TestCaptcha = captcha
	s.KeepRoundsOpen = roundsOpen
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(
		service.Deps{Store: st, Blobs: blobs, Log: slog.New(slog.DiscardHandler), Settings: s},
	)
	if err := svc.EnsureRounds(t.Context()); err != nil {
		t.Fatal(err)
	}
	return svc
}

// as is the actor of a seeded account.
func as(t *testing.T, svc *service.Service, login string) domain.Actor {
	t.Helper()
	a, err := svc.ActAs(t.Context(), domain.System(), login)
	if err != nil {
		t.Fatalf("act as %s: %v", login, err)
	}
	return a
}

// applications are an account's applications by carrier name.
func applications(t *testing.T, svc *service.Service, a domain.Actor) map[string]service.AppView {
	t.Helper()
	list, err := svc.Applications(t.Context(), a)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]service.AppView{}
	for _, app := range list {
		v, err := svc.Application(t.Context(), a, app.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[v.Carrier.Name] = v
	}
	return out
}

func TestDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		svc := newService(t, st, true)
		start := time.Now()
		accts, err := seed.Demo(t.Context(), svc)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed.Demo on %s took %v", st.Engine(), time.Since(start))
		a := as(t, svc, demo.ApplicantLogin)
		apps := applications(t, svc, a)
		if len(apps) != 2 {
			t.Fatalf("demo applicant has %d applications, want 2", len(apps))
		}
		full, half := apps["启明星众创空间"], apps[demo.Branch.Name]
		if full.App.ID == 0 || half.App.ID == 0 {
			t.Fatalf("applications are for %v, want 启明星众创空间 and its branch", apps)
		}
		t.Run("every reported account logs in with the demo password", func(t *testing.T) {
			testLogins(t, svc, accts)
		})
		t.Run("the complete application is complete and meets every condition", func(t *testing.T) {
			testComplete(t, full)
		})
		t.Run(
			"the complete application has the promised shape",
			func(t *testing.T) { testShape(t, full) },
		)
		t.Run(
			"demo identifiers carry valid check characters",
			func(t *testing.T) { testIdentifiers(t, full) },
		)
		t.Run(
			"the half application mixes finished, unfinished and untouched sections",
			func(t *testing.T) {
				testHalf(t, half)
			},
		)
		t.Run("demo files are real files the applicant can open", func(t *testing.T) {
			testFiles(t, svc, st, a, full)
		})
		t.Run("each organisation of the chain stands where its note says", func(t *testing.T) {
			testStages(t, svc)
		})
		t.Run("a second run adds nothing", func(t *testing.T) {
			more, err := seed.Demo(t.Context(), svc)
			if err != nil || len(more) != 0 || len(applications(t, svc, a)) != 2 {
				t.Fatalf("second run: %d accounts, err %v", len(more), err)
			}
		})
	})
}

func testLogins(t *testing.T, svc *service.Service, accts []seed.Account) {
	// legal person and 经办人, the migrated organisation, the reviewers,
	// the administrator, the organisations along the chain, the experts
	if want := 2 + 1 + len(demo.Departments()) + 1 + len(demo.Stages()) + len(demo.Experts()); len(accts) != want {
		t.Errorf("%d accounts reported, want %d", len(accts), want)
	}
	for _, x := range accts {
		sess, err := svc.Login(
			t.Context(),
			service.LoginInput{Login: x.Login, Password: demo.Password,
				CaptchaID: "none", CaptchaAns: captcha, IP: "192.0.2.1"},
		)
		if err != nil {
			t.Errorf("%s (%s): %v", x.Login, x.Role, err)
			continue
		}
		if sess.User.MustChangePassword {
			t.Errorf("%s must change its password at first login", x.Login)
		}
	}
}

func testComplete(t *testing.T, full service.AppView) {
	for _, st := range full.Statuses {
		if st.State != form.Complete {
			t.Errorf("%s is %s with %d problems", st.Section.Title, st.State, st.Problems)
		}
	}
	for _, is := range full.Form.Issues(true) {
		t.Errorf("issue %s: %s", is.Path(), is.Message)
	}
	for _, c := range full.Conditions {
		if c.Outcome != form.Met {
			t.Errorf("%s %s: %s (%s)", c.Code, c.Title, c.Outcome, c.Figure)
		}
	}
}

func testShape(t *testing.T, full service.AppView) {
	want := map[string][2]int{
		"venues":      {2, 2},
		"staff":       {6, 8},
		"teams":       {20, 28},
		"enterprises": {12, 18},
		"activities":  {12, 20},
		"media":       {3, 3},
		"honors":      {2, 2},
	}
	for table, r := range want {
		if n := len(full.Form.Rows[table]); n < r[0] || n > r[1] {
			t.Errorf("%s has %d rows, want %d to %d", table, n, r[0], r[1])
		}
	}
	if n := full.Form.FileCount(0, "pledge"); n != 1 {
		t.Errorf("pledge files = %d", n)
	}
	if got := full.Form.Value("basic", "uscc"); got != full.Form.Org.USCC || got == "" {
		t.Errorf("operator code = %q", got)
	}
}

func testIdentifiers(t *testing.T, full service.AppView) {
	for _, r := range full.Form.Rows["staff"] {
		id := r.Data["id_number"]
		if msg := ident.CheckIDNumber(id, clock.Today(testkit.Now())); msg != "" ||
			!strings.HasPrefix(id, "11") {
			t.Errorf("%s: %s %s", r.Data["name"], id, msg)
		}
	}
	for _, r := range full.Form.Rows["enterprises"] {
		if !ident.ValidUSCC(r.Data["uscc"]) {
			t.Errorf("%s: %s", r.Data["name"], r.Data["uscc"])
		}
	}
}

func testHalf(t *testing.T, half service.AppView) {
	states := map[form.State]int{}
	for _, st := range half.Statuses {
		states[st.State]++
		if st.Section.Key == "basic" && (st.State != form.InProgress || st.Problems != 1) {
			t.Errorf("基础信息 is %s with %d problems, want 未完成 with 1", st.State, st.Problems)
		}
	}
	if states[form.InProgress] == 0 || states[form.NotStarted] == 0 || states[form.Complete] == 0 {
		t.Fatalf("states = %v, want some of each", states)
	}
}

func testFiles(
	t *testing.T,
	svc *service.Service,
	st *store.Store,
	a domain.Actor,
	full service.AppView,
) {
	files, err := st.AppFiles(t.Context(), full.App.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, f := range files {
		if kinds[f.ContentType] {
			continue
		}
		kinds[f.ContentType] = true
		_, rc, err := svc.OpenAttachment(t.Context(), a, f.AttachmentID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if int64(len(b)) != f.Size || len(b) == 0 {
			t.Errorf("%s: read %d bytes, recorded %d", f.Name, len(b), f.Size)
		}
	}
	if !kinds["application/pdf"] || !kinds["image/png"] {
		t.Errorf("file kinds = %v, want PDF and PNG", kinds)
	}
}

func testStages(t *testing.T, svc *service.Service) {
	want := map[string]domain.AppStatus{
		"demo-applicant-2": domain.AppCityReview,
		"demo-applicant-3": domain.AppProvinceReview,
		"demo-applicant-4": domain.AppReturned,
		"demo-applicant-5": domain.AppExpertReview,
	}
	for _, st := range demo.Stages() {
		apps := applications(t, svc, as(t, svc, st.Login))
		v, ok := apps[st.Carrier]
		if len(apps) != 1 || !ok {
			t.Errorf("%s has %d applications, want one for %s", st.Login, len(apps), st.Carrier)
			continue
		}
		if v.App.Status != want[st.Login] {
			t.Errorf("%s (%s) is %s, want %s", st.Carrier, st.Note, v.App.Status, want[st.Login])
		}
	}
}

func TestDemoRefusesARoundThatNoLongerTakesApplications(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			st := storetest.NewWithClock(t, engine, testkit.NewClock(testkit.Later).Now)
			svc := newService(t, st, false)
			_, err := seed.Demo(t.Context(), svc)
			if err == nil || !strings.Contains(err.Error(), "HATCH_ROUNDS_OPEN") {
				t.Errorf(
					"seeding a closed round: error %v, want one that says how to keep it open",
					err,
				)
			}
			users, err := svc.Users(t.Context(), domain.System(), domain.UserFilter{})
			if err != nil || len(users) != 0 {
				t.Errorf("the refused seed left %d accounts (err %v)", len(users), err)
			}
		})
	}
}
