package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"encoding/json"

	"hatch/internal/storetest"
)

// lockedBuffer is a process's stdout, read while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// process is one `hatch …` run in the test, with its own context.
type process struct {
	out  *lockedBuffer
	stop context.CancelFunc
	done chan struct{} // closed when run has returned err
	err  error
}

func start(t *testing.T, args []string, env map[string]string) *process {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := &process{out: &lockedBuffer{}, stop: cancel, done: make(chan struct{})}
	go func() {
		p.err = run(ctx, args, func(k string) string { return env[k] }, p.out, io.Discard)
		close(p.done)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-p.done:
		case <-time.After(time.Minute):
		}
	})
	return p
}

// await waits for re to appear in the process's output.
func (p *process) await(t *testing.T, re *regexp.Regexp, within time.Duration) []string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		if m := re.FindStringSubmatch(p.out.String()); m != nil {
			return m
		}
		select {
		case <-p.done:
			t.Fatalf("the process ended (%v) before printing %s:\n%s", p.err, re, p.out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %s:\n%s", re, within, p.out.String())
		}
	}
}

// end stops the process and returns what run returned.
func (p *process) end(t *testing.T) error {
	t.Helper()
	p.stop()
	select {
	case <-p.done:
		return p.err
	case <-time.After(time.Minute):
		return errors.New("did not stop within a minute")
	}
}

// TestWorkerRendersWhatServeQueued: on PostgreSQL, `hatch serve` without
// render workers queues a 下载材料 that stays waiting; a `hatch worker`
// started afterwards, another process on the same database and data
// directory, renders it, and the serving process's page then gives the
// 版本号 and the download.
func TestWorkerRendersWhatServeQueued(t *testing.T) {
	env := map[string]string{
		"HATCH_DATABASE_URL":   storetest.Options(t, "postgres").URL,
		"HATCH_DATA":           t.TempDir(),
		"HATCH_TEST_CAPTCHA":   "424242",
		"HATCH_ADDR":           "127.0.0.1:0",
		"HATCH_RENDER_WORKERS": "0",
	}
	web := start(t, []string{"serve"}, env)
	base := "http://" + web.await(t, regexp.MustCompile(`Hatch 已启动（数据库：postgres）：http://([^/]+)/`), 3*time.Minute)[1]

	c := login(t, base)
	app := c.completeDraft(t)
	press := c.form(t, fmt.Sprintf("/applications/%d/versions", app), url.Values{"press": {"worker-test"}})
	if press.StatusCode != http.StatusSeeOther {
		t.Fatalf("下载材料: %d", press.StatusCode)
	}
	page := press.Header.Get("Location")
	t.Run("without a worker the render waits", func(t *testing.T) {
		time.Sleep(time.Second)
		if body := c.page(t, page); !strings.Contains(body, "排队等候生成") {
			t.Fatalf("render page without a worker:\n%s", body)
		}
	})

	workerEnv := map[string]string{}
	for k, v := range env {
		workerEnv[k] = v
	}
	workerEnv["HATCH_RENDER_WORKERS"] = "1"
	// The worker checks what the web did (the round still open), so it
	// runs with the same settings; it never seeds.
	workerEnv["HATCH_DEMO"] = "false"
	workerEnv["HATCH_ROUNDS_OPEN"] = "true"
	w := start(t, []string{"worker"}, workerEnv)
	w.await(t, regexp.MustCompile(`申报书生成进程已启动（数据库：postgres，同时生成 1 份）`), time.Minute)

	var body string
	began := time.Now()
	defer func() { t.Logf("the worker rendered the queued job in %s", time.Since(began).Round(time.Millisecond)) }()
	deadline := time.Now().Add(2 * time.Minute)
	for body = c.page(t, page); !strings.Contains(body, "申报书已生成"); body = c.page(t, page) {
		if strings.Contains(body, `id="render-failed"`) || time.Now().After(deadline) {
			t.Fatalf("the worker did not render the queued job:\n%s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Run("the worker's version downloads through the web process", func(t *testing.T) {
		link := regexp.MustCompile(`id="render-download" href="([^"]+)"`).FindStringSubmatch(body)
		if link == nil {
			t.Fatalf("no download on the done page:\n%s", body)
		}
		if pdf := c.page(t, link[1]); !strings.HasPrefix(pdf, "%PDF-") {
			t.Errorf("the download is not a PDF: %.40q", pdf)
		}
	})
	t.Run("the worker and the web stop cleanly", func(t *testing.T) {
		if err := w.end(t); err != nil {
			t.Errorf("hatch worker: %v", err)
		}
		if err := web.end(t); err != nil {
			t.Errorf("hatch serve: %v", err)
		}
	})
}

// session is a logged-in browser of the demo applicant.
type session struct {
	base string
	http *http.Client
	csrf string
}

func login(t *testing.T, base string) *session {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	s := &session{base: base, http: &http.Client{Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	var captcha struct{ ID string }
	s.json(t, "GET", "/api/v1/captcha", "", &captcha)
	var sess struct {
		CSRF string `json:"csrf_token"`
	}
	s.json(t, "POST", "/api/v1/session", fmt.Sprintf(`{"login":"demo-applicant","password":"Demo@2021","captcha_id":%q,"captcha":"424242"}`,
		captcha.ID), &sess)
	s.csrf = sess.CSRF
	return s
}

func (s *session) json(t *testing.T, method, path, body string, out any) {
	t.Helper()
	req, _ := http.NewRequest(method, s.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", s.csrf)
	resp, err := s.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
}

func (s *session) completeDraft(t *testing.T) int64 {
	t.Helper()
	var list struct {
		Items []struct {
			ID      int64
			Carrier string
			Status  string
		}
	}
	s.json(t, "GET", "/api/v1/applications", "", &list)
	// The demo's complete 众创空间 application, still a draft; the
	// applicant's others are submitted or filed, or for another carrier.
	for _, a := range list.Items {
		if a.Carrier == "启明星众创空间" && a.Status == "draft" {
			return a.ID
		}
	}
	t.Fatalf("the demo applicant has no draft for 启明星众创空间 among %d applications", len(list.Items))
	return 0
}

// form posts a page form with the session's CSRF token.
func (s *session) form(t *testing.T, path string, v url.Values) *http.Response {
	t.Helper()
	v.Set("_csrf", s.csrf)
	resp, err := s.http.PostForm(s.base+path, v)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// page gets a page's body, which must answer 200.
func (s *session) page(t *testing.T, path string) string {
	t.Helper()
	resp, err := s.http.Get(s.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, data)
	}
	return string(data)
}
