package store

import (
	"context"
	"fmt"

	"hatch/internal/domain"
	"hatch/internal/ident"
)

// canonicalIdentifiers is the data step of migration 0008: the
// 统一社会信用代码 and 身份证号码 stored before codes were kept in their
// canonical form (ident.Canonical) are folded to it — organisations'
// codes and document numbers, logins that are codes, the registry, and
// the code columns of detail-table rows.
//
// Folding changes how a code is written, not what it says, so revisions
// and data_rev stay: a page opened before the upgrade saves without a
// conflict, and a 申报书 version made before stays current. Versions keep
// their frozen snapshot as printed, and audit entries their words.
//
// A code whose canonical form another record already has is left as it
// was and reported in the audit log (action ConflictAction): which of the
// two is right is for an administrator to find out, and nothing is lost.
func canonicalIdentifiers(ctx context.Context, tx *Tx) error {
	for _, step := range []dataStep{canonicalOrgs, canonicalLogins, canonicalRegistry, canonicalRowCodes} {
		if err := step(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// ConflictAction is the audit action of a code that folding would have
// made the same as another record's.
const ConflictAction = "migrate.identifier_conflict"

func reportConflict(ctx context.Context, tx *Tx, targetType string, id int64, detail string) error {
	return tx.Audit(ctx, domain.AuditEntry{ActorLogin: "system", Action: ConflictAction,
		TargetType: targetType, TargetID: id, Detail: detail})
}

// storedOrg is what the step reads of an organisation: its code and the
// numbers of the 被授权人's and the 法定代表人's documents.
type storedOrg struct {
	id              int64
	uscc, auth, rep string
}

// canonicalOrgs folds each organisation's code and both document numbers.
// A code already written canonically keeps it; of two that fold to the
// same code, the organisation registered first gets it.
func canonicalOrgs(ctx context.Context, tx *Tx) error {
	orgs, err := readOrgCodes(ctx, tx)
	if err != nil {
		return err
	}
	owner := make(map[string]int64, len(orgs)) // code → organisation, as stored now
	for _, o := range orgs {
		owner[o.uscc] = o.id
	}
	for _, o := range orgs {
		uscc := ident.Canonical(o.uscc)
		if other, taken := owner[uscc]; taken && other != o.id {
			detail := fmt.Sprintf("统一社会信用代码“%s”按规范写法为 %s，与单位 #%d 的代码相同，本单位的代码未改写。请核实两家单位是否为同一单位。",
				o.uscc, uscc, other)
			if err := reportConflict(ctx, tx, "org", o.id, detail); err != nil {
				return err
			}
			uscc = o.uscc
		}
		auth, rep := ident.Canonical(o.auth), ident.Canonical(o.rep)
		if uscc == o.uscc && auth == o.auth && rep == o.rep {
			continue
		}
		delete(owner, o.uscc)
		owner[uscc] = o.id
		if _, err := tx.exec(ctx, `UPDATE orgs SET uscc = $1, auth_id_number = $2, rep_id_number = $3
			WHERE id = $4`, uscc, auth, rep, o.id); err != nil {
			return err
		}
	}
	return nil
}

func readOrgCodes(ctx context.Context, tx *Tx) ([]storedOrg, error) {
	rows, err := tx.query(ctx, `SELECT id, uscc, auth_id_number, rep_id_number FROM orgs ORDER BY id`)
	return listOf(rows, err, func(r scanner) (storedOrg, error) {
		var o storedOrg
		err := r.Scan(&o.id, &o.uscc, &o.auth, &o.rep)
		return o, err
	})
}

// canonicalLogins gives a login that is a code its canonical form and key
// (LoginKey), so that it is found however the code is typed.
func canonicalLogins(ctx context.Context, tx *Tx) error {
	type user struct {
		id         int64
		login, key string
	}
	rows, err := tx.query(ctx, `SELECT id, login, login_key FROM users ORDER BY id`)
	users, err := listOf(rows, err, func(r scanner) (user, error) {
		var u user
		err := r.Scan(&u.id, &u.login, &u.key)
		return u, err
	})
	if err != nil {
		return err
	}
	owner := make(map[string]int64, len(users))
	for _, u := range users {
		owner[u.key] = u.id
	}
	for _, u := range users {
		login, key := CanonicalLogin(u.login), LoginKey(u.login)
		if other, taken := owner[key]; taken && other != u.id {
			detail := fmt.Sprintf("登录名“%s”按规范写法为 %s，与账号 #%d 的登录名相同，本账号的登录名未改写。", u.login, login, other)
			if err := reportConflict(ctx, tx, "user", u.id, detail); err != nil {
				return err
			}
			continue
		}
		if login == u.login && key == u.key {
			continue
		}
		delete(owner, u.key)
		owner[key] = u.id
		if _, err := tx.exec(ctx, `UPDATE users SET login = $1, login_key = $2 WHERE id = $3`,
			login, key, u.id); err != nil {
			return err
		}
	}
	return nil
}

// registryPage bounds what the registry step holds in memory: the
// register of legal persons may be large.
const registryPage = 1000

type registryCodes struct{ uscc, rep string }

// canonicalRegistry folds the registry's codes and representatives'
// numbers, a page at a time in code order.
func canonicalRegistry(ctx context.Context, tx *Tx) error {
	var changed []registryCodes
	after := ""
	for {
		rows, err := tx.query(ctx, `SELECT uscc, rep_id_number FROM registry WHERE uscc > $1
			ORDER BY uscc LIMIT $2`, after, registryPage)
		page, err := listOf(rows, err, func(r scanner) (registryCodes, error) {
			var e registryCodes
			err := r.Scan(&e.uscc, &e.rep)
			return e, err
		})
		if err != nil {
			return err
		}
		for _, e := range page {
			if ident.Canonical(e.uscc) != e.uscc || ident.Canonical(e.rep) != e.rep {
				changed = append(changed, e)
			}
		}
		if len(page) < registryPage {
			break
		}
		after = page[len(page)-1].uscc
	}
	for _, e := range changed {
		if err := foldRegistryEntry(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

func foldRegistryEntry(ctx context.Context, tx *Tx, e registryCodes) error {
	uscc, rep := ident.Canonical(e.uscc), ident.Canonical(e.rep)
	if uscc != e.uscc {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM registry WHERE uscc = $1`, uscc).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			detail := fmt.Sprintf("法人登记信息中的统一社会信用代码“%s”按规范写法为 %s，登记信息中已有该代码，这一条未改写。", e.uscc, uscc)
			if err := reportConflict(ctx, tx, "registry", 0, detail); err != nil {
				return err
			}
			uscc = e.uscc
		}
	}
	_, err := tx.exec(ctx, `UPDATE registry SET uscc = $1, rep_id_number = $2 WHERE uscc = $3`, uscc, rep, e.uscc)
	return err
}

// rowCodeColumns are the code columns of the detail tables as declared
// when this migration was written (form.Makerspace: 运营人员's 身份证号码,
// the 统一社会信用代码 of 创业团队 and 入驻企业). A migration mends the data
// of its time; columns declared later are saved canonical from the start.
var rowCodeColumns = map[string][]string{
	"staff":       {"id_number"},
	"teams":       {"company_uscc"},
	"enterprises": {"uscc"},
}

// rowPage bounds the rows the step holds in memory at once.
const rowPage = 500

// canonicalRowCodes folds the code columns inside the JSON of table rows,
// a page at a time, and their search text with them.
func canonicalRowCodes(ctx context.Context, tx *Tx) error {
	type stored struct {
		id          int64
		table, data string
	}
	var after int64
	for {
		rows, err := tx.query(ctx, `SELECT id, table_key, data FROM app_rows
			WHERE table_key IN ('staff', 'teams', 'enterprises') AND id > $1 ORDER BY id LIMIT $2`, after, rowPage)
		page, err := listOf(rows, err, func(r scanner) (stored, error) {
			var s stored
			err := r.Scan(&s.id, &s.table, &s.data)
			return s, err
		})
		if err != nil {
			return err
		}
		for _, r := range page {
			if err := foldRowCodes(ctx, tx, r.id, r.table, r.data); err != nil {
				return err
			}
		}
		if len(page) < rowPage {
			return nil
		}
		after = page[len(page)-1].id
	}
}

func foldRowCodes(ctx context.Context, tx *Tx, id int64, table, data string) error {
	v, err := decodeValues(data)
	if err != nil {
		return fmt.Errorf("app_rows %d: %w", id, err)
	}
	changed := false
	for _, k := range rowCodeColumns[table] {
		if code, ok := v[k]; ok && ident.Canonical(code) != code {
			v[k], changed = ident.Canonical(code), true
		}
	}
	if !changed {
		return nil
	}
	text, err := encodeValues(v)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE app_rows SET data = $1, search = $2 WHERE id = $3`, text, searchText(v), id)
	return err
}
