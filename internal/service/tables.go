package service

import (
	"context"
	"sort"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
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
func (s *Service) TableRows(ctx context.Context, a domain.Actor, appID int64, table string, q TableQuery) (TablePage, error) {
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

// SectionFiles returns the files of a section (承诺书), by slot.
func (s *Service) SectionFiles(ctx context.Context, a domain.Actor, appID int64) (map[string][]domain.AppFile, error) {
	if _, err := s.owned(ctx, a, appID); err != nil {
		return nil, err
	}
	files, err := s.store.AppFiles(ctx, appID)
	out := map[string][]domain.AppFile{}
	for _, f := range files {
		if f.RowID == 0 {
			out[f.Slot] = append(out[f.Slot], f)
		}
	}
	return out, err
}

// owned loads an application of the actor's organisation and nothing else:
// the cheap check for actions that do not need the whole view.
func (s *Service) owned(ctx context.Context, a domain.Actor, appID int64) (domain.Application, error) {
	if err := requireCertified(a); err != nil {
		return domain.Application{}, err
	}
	return s.store.Application(ctx, a.OrgID, appID)
}
