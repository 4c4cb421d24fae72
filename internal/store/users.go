package store

import (
	"context"
	"database/sql"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/ident"
)

const userColumns = `id, login, name, role, org_id, dept_id, mobile, email, disabled,
	must_change_password, revision, created_at, updated_at`

// LoginKey is how logins are matched: canonical (canonicalLogin) and
// case-folded, so a USCC typed in lower case, in full width or in groups
// still finds its account, and two spellings of one code are one login.
func LoginKey(login string) string { return strings.ToLower(CanonicalLogin(login)) }

// CanonicalLogin is a login as stored: trimmed, and a login that is a
// 统一社会信用代码 (a migrated 火炬统计 account's) in the code's canonical
// form, however it was typed.
func CanonicalLogin(login string) string {
	if code := ident.Canonical(login); ident.ValidUSCC(code) {
		return code
	}
	return strings.TrimSpace(login)
}

func scanUser(row scanner) (domain.User, error) {
	var u domain.User
	var org, dept sql.NullInt64
	var created, updated sql.NullInt64
	var role string
	err := row.Scan(&u.ID, &u.Login, &u.Name, &role, &org, &dept, &u.Mobile, &u.Email,
		&u.Disabled, &u.MustChangePassword, &u.Revision, &created, &updated)
	u.Role, u.OrgID, u.DeptID = domain.Role(role), org.Int64, dept.Int64
	u.CreatedAt, u.UpdatedAt = fromMS(created), fromMS(updated)
	return u, notFound(err)
}

// NewUser is what creating an account needs.
type NewUser struct {
	Login, Name, PasswordHash string
	Role                      domain.Role
	OrgID, DeptID             int64
	Mobile, Email             string
	MustChangePassword        bool
}

// CreateUser inserts an account. A taken login is ErrDuplicate.
func (tx *Tx) CreateUser(ctx context.Context, u NewUser) (int64, error) {
	id, err := tx.insertID(ctx, `INSERT INTO users (login, login_key, password_hash, name, role,
		org_id, dept_id, mobile, email, must_change_password, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
		CanonicalLogin(u.Login), LoginKey(u.Login), u.PasswordHash, u.Name, string(u.Role),
		nullID(u.OrgID), nullID(u.DeptID), u.Mobile, u.Email, u.MustChangePassword, ms(tx.now))
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	return id, err
}

// User returns one account by id.
func (r reads) User(ctx context.Context, id int64) (domain.User, error) {
	return scanUser(r.q.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

// UserByLogin returns an account and its password hash for logging in.
func (s *Store) UserByLogin(ctx context.Context, login string) (domain.User, string, error) {
	var hash string
	row := s.r.QueryRowContext(
		ctx,
		`SELECT `+userColumns+`, password_hash FROM users WHERE login_key = $1`,
		LoginKey(login),
	)
	u, err := scanUser(scanTail{row, &hash})
	return u, hash, err
}

// scanTail scans the usual columns plus extra trailing ones.
type scanTail struct {
	row   scanner
	extra *string
}

func (s scanTail) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

// PasswordHash returns the stored hash for a user, for re-authentication.
func (s *Store) PasswordHash(ctx context.Context, id int64) (string, error) {
	var h string
	err := s.r.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, id).Scan(&h)
	return h, notFound(err)
}

// SetPassword replaces a user's password hash and whether it must be
// changed at next login.
func (tx *Tx) SetPassword(ctx context.Context, id int64, hash string, mustChange bool) error {
	return expectOne(tx.exec(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2,
		revision = revision + 1, updated_at = $3 WHERE id = $4`, hash, mustChange, ms(tx.now), id))
}

// SetUserDisabled enables or disables an account.
func (tx *Tx) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	return expectOne(tx.exec(ctx, `UPDATE users SET disabled = $1, revision = revision + 1,
		updated_at = $2 WHERE id = $3`, disabled, ms(tx.now), id))
}

// UpdateUserContact changes a user's display name, mobile and e-mail.
func (tx *Tx) UpdateUserContact(ctx context.Context, id int64, name, mobile, email string) error {
	return expectOne(tx.exec(ctx, `UPDATE users SET name = $1, mobile = $2, email = $3,
		revision = revision + 1, updated_at = $4 WHERE id = $5`, name, mobile, email, ms(tx.now), id))
}

// UsersOfOrg lists an organisation's accounts, the legal-person one first.
func (s *Store) UsersOfOrg(ctx context.Context, orgID int64) ([]domain.User, error) {
	return s.users(ctx, `SELECT `+userColumns+` FROM users WHERE org_id = $1
		ORDER BY CASE role WHEN 'legal' THEN 0 ELSE 1 END, id`, orgID)
}

// Users lists accounts for administrators, newest first.
func (s *Store) Users(ctx context.Context, f domain.UserFilter) ([]domain.User, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	return s.users(ctx, `SELECT `+userColumns+` FROM users
		WHERE ($1 = '' OR login_key LIKE $2 ESCAPE '\' OR name LIKE $2 ESCAPE '\')
		AND ($3 = '' OR role = $3)
		ORDER BY id DESC LIMIT $4 OFFSET $5`,
		f.Search, likePattern(strings.ToLower(f.Search)), string(f.Role), f.Limit, f.Offset)
}

func (s *Store) users(ctx context.Context, q string, args ...any) ([]domain.User, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
