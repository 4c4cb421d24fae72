package service_test

import (
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// startRenders runs render workers for the rest of the test.
func startRenders(t *testing.T, svc *testService, workers int) *service.Renderer {
	t.Helper()
	r, err := svc.StartRenders(ctx, service.RenderOptions{Workers: workers})
	wantOK(t, err)
	t.Cleanup(func() { _ = r.Kill(ctx) })
	return r
}

// waitRender polls a render job until it reaches want, or fails the test.
func waitRender(t *testing.T, svc *testService, a domain.Actor, appID, job int64, want service.RenderState) service.RenderView {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		v, err := svc.RenderStatus(ctx, a, appID, job)
		wantOK(t, err)
		if v.State == want {
			return v
		}
		if v.State == service.RenderFailed || time.Now().After(deadline) {
			t.Fatalf("render job %d: state %d, want %d", job, v.State, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRendersOnePressOneVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		// Without the per-account limit, whose second press of a waiting
		// application follows the first (limits_test.go): here each
		// press is its own job.
		e := newAppEnv(t, st, func(s *service.Settings) { s.Limits.Renders = 0 })
		appID := e.newApp(t)
		first, err := e.svc.RequestVersion(ctx, e.a, appID, baseURL, "press-1")
		wantOK(t, err)
		again, err := e.svc.RequestVersion(ctx, e.a, appID, baseURL, "press-1")
		wantOK(t, err)
		second, err := e.svc.RequestVersion(ctx, e.a, appID, baseURL, "press-2")
		wantOK(t, err)
		t.Run("the same press sent twice is one job", func(t *testing.T) {
			if again != first || second == first {
				t.Fatalf("jobs %d, %d, %d: want the first two equal and the third new", first, again, second)
			}
		})
		t.Run("a queued job waits with its place in the queue", func(t *testing.T) {
			v, err := e.svc.RenderStatus(ctx, e.a, appID, second)
			wantOK(t, err)
			if v.State != service.RenderWaiting || v.Ahead != 1 {
				t.Errorf("second job: state %d, %d ahead; want waiting with 1 ahead", v.State, v.Ahead)
			}
		})
		t.Run("another organisation's job is not found", func(t *testing.T) {
			_, err := e.svc.RenderStatus(ctx, e.b, appID, first)
			wantKind(t, err, domain.NotFound)
			bApp, err := e.svc.CreateApplication(ctx, e.b, e.spaceB, e.round.ID)
			wantOK(t, err)
			_, err = e.svc.RenderStatus(ctx, e.b, bApp, first)
			wantKind(t, err, domain.NotFound)
			_, err = e.svc.RequestVersion(ctx, e.b, appID, baseURL, "press-b")
			wantKind(t, err, domain.NotFound)
		})
		t.Run("an unknown job is not found", func(t *testing.T) {
			_, err := e.svc.RenderStatus(ctx, e.a, appID, second+1000)
			wantKind(t, err, domain.NotFound)
		})
		startRenders(t, e.svc, 1)
		done1 := waitRender(t, e.svc, e.a, appID, first, service.RenderDone)
		done2 := waitRender(t, e.svc, e.a, appID, second, service.RenderDone)
		t.Run("each press made one version, numbered when it was queued", func(t *testing.T) {
			vs, err := st.Versions(ctx, appID)
			wantOK(t, err)
			if len(vs) != 2 || done1.Version.Code == done2.Version.Code || !versionCode.MatchString(done1.Version.Code) {
				t.Fatalf("%d versions (%q, %q), want two with their own 版本号", len(vs), done1.Version.Code, done2.Version.Code)
			}
		})
		t.Run("the job run again after its version was stored makes none", func(t *testing.T) {
			wantOK(t, e.svc.WorkRender(ctx, service.RenderArgs{AppID: appID, Press: "press-1", OrgID: e.a.OrgID,
				UserID: e.a.ID, Code: done1.Version.Code, BaseURL: baseURL}))
			if vs, _ := st.Versions(ctx, appID); len(vs) != 2 {
				t.Errorf("%d versions after the job ran again, want 2", len(vs))
			}
		})
	})
}

func TestRendersKilledWorkerFinishesOnAnother(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		appID := e.newApp(t)
		job, err := e.svc.RequestVersion(ctx, e.a, appID, baseURL, "press")
		wantOK(t, err)
		release := e.svc.HoldRenders()
		first := startRenders(t, e.svc, 1)
		waitRender(t, e.svc, e.a, appID, job, service.RenderRendering)
		wantOK(t, first.Kill(ctx))
		release()
		t.Run("the killed render stored nothing and waits to be tried again", func(t *testing.T) {
			v, err := e.svc.RenderStatus(ctx, e.a, appID, job)
			wantOK(t, err)
			if v.State != service.RenderWaiting {
				t.Errorf("state %d after the kill, want waiting", v.State)
			}
			if vs, _ := st.Versions(ctx, appID); len(vs) != 0 {
				t.Errorf("%d versions after the kill, want none", len(vs))
			}
		})
		startRenders(t, e.svc, 1)
		done := waitRender(t, e.svc, e.a, appID, job, service.RenderDone)
		t.Run("a second worker finishes it with exactly one version", func(t *testing.T) {
			vs, err := st.Versions(ctx, appID)
			wantOK(t, err)
			if len(vs) != 1 || vs[0].Code != done.Version.Code {
				t.Fatalf("%d versions, want one numbered %s", len(vs), done.Version.Code)
			}
		})
	})
}
