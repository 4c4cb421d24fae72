package service_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"hatch/internal/blob"
	"hatch/internal/domain"
	"hatch/internal/ident"
	"hatch/internal/password"
	"hatch/internal/service"
	"hatch/internal/sheet"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// Demo identifiers with valid check characters.
const (
	impUSCC1    = "91350200MA2Y0DEM69"
	impUSCC2    = "91110108MA01DEMA94"
	impUSCC3    = "91440300MA5DEM0A63"
	impIDX      = "11010519491231002X"
	impID1880   = "440524188001010014"
	impPassword = "Init#2024"
)

func newImportService(t *testing.T, st *store.Store) *service.Service {
	t.Helper()
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	settings := service.DefaultSettings()
	settings.Password = testkit.FastPassword
	return service.New(service.Deps{Store: st, Blobs: blobs,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Settings: settings})
}

func importAdmin() domain.Actor {
	return domain.Actor{User: domain.User{Role: domain.RoleAdmin, Login: "system"}}
}

func importRows(t *testing.T, text string) []sheet.Row {
	t.Helper()
	rows, err := sheet.ReadFrom(strings.NewReader(text), "test.csv")
	if err != nil {
		t.Fatalf("read test file: %v", err)
	}
	return rows
}

// importCase is one file given to an importer: either it succeeds with
// want rows, or it fails with exactly the problem lines in problems (each
// mapped to part of its message) and writes nothing.
type importCase struct {
	name     string
	seed     func(t *testing.T, st *store.Store)
	file     string
	want     int
	problems map[int]string
}

func TestImportAccounts(t *testing.T) {
	hash, err := password.Hash(impPassword, testkit.FastPassword)
	if err != nil {
		t.Fatal(err)
	}
	tests := []importCase{
		{name: "imports every account after a header",
			file: "\ufeff统一社会信用代码,单位名称,初始密码\r\n" + impUSCC1 + ",厦门示例科技有限公司," + impPassword + "\r\n" +
				impUSCC2 + ",北京示例科技有限公司," + impPassword + "\r\n" + impUSCC3 + ",深圳示例科技有限公司," + impPassword + "\r\n",
			want: 3},
		{name: "imports rows without a header", file: impUSCC1 + ",厦门示例," + impPassword + "\n", want: 1},
		{name: "imports an English header as a header", file: "USCC,Name,Password\n" + impUSCC1 + ",厦门示例," + impPassword + "\n", want: 1},
		{name: "imports a lower-case code with spaces as upper case",
			file: " " + strings.ToLower(impUSCC1) + " ,厦门示例," + impPassword + "\n", want: 1},
		{name: "imports a full-width code in lower case as ASCII capitals",
			file: "９１３５０２００ｍａ２ｙ０ｄｅｍ６９,厦门示例," + impPassword + "\n", want: 1},
		{name: "imports an argon2id hash as is", file: impUSCC1 + ",厦门示例,\"" + hash + "\"\n", want: 1},
		{name: "rejects a bad check character on its line",
			file:     "统一社会信用代码,单位名称,密码\n" + impUSCC2 + ",北京示例," + impPassword + "\n91350200MA2Y0DEM68,厦门示例," + impPassword + "\n",
			problems: map[int]string{3: "校验位"}},
		{name: "rejects a mistyped code in row 1 instead of skipping it as a header",
			file:     "9135020MA2Y0DEM69,厦门示例," + impPassword + "\n" + impUSCC2 + ",北京示例," + impPassword + "\n",
			problems: map[int]string{1: "应为18位"}},
		{name: "rejects a code Excel turned into a float",
			file:     "9.1110006E+17,北京示例," + impPassword + "\n",
			problems: map[int]string{1: "设为“文本”格式"}},
		{name: "rejects a duplicate within the file naming both lines",
			file:     impUSCC1 + ",厦门示例," + impPassword + "\n" + impUSCC2 + ",北京示例," + impPassword + "\n" + impUSCC1 + ",厦门示例二," + impPassword + "\n",
			problems: map[int]string{1: "与第 3 行的统一社会信用代码重复", 3: "与第 1 行的统一社会信用代码重复"}},
		{name: "rejects a duplicate within the file written two ways",
			file:     impUSCC1 + ",厦门示例," + impPassword + "\n" + "9135 0200 ma2y 0dem 69,厦门示例二," + impPassword + "\n",
			problems: map[int]string{1: "与第 2 行的统一社会信用代码重复", 2: "与第 1 行的统一社会信用代码重复"}},
		{name: "rejects the lower-case code of an existing organisation", seed: seedImportOrg(impUSCC1),
			file:     strings.ToLower(impUSCC1) + ",厦门示例," + impPassword + "\n",
			problems: map[int]string{1: "该统一社会信用代码已有账号"}},
		{name: "names the letter O where a digit was meant",
			file:     "9135020０MA2YＯDEM69,厦门示例," + impPassword + "\n",
			problems: map[int]string{1: "统一社会信用代码第13位是字母O，不是可用的字符（代码中不使用字母I、O、S、V、Z）；如果是数字零，请填写0。"}},
		{name: "rejects the code of an existing organisation", seed: seedImportOrg(impUSCC1),
			file:     impUSCC2 + ",北京示例," + impPassword + "\n" + impUSCC1 + ",厦门示例," + impPassword + "\n",
			problems: map[int]string{2: "该统一社会信用代码已有账号"}},
		{name: "rejects a code already used as a login", seed: seedImportLogin(impUSCC1),
			file:     impUSCC1 + ",厦门示例," + impPassword + "\n" + impUSCC2 + ",北京示例," + impPassword + "\n",
			problems: map[int]string{1: "该统一社会信用代码已有账号"}},
		{name: "rejects a malformed hash",
			file:     impUSCC2 + ",北京示例," + impPassword + "\n" + impUSCC1 + ",厦门示例,$argon2id$v=19$m=1024;t=1;p=1$c2FsdA$a2V5\n",
			problems: map[int]string{2: "密码哈希格式不正确"}},
		{name: "rejects an unquoted hash split at its commas",
			file:     impUSCC2 + ",北京示例," + impPassword + "\n" + impUSCC1 + ",厦门示例," + hash + "\n",
			problems: map[int]string{2: "应为 3 列"}},
		{name: "rejects a missing name and password",
			file:     impUSCC2 + ",北京示例," + impPassword + "\n" + impUSCC1 + "\n",
			problems: map[int]string{2: "请填写"}},
		{name: "rejects a password over 64 characters",
			file:     impUSCC1 + ",厦门示例," + strings.Repeat("x", 65) + "\n" + impUSCC2 + ",北京示例," + impPassword + "\n",
			problems: map[int]string{1: "不能超过64个字符"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, st *store.Store) {
				runImport(t, st, tt, (*service.Service).ImportAccounts, wantImportedAccounts)
			})
		})
	}
}

// runImport seeds the store, imports tt.file and checks the outcome: on
// success with check, on failure by the problems and by the file's valid
// codes being absent afterwards.
func runImport(t *testing.T, st *store.Store, tt importCase,
	importer func(*service.Service, context.Context, domain.Actor, []sheet.Row) (int, error),
	check func(t *testing.T, st *store.Store, rows []sheet.Row)) {
	ctx := context.Background()
	if tt.seed != nil {
		tt.seed(t, st)
	}
	before := importSnapshot(t, st)
	rows := importRows(t, tt.file)
	n, err := importer(newImportService(t, st), ctx, importAdmin(), rows)
	if tt.problems == nil {
		if err != nil || n != tt.want {
			t.Fatalf("import = %d, %v; want %d, nil", n, err, tt.want)
		}
		check(t, st, rows)
		return
	}
	wantImportProblems(t, n, err, tt.problems)
	if after := importSnapshot(t, st); after != before {
		t.Fatalf("a failed import changed the database: %s, before %s", after, before)
	}
}

// wantImportProblems asserts err is an *ImportError with exactly the expected
// lines, each message containing the expected text.
func wantImportProblems(t *testing.T, n int, err error, want map[int]string) {
	t.Helper()
	var ie *service.ImportError
	if !errors.As(err, &ie) || n != 0 {
		t.Fatalf("import = %d, %v; want 0 and an *ImportError", n, err)
	}
	got := map[int]string{}
	for _, p := range ie.Problems {
		got[p.Line] += p.Message
	}
	for line, msg := range want {
		if !strings.Contains(got[line], msg) {
			t.Errorf("line %d: got %q, want a message containing %q\n%v", line, got[line], msg, err)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems on %d lines, want %d:\n%v", len(got), len(want), err)
	}
	if domain.KindOf(err) != domain.Invalid {
		t.Errorf("KindOf = %v, want Invalid", domain.KindOf(err))
	}
}

// importSnapshot summarises what an import could change: the legal-person
// accounts, whether each demo code has a login, and the registry.
func importSnapshot(t *testing.T, st *store.Store) string {
	t.Helper()
	ctx := context.Background()
	users, err := st.Users(ctx, domain.UserFilter{Role: domain.RoleLegal, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	size, err := st.RegistrySize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := fmt.Sprintf("%d legal accounts, %d registry entries, logins:", len(users), size)
	for _, code := range []string{impUSCC1, impUSCC2, impUSCC3} {
		_, _, err := st.UserByLogin(ctx, code)
		s += fmt.Sprintf(" %s=%v", code, err == nil)
	}
	return s
}

// wantImportedAccounts verifies that every data row became a migrated
// organisation with a legal-person account that accepts impPassword.
func wantImportedAccounts(t *testing.T, st *store.Store, rows []sheet.Row) {
	t.Helper()
	ctx := context.Background()
	audits, err := st.AuditLog(ctx, domain.AuditFilter{Action: "import.account"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		code := ident.Canonical(r.Cells[0])
		if !strings.HasPrefix(code, "91") {
			continue // header
		}
		n++
		wantImportedAccount(t, st, code, r.Cells[1])
	}
	if len(audits) != n {
		t.Errorf("%d audit entries, want one per account (%d)", len(audits), n)
	}
}

func wantImportedAccount(t *testing.T, st *store.Store, code, name string) {
	t.Helper()
	ctx := context.Background()
	u, hash, err := st.UserByLogin(ctx, code)
	if err != nil {
		t.Fatalf("UserByLogin(%s): %v", code, err)
	}
	if u.Role != domain.RoleLegal || u.Login != code || u.Name != name {
		t.Errorf("user = %+v, want legal account %s named %s", u, code, name)
	}
	if ok, err := password.Verify(impPassword, hash); !ok || err != nil {
		t.Errorf("password of %s does not verify: %v", code, err)
	}
	o, err := st.Org(ctx, u.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if !o.Migrated || o.CertStatus != domain.CertNone || o.USCC != code || o.Name != name {
		t.Errorf("org = %+v, want migrated, uncertified %s named %s", o, code, name)
	}
}

func seedImportOrg(code string) func(t *testing.T, st *store.Store) {
	return func(t *testing.T, st *store.Store) {
		importTx(t, st, func(ctx context.Context, tx *store.Tx) error {
			_, err := tx.CreateOrg(ctx, "已有单位", code, false)
			return err
		})
	}
}

func seedImportLogin(login string) func(t *testing.T, st *store.Store) {
	return func(t *testing.T, st *store.Store) {
		importTx(t, st, func(ctx context.Context, tx *store.Tx) error {
			_, err := tx.CreateUser(ctx, store.NewUser{Login: login, Name: "管理员", PasswordHash: "x", Role: domain.RoleAdmin})
			return err
		})
	}
}

func importTx(t *testing.T, st *store.Store, fn func(ctx context.Context, tx *store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := st.InTx(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

func TestImportRefusals(t *testing.T) {
	legal := domain.Actor{User: domain.User{ID: 7, Role: domain.RoleLegal, Login: impUSCC1}}
	tests := []struct {
		name     string
		actor    domain.Actor
		file     string
		wantKind domain.Kind
	}{
		{"forbidden to a legal-person account", legal, impUSCC1 + ",厦门示例," + impPassword + "\n", domain.Forbidden},
		{"invalid when only a header", importAdmin(), "统一社会信用代码,单位名称,密码\n", domain.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, st *store.Store) {
				svc := newImportService(t, st)
				rows := importRows(t, tt.file)
				if _, err := svc.ImportAccounts(context.Background(), tt.actor, rows); domain.KindOf(err) != tt.wantKind {
					t.Errorf("ImportAccounts: %v, want kind %v", err, tt.wantKind)
				}
				if _, err := svc.ImportRegistry(context.Background(), tt.actor, rows); domain.KindOf(err) != tt.wantKind {
					t.Errorf("ImportRegistry: %v, want kind %v", err, tt.wantKind)
				}
			})
		})
	}
}

func TestImportErrorMessage(t *testing.T) {
	err := &service.ImportError{Problems: []service.LineProblem{{Line: 2, Message: "甲。"}, {Line: 5, Message: "乙。"}}}
	want := "导入失败，共 2 处问题，未导入任何数据。\n第 2 行：甲。\n第 5 行：乙。"
	if err.Error() != want {
		t.Fatalf("Error() = %q, want %q", err.Error(), want)
	}
	if domain.Message(err) != want {
		t.Fatalf("domain.Message = %q, want the same text", domain.Message(err))
	}
}

func TestImportRegistry(t *testing.T) {
	header := "统一社会信用代码,单位名称,法定代表人姓名,法定代表人身份证号码\n"
	tests := []importCase{
		{name: "imports every entry after a header",
			file: header + impUSCC1 + ",厦门示例,张三," + impIDX + "\n" + impUSCC2 + ",北京示例,李四," + impID1880 + "\n", want: 2},
		{name: "imports a lower-case x in the ID number as X",
			file: impUSCC1 + ",厦门示例,张三," + strings.ToLower(impIDX) + "\n", want: 1},
		{name: "imports a full-width code and ID number in their canonical form",
			file: "９１３５０２００ｍａ２ｙ０ｄｅｍ６９,厦门示例,张三,１１０１０５ １９４９１２３１ ００２ｘ\n", want: 1},
		{name: "replaces an existing entry", seed: seedImportRegistry(impUSCC1, "旧名称", "王五", impID1880),
			file: header + impUSCC1 + ",厦门示例,张三," + impIDX + "\n", want: 1},
		{name: "rejects a bad ID check digit on its line",
			file:     header + impUSCC1 + ",厦门示例,张三," + impIDX + "\n" + impUSCC2 + ",北京示例,李四,110105194912310021\n",
			problems: map[int]string{3: "校验位"}},
		{name: "rejects an ID number Excel turned into a float",
			file:     impUSCC1 + ",厦门示例,张三,1.10105E+17\n",
			problems: map[int]string{1: "设为“文本”格式"}},
		{name: "rejects a duplicate within the file naming both lines",
			file:     header + impUSCC1 + ",厦门示例,张三," + impIDX + "\n" + impUSCC1 + ",厦门示例,李四," + impID1880 + "\n",
			problems: map[int]string{2: "与第 3 行", 3: "与第 2 行"}},
		{name: "rejects a missing representative name and a bad code",
			file:     impUSCC1 + ",厦门示例,," + impIDX + "\n91350200MA2Y0DEM68,厦门示例二,张三," + impIDX + "\n",
			problems: map[int]string{1: "请填写法定代表人姓名", 2: "校验位"}},
		{name: "leaves an existing entry alone when the file has a problem", seed: seedImportRegistry(impUSCC1, "旧名称", "王五", impID1880),
			file:     impUSCC1 + ",厦门示例,张三," + impIDX + "\n" + impUSCC2 + ",北京示例,,\n",
			problems: map[int]string{2: "请填写"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, st *store.Store) {
				runImport(t, st, tt, (*service.Service).ImportRegistry, wantImportedRegistry)
				if tt.problems != nil && tt.seed != nil {
					wantRegistryEntry(t, st, domain.RegistryEntry{USCC: impUSCC1, Name: "旧名称", RepName: "王五", RepIDNumber: impID1880})
				}
			})
		})
	}
}

// wantImportedRegistry verifies that every data row is in the registry as given,
// and that one audit entry records the count.
func wantImportedRegistry(t *testing.T, st *store.Store, rows []sheet.Row) {
	t.Helper()
	n := 0
	for _, r := range rows {
		if !strings.HasPrefix(ident.Canonical(r.Cells[0]), "91") {
			continue // header
		}
		n++
		wantRegistryEntry(t, st, domain.RegistryEntry{USCC: ident.Canonical(r.Cells[0]), Name: r.Cells[1], RepName: r.Cells[2],
			RepIDNumber: ident.Canonical(r.Cells[3])})
	}
	audits, err := st.AuditLog(context.Background(), domain.AuditFilter{Action: "import.registry"})
	if err != nil {
		t.Fatal(err)
	}
	if len(audits) != 1 || !strings.Contains(audits[0].Detail, fmt.Sprint(n)) {
		t.Errorf("audit = %+v, want one entry with the count %d", audits, n)
	}
}

func wantRegistryEntry(t *testing.T, st *store.Store, want domain.RegistryEntry) {
	t.Helper()
	var got domain.RegistryEntry
	importTx(t, st, func(ctx context.Context, tx *store.Tx) error {
		var err error
		got, err = tx.RegistryEntry(ctx, want.USCC)
		return err
	})
	if got != want {
		t.Errorf("registry entry = %+v, want %+v", got, want)
	}
}

func seedImportRegistry(code, name, rep, id string) func(t *testing.T, st *store.Store) {
	return func(t *testing.T, st *store.Store) {
		importTx(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.PutRegistryEntry(ctx, domain.RegistryEntry{USCC: code, Name: name, RepName: rep, RepIDNumber: id})
		})
	}
}
