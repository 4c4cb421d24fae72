package service

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"hatch/internal/domain"
	"hatch/internal/ident"
	"hatch/internal/password"
	"hatch/internal/sheet"
	"hatch/internal/store"
)

// LineProblem is one thing wrong with one row of an imported file.
type LineProblem struct {
	Line    int // the row number as Excel shows it
	Message string
}

// ImportError lists every problem found in an imported file. An import
// with any problem writes nothing, so the administrator corrects the file
// and runs the whole import again instead of working out what got in.
type ImportError struct {
	Problems []LineProblem
}

// Error lists the problems, one row per line, for the command line.
func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "导入失败，共 %d 处问题，未导入任何数据。", len(e.Problems))
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n第 %d 行：%s", p.Line, p.Message)
	}
	return b.String()
}

// Unwrap presents the error as an Invalid domain error, so domain.KindOf
// and domain.Message treat it like any other mistake in the input.
func (e *ImportError) Unwrap() error {
	return &domain.Error{Kind: domain.Invalid, Message: e.Error()}
}

// problems collects LineProblems while a file is checked.
type problems []LineProblem

// add records msg for line; an empty msg (a check that passed) is ignored.
func (p *problems) add(line int, msg string) {
	if msg != "" {
		*p = append(*p, LineProblem{Line: line, Message: msg})
	}
}

// err is nil when nothing was found, else an *ImportError in row order.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	sorted := slices.Clone(p)
	slices.SortStableFunc(sorted, func(a, b LineProblem) int { return cmp.Compare(a.Line, b.Line) })
	return &ImportError{Problems: sorted}
}

const (
	accountColumns  = "统一社会信用代码、单位名称、初始密码或密码哈希"
	registryColumns = "统一社会信用代码、单位名称、法定代表人姓名、法定代表人身份证号码"
	msgAccountTaken = "该统一社会信用代码已有账号。"
)

// newAccount is one checked row of an accounts file. Exactly one of pw (a
// plain initial password) and hash is set until hashAll fills in hash.
type newAccount struct {
	line                 int
	uscc, name, pw, hash string
}

// ImportAccounts creates a legal-person account, and its organisation
// marked as migrated from 火炬统计, for every row of rows: 统一社会信用代码,
// 单位名称, and an initial password or an argon2id hash. The login is the
// code. It returns how many accounts were created, or an *ImportError
// listing every problem, in which case nothing was written.
func (s *Service) ImportAccounts(
	ctx context.Context,
	a domain.Actor,
	rows []sheet.Row,
) (int, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return 0, err
	}
	accs, err := s.checkAccounts(ctx, dataRows(rows))
	if err != nil {
		return 0, err
	}
	if err := s.hashAll(ctx, accs); err != nil {
		return 0, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error { return createAccounts(ctx, tx, a, accs) })
	if err != nil {
		return 0, err
	}
	return len(accs), nil
}

// checkAccounts parses the data rows and reports the problems within the
// file and against the database together, so one round of corrections
// suffices.
func (s *Service) checkAccounts(ctx context.Context, rows []sheet.Row) ([]newAccount, error) {
	if len(rows) == 0 {
		return nil, noImportData()
	}
	var p problems
	accs := make([]newAccount, len(rows))
	lines := map[string][]int{}
	for i, r := range rows {
		accs[i] = parseAccount(&p, r)
		if ident.ValidUSCC(accs[i].uscc) {
			lines[accs[i].uscc] = append(lines[accs[i].uscc], r.Line)
		}
	}
	reportDuplicates(&p, lines, "统一社会信用代码")
	if err := s.checkTaken(ctx, &p, accs); err != nil {
		return nil, err
	}
	return accs, p.err()
}

// parseAccount reads and checks one row of an accounts file.
func parseAccount(p *problems, r sheet.Row) newAccount {
	acc := newAccount{line: r.Line, uscc: ident.Canonical(r.Cell(0)), name: r.Cell(1)}
	checkImportWidth(p, r, 3, accountColumns)
	p.add(r.Line, checkUSCCCell(acc.uscc))
	p.add(r.Line, checkImportText("单位名称", acc.name, 100))
	secret := r.Cell(2)
	if !strings.HasPrefix(secret, "$argon2id$") {
		p.add(r.Line, checkImportText("初始密码", secret, 64))
		acc.pw = secret
		return acc
	}
	if !password.WellFormed(secret) {
		p.add(r.Line, "密码哈希格式不正确。")
	}
	acc.hash = secret
	return acc
}

// checkTaken reports codes that already belong to an organisation or are
// already someone's login. Invalid codes were reported already.
func (s *Service) checkTaken(ctx context.Context, p *problems, accs []newAccount) error {
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		for _, acc := range accs {
			if !ident.ValidUSCC(acc.uscc) {
				continue
			}
			taken, err := s.accountTaken(ctx, tx, acc.uscc)
			if err != nil {
				return err
			}
			if taken {
				p.add(acc.line, msgAccountTaken)
			}
		}
		return nil
	})
	return domain.Wrap(err, "check existing accounts")
}

// accountTaken reports whether uscc names an organisation or a login. Both
// are checked: an organisation that changed its code keeps its old login.
func (s *Service) accountTaken(ctx context.Context, tx *store.Tx, uscc string) (bool, error) {
	_, err := tx.OrgByUSCC(ctx, uscc)
	if taken, err := recordExists(err); taken || err != nil {
		return taken, err
	}
	_, _, err = s.store.UserByLogin(ctx, uscc)
	return recordExists(err)
}

// recordExists turns a lookup's error into whether the record exists.
func recordExists(err error) (bool, error) {
	switch {
	case err == nil:
		return true, nil
	case domain.KindOf(err) == domain.NotFound:
		return false, nil
	}
	return false, err
}

// hashAll hashes the plain passwords on every CPU before the transaction:
// argon2id is slow by design (about 20 ms each), so a thousand one after
// another would take 20 s, and holding the write lock that long would
// stall every user.
func (s *Service) hashAll(ctx context.Context, accs []newAccount) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.NumCPU())
	for i := range accs {
		if accs[i].hash != "" {
			continue
		}
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			h, err := hashPassword(accs[i].pw, s.cfg)
			accs[i].hash, accs[i].pw = h, ""
			return err
		})
	}
	return domain.Wrap(g.Wait(), "hash imported passwords")
}

// createAccounts writes the checked accounts. A code registered since the
// check is reported like any other taken code, and rolls everything back.
func createAccounts(ctx context.Context, tx *store.Tx, a domain.Actor, accs []newAccount) error {
	for _, acc := range accs {
		err := createAccount(ctx, tx, a, acc)
		if errors.Is(err, store.ErrDuplicate) {
			return &ImportError{Problems: []LineProblem{{Line: acc.line, Message: msgAccountTaken}}}
		}
		if err != nil {
			return domain.Wrap(err, "import account")
		}
	}
	return nil
}

func createAccount(ctx context.Context, tx *store.Tx, a domain.Actor, acc newAccount) error {
	id, err := tx.CreateOrg(ctx, acc.name, acc.uscc, true)
	if err != nil {
		return err
	}
	_, err = tx.CreateUser(
		ctx,
		store.NewUser{Login: acc.uscc, Name: acc.name, PasswordHash: acc.hash,
			Role: domain.RoleLegal, OrgID: id},
	)
	if err != nil {
		return err
	}
	return audit(ctx, tx, a, "import.account", "org", id, acc.uscc)
}

func excelNumber(label, v string) string {
	if !strings.Contains(v, "E+") {
		return ""
	}
	return label + "被 Excel 当作数字保存（显示为 " + v + "），末尾数字已丢失。请将该列设为“文本”格式后重新填写。"
}

// dataRows drops a header row. The first row is a header when its first
// cell is a label rather than a code: it contains Chinese characters or no
// digit at all ("统一社会信用代码", "USCC"). A mistyped code still has
// digits, so it is reported instead of being skipped without a word.
func dataRows(rows []sheet.Row) []sheet.Row {
	if len(rows) > 0 && isHeaderCell(rows[0].Cell(0)) {
		return rows[1:]
	}
	return rows
}

func isHeaderCell(c string) bool {
	han := strings.ContainsFunc(c, func(r rune) bool { return unicode.Is(unicode.Han, r) })
	return c != "" && (han || !strings.ContainsFunc(c, unicode.IsDigit))
}

// checkImportWidth reports content beyond the expected columns: usually a name
// with an unquoted comma, which would silently shift the later columns.
func checkImportWidth(p *problems, r sheet.Row, want int, columns string) {
	if len(r.Cells) > want {
		p.add(r.Line, fmt.Sprintf("本行有 %d 列，应为 %d 列（%s）。", len(r.Cells), want, columns))
	}
}

// checkImportText returns what is wrong with a required text cell, or "".
func checkImportText(label, v string, max int) string {
	switch n := utf8.RuneCountInString(v); {
	case n == 0:
		return "请填写" + label + "。"
	case n > max:
		return fmt.Sprintf("%s不能超过%d个字符，当前%d个。", label, max, n)
	}
	return ""
}

// reportDuplicates reports every line whose key also appears on other lines,
// naming those lines so either copy can be found.
func reportDuplicates(p *problems, lines map[string][]int, what string) {
	for _, ls := range lines {
		for _, l := range ls {
			if len(ls) > 1 {
				p.add(l, "与第 "+otherLines(ls, l)+" 行的"+what+"重复。")
			}
		}
	}
}

// otherLines joins the line numbers in ls other than self: "3、7".
func otherLines(ls []int, self int) string {
	var out []string
	for _, l := range ls {
		if l != self {
			out = append(out, fmt.Sprint(l))
		}
	}
	return strings.Join(out, "、")
}

func noImportData() error {
	return domain.Errorf(domain.Invalid, "文件中没有可导入的数据行。")
}
