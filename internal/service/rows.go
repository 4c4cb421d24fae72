package service

import (
	"context"
	"sort"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// TableQuery asks for one page of a detail table.
type TableQuery struct {
	Search   string // part of any value
	Sort     string // a column key; "" keeps entry order
	Desc     bool
	Problems bool // only rows with problems
	Page     int  // from 1
	PerPage  int
}

// TableRow is a row with its problems and files, as a table page shows it.
type TableRow struct {
	domain.Row
	Number int // position in the table, as users count rows
	Issues []form.Issue
	Files  map[string][]domain.AppFile
}

// TablePage is one page of a table with counts for the whole table.
type TablePage struct {
	Table       *form.Table
	Rows        []TableRow
	Total       int // rows in the table
	Matching    int // rows matching the search and filter
	WithProblem int // rows of the whole table with problems
	Page, Pages int
}

// TableRows lists a detail table for its page: hundreds of rows are
// searched, sorted and paged in memory, which is quicker than a round trip
// per page and keeps the SQL the same on both engines.
func (s *Service) TableRows(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	table string,
	q TableQuery,
) (TablePage, error) {
	v, err := s.Application(ctx, a, appID)
	if err != nil {
		return TablePage{}, err
	}
	return v.TableRows(table, q)
}

// TableRows pages a table of a view already loaded (and so already checked
// for the actor), for a page that shows the application around the table.
func (v AppView) TableRows(table string, q TableQuery) (TablePage, error) {
	t := v.Type.Table(table)
	if t == nil {
		return TablePage{}, domain.ErrNotFound
	}
	rows := tableRows(v, t)
	p := TablePage{Table: t, Total: len(rows)}
	for _, r := range rows {
		if len(r.Issues) > 0 {
			p.WithProblem++
		}
	}
	rows = filterRows(rows, q)
	sortRows(rows, q)
	p.Matching = len(rows)
	p.Rows, p.Page, p.Pages = pageOf(rows, q.Page, q.PerPage)
	return p, nil
}

// TableRow returns one row as its table lists it: with its number, its
// files and the problems the application's rules find in it.
func (s *Service) TableRow(ctx context.Context, a domain.Actor, appID, rowID int64) (TableRow, error) {
	v, err := s.Application(ctx, a, appID)
	if err != nil {
		return TableRow{}, err
	}
	for key, rows := range v.Form.Rows {
		t := v.Type.Table(key)
		for i, r := range rows {
			if r.ID == rowID && t != nil {
				return tableRows(v, t)[i], nil // in the order of v.Form.Rows
			}
		}
	}
	return TableRow{}, domain.ErrNotFound
}

func tableRows(v AppView, t *form.Table) []TableRow {
	byRow := map[int64]map[string][]domain.AppFile{}
	for _, f := range v.Files {
		if byRow[f.RowID] == nil {
			byRow[f.RowID] = map[string][]domain.AppFile{}
		}
		byRow[f.RowID][f.Slot] = append(byRow[f.RowID][f.Slot], f)
	}
	issues := map[int64][]form.Issue{}
	for _, is := range v.Issues {
		if is.Table == t.Key {
			issues[is.RowID] = append(issues[is.RowID], is)
		}
	}
	out := make([]TableRow, 0, len(v.Form.Rows[t.Key]))
	for i, r := range v.Form.Rows[t.Key] {
		out = append(out, TableRow{Row: r, Number: i + 1, Issues: issues[r.ID], Files: byRow[r.ID]})
	}
	return out
}

func filterRows(rows []TableRow, q TableQuery) []TableRow {
	needle := strings.ToLower(strings.TrimSpace(q.Search))
	if needle == "" && !q.Problems {
		return rows
	}
	out := rows[:0:0]
	for _, r := range rows {
		if q.Problems && len(r.Issues) == 0 {
			continue
		}
		if needle != "" && !rowContains(r.Data, needle) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func rowContains(v domain.Values, needle string) bool {
	for _, val := range v {
		if strings.Contains(strings.ToLower(val), needle) {
			return true
		}
	}
	return false
}

// sortRows orders by a column: numerically when both values are numbers,
// else as text (dates sort correctly as text). Ties keep entry order.
func sortRows(rows []TableRow, q TableQuery) {
	if q.Sort == "" {
		return
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Data[q.Sort], rows[j].Data[q.Sort]
		if q.Desc {
			a, b = b, a
		}
		x, okx := form.Number(a)
		y, oky := form.Number(b)
		if okx && oky {
			return x < y
		}
		return a < b
	})
}

func pageOf(rows []TableRow, page, per int) ([]TableRow, int, int) {
	if per <= 0 || per > 500 {
		per = 50
	}
	pages := (len(rows) + per - 1) / per
	if pages == 0 {
		pages = 1
	}
	page = max(1, min(page, pages))
	lo := (page - 1) * per
	return rows[lo:min(lo+per, len(rows))], page, pages
}

// Row returns one row of an application with its files, for the row form.
func (s *Service) Row(ctx context.Context, a domain.Actor, appID, rowID int64) (domain.Row, error) {
	if _, err := s.owned(ctx, a, appID); err != nil {
		return domain.Row{}, err
	}
	r, err := s.store.Row(ctx, appID, rowID)
	if err != nil {
		return r, err
	}
	r.Files, err = s.store.RowFiles(ctx, appID, rowID)
	return r, err
}

// owned loads an application of the actor's organisation and nothing else:
// the cheap check for actions that do not need the whole view.
func (s *Service) owned(
	ctx context.Context,
	a domain.Actor,
	appID int64,
) (domain.Application, error) {
	if err := requireCertified(a); err != nil {
		return domain.Application{}, err
	}
	return s.store.Application(ctx, a.OrgID, appID)
}

// SaveRow inserts (rowID 0, table given) or updates a row of a detail
// table, with the same draft and conflict rules as SaveSection. For an
// update the table may be "": it is read from the stored row inside the
// transaction, so a save costs no extra round trip.
func (s *Service) SaveRow(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	table string,
	rowID int64,
	in domain.Values,
	rev int64,
) (Saved, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return Saved{}, err
	}
	in = clean(in)
	var out Saved
	var t *form.Table
	err = s.store.InSaveTx(ctx, func(tx *store.Tx) error {
		out = Saved{ID: rowID} // this may be a second run (InSaveTx)
		if t, err = s.rowTable(ctx, tx, v, appID, rowID, table); err != nil {
			return err
		}
		in = form.CanonicalIdentifiers(t.Columns, in)
		if refused := form.Refused(t.Columns, in); len(refused) > 0 {
			return refusedErr(refused)
		}
		if err := s.putRow(ctx, tx, a, appID, t.Key, in, rev, &out); err != nil {
			return err
		}
		return touch(ctx, tx, a, appID)
	})
	if err != nil {
		return Saved{}, s.lockedMeanwhile(ctx, a, appID, err)
	}
	out.Issues = v.rules().RowFieldIssues(t, domain.Row{ID: out.ID, Table: t.Key, Data: in})
	return out, nil
}

// rowTable finds the table a save writes to: the given one for a new row,
// the stored row's own for an update (a different given table is NotFound).
func (s *Service) rowTable(
	ctx context.Context,
	tx *store.Tx,
	v editing,
	appID, rowID int64,
	table string,
) (*form.Table, error) {
	if rowID != 0 {
		cur, err := tx.Row(ctx, appID, rowID)
		if err != nil {
			return nil, err
		}
		if table != "" && table != cur.Table {
			return nil, domain.ErrNotFound
		}
		table = cur.Table
	}
	t := v.Type.Table(table)
	if t == nil {
		return nil, domain.ErrNotFound
	}
	return t, nil
}

func (s *Service) putRow(
	ctx context.Context,
	tx *store.Tx,
	a domain.Actor,
	appID int64,
	table string,
	in domain.Values,
	rev int64,
	out *Saved,
) error {
	if out.ID == 0 {
		id, err := tx.InsertRow(ctx, appID, table, in, a.ID)
		out.ID, out.Revision = id, 1
		return err
	}
	newRev, err := tx.UpdateRow(ctx, appID, out.ID, in, rev, a.ID)
	if err != nil {
		return s.conflict(ctx, tx, err, func() (domain.Values, int64, error) {
			r, err := tx.Row(ctx, appID, out.ID)
			return r.Data, r.Revision, err
		})
	}
	out.Revision = newRev
	return nil
}

// DeleteRow removes a row and its files, if it is still at revision rev.
func (s *Service) DeleteRow(ctx context.Context, a domain.Actor, appID, rowID, rev int64) error {
	if _, err := s.editable(ctx, a, appID); err != nil {
		return err
	}
	files, err := s.store.RowFiles(ctx, appID, rowID)
	if err != nil {
		return domain.Wrap(err, "load row files")
	}
	err = s.store.InSaveTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteRow(ctx, appID, rowID, rev); err != nil {
			return say(err, store.ErrStale, msgStaleRow)
		}
		return touch(ctx, tx, a, appID)
	})
	if err != nil {
		return s.lockedMeanwhile(ctx, a, appID, err)
	}
	ids := make([]int64, 0, len(files))
	for _, f := range files {
		ids = append(ids, f.AttachmentID)
	}
	s.discardUploads(ctx, ids...)
	return nil
}
