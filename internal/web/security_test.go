package web_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// Who may use each route. Every route registered in routes.go must appear
// here (TestEveryRouteHasAnAccessRule), so a new route cannot ship without
// a decision about who may reach it.
const (
	anyone    = "public"
	loggedIn  = "login"
	applicant = "applicant"      // legal or staff, certified or not
	legalAny  = "legal"          // the legal-person account, certified or not
	certApp   = "applicant-cert" // legal or staff of a certified org
	certLegal = "legal-cert"     // legal account of a certified org
	reviewer  = "reviewer"
	admin     = "admin"
	expert    = "expert" // a 评审专家 (demo-expert1)
	// torch is a 火炬中心 reviewer. None of the actors is one (the reviewer
	// is 海淀区's), so these routes are only checked to refuse the rest,
	// the city reviewer included; the service tests reach them as
	// demo-torch.
	torch = "reviewer-torch"
	// scraper is a metrics scraper with HATCH_METRICS_TOKEN. None of the
	// actors is one: a session, whoever's, never reaches /metrics
	// (ops_test.go checks the token).
	scraper = "metrics-token"
)

// The actors of the table: organisation A (demo data), its staff, an
// uncertified organisation, organisation B (certified), a reviewer, an admin.
var actors = []string{"anonymous", "legalA", "staffA", "uncertified", "legalB", "staffB", "reviewer", "admin", "expert"}

// allowed says whether an actor passes a rule (ignoring whose data it is).
func allowed(rule, actor string) bool {
	switch rule {
	case anyone:
		return true
	case loggedIn:
		return actor != "anonymous"
	case applicant:
		return actor == "legalA" || actor == "staffA" || actor == "uncertified" || actor == "legalB" || actor == "staffB"
	case legalAny:
		return actor == "legalA" || actor == "uncertified" || actor == "legalB"
	case certApp:
		return actor == "legalA" || actor == "staffA" || actor == "legalB" || actor == "staffB"
	case certLegal:
		return actor == "legalA" || actor == "legalB"
	case reviewer, admin, expert:
		return actor == rule
	case torch, scraper:
		return false
	}
	panic("unknown rule " + rule)
}

// scopedToA marks routes whose {id} names organisation A's data: only A's
// own accounts may reach them even when the role fits.
var rules = map[string]struct {
	rule      string
	scopedToA bool
}{
	"GET /healthz": {anyone, false}, "GET /static/": {anyone, false}, "GET /{$}": {anyone, false},
	"GET /readyz": {anyone, false}, "GET /metrics": {scraper, false},
	"GET /login": {anyone, false}, "POST /login": {anyone, false}, "POST /logout": {anyone, false},
	"GET /captcha/new": {anyone, false}, "GET /captcha/{id}/image": {anyone, false}, "GET /captcha/{id}/audio": {anyone, false},
	"GET /password/forgot": {anyone, false}, "POST /password/forgot": {anyone, false},
	"GET /password/reset": {anyone, false}, "POST /password/reset": {anyone, false}, "/": {anyone, false},
	"POST /session/keepalive": {loggedIn, false}, "GET /account": {loggedIn, false},
	"POST /account/password": {loggedIn, false}, "POST /account/tokens": {loggedIn, false},
	"POST /account/tokens/{id}/revoke": {loggedIn, true},
	"GET /services":                    {applicant, false}, "GET /my": {applicant, false},
	"GET /my/legal": {legalAny, false}, "POST /my/legal": {legalAny, false},
	"GET /my/manual": {legalAny, false}, "POST /my/manual": {legalAny, false},
	"GET /attachments/{id}": {applicant, true},
	"GET /home":             {certApp, false},
	"GET /carriers/new":     {certLegal, false}, "POST /carriers": {certLegal, false},
	"GET /carriers/{id}/edit": {certLegal, true}, "POST /carriers/{id}": {certLegal, true},
	"GET /staff": {certLegal, false}, "POST /staff": {certLegal, false},
	"POST /staff/{id}/reset-password": {certLegal, true}, "POST /staff/{id}/disable": {certLegal, true},
	"POST /staff/{id}/enable": {certLegal, true},
	"GET /workbench":          {reviewer, false},
	"GET /admin":              {admin, false}, "GET /admin/certifications": {admin, false},
	"GET /admin/certifications/{id}": {admin, false}, "POST /admin/certifications/{id}/decision": {admin, false},
	"GET /admin/users": {admin, false}, "POST /admin/users/{id}/reset-password": {admin, false},
	"POST /admin/users/{id}/disable": {admin, false}, "POST /admin/users/{id}/enable": {admin, false},
	"GET /admin/departments": {admin, false}, "POST /admin/departments": {admin, false},
	"POST /admin/reviewers": {admin, false}, "GET /admin/outbox": {admin, false}, "GET /admin/audit": {admin, false},
	"GET /admin/rounds": {admin, false}, "GET /admin/rounds/{id}": {admin, false},
	"POST /admin/rounds/{id}": {admin, false}, "POST /admin/rounds/{id}/acceptors/{code}": {admin, false},
	"GET /admin/rounds/{id}/score-sheet": {admin, false}, "POST /admin/rounds/{id}/score-sheet": {admin, false},
	"GET /admin/rounds/{id}/quotas": {admin, false}, "POST /admin/rounds/{id}/quotas": {admin, false},
	"GET /admin/holidays": {admin, false}, "POST /admin/holidays/{year}": {admin, false},

	// 认定备案管理 → 众创空间国家备案: every page of an application is its
	// organisation's only.
	"GET /applications": {certApp, false}, "GET /applications/new": {certApp, false}, "POST /applications": {certApp, false},
	"GET /applications/{id}": {certApp, true}, "GET /applications/{id}/guidance": {certApp, true},
	"GET /applications/{id}/pledge-template":                     {certApp, true},
	"GET /applications/{id}/pledge-template.docx":                {certApp, true},
	"GET /applications/{id}/sections/{key}":                      {certApp, true},
	"POST /applications/{id}/sections/{key}":                     {certApp, true},
	"POST /applications/{id}/sections/{key}/files":               {certApp, true},
	"GET /applications/{id}/tables/{table}":                      {certApp, true},
	"GET /applications/{id}/tables/{table}/new":                  {certApp, true},
	"POST /applications/{id}/tables/{table}":                     {certApp, true},
	"GET /applications/{id}/rows/{rowID}":                        {certApp, true},
	"POST /applications/{id}/rows/{rowID}":                       {certApp, true},
	"GET /applications/{id}/rows/{rowID}/delete":                 {certApp, true},
	"POST /applications/{id}/rows/{rowID}/delete":                {certApp, true},
	"POST /applications/{id}/rows/{rowID}/files":                 {certApp, true},
	"GET /applications/{id}/tables/{table}/template":             {certApp, true},
	"GET /applications/{id}/tables/{table}/export":               {certApp, true},
	"POST /applications/{id}/tables/{table}/imports":             {certApp, true},
	"GET /applications/{id}/imports/{import}":                    {certApp, true},
	"POST /applications/{id}/imports/{import}/commit":            {certApp, true},
	"POST /applications/{id}/imports/{import}/cancel":            {certApp, true},
	"GET /applications/{id}/export":                              {certApp, true},
	"POST /applications/{id}/tables/{table}/attachments":         {certApp, true},
	"GET /applications/{id}/attachment-imports/{import}":         {certApp, true},
	"POST /applications/{id}/attachment-imports/{import}/commit": {certApp, true},
	"POST /applications/{id}/attachment-imports/{import}/cancel": {certApp, true},
	"POST /applications/{id}/files/{fileID}/delete":              {certApp, true},
	"GET /applications/{id}/preview":                             {certApp, true},
	"GET /applications/{id}/versions":                            {certApp, true},
	"POST /applications/{id}/versions":                           {certApp, true},
	"GET /applications/{id}/versions/{vid}/pdf":                  {certApp, true},
	"GET /applications/{id}/renders/{job}":                       {certApp, true},
	"GET /verify":                                                {anyone, false},
	"GET /regions.json":                                          {anyone, false},
	"GET /workdays/end":                                          {anyone, false},

	// Reviewers' 工作台 and review pages: the service decides which
	// applications a department sees (another department's is 404).
	"GET /workbench/export.xlsx":                  {reviewer, false},
	"GET /workbench/recommend.xlsx":               {reviewer, false},
	"GET /workbench/list.xlsx":                    {torch, false},
	"POST /workbench/batch":                       {reviewer, false},
	"GET /workbench/paper-register":               {reviewer, false},
	"GET /workbench/paper-register.xlsx":          {reviewer, false},
	"GET /workbench/recommend.pdf":                {reviewer, false},
	"GET /workbench/order":                        {reviewer, false},
	"POST /workbench/order":                       {reviewer, false},
	"GET /review/{id}":                            {reviewer, false},
	"GET /review/{id}/pdf":                        {reviewer, false},
	"GET /review/{id}/files/{file}":               {reviewer, false},
	"GET /review/{id}/step-files/{file}":          {reviewer, false},
	"GET /review/{id}/export":                     {reviewer, false},
	"POST /review/{id}/actions":                   {reviewer, false},
	"POST /review/{id}/remarks":                   {reviewer, false},
	"POST /review/{id}/withdraw":                  {reviewer, false},
	"POST /review/{id}/notes":                     {reviewer, false},
	"POST /review/{id}/remarks/{remark}/delete":   {reviewer, false},
	"GET /api/v1/review/queue":                    {reviewer, false},
	"GET /api/v1/review/{id}":                     {reviewer, false},
	"GET /api/v1/review/{id}/export":              {reviewer, false},
	"POST /api/v1/review/{id}/actions":            {reviewer, false},
	"POST /api/v1/review/{id}/remarks":            {reviewer, false},
	"POST /api/v1/review/{id}/withdraw":           {reviewer, false},
	"DELETE /api/v1/review/{id}/remarks/{remark}": {reviewer, false},

	// 专家评审: the department's 专家库 and panel (the service keeps each
	// to its own pool and applications), and the experts' own pages.
	"GET /experts":                              {reviewer, false},
	"POST /experts":                             {reviewer, false},
	"POST /experts/draw":                        {reviewer, false},
	"POST /experts/{id}/reset-password":         {reviewer, false},
	"POST /experts/{id}/disable":                {reviewer, false},
	"POST /experts/{id}/enable":                 {reviewer, false},
	"POST /review/{id}/experts":                 {reviewer, false},
	"POST /review/{id}/experts/draw":            {reviewer, false},
	"POST /review/{id}/experts/{x}/delete":      {reviewer, false},
	"POST /review/{id}/experts/{x}/remark":      {reviewer, false},
	"GET /expert":                               {expert, false},
	"GET /expert/assignments/{id}":              {expert, false},
	"POST /expert/assignments/{id}/sheet":       {expert, false},
	"POST /expert/assignments/{id}/recuse":      {expert, false},
	"GET /expert/assignments/{id}/pdf":          {expert, false},
	"GET /expert/assignments/{id}/files/{file}": {expert, false},

	// The JSON API: the same rule as each page equivalent.
	"GET /api/v1/captcha":                                               {anyone, false},
	"POST /api/v1/session":                                              {anyone, false},
	"DELETE /api/v1/session":                                            {anyone, false},
	"POST /api/v1/password-reset":                                       {anyone, false},
	"POST /api/v1/password-reset/confirm":                               {anyone, false},
	"GET /api/v1/me":                                                    {loggedIn, false},
	"PUT /api/v1/me/password":                                           {loggedIn, false},
	"GET /api/v1/me/tokens":                                             {loggedIn, false},
	"POST /api/v1/me/tokens":                                            {loggedIn, false},
	"DELETE /api/v1/me/tokens/{id}":                                     {loggedIn, true},
	"GET /api/v1/services":                                              {applicant, false},
	"GET /api/v1/org":                                                   {applicant, false},
	"PUT /api/v1/org/legal":                                             {legalAny, false},
	"GET /api/v1/org/certifications":                                    {applicant, false},
	"POST /api/v1/org/certifications/manual":                            {legalAny, false},
	"GET /api/v1/attachments/{id}":                                      {applicant, true},
	"GET /api/v1/home":                                                  {certApp, false},
	"GET /api/v1/carriers":                                              {certApp, false},
	"POST /api/v1/carriers":                                             {certLegal, false},
	"GET /api/v1/carriers/{id}":                                         {certApp, true},
	"PUT /api/v1/carriers/{id}":                                         {certLegal, true},
	"GET /api/v1/staff":                                                 {certLegal, false},
	"POST /api/v1/staff":                                                {certLegal, false},
	"POST /api/v1/staff/{id}/reset-password":                            {certLegal, true},
	"POST /api/v1/staff/{id}/disable":                                   {certLegal, true},
	"POST /api/v1/staff/{id}/enable":                                    {certLegal, true},
	"GET /api/v1/workbench":                                             {reviewer, false},
	"GET /api/v1/admin/certifications":                                  {admin, false},
	"GET /api/v1/admin/certifications/{id}":                             {admin, false},
	"POST /api/v1/admin/certifications/{id}/decision":                   {admin, false},
	"GET /api/v1/admin/users":                                           {admin, false},
	"POST /api/v1/admin/users/{id}/reset-password":                      {admin, false},
	"POST /api/v1/admin/users/{id}/disable":                             {admin, false},
	"POST /api/v1/admin/users/{id}/enable":                              {admin, false},
	"GET /api/v1/admin/departments":                                     {admin, false},
	"POST /api/v1/admin/departments":                                    {admin, false},
	"POST /api/v1/admin/reviewers":                                      {admin, false},
	"GET /api/v1/admin/outbox":                                          {admin, false},
	"GET /api/v1/admin/audit":                                           {admin, false},
	"GET /api/v1/rounds":                                                {certApp, false},
	"GET /api/v1/rounds/{id}":                                           {loggedIn, false},
	"PUT /api/v1/rounds/{id}/guidance":                                  {admin, false},
	"GET /api/v1/applications":                                          {certApp, false},
	"POST /api/v1/applications":                                         {certApp, false},
	"GET /api/v1/applications/{id}":                                     {certApp, true},
	"GET /api/v1/applications/{id}/pledge-template":                     {certApp, true},
	"GET /api/v1/applications/{id}/pledge-template.docx":                {certApp, true},
	"GET /api/v1/applications/{id}/sections/{key}":                      {certApp, true},
	"PUT /api/v1/applications/{id}/sections/{key}":                      {certApp, true},
	"GET /api/v1/applications/{id}/tables/{table}":                      {certApp, true},
	"GET /api/v1/applications/{id}/tables/{table}/template":             {certApp, true},
	"GET /api/v1/applications/{id}/tables/{table}/export":               {certApp, true},
	"POST /api/v1/applications/{id}/tables/{table}/imports":             {certApp, true},
	"GET /api/v1/applications/{id}/imports/{import}":                    {certApp, true},
	"POST /api/v1/applications/{id}/imports/{import}/commit":            {certApp, true},
	"DELETE /api/v1/applications/{id}/imports/{import}":                 {certApp, true},
	"GET /api/v1/applications/{id}/export":                              {certApp, true},
	"POST /api/v1/applications/{id}/tables/{table}/attachments":         {certApp, true},
	"GET /api/v1/applications/{id}/attachment-imports/{import}":         {certApp, true},
	"POST /api/v1/applications/{id}/attachment-imports/{import}/commit": {certApp, true},
	"DELETE /api/v1/applications/{id}/attachment-imports/{import}":      {certApp, true},
	"POST /api/v1/applications/{id}/tables/{table}/rows":                {certApp, true},
	"GET /api/v1/applications/{id}/rows/{row}":                          {certApp, true},
	"PUT /api/v1/applications/{id}/rows/{row}":                          {certApp, true},
	"DELETE /api/v1/applications/{id}/rows/{row}":                       {certApp, true},
	"POST /api/v1/applications/{id}/files":                              {certApp, true},
	"DELETE /api/v1/applications/{id}/files/{file}":                     {certApp, true},
	"GET /api/v1/applications/{id}/versions":                            {certApp, true},
	"POST /api/v1/applications/{id}/versions":                           {certApp, true},
	"GET /api/v1/applications/{id}/versions/{vid}/pdf":                  {certApp, true},
	"GET /api/v1/verify":                                                {anyone, false},
	// The applicant's side of the review chain.
	"GET /applications/{id}/submit":             {certApp, true},
	"POST /applications/{id}/submit":            {certApp, true},
	"GET /applications/{id}/submitted":          {certApp, true},
	"GET /applications/{id}/progress":           {certApp, true},
	"GET /api/v1/applications/{id}/submission":  {certApp, true},
	"POST /api/v1/applications/{id}/submission": {certApp, true},
	"GET /api/v1/applications/{id}/progress":    {certApp, true},
	"GET /notifications":                        {loggedIn, false},
	"GET /api/v1/notifications":                 {loggedIn, false},
}

// registeredRoutes reads the route patterns from the package's source
// itself: the pattern of every Handle or HandleFunc call in a non-test
// file, however the call is laid out.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if p, ok := handledPattern(n); ok {
				out = append(out, p)
			}
			return true
		})
	}
	sort.Strings(out)
	return out
}

// handledPattern is the pattern of a call x.Handle("…", …) or
// x.HandleFunc("…", …).
func handledPattern(n ast.Node) (string, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc") {
		return "", false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	p, err := strconv.Unquote(lit.Value)
	return p, err == nil
}

func TestEveryRouteHasAnAccessRule(t *testing.T) {
	routes := registeredRoutes(t)
	if len(routes) < 40 {
		t.Fatalf("found only %d routes in routes.go; is the pattern still right?", len(routes))
	}
	for _, r := range routes {
		if _, ok := rules[r]; !ok {
			t.Errorf("route %q has no access rule in security_test.go", r)
		}
	}
}

// fixture holds organisation A's ids that the other actors will aim at.
type fixture struct {
	ids      map[string]string // placeholder value per route prefix
	staffRev int64             // the revision of A's 经办人 account before the attacks
}

func TestNoRouteLetsTheWrongActorIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		fx := s.fixtureA()
		browsers := s.actorBrowsers()
		for _, route := range registeredRoutes(t) {
			r := rules[route]
			if r.rule == anyone {
				continue
			}
			method, path := splitRoute(route)
			for _, name := range actors {
				mayPass := allowed(r.rule, name) && (!r.scopedToA || name == "legalA" || name == "staffA" && r.rule != certLegal)
				if mayPass {
					continue
				}
				t.Run(name+" is refused "+route, func(t *testing.T) {
					resp := browsers[name].send(method, fx.fill(path))
					if !refused(resp) {
						t.Fatalf("%s %s as %s → %d %q: not refused", method, path, name, resp.status, resp.location)
					}
				})
			}
		}
		s.assertOrgAUntouched(fx)
	})
}

func splitRoute(route string) (string, string) {
	m, p, ok := strings.Cut(route, " ")
	if !ok {
		return "GET", route
	}
	return m, p
}

// refused is what a blocked request looks like: sent to log in, sent to the
// certification gate, or answered 401, 403 or 404.
func refused(r response) bool {
	switch r.status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return true
	case http.StatusSeeOther, http.StatusFound:
		return strings.HasPrefix(r.location, "/login") || r.location == "/my?gate=1" || r.location == "/account"
	}
	return false
}

// send makes a request with this actor's own CSRF token, so that only the
// authorisation check can refuse it. Page forms carry values that would
// succeed if authorisation were missing; API calls carry an empty object,
// so a check made only after validation shows up as 422, not as refused.
func (b *browser) send(method, path string) response {
	if strings.HasPrefix(path, "/api/") {
		return b.do(method, path, nil, map[string]string{"Content-Type": "application/json",
			"X-CSRF-Token": b.csrf}, strings.NewReader("{}"))
	}
	if method == "GET" {
		return b.get(path)
	}
	form := url.Values{"kind": {"makerspace"}, "name": {"篡改"}, "address": {"篡改地址"}, "region": {"110108"},
		"started_on": {"2019-01-01"}, "revision": {"1"}, "decision": {"approve"}, "login": {"intruder1"},
		"mobile": {"13800000099"}, "level": {"torch"}, "dept": {"1"}, "token_name": {"x"}}
	return b.post(path, form)
}

func (fx fixture) fill(path string) string {
	path = strings.Replace(path, "{vid}", fx.ids["{vid}"], 1)
	path = strings.Replace(path, "{remark}", fx.ids["{remark}"], 1)
	path = strings.Replace(path, "{file}", fx.ids["{file}"], 1)
	path = strings.Replace(path, "{import}", fx.ids["{import}"], 1)
	path = strings.Replace(path, "{job}", fx.ids["{job}"], 1)
	path = strings.Replace(path, "{table}", "teams", 1)
	for prefix, id := range fx.ids {
		if strings.HasPrefix(path, prefix) {
			return strings.Replace(path, "{id}", id, 1)
		}
	}
	return strings.Replace(path, "{id}", "1", 1)
}

// fixtureA creates organisation A's objects that others must not reach.
func (s *site) fixtureA() fixture {
	s.t.Helper()
	ctx := context.Background()
	legal, _, _ := s.st.UserByLogin(ctx, "demo-applicant")
	staff, _, _ := s.st.UserByLogin(ctx, "demo-staff")
	carriers, _ := s.st.Carriers(ctx, legal.OrgID)
	var attID, certID int64
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		attID, err = tx.AddAttachment(ctx, domain.Attachment{OrgID: legal.OrgID, Purpose: "evidence",
			BlobKey: "00000000000000000000000000000000", Name: "授权书.pdf", ContentType: "application/pdf", Size: 1, SHA256: "x"})
		if err != nil {
			return err
		}
		certID, err = tx.AddCertification(ctx, domain.Certification{OrgID: legal.OrgID, Kind: "manual", Status: domain.CertManualPending})
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.svc.NewToken(ctx, domain.Actor{User: legal}, "A 的令牌"); err != nil {
		s.t.Fatal(err)
	}
	toks, _ := s.st.Tokens(ctx, legal.ID)
	// An application of A's 众创空间 in the 2021 round, made through the
	// service as demo-applicant (or the one the demo data already holds).
	round, err := s.st.RoundByYear(ctx, "makerspace", 2021)
	if err != nil {
		s.t.Fatal(err)
	}
	var space domain.Carrier
	for _, c := range carriers {
		if c.Kind == domain.KindMakerspace && space.ID == 0 {
			space = c
		}
	}
	appID, err := s.svc.CreateApplication(ctx, domain.Actor{User: legal, OrgCertified: true}, space.ID, round.ID)
	if domain.KindOf(err) == domain.Conflict {
		apps, _ := s.st.ApplicationsOfOrg(ctx, legal.OrgID)
		for _, app := range apps {
			if app.CarrierID == space.ID && app.RoundID == round.ID {
				appID, err = app.ID, nil
			}
		}
	}
	if err != nil {
		s.t.Fatal(err)
	}
	// A previewed import of one of its tables, waiting for A's commit.
	imp, err := s.svc.PreviewImport(ctx, domain.Actor{User: legal, OrgCertified: true}, appID,
		service.ImportInput{Table: "teams", File: &service.Upload{Name: "teams.csv",
			Body: strings.NewReader("团队名称,团队负责人\n新团队,张三\n")}})
	if err != nil || !imp.CanCommit() {
		s.t.Fatalf("A's import: %v, %+v", err, imp)
	}
	// A generated 申报书 of that application: its versions and PDF are A's.
	ver, err := s.svc.GenerateVersion(ctx, domain.Actor{User: legal, OrgCertified: true}, appID, "http://hatch.test")
	if err != nil {
		s.t.Fatal(err)
	}
	// A's 下载材料 queued: its render page is A's.
	job, err := s.svc.RequestVersion(ctx, domain.Actor{User: legal, OrgCertified: true}, appID, "http://hatch.test", "A")
	if err != nil {
		s.t.Fatal(err)
	}
	// A submits it to 北京市, and 海淀区's reviewer leaves a draft remark:
	// the review routes aim at A's submitted application, one of its
	// files and that remark.
	if _, err := s.svc.Submit(ctx, domain.Actor{User: legal, OrgCertified: true}, appID,
		service.SubmitInput{AcceptorCode: "110000", Declared: true}); err != nil {
		s.t.Fatal(err)
	}
	city, _, _ := s.st.UserByLogin(ctx, "demo-city")
	cityActor := domain.Actor{User: city, DeptLevel: domain.LevelCity, DeptRegion: "110108"}
	rv, err := s.svc.Review(ctx, cityActor, appID)
	if err != nil || len(rv.Files) == 0 {
		s.t.Fatalf("review of A's application: %v, %d files", err, len(rv.Files))
	}
	remark, err := s.svc.AddRemark(ctx, cityActor, appID, service.RemarkInput{Section: "basic", Field: "address", Text: "请核实地址。"})
	if err != nil {
		s.t.Fatal(err)
	}
	return fixture{staffRev: staff.Revision, ids: map[string]string{"{vid}": itoa(ver.ID), "{job}": itoa(job),
		"{import}": itoa(imp.ID), "{remark}": itoa(remark.ID), "{file}": itoa(rv.Files[0].ID),
		"/review/": itoa(appID), "/api/v1/review/": itoa(appID),
		"/carriers/": itoa(carriers[0].ID), "/staff/": itoa(staff.ID), "/attachments/": itoa(attID),
		"/admin/certifications/": itoa(certID), "/admin/users/": itoa(staff.ID), "/account/tokens/": itoa(toks[0].ID),
		"/api/v1/carriers/": itoa(carriers[0].ID), "/api/v1/staff/": itoa(staff.ID), "/api/v1/attachments/": itoa(attID),
		"/api/v1/admin/certifications/": itoa(certID), "/api/v1/admin/users/": itoa(staff.ID), "/api/v1/me/tokens/": itoa(toks[0].ID),
		"/applications/": itoa(appID), "/api/v1/applications/": itoa(appID),
	}}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (s *site) actorBrowsers() map[string]*browser {
	s.orgB()
	return map[string]*browser{
		"anonymous": s.browser(), "legalA": s.browser().mustLogin("demo-applicant"),
		"staffA": s.browser().mustLogin("demo-staff"), "uncertified": s.browser().mustLogin("91350200MA2Y0DEM69"),
		"legalB": s.browser().mustLogin("orgb-legal"), "staffB": s.browser().mustLogin("orgb-staff"),
		"reviewer": s.browser().mustLogin("demo-city"), "admin": s.browser().mustLogin("admin"),
		"expert": s.browser().mustLogin("demo-expert1"),
	}
}

// assertOrgAUntouched checks, after every refused request, that A's data is
// exactly as it was: nothing was changed by a request that was refused.
func (s *site) assertOrgAUntouched(fx fixture) {
	s.t.Helper()
	ctx := context.Background()
	legal, _, _ := s.st.UserByLogin(ctx, "demo-applicant")
	carriers, _ := s.st.Carriers(ctx, legal.OrgID)
	for _, c := range carriers {
		if c.Name == "篡改" || c.Revision != 1 {
			s.t.Errorf("organisation A's carrier was changed: %+v", c)
		}
	}
	staff, _, _ := s.st.UserByLogin(ctx, "demo-staff")
	if staff.Disabled || staff.MustChangePassword || staff.Revision != fx.staffRev {
		s.t.Errorf("organisation A's staff account was changed: %+v", staff)
	}
	if toks, _ := s.st.Tokens(ctx, legal.ID); len(toks) != 1 {
		s.t.Errorf("organisation A's token was revoked")
	}
	if _, _, err := s.st.UserByLogin(ctx, "intruder1"); err == nil {
		s.t.Errorf("an intruder account was created")
	}
	appID, _ := strconv.ParseInt(fx.ids["/applications/"], 10, 64)
	importID, _ := strconv.ParseInt(fx.ids["{import}"], 10, 64)
	if _, err := s.st.TableImport(ctx, appID, importID); err != nil {
		s.t.Errorf("organisation A's import was committed or cancelled by someone else: %v", err)
	}
	if vs, _ := s.st.Versions(ctx, appID); len(vs) != 1 {
		s.t.Errorf("organisation A's application has %d versions, want the fixture's 1: someone else generated one", len(vs))
	}
}

// TestAllowedActorsReachTheirPages is the positive control of the table:
// every GET route without an id answers 200 to an actor its rule allows, so
// the refusals above come from authorisation, not from a routing mistake.
func TestAllowedActorsReachTheirPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		browsers := s.actorBrowsers()
		for _, route := range registeredRoutes(t) {
			method, path := splitRoute(route)
			r := rules[route]
			if method != "GET" || strings.Contains(path, "{") || r.rule == anyone {
				continue
			}
			for _, name := range actors {
				if !allowed(r.rule, name) {
					continue
				}
				t.Run(name+" reaches "+route, func(t *testing.T) {
					if resp := browsers[name].get(path); resp.status != http.StatusOK {
						t.Fatalf("GET %s as %s → %d %q", path, name, resp.status, resp.location)
					}
				})
			}
		}
	})
}
