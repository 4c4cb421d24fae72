package seed_test

import (
	"io"
	"log/slog"
	"maps"
	"slices"
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

// applications are an account's applications by type and carrier name
// (appKey).
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
		out[appKey(v.Type, v.Carrier.Name)] = v
	}
	return out
}

// appKey names an application by its type and carrier: a carrier may have
// one application of each.
func appKey(t *form.Type, carrier string) string { return t.Code + " " + carrier }

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
		if len(apps) != 5 {
			t.Fatalf("demo applicant has %d applications, want 5", len(apps))
		}
		full, half := apps[appKey(form.Makerspace, "启明星众创空间")], apps[appKey(form.Makerspace, demo.Branch.Name)]
		incubator, exemption := apps[appKey(form.Incubator, demo.Incubator)], apps[appKey(form.Exemption, demo.FiledBranch.Name)]
		filed := apps[appKey(form.Makerspace, demo.FiledBranch.Name)]
		for _, v := range []service.AppView{full, half, incubator, filed, exemption} {
			if v.App.ID == 0 {
				t.Fatalf("applications are %v, want 3 of 众创空间, the 孵化器's and a 免税 one", slices.Collect(maps.Keys(apps)))
			}
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
		t.Run("the 孵化器 application is complete, meets every condition and waits for 海淀区", func(t *testing.T) {
			testIncubator(t, incubator)
		})
		t.Run("the third 众创空间 is 备案通过 and its 免税 application meets every condition", func(t *testing.T) {
			testExemption(t, filed, exemption)
		})
		t.Run("the 海淀区 reviewer's 工作台 shows the 孵化器 and the 免税 application", func(t *testing.T) {
			q, err := svc.Queue(t.Context(), as(t, svc, "demo-city"), service.QueueFilter{Status: domain.AppCityReview})
			if err != nil {
				t.Fatal(err)
			}
			waiting := map[int64]bool{}
			for _, app := range q.Apps {
				waiting[app.ID] = true
			}
			if !waiting[incubator.App.ID] || !waiting[exemption.App.ID] {
				t.Errorf("waiting for 海淀区: %v, want the 孵化器 %d and the 免税 %d", waiting, incubator.App.ID, exemption.App.ID)
			}
		})
		t.Run("a second run adds nothing", func(t *testing.T) {
			more, err := seed.Demo(t.Context(), svc)
			if err != nil || len(more) != 0 || len(applications(t, svc, a)) != 5 {
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

// metAndComplete: every section is 已完成 and every condition 符合; the
// only issues are warnings, which must be those listed (by path).
func metAndComplete(t *testing.T, v service.AppView, warnings ...string) {
	t.Helper()
	for _, st := range v.Statuses {
		if st.State != form.Complete {
			t.Errorf("%s is %s with %d problems", st.Section.Title, st.State, st.Problems)
		}
	}
	var warned []string
	for _, is := range v.Form.Issues(true) {
		if !is.Warning {
			t.Errorf("issue %s: %s", is.Path(), is.Message)
			continue
		}
		warned = append(warned, is.Path())
	}
	if !slices.Equal(warned, warnings) {
		t.Errorf("warnings on %v, want %v", warned, warnings)
	}
	if len(v.Conditions) == 0 {
		t.Error("no conditions")
	}
	for _, c := range v.Conditions {
		if c.Outcome != form.Met {
			t.Errorf("%s %s: %s (%s)", c.Code, c.Title, c.Outcome, c.Figure)
		}
	}
}

// rowsOf finds the path of the table's rows whose field holds one of the values.
func rowsOf(v service.AppView, table, field string, values ...string) []string {
	var out []string
	for _, r := range v.Form.Rows[table] {
		if slices.Contains(values, r.Data[field]) {
			out = append(out, form.Issue{Table: table, RowID: r.ID, Field: "counted"}.Path())
		}
	}
	return out
}

func testIncubator(t *testing.T, v service.AppView) {
	late := rowsOf(v, "firms", "uscc", demo.LateFirm.USCC)
	metAndComplete(t, v, late...)
	if v.App.Status != domain.AppCityReview || v.Round.Year != demo.IncubatorYear {
		t.Errorf("the 孵化器 application is %s in %d, want 待市级初审 in %d", v.App.Status, v.Round.Year, demo.IncubatorYear)
	}
	counted := v.Form.Counted("firms")
	if n := len(v.Form.Rows["firms"]); n != len(counted)+1 || len(counted) < 50 {
		t.Errorf("%d 在孵企业 of which %d count, want at least 50 and one more left out", n, len(counted))
	}
	for _, r := range v.Form.Rows["firms"] {
		note := form.ExcludedNote(v.Form.Excluded(form.Incubator.Table("firms"), r))
		if late := r.Data["uscc"] == demo.LateFirm.USCC; late != (note != "") ||
			late && note != "不计入：入孵至数据截止日 55 个月，超过 48 个月。" {
			t.Errorf("%s: note %q", r.Data["name"], note)
		}
		if !ident.ValidUSCC(r.Data["uscc"]) {
			t.Errorf("%s: %s", r.Data["name"], r.Data["uscc"])
		}
	}
	if n := len(v.Form.Counted("graduates")); n < 20 {
		t.Errorf("%d 毕业企业 count, want at least 20", n)
	}
}

func testExemption(t *testing.T, filed, v service.AppView) {
	if filed.App.Status != domain.AppFiled {
		t.Errorf("%s's 众创空间 application is %s, want 已备案", demo.FiledBranch.Name, filed.App.Status)
	}
	metAndComplete(t, v, rowsOf(v, "income", "month", "9", "10")...)
	if v.App.Status != domain.AppCityReview || v.Round.Year != demo.ExemptionYear {
		t.Errorf("the 免税 application is %s in %d, want 待市级初审 in %d", v.App.Status, v.Round.Year, demo.ExemptionYear)
	}
	basic := v.Form.Sections["basic"]
	if basic["kind"] != "国家备案众创空间" || basic["designation_no"] == "" || basic["designated_on"] == "" || basic["ledger"] != "是" {
		t.Errorf("机构与资格 = %v", basic)
	}
	has := func(table, field string, want ...string) {
		got := map[string]bool{}
		for _, r := range v.Form.Rows[table] {
			got[r.Data[field]] = true
		}
		for _, w := range want {
			if !got[w] {
				t.Errorf("%s has no row with %s %s", table, field, w)
			}
		}
	}
	has("property", "tenure", "自有", "租入")
	has("incubatees", "kind", "企业", "创业团队", "个人")
	if n, all := len(v.Form.Counted("income")), len(v.Form.Rows["income"]); n == 0 || n == all {
		t.Errorf("%d of %d income rows exempt, want both exempt and taxable ones", n, all)
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
		v, ok := apps[appKey(form.Makerspace, st.Carrier)]
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
