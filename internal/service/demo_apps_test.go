package service_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/ident"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// demoApps seeds the demo data and returns demo-applicant's actor and its
// applications by carrier name.
func demoApps(t *testing.T, st *store.Store, svc *testService) (domain.Actor, map[string]service.AppView) {
	t.Helper()
	if err := svc.EnsureRounds(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	accts, err := svc.SeedDemo(ctx)
	took := time.Since(start)
	wantOK(t, err)
	if len(accts) == 0 {
		t.Fatal("SeedDemo seeded nothing")
	}
	t.Logf("SeedDemo on %s took %v", st.Engine(), took)
	u, _, err := st.UserByLogin(ctx, "demo-applicant")
	if err != nil {
		t.Fatal(err)
	}
	a := actorOf(t, svc, st, u.ID)
	list, err := svc.Applications(ctx, a)
	wantOK(t, err)
	out := map[string]service.AppView{}
	for _, app := range list {
		v, err := svc.Application(ctx, a, app.ID)
		wantOK(t, err)
		out[v.Carrier.Name] = v
	}
	return a, out
}

func TestDemoApps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		svc := newService(t, st)
		a, apps := demoApps(t, st, svc)
		if len(apps) != 2 {
			t.Fatalf("demo applicant has %d applications, want 2", len(apps))
		}
		full, ok := apps["启明星众创空间"]
		if !ok {
			t.Fatalf("no application for 启明星众创空间; have %v", apps)
		}
		half, ok := apps["启明星众创空间（亦庄分部）"]
		if !ok {
			t.Fatalf("no application for the second makerspace; have %v", apps)
		}

		t.Run("the complete application has every section complete", func(t *testing.T) {
			for _, st := range full.Statuses {
				if st.State != form.Complete {
					t.Errorf("%s is %s with %d problems", st.Section.Title, st.State, st.Problems)
				}
			}
			for _, is := range full.Form.Issues(true) {
				t.Errorf("issue %s: %s", is.Path(), is.Message)
			}
		})
		t.Run("the complete application meets every condition", func(t *testing.T) {
			for _, c := range full.Conditions {
				if c.Outcome != form.Met {
					t.Errorf("%s %s: %s (%s)", c.Code, c.Title, c.Outcome, c.Figure)
				}
			}
		})
		t.Run("the complete application has the promised shape", func(t *testing.T) {
			counts := map[string]int{}
			for table, rows := range full.Form.Rows {
				counts[table] = len(rows)
			}
			want := map[string][2]int{"venues": {2, 2}, "staff": {6, 8}, "teams": {20, 28}, "enterprises": {12, 18},
				"activities": {12, 20}, "media": {3, 3}, "honors": {2, 2}}
			for table, r := range want {
				if counts[table] < r[0] || counts[table] > r[1] {
					t.Errorf("%s has %d rows, want %d to %d", table, counts[table], r[0], r[1])
				}
			}
			if n := full.Form.FileCount(0, "pledge"); n != 1 {
				t.Errorf("pledge files = %d", n)
			}
			if got := full.Form.Value("basic", "uscc"); got != full.Form.Org.USCC || got == "" {
				t.Errorf("operator code = %q", got)
			}
		})
		t.Run("demo identifiers carry valid check characters", func(t *testing.T) {
			for _, r := range full.Form.Rows["staff"] {
				if msg := ident.CheckIDNumber(r.Data["id_number"], clock.Today(testkit.Now())); msg != "" || !strings.HasPrefix(r.Data["id_number"], "11") {
					t.Errorf("%s: %s %s", r.Data["name"], r.Data["id_number"], msg)
				}
			}
			for _, r := range full.Form.Rows["enterprises"] {
				if !ident.ValidUSCC(r.Data["uscc"]) {
					t.Errorf("%s: %s", r.Data["name"], r.Data["uscc"])
				}
			}
		})
		t.Run("the half application mixes finished, unfinished and untouched sections", func(t *testing.T) {
			states := map[form.State]int{}
			for _, st := range half.Statuses {
				states[st.State]++
				t.Logf("%s: %s (%d problems)", st.Section.Title, st.State, st.Problems)
			}
			if states[form.InProgress] == 0 || states[form.NotStarted] == 0 || states[form.Complete] == 0 {
				t.Fatalf("states = %v, want some of each", states)
			}
			for _, st := range half.Statuses {
				if st.Section.Key == "basic" && (st.State != form.InProgress || st.Problems != 1) {
					t.Errorf("基础信息 is %s with %d problems, want 未完成 with 1", st.State, st.Problems)
				}
			}
		})
		t.Run("demo files are real files the applicant can open", func(t *testing.T) {
			files, err := st.AppFiles(ctx, full.App.ID)
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string]bool{}
			for _, f := range files {
				if kinds[f.ContentType] {
					continue
				}
				kinds[f.ContentType] = true
				_, rc, err := svc.OpenAttachment(ctx, a, f.AttachmentID)
				wantOK(t, err)
				b, _ := io.ReadAll(rc)
				rc.Close()
				if int64(len(b)) != f.Size || len(b) == 0 {
					t.Errorf("%s: read %d bytes, recorded %d", f.Name, len(b), f.Size)
				}
			}
			if !kinds["application/pdf"] || !kinds["image/png"] {
				t.Errorf("file kinds = %v, want PDF and PNG", kinds)
			}
		})
		t.Run("a second SeedDemo adds nothing", func(t *testing.T) {
			accts, err := svc.SeedDemo(ctx)
			wantOK(t, err)
			list, err := svc.Applications(ctx, a)
			wantOK(t, err)
			if len(accts) != 0 || len(list) != 2 {
				t.Fatalf("second SeedDemo: %d accounts, %d applications", len(accts), len(list))
			}
		})
	})
}
