package e2e

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"hatch/internal/testkit"
)

// TestRenderQueueWalk: a web server without render workers queues 下载材料;
// its page shows the render waiting and keeps updating in place. A
// `hatch worker` started afterwards renders it, and the page goes on by
// itself to the versions page, which starts the download.
func TestRenderQueueWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	srv := startServer(t, "", "HATCH_RENDER_WORKERS=0")
	cleanScreenshots(t, "sqlite-render")
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: "sqlite-render"}
	w.login("demo-applicant", demoPassword)
	w.open("/applications")
	w.clickText("#applications td a", "^启明星众创空间$")
	app := w.path()
	w.open(app + "/versions")
	w.click("#generate")
	page := w.path()
	if !regexp.MustCompile(`^/applications/\d+/renders/\d+$`).MatchString(page) {
		t.Fatalf("下载材料 led to %s, want the render's page", page)
	}
	w.expectText("#render-status", "排队等候生成")
	time.Sleep(3 * time.Second) // the page polls; it must stay, waiting
	if w.path() != page || !strings.Contains(w.text("#render-status"), "排队等候生成") {
		t.Fatalf("without a worker the page moved on: %s, %s", w.path(), w.text("main"))
	}
	w.shot("render-waiting")

	worker := exec.Command(hatchBin, "worker")
	worker.Env = append(append([]string{}, srv.env...), "HATCH_RENDER_WORKERS=1", "HATCH_DEMO=false",
		"HATCH_ROUNDS_OPEN=true") // the settings of the web, without its seeding
	out := &syncBuffer{}
	worker.Stdout, worker.Stderr = out, out
	data, name := w.download(func() {
		if err := worker.Start(); err != nil {
			t.Fatalf("start hatch worker: %v", err)
		}
	})
	t.Cleanup(func() {
		_ = worker.Process.Kill()
		_ = worker.Wait()
		if t.Failed() {
			t.Logf("hatch worker output:\n%s", out.String())
		}
	})
	w.pg().MustWait(`() => document.readyState === "complete"`)
	w.expectPath(app + "/versions")
	code := regexp.MustCompile(`2021ZC-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(w.text("#versions-new"))
	if code == "" || !strings.Contains(name, code) || !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("after the worker: notice %q, download %q (%d bytes)", w.text("#versions-new"), name, len(data))
	}
	w.shot("render-done-versions")
}

// awaitPath waits until the page is at path (query aside) and loaded: where
// a page goes on by itself, as the render's page does once the 申报书 is made.
func (w *walk) awaitPath(path string) {
	w.t.Helper()
	deadline := time.Now().Add(2 * stepTimeout)
	for {
		if at, _, _ := strings.Cut(w.path(), "?"); at == path {
			w.pg().MustWait(`() => document.readyState === "complete"`)
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("still at %s, want %s; page says:\n%s", w.path(), path, clip(w.text("main"), 1500))
		}
		time.Sleep(200 * time.Millisecond)
	}
}
