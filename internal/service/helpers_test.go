package service_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"hatch/internal/blob"
	"hatch/internal/domain"
	"hatch/internal/password"
	demoseed "hatch/internal/seed"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// testPassword is every seeded account's password; it passes CheckStrength.
const testPassword = "Hatch-Test-2024"

var ctx = context.Background()

// The domain.md §7 vectors.
const (
	usccA        = "91110000600037341L"
	usccB        = "91350200776049653A"
	usccUnlisted = "91440101MA5CJQ4N59" // valid, never put in the registry
	usccMigrated = "91350200MA2Y0DEM69"
	usccSpare1   = "91110108MA01DEMA94"
	usccSpare2   = "91440300MA5DEM0A63"

	idRepA  = "11010519491231002X"
	idRepB  = "440524188001010014"
	idOther = "350203198506121018" // valid checksum, computed for these tests
)

// eachWithClock is storetest.Each with a settable clock per engine.
func eachWithClock(t *testing.T, fn func(t *testing.T, st *store.Store, clock *testkit.Clock)) {
	t.Helper()
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			clock := testkit.NewClock(testkit.Now())
			fn(t, storetest.NewWithClock(t, engine, clock.Now), clock)
		})
	}
}

// testService bundles a service with its blob directory, so tests can check
// what uploads left on disk.
type testService struct {
	*service.Service
	BlobDir string
	st      *store.Store
}

// newService is the fixture's service: default settings with fast hashing.
func newService(t testing.TB, st *store.Store) *testService {
	t.Helper()
	return newServiceWith(t, st, nil)
}

// newServiceWith is newService with settings changed by edit.
func newServiceWith(t testing.TB, st *store.Store, edit func(*service.Settings)) *testService {
	t.Helper()
	s := service.DefaultSettings()
	s.Password = testkit.FastPassword
	if edit != nil {
		edit(&s)
	}
	dir := filepath.Join(t.TempDir(), "blobs")
	blobs, err := blob.NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A fixed seed: expert draws come out the same on every run.
	svc := service.New(service.Deps{Store: st, Blobs: blobs, Log: slog.New(slog.DiscardHandler), Settings: s,
		Rand: mrand.NewPCG(1, 2)})
	return &testService{Service: svc, BlobDir: dir, st: st}
}

// seedDemo gives the service's store the demo data and its blob
// directory the demo's files. The seed runs once per engine, clock and
// settings; each test gets a copy of its rows and files.
func seedDemo(t testing.TB, svc *testService) {
	t.Helper()
	settings := svc.Settings()
	files := storetest.Fill(t, svc.st, fmt.Sprintf("service demo %+v", settings), func(src *store.Store, files string) error {
		blobs, err := blob.NewDir(files)
		if err != nil {
			return err
		}
		seeder := service.New(service.Deps{Store: src, Blobs: blobs, Log: slog.New(slog.DiscardHandler),
			Settings: settings, Rand: mrand.NewPCG(1, 2)})
		_, err = demoseed.Demo(ctx, seeder)
		return err
	})
	if err := os.CopyFS(svc.BlobDir, os.DirFS(files)); err != nil {
		t.Fatal(err)
	}
}

// account is a seeded user.
type account struct {
	ID       int64
	Login    string
	Password string
	Mobile   string
	Email    string
}

// orgFixture is a seeded organisation with its registry entry.
type orgFixture struct {
	ID      int64
	Name    string
	USCC    string
	RepName string
	RepID   string
	Legal   account
	Staff   account
}

// fixture is the seeded world every service test starts from.
type fixture struct {
	A, B     orgFixture // certified, each with a legal and a staff account
	Migrated orgFixture // from 火炬统计, not certified; legal login = USCC; no staff
	Admin    account
	Reviewer account
	DeptID   int64
}

// seed fills st with the fixture, using store transactions directly.
func seed(t testing.TB, st *store.Store) *fixture {
	t.Helper()
	f := &fixture{
		A: orgFixture{Name: "北京甲孵化器有限公司", USCC: usccA, RepName: "张三", RepID: idRepA,
			Legal: account{Login: "legal-a", Mobile: "13800000001", Email: "legal-a@example.com"},
			Staff: account{Login: "staff-a", Mobile: "13800000002", Email: "staff-a@example.com"}},
		B: orgFixture{Name: "厦门乙科技有限公司", USCC: usccB, RepName: "李四", RepID: idRepB,
			Legal: account{Login: "legal-b", Mobile: "13800000003", Email: "legal-b@example.com"},
			Staff: account{Login: "staff-b", Mobile: "13800000004"}},
		Migrated: orgFixture{Name: "厦门演示科技有限公司", USCC: usccMigrated, RepName: "王五", RepID: idRepB,
			Legal: account{Login: usccMigrated, Mobile: "13800000005"}},
		Admin:    account{Login: "admin", Email: "admin@example.com"},
		Reviewer: account{Login: "reviewer-xm", Mobile: "13800000006"},
	}
	hash, err := password.Hash(testPassword, testkit.FastPassword)
	if err != nil {
		t.Fatal(err)
	}
	mkUser := func(tx *store.Tx, a *account, role domain.Role, orgID, deptID int64) error {
		a.Password = testPassword
		id, err := tx.CreateUser(ctx, store.NewUser{Login: a.Login, Name: a.Login, PasswordHash: hash, Role: role,
			OrgID: orgID, DeptID: deptID, Mobile: a.Mobile, Email: a.Email})
		a.ID = id
		return err
	}
	mkOrg := func(tx *store.Tx, o *orgFixture, migrated, certified bool) error {
		id, err := tx.CreateOrg(ctx, o.Name, o.USCC, migrated)
		if err != nil {
			return err
		}
		o.ID = id
		if certified {
			if err := tx.SetCertStatus(ctx, id, domain.CertPassed, ""); err != nil {
				return err
			}
		}
		if err := tx.PutRegistryEntry(ctx, domain.RegistryEntry{USCC: o.USCC, Name: o.Name, RepName: o.RepName, RepIDNumber: o.RepID}); err != nil {
			return err
		}
		if err := mkUser(tx, &o.Legal, domain.RoleLegal, id, 0); err != nil {
			return err
		}
		if o.Staff.Login != "" {
			return mkUser(tx, &o.Staff, domain.RoleStaff, id, 0)
		}
		return nil
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := mkOrg(tx, &f.A, false, true); err != nil {
			return err
		}
		if err := mkOrg(tx, &f.B, false, true); err != nil {
			return err
		}
		if err := mkOrg(tx, &f.Migrated, true, false); err != nil {
			return err
		}
		if err := mkUser(tx, &f.Admin, domain.RoleAdmin, 0, 0); err != nil {
			return err
		}
		dept, err := tx.CreateDepartment(ctx, domain.Department{Name: "厦门市科学技术局", Level: domain.LevelCity,
			RegionCode: "350200", RegionName: "福建省厦门市"})
		if err != nil {
			return err
		}
		f.DeptID = dept
		return mkUser(tx, &f.Reviewer, domain.RoleReviewer, 0, dept)
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return f
}

// addOrg creates one more organisation with a legal account; inRegistry
// decides whether the registry knows it (with the given name and rep).
func addOrg(t testing.TB, st *store.Store, o orgFixture, status domain.CertStatus, inRegistry bool) orgFixture {
	t.Helper()
	hash, err := password.Hash(testPassword, testkit.FastPassword)
	if err != nil {
		t.Fatal(err)
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.CreateOrg(ctx, o.Name, o.USCC, false)
		if err != nil {
			return err
		}
		o.ID = id
		if status != "" && status != domain.CertNone {
			if err := tx.SetCertStatus(ctx, id, status, ""); err != nil {
				return err
			}
		}
		if inRegistry {
			if err := tx.PutRegistryEntry(ctx, domain.RegistryEntry{USCC: o.USCC, Name: o.Name, RepName: o.RepName, RepIDNumber: o.RepID}); err != nil {
				return err
			}
		}
		o.Legal.Password = testPassword
		o.Legal.ID, err = tx.CreateUser(ctx, store.NewUser{Login: o.Legal.Login, Name: o.Legal.Login, PasswordHash: hash,
			Role: domain.RoleLegal, OrgID: id, Mobile: o.Legal.Mobile})
		return err
	})
	if err != nil {
		t.Fatalf("add org: %v", err)
	}
	return o
}

// sessionFor opens a session for userID straight in the store (no captcha,
// no password) and returns its token and the actor Resume makes of it.
func sessionFor(t testing.TB, svc *testService, st *store.Store, userID int64) (string, domain.Actor) {
	t.Helper()
	token := "tok-" + rand.Text()
	err := st.InTx(ctx, func(tx *store.Tx) error {
		return tx.CreateSession(ctx, store.Session{TokenHash: service.HashToken(token), UserID: userID, CSRF: "csrf"}, "127.0.0.1")
	})
	if err != nil {
		t.Fatalf("create session: %v", err)
	}
	state, err := svc.Resume(ctx, token, "127.0.0.1")
	if err != nil {
		t.Fatalf("resume fresh session of user %d: %v", userID, err)
	}
	return token, state.Actor
}

// actorOf is sessionFor's actor only.
func actorOf(t testing.TB, svc *testService, st *store.Store, userID int64) domain.Actor {
	t.Helper()
	_, a := sessionFor(t, svc, st, userID)
	return a
}

// newCaptcha makes a captcha and reads its digits from the store.
func newCaptcha(t testing.TB, svc *testService, st *store.Store) (id, digits string) {
	t.Helper()
	id, err := svc.NewCaptcha(ctx)
	if err != nil {
		t.Fatalf("new captcha: %v", err)
	}
	digits, err = st.CaptchaDigits(ctx, id)
	if err != nil {
		t.Fatalf("captcha digits: %v", err)
	}
	if len(digits) != 5 {
		t.Fatalf("captcha digits = %q, want 5 digits", digits)
	}
	return id, digits
}

// login logs in through the real form path with a freshly solved captcha.
func login(t testing.TB, svc *testService, st *store.Store, loginName, pw, ip string) (service.Session, error) {
	t.Helper()
	id, digits := newCaptcha(t, svc, st)
	return svc.Login(ctx, service.LoginInput{Login: loginName, Password: pw, CaptchaID: id, CaptchaAns: digits, IP: ip})
}

// mustLogin is login that must succeed.
func mustLogin(t testing.TB, svc *testService, st *store.Store, loginName, pw string) service.Session {
	t.Helper()
	sess, err := login(t, svc, st, loginName, pw, "10.0.0.1")
	if err != nil {
		t.Fatalf("login %q: %v", loginName, err)
	}
	if sess.Token == "" {
		t.Fatalf("login %q returned no token", loginName)
	}
	return sess
}

var kindNames = map[domain.Kind]string{
	domain.Internal: "Internal", domain.Invalid: "Invalid", domain.NotFound: "NotFound",
	domain.Forbidden: "Forbidden", domain.Unauthenticated: "Unauthenticated",
	domain.Conflict: "Conflict", domain.TooMany: "TooMany",
}

// wantKind fails unless err is a domain error of kind.
func wantKind(t testing.TB, err error, kind domain.Kind) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %s", kindNames[kind])
	}
	if got := domain.KindOf(err); got != kind {
		t.Fatalf("err kind = %s (%v), want %s", kindNames[got], err, kindNames[kind])
	}
}

// wantField fails unless err is Invalid with a message on field.
func wantField(t testing.TB, err error, field string) {
	t.Helper()
	wantFieldOf(t, err, domain.Invalid, field)
}

// wantFieldOf fails unless err is of kind with a message on field.
func wantFieldOf(t testing.TB, err error, kind domain.Kind, field string) {
	t.Helper()
	wantKind(t, err, kind)
	fe := domain.FieldsOf(err)
	if !fe.Has(field) {
		t.Fatalf("no message on field %q; fields = %+v", field, fe)
	}
}

// wantOK fails on any error.
func wantOK(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v (kind %s, fields %+v)", err, kindNames[domain.KindOf(err)], domain.FieldsOf(err))
	}
}

var codePattern = regexp.MustCompile(`验证码 (\d{6})`)

// outbox returns the sent messages, newest first.
func outbox(t testing.TB, st *store.Store) []domain.OutboxMessage {
	t.Helper()
	msgs, err := st.Outbox(ctx, 100, 0)
	if err != nil {
		t.Fatalf("outbox: %v", err)
	}
	return msgs
}

// latestCode reads the 6-digit reset code from the newest message to to.
func latestCode(t testing.TB, st *store.Store, to string) string {
	t.Helper()
	for _, m := range outbox(t, st) {
		if m.Recipient == to {
			sub := codePattern.FindStringSubmatch(m.Body)
			if sub == nil {
				t.Fatalf("no code in message %q", m.Body)
			}
			return sub[1]
		}
	}
	t.Fatalf("no message sent to %q", to)
	return ""
}

// pngBytes is a PNG signature followed by some bytes: enough for sniffing.
func pngBytes() []byte {
	return append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0x00, 0x42}, 300)...)
}

// pdfBytes is a small "PDF".
func pdfBytes() []byte {
	return append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), 600)...)
}

func upload(name string, b []byte) *service.Upload {
	return &service.Upload{Name: name, Body: bytes.NewReader(b)}
}

// blobFiles counts regular files under dir (temporary files included).
func blobFiles(t testing.TB, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.Type().IsRegular() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	return n
}

func org(t testing.TB, st *store.Store, id int64) domain.Org {
	t.Helper()
	o, err := st.Org(ctx, id)
	if err != nil {
		t.Fatalf("load org %d: %v", id, err)
	}
	return o
}

func user(t testing.TB, st *store.Store, id int64) domain.User {
	t.Helper()
	u, err := st.User(ctx, id)
	if err != nil {
		t.Fatalf("load user %d: %v", id, err)
	}
	return u
}

// TestFixtureSeedsWhatTheTestsAssume guards the fixture itself.
func TestFixtureSeedsWhatTheTestsAssume(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		tests := []struct {
			name         string
			userID       int64
			wantRole     domain.Role
			wantCertif   bool
			wantMigrated bool
			wantDept     bool
		}{
			{"legal A is a certified applicant", f.A.Legal.ID, domain.RoleLegal, true, false, false},
			{"staff A is a certified applicant", f.A.Staff.ID, domain.RoleStaff, true, false, false},
			{"legal B is a certified applicant", f.B.Legal.ID, domain.RoleLegal, true, false, false},
			{"migrated legal is neither certified nor unmigrated", f.Migrated.Legal.ID, domain.RoleLegal, false, true, false},
			{"admin has no org", f.Admin.ID, domain.RoleAdmin, false, false, false},
			{"reviewer belongs to a city department", f.Reviewer.ID, domain.RoleReviewer, false, false, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a := actorOf(t, svc, st, tt.userID)
				if a.Role != tt.wantRole || a.OrgCertified != tt.wantCertif || a.OrgMigrated != tt.wantMigrated {
					t.Fatalf("actor = role %s certified %v migrated %v", a.Role, a.OrgCertified, a.OrgMigrated)
				}
				if tt.wantDept && (a.DeptLevel != domain.LevelCity || a.DeptRegion != "350200") {
					t.Fatalf("reviewer dept = %s %s", a.DeptLevel, a.DeptRegion)
				}
			})
		}
	})
}

// demoApps seeds the demo data and returns demo-applicant's actor and its
// applications by carrier name.
func demoApps(t *testing.T, svc *testService) (domain.Actor, map[string]service.AppView) {
	t.Helper()
	seedDemo(t, svc)
	a, err := svc.ActAs(ctx, domain.System(), "demo-applicant")
	wantOK(t, err)
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

// TestMain removes the seeded templates once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}
