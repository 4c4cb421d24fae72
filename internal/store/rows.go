package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"

	"hatch/internal/domain"
)

// Rows of detail tables (明细表) belong to an application; every query here
// names the application as well as the row, so a row id taken from another
// application's page finds nothing.

const rowColumns = `id, app_id, table_key, data, revision, created_at, updated_by, updated_at`

func scanRow(row scanner) (domain.Row, error) {
	var r domain.Row
	var data string
	var created, by, updated sql.NullInt64
	if err := row.Scan(&r.ID, &r.AppID, &r.Table, &data, &r.Revision, &created, &by, &updated); err != nil {
		return r, notFound(err)
	}
	r.CreatedAt, r.UpdatedBy, r.UpdatedAt = fromMS(created), by.Int64, fromMS(updated)
	var err error
	r.Data, err = decodeValues(data)
	return r, err
}

// Rows lists the rows of one table of an application in the order they were
// added.
func (r reads) Rows(ctx context.Context, appID int64, table string) ([]domain.Row, error) {
	rows, err := r.q.query(ctx, `SELECT `+rowColumns+` FROM app_rows
		WHERE app_id = $1 AND table_key = $2 ORDER BY id`, appID, table)
	return listOf(rows, err, scanRow)
}

// AllRows returns every row of an application in one query, by table, each
// table's rows in the order they were added.
func (s *Store) AllRows(ctx context.Context, appID int64) (map[string][]domain.Row, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowColumns+` FROM app_rows
		WHERE app_id = $1 ORDER BY id`, appID)
	list, err := listOf(rows, err, scanRow)
	out := map[string][]domain.Row{}
	for _, r := range list {
		out[r.Table] = append(out[r.Table], r)
	}
	return out, err
}

// Row returns one row of an application.
func (r reads) Row(ctx context.Context, appID, rowID int64) (domain.Row, error) {
	return scanRow(r.q.queryRow(ctx, `SELECT `+rowColumns+` FROM app_rows
		WHERE id = $1 AND app_id = $2`, rowID, appID))
}

// InsertRow adds a row to a table of an application, at revision 1.
func (tx *Tx) InsertRow(
	ctx context.Context,
	appID int64,
	table string,
	data domain.Values,
	userID int64,
) (int64, error) {
	text, err := encodeValues(data)
	if err != nil {
		return 0, err
	}
	return tx.insertID(ctx, `INSERT INTO app_rows (app_id, table_key, data, search, created_by,
		created_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $5, $6)`,
		appID, table, text, searchText(data), nullID(userID), ms(tx.now))
}

// rowsPerInsert bounds a multi-row INSERT: 500 rows of 6 values stay far
// below either engine's limit on parameters, and one statement per 500
// rows instead of per row is what makes a 10,000-row import quick on
// PostgreSQL, where every statement is a round trip.
const rowsPerInsert = 500

// InsertRows adds many rows to a table of an application, at revision 1,
// in the order given.
func (tx *Tx) InsertRows(
	ctx context.Context,
	appID int64,
	table string,
	rows []domain.Values,
	userID int64,
) error {
	for start := 0; start < len(rows); start += rowsPerInsert {
		batch := rows[start:min(start+rowsPerInsert, len(rows))]
		var q strings.Builder
		q.WriteString(
			`INSERT INTO app_rows (app_id, table_key, data, search, created_by, created_at,
			updated_by, updated_at) VALUES `,
		)
		args := make([]any, 0, 8*len(batch))
		for i, v := range batch {
			text, err := encodeValues(v)
			if err != nil {
				return err
			}
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(")
			for j := range 8 {
				if j > 0 {
					q.WriteString(", ")
				}
				q.WriteString(tx.s.dialect.param(len(args) + j + 1))
			}
			q.WriteString(")")
			args = append(
				args,
				appID,
				table,
				text,
				searchText(v),
				nullID(userID),
				ms(tx.now),
				nullID(userID),
				ms(tx.now),
			)
		}
		tx.statements++
		if _, err := tx.tx.ExecContext(tx.ctx(ctx), q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// UpdateRow replaces a row's values if it is still at revision rev and
// returns the new revision. A row changed since is ErrStale; a row deleted
// since (or another application's) is NotFound.
func (tx *Tx) UpdateRow(
	ctx context.Context,
	appID, rowID int64,
	data domain.Values,
	rev, userID int64,
) (int64, error) {
	text, err := encodeValues(data)
	if err != nil {
		return 0, err
	}
	res, err := tx.exec(ctx, `UPDATE app_rows SET data = $1, search = $2, revision = revision + 1,
		updated_by = $3, updated_at = $4 WHERE id = $5 AND app_id = $6 AND revision = $7`,
		text, searchText(data), nullID(userID), ms(tx.now), rowID, appID, rev)
	if err := tx.rowMissed(ctx, appID, rowID, res, err); err != nil {
		return 0, err
	}
	return rev + 1, nil
}

// DeleteRow deletes a row, and by cascade its app_files links, if it is
// still at revision rev: changed since is ErrStale, gone is NotFound. The
// caller removes the linked attachments (see Tx.RowFiles).
func (tx *Tx) DeleteRow(ctx context.Context, appID, rowID, rev int64) error {
	res, err := tx.exec(ctx, `DELETE FROM app_rows WHERE id = $1 AND app_id = $2 AND revision = $3`,
		rowID, appID, rev)
	return tx.rowMissed(ctx, appID, rowID, res, err)
}

// rowMissed explains a row UPDATE or DELETE at a revision that matched
// nothing: the row is gone (NotFound) or someone changed it (ErrStale).
func (tx *Tx) rowMissed(ctx context.Context, appID, rowID int64, res sql.Result, err error) error {
	if err := affected(res, err, ErrStale); !errors.Is(err, ErrStale) {
		return err
	}
	if _, err := tx.Row(ctx, appID, rowID); err != nil {
		return err
	}
	return ErrStale
}

// RowCounts returns how many rows each table of an application has; tables
// without rows are absent.
func (s *Store) RowCounts(ctx context.Context, appID int64) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT table_key, COUNT(*) FROM app_rows WHERE app_id = $1
		GROUP BY table_key`, appID)
	type count struct {
		table string
		n     int
	}
	list, err := listOf(rows, err, func(row scanner) (c count, err error) {
		return c, row.Scan(&c.table, &c.n)
	})
	out := make(map[string]int, len(list))
	for _, c := range list {
		out[c.table] = c.n
	}
	return out, err
}

// SearchRows lists the rows of one table whose values contain q, ignoring
// case; % and _ in q match only themselves.
func (s *Store) SearchRows(
	ctx context.Context,
	appID int64,
	table, q string,
) ([]domain.Row, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowColumns+` FROM app_rows
		WHERE app_id = $1 AND table_key = $2 AND search LIKE $3 ESCAPE '\' ORDER BY id`,
		appID, table, likePattern(searchKey(q)))
	return listOf(rows, err, scanRow)
}

// searchText is what SearchRows matches a row against: its values in key
// order, one per line, through searchKey.
func searchText(v domain.Values) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(v)) {
		b.WriteString(v[k])
		b.WriteByte('\n')
	}
	return searchKey(b.String())
}

// searchKey folds case the same way on both engines (SQLite's lower() knows
// only ASCII) and drops what PostgreSQL refuses in TEXT: NUL and invalid
// UTF-8.
func searchKey(s string) string {
	return strings.ToLower(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD"))
}

// encodeValues is the JSON text stored for Values; nil is "{}". HTML is not
// escaped, so what was typed is stored as typed. NUL is stored escaped
// (\u0000), so it survives PostgreSQL; invalid UTF-8 becomes U+FFFD.
func encodeValues(v domain.Values) (string, error) {
	if v == nil {
		return "{}", nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// decodeValues is the inverse of encodeValues; it never returns a nil map.
func decodeValues(s string) (domain.Values, error) {
	v := domain.Values{}
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, domain.Wrap(err, "decode stored values")
	}
	return v, nil
}

// listOf scans every row of a query with scan.
func listOf[T any](rows *sql.Rows, err error, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
