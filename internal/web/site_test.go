package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"hatch/internal/blob"
	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/seed"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
	"hatch/internal/web"
)

// site is a full Hatch server over a real database, seeded with demo data.
type site struct {
	t   testing.TB
	srv *httptest.Server
	svc *service.Service
	st  *store.Store
	// renderer works 下载材料's render jobs once a test needs them
	// (startRenders).
	renderer *service.Renderer
}

const testCaptcha = "424242"

func newSite(t testing.TB, st *store.Store) *site {
	t.Helper()
	return newSiteWith(t, st, func(s *service.Settings) { s.KeepRoundsOpen = true })
}

// newSiteWith is newSite with settings of the test's own.
func newSiteWith(t testing.TB, st *store.Store, tweak func(*service.Settings)) *site {
	t.Helper()
	return newSiteOn(t, st, tweak, func(_ testing.TB, d *blob.Dir) blob.Store { return d })
}

// newSiteOn is newSiteWith on the blob store that blobs makes from the
// directory of the seeded files.
func newSiteOn(
	t testing.TB,
	st *store.Store,
	tweak func(*service.Settings),
	blobsOf func(testing.TB, *blob.Dir) blob.Store,
) *site {
	t.Helper()
	return newSiteOpts(t, st, tweak, blobsOf, web.Options{})
}

// newSiteOpts is newSiteOn with web options of the test's own; their
// Metrics go to the service as well.
func newSiteOpts(
	t testing.TB,
	st *store.Store,
	tweak func(*service.Settings),
	blobsOf func(testing.TB, *blob.Dir) blob.Store,
	opts web.Options,
) *site {
	t.Helper()
	settings := service.DefaultSettings()
	settings.Password = testkit.FastPassword
	settings.TestCaptcha = testCaptcha
	tweak(&settings)
	files := t.TempDir()
	seedDemo(t, st, settings, files)
	dir, err := blob.NewDir(files)
	if err != nil {
		t.Fatal(err)
	}
	blobs := blobsOf(t, dir)
	svc := service.New(service.Deps{Store: st, Blobs: blobs, Log: quiet, Settings: settings, Metrics: opts.Metrics})
	if err := svc.EnsureRounds(context.Background()); err != nil {
		t.Fatal(err)
	}
	opts.SupportPhone, opts.SupportHours = "010-88656315", "工作日 8:30-17:30"
	h, err := web.New(svc, quiet, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(contractHandler(t, h))
	t.Cleanup(srv.Close)
	return &site{t: t, srv: srv, svc: svc, st: st}
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// seedDemo gives st the demo data and files the attachments and 申报书 in
// dir. The seed runs once per engine, clock and setting it depends on;
// each site gets a copy of its rows and files.
func seedDemo(t testing.TB, st *store.Store, settings service.Settings, dir string) {
	t.Helper()
	key := fmt.Sprintf("demo keep-open=%t", settings.KeepRoundsOpen)
	// The demo's people act one after another in a moment, and the seed is
	// shared by sites of any limits: none applies to it, nor is counted.
	settings.Limits = service.Limits{}
	files := storetest.Fill(t, st, key, func(src *store.Store, files string) error {
		blobs, err := blob.NewDir(files)
		if err != nil {
			return err
		}
		svc := service.New(service.Deps{Store: src, Blobs: blobs, Log: quiet, Settings: settings})
		if err := svc.EnsureRounds(context.Background()); err != nil {
			return err
		}
		_, err = seed.Demo(context.Background(), svc)
		return err
	})
	if err := os.CopyFS(dir, os.DirFS(files)); err != nil {
		t.Fatal(err)
	}
}

// TestMain removes the seeded templates once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// browser is one user's cookie jar. It does not follow redirects, so tests
// can assert where each response sends the user.
type browser struct {
	s    *site
	c    *http.Client
	csrf string
}

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{s: s, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// response is a finished request: status, redirect target and body.
type response struct {
	status   int
	location string
	body     string
	header   http.Header
}

func (b *browser) do(method, path string, form url.Values, header map[string]string, raw ...io.Reader) response {
	b.s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else if len(raw) > 0 {
		body = raw[0]
	}
	req, err := http.NewRequest(method, b.s.srv.URL+path, body)
	if err != nil {
		b.s.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	r := response{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(data), header: resp.Header}
	if m := csrfPattern.FindStringSubmatch(r.body); m != nil {
		b.csrf = m[1]
	}
	return r
}

var csrfPattern = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (b *browser) get(path string) response { return b.do("GET", path, nil, nil) }

// post sends a form with the CSRF token the last page carried.
func (b *browser) post(path string, form url.Values) response {
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" && b.csrf != "" {
		form.Set("_csrf", b.csrf)
	}
	return b.do("POST", path, form, nil)
}

var captchaIDPattern = regexp.MustCompile(`name="captcha_id" value="([^"]+)"`)

// login logs in through the login page with the test captcha.
func (b *browser) login(login, pw string) response {
	b.s.t.Helper()
	page := b.get("/login")
	m := captchaIDPattern.FindStringSubmatch(page.body)
	if m == nil {
		b.s.t.Fatalf("login page has no captcha: %d", page.status)
	}
	r := b.do("POST", "/login", url.Values{"login": {login}, "password": {pw}, "captcha_id": {m[1]}, "captcha": {testCaptcha}}, nil)
	if r.status == http.StatusSeeOther {
		b.get("/account") // pick up this session's CSRF token
	}
	return r
}

// mustLogin logs in and fails the test unless it worked.
func (b *browser) mustLogin(login string) *browser {
	b.s.t.Helper()
	if r := b.login(login, demo.Password); r.status != http.StatusSeeOther {
		b.s.t.Fatalf("login %s: status %d\n%s", login, r.status, r.body)
	}
	return b
}

// orgB adds a second certified organisation with a carrier and a staff
// account, for the tests that one organisation cannot touch another's data.
func (s *site) orgB() (carrierID, staffID int64) {
	s.t.Helper()
	ctx := context.Background()
	admin := domain.Actor{User: domain.User{Login: "system", Role: domain.RoleAdmin}}
	legal, _, err := s.svc.CreateAccount(ctx, admin, service.AccountInput{Login: "orgb-legal", Role: "legal",
		Password: demo.Password, OrgUSCC: "91440300MA5DEM0A63", OrgName: "深圳前海创客空间运营有限公司"})
	if err != nil {
		s.t.Fatal(err)
	}
	staff, _, err := s.svc.CreateAccount(ctx, admin, service.AccountInput{Login: "orgb-staff", Role: "staff",
		Password: demo.Password, OrgUSCC: "91440300MA5DEM0A63"})
	if err != nil {
		s.t.Fatal(err)
	}
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetCertStatus(ctx, legal.OrgID, domain.CertPassed, ""); err != nil {
			return err
		}
		carrierID, err = tx.CreateCarrier(ctx, domain.Carrier{OrgID: legal.OrgID, Kind: domain.KindMakerspace,
			Name: "前海众创空间", Address: "深圳市南山区", RegionCode: "440300", StartedOn: "2019-01-01"})
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return carrierID, staff.ID
}

// postMultipart sends a multipart form with files, as the upload pages do.
func (b *browser) postMultipart(path string, fields map[string]string, files map[string][]byte) response {
	b.s.t.Helper()
	var buf strings.Builder
	mw := multipart.NewWriter(&buf)
	mw.WriteField("_csrf", b.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile(name, name+"照片.png")
		fw.Write(data)
	}
	mw.Close()
	return b.do("POST", path, nil, map[string]string{"Content-Type": mw.FormDataContentType()}, strings.NewReader(buf.String()))
}

// postFiles sends several files under one field name, as an input with
// "multiple" does, in the order of their names.
func (b *browser) postFiles(path string, fields map[string]string, field string, files map[string][]byte) response {
	b.s.t.Helper()
	var buf strings.Builder
	mw := multipart.NewWriter(&buf)
	mw.WriteField("_csrf", b.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(files[name])
	}
	mw.Close()
	return b.do("POST", path, nil, map[string]string{"Content-Type": mw.FormDataContentType()}, strings.NewReader(buf.String()))
}

func regexpMust(p string) *regexp.Regexp { return regexp.MustCompile(p) }
