package store

import (
	"context"
	"slices"

	"hatch/internal/domain"
)

// MigrateTo applies the migrations up to version last, so that a test can
// write the data a later migration mends.
func (s *Store) MigrateTo(ctx context.Context, last int) error { return s.migrateTo(ctx, last) }

// Exec runs a statement as an older version of Hatch would have written
// it: the data a data migration exists for.
func (s *Store) Exec(ctx context.Context, query string, args ...any) error {
	return s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, query, args...)
		return err
	})
}

// InsertID runs an INSERT as an older version of Hatch would have written
// it and returns the new row's id.
func (s *Store) InsertID(ctx context.Context, query string, args ...any) (id int64, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.insertID(ctx, query, args...)
		return err
	})
	return id, err
}

// QueueByScan is Queue the slow way, as a reference: every application
// the department sees read and ordered by one plain query, the search
// checked on each name, without app_tally, app_search or the list index.
// It returns every id in order, the counts per status and the size.
func (s *Store) QueueByScan(ctx context.Context, q QueueQuery) ([]int64, map[domain.AppStatus]int, int, error) {
	var a args
	cond := q.scope(&a, false)
	size, err := s.count(ctx, `SELECT COUNT(*) FROM applications a WHERE `+cond, a)
	if err != nil {
		return nil, nil, 0, err
	}
	cond += " AND " + q.filters(&a)
	from := ` FROM applications a JOIN carriers c ON c.id = a.carrier_id JOIN orgs o ON o.id = a.org_id`
	if q.search() != "" {
		like := a.add(likePattern(q.search()))
		cond += ` AND (LOWER(c.name) LIKE ` + like + ` ESCAPE '\' OR LOWER(o.name) LIKE ` + like +
			` ESCAPE '\' OR LOWER(a.ref_no) LIKE ` + like + ` ESCAPE '\')`
	}
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.status`+from+` WHERE `+cond+`
		ORDER BY CASE WHEN a.status IN (`+statusList(&a, domain.StatusesAt(q.Level))+`) THEN 0 ELSE 1 END,
		a.submitted_at DESC, a.id DESC`, a...)
	counts := map[domain.AppStatus]int{}
	ids, err := listOf(rows, err, func(r scanner) (int64, error) {
		var id int64
		var st string
		err := r.Scan(&id, &st)
		counts[domain.AppStatus(st)]++
		if q.Status != "" && domain.AppStatus(st) != q.Status {
			return 0, err
		}
		return id, err
	})
	return slices.DeleteFunc(ids, func(id int64) bool { return id == 0 }), counts, size, err
}

func (s *Store) count(ctx context.Context, query string, a args) (int, error) {
	var n int
	return n, s.r.QueryRowContext(ctx, query, a...).Scan(&n)
}

// QueueDrift counts the rows where app_tally or app_search disagree with
// the applications, carriers and organisations they are kept from.
func (s *Store) QueueDrift(ctx context.Context) (tally, search int, err error) {
	tally, err = s.count(ctx, `SELECT COUNT(*) FROM (
		SELECT `+tallyKey+`, SUM(n) AS n FROM (
			SELECT `+tallyKey+`, n FROM app_tally
			UNION ALL
			SELECT `+tallyOf("a")+`, -1 FROM applications a) d
		GROUP BY `+tallyKey+` HAVING SUM(n) <> 0) x`, nil)
	if err != nil {
		return 0, 0, err
	}
	search, err = s.count(ctx, `SELECT
		(SELECT COUNT(*) FROM applications a JOIN carriers c ON c.id = a.carrier_id JOIN orgs o ON o.id = a.org_id
			LEFT JOIN app_search s ON s.rowid = a.id WHERE s.body IS NULL OR s.body <> `+searchBody+`)
		+ (SELECT COUNT(*) FROM app_search s WHERE s.rowid NOT IN (SELECT id FROM applications))`, nil)
	return tally, search, err
}

// ExecElsewhere runs a statement as another instance of Hatch on the same
// database would: past this store's transactions, so nothing it keeps in
// memory learns of it.
func (s *Store) ExecElsewhere(ctx context.Context, query string, args ...any) error {
	_, err := s.w.DB.ExecContext(ctx, query, args...)
	return err
}

// OpenToChanges is the statuses a touch accepts.
func OpenToChanges() []domain.AppStatus { return openToChanges[:] }
