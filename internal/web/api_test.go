package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"sort"
	"strconv"
	"strings"
	"testing"

	"hatch/internal/demo"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// apiClient is one API user: a cookie jar, plus the CSRF token of its
// session or a bearer token.
type apiClient struct {
	s      *site
	c      *http.Client
	csrf   string // sent as X-CSRF-Token on state changes when set
	bearer string // sent as Authorization when set
}

// apiClient returns a client with an empty cookie jar.
func (s *site) apiClient() *apiClient {
	jar, _ := cookiejar.New(nil)
	return &apiClient{s: s, c: &http.Client{Jar: jar}}
}

// apiResponse is a finished API call with its JSON body decoded.
type apiResponse struct {
	status int
	header http.Header
	raw    []byte
	json   map[string]any
}

// get walks the decoded body by dotted keys; a number indexes a list.
func (r apiResponse) get(path string) any {
	var v any = r.json
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func (r apiResponse) str(path string) string {
	s, _ := r.get(path).(string)
	return s
}

func (r apiResponse) num(path string) int64 {
	f, _ := r.get(path).(float64)
	return int64(f)
}

func (r apiResponse) String() string { return fmt.Sprintf("%d %s", r.status, r.raw) }

// call sends body as JSON (nil sends none) with this client's credentials.
func (c *apiClient) call(method, path string, body any) apiResponse {
	c.s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.s.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	return c.send(method, path, "application/json", rd)
}

// send makes the request and decodes a JSON answer.
func (c *apiClient) send(method, path, contentType string, body io.Reader) apiResponse {
	c.s.t.Helper()
	req, err := http.NewRequest(method, c.s.srv.URL+path, body)
	if err != nil {
		c.s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if c.csrf != "" && method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer resp.Body.Close()
	r := apiResponse{status: resp.StatusCode, header: resp.Header}
	r.raw, _ = io.ReadAll(resp.Body)
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(r.raw, &r.json); err != nil {
			c.s.t.Fatalf("%s %s: bad JSON %q: %v", method, path, r.raw, err)
		}
	}
	return r
}

// multipart sends fields and files (each named after its field) as a
// multipart form.
func (c *apiClient) multipart(method, path string, fields map[string]string, files map[string][]byte) apiResponse {
	c.s.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile(name, name+".png")
		fw.Write(data)
	}
	mw.Close()
	return c.send(method, path, mw.FormDataContentType(), &buf)
}

// expect fails the test unless r has the status.
func expect(t testing.TB, what string, r apiResponse, status int) apiResponse {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: want %d, got %s", what, status, r)
	}
	return r
}

// login logs in through the API with the test captcha and keeps the CSRF
// token for later state changes.
func (c *apiClient) login(login, pw string) apiResponse {
	c.s.t.Helper()
	captcha := expect(c.s.t, "captcha", c.call("GET", "/api/v1/captcha", nil), http.StatusOK)
	r := c.call("POST", "/api/v1/session", map[string]string{"login": login, "password": pw,
		"captcha_id": captcha.str("id"), "captcha": testCaptcha})
	if r.status == http.StatusCreated {
		c.csrf = r.str("csrf_token")
	}
	return r
}

// as returns a client logged in as a demo account.
func (s *site) as(login string) *apiClient {
	s.t.Helper()
	c := s.apiClient()
	expect(s.t, "login "+login, c.login(login, demo.Password), http.StatusCreated)
	return c
}

const migratedLogin = "91350200MA2Y0DEM69"

// demoLegal is demo.CertificationHint()'s data as the legal form.
func demoLegal(revision int64, repName string) map[string]any {
	return map[string]any{"revision": revision, "name": "厦门鹭创孵化器管理有限公司", "org_type": "企业法人",
		"reg_address": "福建省厦门市思明区软件园二期观日路1号", "region": "350200",
		"auth_name": repName, "auth_id_type": "idcard", "auth_id_number": "350203197506082018", "auth_mobile": "13900000002",
		"rep_name": repName, "rep_id_type": "idcard", "rep_id_number": "350203197506082018"}
}

var demoPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

var apiCases = []struct {
	name string
	run  func(t *testing.T, s *site)
}{
	{"login then me returns the actor and its CSRF token", func(t *testing.T, s *site) {
		c := s.apiClient()
		r := expect(t, "login", c.login("demo-applicant", demo.Password), http.StatusCreated)
		if r.str("user.login") != "demo-applicant" || r.str("user.role") != "legal" || r.str("expires_at") == "" {
			t.Fatalf("login answer: %s", r)
		}
		me := expect(t, "me", c.call("GET", "/api/v1/me", nil), http.StatusOK)
		if me.str("login") != "demo-applicant" || me.get("org_certified") != true || me.str("csrf_token") != c.csrf ||
			me.str("auth_method") != "cookie" || me.get("must_change_password") != false {
			t.Fatalf("me: %s", me)
		}
		if strings.Contains(string(me.raw), "hash") || strings.Contains(string(me.raw), "Revision") {
			t.Fatalf("me leaks internal fields: %s", me.raw)
		}
	}},
	{"wrong captcha is 422 on the captcha field and sets no cookie", func(t *testing.T, s *site) {
		c := s.apiClient()
		captcha := c.call("GET", "/api/v1/captcha", nil)
		r := expect(t, "login", c.call("POST", "/api/v1/session", map[string]string{"login": "demo-applicant",
			"password": demo.Password, "captcha_id": captcha.str("id"), "captcha": "00000"}), http.StatusUnprocessableEntity)
		if r.str("fields.captcha") == "" || r.str("error") == "" {
			t.Fatalf("no captcha message: %s", r)
		}
		expect(t, "me after failed login", c.call("GET", "/api/v1/me", nil), http.StatusUnauthorized)
	}},
	{"state change without X-CSRF-Token is 403 and with it succeeds", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		token := c.csrf
		c.csrf = ""
		r := expect(t, "without token", c.call("POST", "/api/v1/me/tokens", map[string]string{"name": "脚本"}), http.StatusForbidden)
		if r.str("error") == "" {
			t.Fatalf("403 without an error message: %s", r)
		}
		c.csrf = "wrong"
		expect(t, "wrong token", c.call("POST", "/api/v1/me/tokens", map[string]string{"name": "脚本"}), http.StatusForbidden)
		c.csrf = token
		expect(t, "with token", c.call("POST", "/api/v1/me/tokens", map[string]string{"name": "脚本"}), http.StatusCreated)
	}},
	{"bearer token works without cookies or CSRF until revoked", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		tok := expect(t, "create", c.call("POST", "/api/v1/me/tokens", map[string]string{"name": "数据同步"}), http.StatusCreated).str("token")
		bot := &apiClient{s: s, c: &http.Client{}, bearer: tok} // no jar: no cookies
		me := expect(t, "me", bot.call("GET", "/api/v1/me", nil), http.StatusOK)
		if me.str("login") != "demo-applicant" || me.str("auth_method") != "token" || me.get("csrf_token") != nil {
			t.Fatalf("me with bearer: %s", me)
		}
		expect(t, "POST without CSRF", bot.call("POST", "/api/v1/me/tokens", map[string]string{"name": "第二个"}), http.StatusCreated)
		list := expect(t, "list", bot.call("GET", "/api/v1/me/tokens", nil), http.StatusOK)
		if n := len(list.get("items").([]any)); n != 2 || strings.Contains(string(list.raw), tok) {
			t.Fatalf("token list (%d) shows the secret or misses one: %s", n, list.raw)
		}
		id := list.num("items.0.id")
		other := s.as("demo-staff")
		expect(t, "revoke another's", other.call("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", id), nil), http.StatusNotFound)
		expect(t, "revoke", c.call("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", id), nil), http.StatusNoContent)
		expect(t, "revoke again", c.call("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", id), nil), http.StatusNotFound)
		bot.bearer = "hatch_not-a-token"
		expect(t, "bad bearer", bot.call("GET", "/api/v1/me", nil), http.StatusUnauthorized)
	}},
	{"uncertified org is refused the home page", func(t *testing.T, s *site) {
		r := expect(t, "home", s.as(migratedLogin).call("GET", "/api/v1/home", nil), http.StatusForbidden)
		if !strings.Contains(r.str("error"), "实名认证") {
			t.Fatalf("403 does not say why: %s", r)
		}
	}},
	{"migrated org passes certification with the registry's data", func(t *testing.T, s *site) {
		c := s.as(migratedLogin)
		org := expect(t, "org", c.call("GET", "/api/v1/org", nil), http.StatusOK)
		if org.str("cert_status") != "none" || org.get("migrated") != true {
			t.Fatalf("org before: %s", org)
		}
		r := expect(t, "legal", c.call("PUT", "/api/v1/org/legal", demoLegal(org.num("revision"), "陈海峰")), http.StatusOK)
		if r.str("status") != "passed" || len(r.get("mismatches").([]any)) != 0 {
			t.Fatalf("certification: %s", r)
		}
		home := expect(t, "home", c.call("GET", "/api/v1/home", nil), http.StatusOK)
		if home.str("org.name") != "厦门鹭创孵化器管理有限公司" || len(home.get("carriers").([]any)) != 3 {
			t.Fatalf("home after certification: %s", home)
		}
		after := expect(t, "org after", c.call("GET", "/api/v1/org", nil), http.StatusOK)
		if after.str("rep_id_number") != "3502**********2018" || after.str("auth_id_number") != "3502**********2018" {
			t.Fatalf("identity numbers not masked: %s", after)
		}
		expect(t, "stale revision", c.call("PUT", "/api/v1/org/legal", demoLegal(org.num("revision"), "陈海峰")), http.StatusConflict)
	}},
	{"failed certification goes to manual review by multipart and the admin approves", func(t *testing.T, s *site) {
		admin, id := manualCertPending(t, s)
		review := expect(t, "review", admin.call("GET", fmt.Sprintf("/api/v1/admin/certifications/%d", id), nil), http.StatusOK)
		if review.str("org.rep_id_number") != "350203197506082018" || review.num("certification.license_id") == 0 {
			t.Fatalf("admin review: %s", review)
		}
		att := admin.send("GET", fmt.Sprintf("/api/v1/attachments/%d", review.num("certification.license_id")), "", nil)
		if att.status != http.StatusOK || att.header.Get("Content-Type") != "image/png" || !bytes.Equal(att.raw, demoPNG) {
			t.Fatalf("attachment: %d %q", att.status, att.header.Get("Content-Type"))
		}
		path := fmt.Sprintf("/api/v1/admin/certifications/%d/decision", id)
		expect(t, "no decision", admin.call("POST", path, map[string]any{"reason": ""}), http.StatusUnprocessableEntity)
		d := expect(t, "approve", admin.call("POST", path, map[string]any{"approve": true}), http.StatusOK)
		if d.str("status") != "manual_approved" {
			t.Fatalf("decision: %s", d)
		}
		expect(t, "home after approval", s.as(migratedLogin).call("GET", "/api/v1/home", nil), http.StatusOK)
	}},
	{"carrier update with a stale revision is 409", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		before := len(expect(t, "list", c.call("GET", "/api/v1/carriers", nil), http.StatusOK).get("items").([]any))
		body := map[string]any{"kind": "makerspace", "name": "鹭岛众创空间", "address": "北京市海淀区中关村大街2号",
			"region": "110108", "started_on": "2020-05-01"}
		created := expect(t, "create", c.call("POST", "/api/v1/carriers", body), http.StatusCreated)
		path := fmt.Sprintf("/api/v1/carriers/%d", created.num("id"))
		body["revision"], body["name"] = created.num("revision"), "鹭岛众创空间（二期）"
		updated := expect(t, "update", c.call("PUT", path, body), http.StatusOK)
		if updated.num("revision") != created.num("revision")+1 || updated.str("name") != "鹭岛众创空间（二期）" {
			t.Fatalf("update: %s", updated)
		}
		expect(t, "stale update", c.call("PUT", path, body), http.StatusConflict)
		list := expect(t, "list", c.call("GET", "/api/v1/carriers", nil), http.StatusOK)
		if n := len(list.get("items").([]any)); n != before+1 {
			t.Fatalf("want %d carriers (one added, none duplicated by the update), got %d", before+1, n)
		}
		expect(t, "staff reads", s.as("demo-staff").call("GET", path, nil), http.StatusOK)
		expect(t, "staff writes", s.as("demo-staff").call("PUT", path, body), http.StatusForbidden)
	}},
	{"staff creation returns a temporary password that must be changed first", func(t *testing.T, s *site) {
		legal := s.as("demo-applicant")
		r := expect(t, "create", legal.call("POST", "/api/v1/staff", map[string]string{"login": "wang.jb", "name": "王经办",
			"mobile": "13800000009"}), http.StatusCreated)
		temp := r.str("temporary_password")
		if temp == "" || r.get("user.must_change_password") != true || r.str("user.login") != "wang.jb" {
			t.Fatalf("create staff: %s", r)
		}
		staff := s.apiClient()
		if l := expect(t, "staff login", staff.login("wang.jb", temp), http.StatusCreated); l.get("must_change_password") != true {
			t.Fatalf("login does not say the password must change: %s", l)
		}
		expect(t, "services before change", staff.call("GET", "/api/v1/services", nil), http.StatusForbidden)
		expect(t, "change", staff.call("PUT", "/api/v1/me/password", map[string]string{"current": temp,
			"new": "Staff@2021x", "confirm": "Staff@2021x"}), http.StatusNoContent)
		expect(t, "services after change", staff.call("GET", "/api/v1/services", nil), http.StatusOK)
		id := r.num("user.id")
		reset := expect(t, "reset", legal.call("POST", fmt.Sprintf("/api/v1/staff/%d/reset-password", id), nil), http.StatusOK)
		if reset.str("temporary_password") == "" {
			t.Fatalf("reset: %s", reset)
		}
		expect(t, "disable", legal.call("POST", fmt.Sprintf("/api/v1/staff/%d/disable", id), nil), http.StatusNoContent)
		expect(t, "disabled staff", staff.call("GET", "/api/v1/me", nil), http.StatusUnauthorized)
	}},
	{"admin endpoints refuse the applicant", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		for _, p := range []string{"/api/v1/admin/certifications", "/api/v1/admin/users", "/api/v1/admin/departments",
			"/api/v1/admin/outbox", "/api/v1/admin/audit", "/api/v1/workbench"} {
			if r := c.call("GET", p, nil); r.status != http.StatusForbidden || r.str("error") == "" {
				t.Errorf("GET %s: %s", p, r)
			}
		}
		r := c.call("POST", "/api/v1/admin/departments", map[string]string{"name": "x", "level": "torch"})
		expect(t, "POST departments", r, http.StatusForbidden)
	}},
	{"admin lists and manages accounts and departments", func(t *testing.T, s *site) {
		admin := s.as("admin")
		users := expect(t, "users", admin.call("GET", "/api/v1/admin/users?role=reviewer", nil), http.StatusOK)
		if n := len(users.get("items").([]any)); n != 3 {
			t.Fatalf("want 3 reviewers, got %d: %s", n, users)
		}
		d := expect(t, "dept", admin.call("POST", "/api/v1/admin/departments", map[string]string{"name": "厦门市科学技术局",
			"level": "city", "region": "350200"}), http.StatusCreated)
		rv := expect(t, "reviewer", admin.call("POST", "/api/v1/admin/reviewers", map[string]any{"login": "xm-reviewer",
			"name": "吴审核", "mobile": "13800000010", "dept_id": d.num("id")}), http.StatusCreated)
		if rv.str("temporary_password") == "" || rv.num("user.dept_id") != d.num("id") {
			t.Fatalf("reviewer: %s", rv)
		}
		bad := expect(t, "no dept", admin.call("POST", "/api/v1/admin/reviewers", map[string]any{"login": "xm-reviewer2",
			"name": "吴审核", "mobile": "13800000011"}), http.StatusUnprocessableEntity)
		if bad.str("fields.dept_id") == "" {
			t.Fatalf("dept error not on dept_id: %s", bad)
		}
		audit := expect(t, "audit", admin.call("GET", "/api/v1/admin/audit?action=user.create", nil), http.StatusOK)
		if audit.str("items.0.action") != "user.create" {
			t.Fatalf("audit: %s", audit)
		}
	}},
	{"reviewer sees its department and the demo applications of its area", func(t *testing.T, s *site) {
		// Four 众创空间 of the 2021 round along the chain, demo-applicant's
		// filed 中关村分部 of that round, its 孵化器认定 (2022) and the
		// branch's 免税资格申请 (2026): three of them wait for 海淀区.
		r := expect(t, "workbench", s.as("demo-city").call("GET", "/api/v1/workbench", nil), http.StatusOK)
		if r.str("department.level") != "city" || r.get("items") == nil || len(r.get("items").([]any)) != 7 ||
			r.num("all") != 7 || r.num("counts.city_review") != 3 || r.num("counts.filed") != 1 {
			t.Fatalf("workbench: %s", r)
		}
	}},
	{"unknown JSON field is 422 and names the field", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		r := expect(t, "unknown field", c.call("POST", "/api/v1/carriers", map[string]any{"kind": "makerspace", "name": "x",
			"address": "y", "region": "110108", "started_on": "2020-01-01", "org_id": 99}), http.StatusUnprocessableEntity)
		if r.str("error") != "请求格式不正确" || r.str("fields.org_id") == "" {
			t.Fatalf("unknown field: %s", r)
		}
		bad := expect(t, "not JSON", c.send("POST", "/api/v1/carriers", "application/json", strings.NewReader("kind=x")), 422)
		if bad.str("error") != "请求格式不正确" {
			t.Fatalf("not JSON: %s", bad)
		}
		expect(t, "two values", c.send("POST", "/api/v1/me/tokens", "application/json", strings.NewReader(`{"name":"a"}{}`)), 422)
	}},
	{"service items carry the certified flag and support contacts", func(t *testing.T, s *site) {
		r := expect(t, "services", s.as(migratedLogin).call("GET", "/api/v1/services", nil), http.StatusOK)
		if r.get("certified") != false || r.str("support_phone") == "" || r.str("items.0.name") == "" {
			t.Fatalf("services: %s", r)
		}
	}},
	{"logout ends the session", func(t *testing.T, s *site) {
		c := s.as("demo-staff")
		expect(t, "logout", c.call("DELETE", "/api/v1/session", nil), http.StatusNoContent)
		expect(t, "me after logout", c.call("GET", "/api/v1/me", nil), http.StatusUnauthorized)
	}},
	{"password reset answers 202 whether or not the account exists", func(t *testing.T, s *site) {
		c := s.apiClient()
		for _, login := range []string{"demo-applicant", "nobody-here"} {
			expect(t, login, c.call("POST", "/api/v1/password-reset", map[string]string{"login": login, "channel": "sms"}), http.StatusAccepted)
		}
		r := expect(t, "bad code", c.call("POST", "/api/v1/password-reset/confirm", map[string]string{"login": "demo-applicant",
			"code": "000000", "new": "Reset@2021x", "confirm": "Reset@2021x"}), http.StatusUnprocessableEntity)
		if r.str("fields.code") == "" {
			t.Fatalf("bad code: %s", r)
		}
	}},
}

func TestAPI(t *testing.T) {
	for _, tc := range apiCases {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, st *store.Store) { tc.run(t, newSite(t, st)) })
		})
	}
}

// apiRoutesInSource is the API's part of the routes read from routes.go,
// so a new endpoint cannot be added without this test seeing it.
func apiRoutesInSource(t *testing.T) []string {
	var out []string
	for _, r := range registeredRoutes(t) {
		if strings.Contains(r, " /api/v1/") {
			out = append(out, r)
		}
	}
	return out
}

// documentedRoutes lists "METHOD /path" for every operation of the
// OpenAPI document, as the validator reads it.
func documentedRoutes(t *testing.T) []string {
	t.Helper()
	doc, _ := loadContract(t)
	var out []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+path)
		}
	}
	sort.Strings(out)
	return out
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	registered, documented := apiRoutesInSource(t), documentedRoutes(t)
	if len(registered) < 30 {
		t.Fatalf("found only %d API routes in routes.go; is the pattern still right?", len(registered))
	}
	inDoc := map[string]bool{}
	for _, r := range documented {
		inDoc[r] = true
	}
	inSrc := map[string]bool{}
	for _, r := range registered {
		inSrc[r] = true
		if !inDoc[r] {
			t.Errorf("%s is registered but not in api/openapi.yaml", r)
		}
	}
	for _, r := range documented {
		if !inSrc[r] {
			t.Errorf("%s is in api/openapi.yaml but not registered", r)
		}
	}
}
