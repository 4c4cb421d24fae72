package store

import (
	"context"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/region"
)

// The reviewers' 工作台 over tens of thousands of applications. A page is
// read without visiting every application the department sees: the
// counts from app_tally, the page's ids in the list's order from the
// applications_recent index (stopping at the page's end), a search
// narrowed by app_search first (migration 0014).

// QueueQuery selects a department's applications.
type QueueQuery struct {
	Level    domain.Level
	Region   string           // the department's region code
	Status   domain.AppStatus // "" for every status
	RoundID  int64
	Area     string // a region code within the department's, to narrow to
	HostType string
	Search   string // carrier or operator name, or reference number
	Offset   int
	Limit    int
}

// QueuePage is one page of a department's queue.
type QueuePage struct {
	Apps   []domain.Application
	Total  int                      // on all pages: every filter, the status too
	Counts map[domain.AppStatus]int // per status: every filter but the status
	Size   int                      // the department's whole queue, no filter
}

// args numbers a query's arguments as they are added.
type args []any

// add appends v and returns its placeholder.
func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// scope is the condition of what a department sees: for a city, the
// applications of its area that a city level reviews; for a province,
// those sent to it as 受理机构; for 火炬中心, those that reached it. On
// app_tally (tally) submitted_at is the flag submitted.
func (q QueueQuery) scope(a *args, tally bool) string {
	submitted := "a.submitted_at IS NOT NULL"
	if tally {
		submitted = "a.submitted = TRUE"
	}
	switch q.Level {
	case domain.LevelCity:
		return submitted + " AND a.city_level = TRUE AND a.region_code LIKE " + a.add(region.Prefix(q.Region)+"%")
	case domain.LevelProvince:
		return submitted + " AND a.acceptor_code = " + a.add(q.Region)
	}
	return "a.status IN (" + statusList(a, domain.ReachedTorch()) + ")"
}

func statusList(a *args, sts []domain.AppStatus) string {
	marks := make([]string, len(sts))
	for i, st := range sts {
		marks[i] = a.add(string(st))
	}
	return strings.Join(marks, ", ")
}

// filters is the condition of the round, area and host filters: columns
// both applications and app_tally have. "TRUE" when none is set.
func (q QueueQuery) filters(a *args) string {
	cond := []string{"TRUE"}
	if q.RoundID > 0 {
		cond = append(cond, "a.round_id = "+a.add(q.RoundID))
	}
	if q.Area != "" {
		cond = append(cond, "a.region_code LIKE "+a.add(region.Prefix(q.Area)+"%"))
	}
	if q.HostType != "" {
		cond = append(cond, "a.host_type = "+a.add(q.HostType))
	}
	return strings.Join(cond, " AND ")
}

func (q QueueQuery) search() string { return strings.ToLower(strings.TrimSpace(q.Search)) }

// indexed reports whether app_search can find the search's rows: a
// pattern of three characters or more, without LIKE's own wildcards (the
// FTS5 index does not take them escaped).
func (q QueueQuery) indexed() bool {
	s := q.search()
	return len([]rune(s)) >= 3 && !strings.ContainsAny(s, `%_\`)
}

// searched is the condition of the search, on applications a joined with
// carriers c and orgs o: each name checked on its own, after app_search s
// has found the rows where it can.
func (q QueueQuery) searched(a *args) string {
	s := q.search()
	like := a.add(likePattern(s))
	cond := `(LOWER(c.name) LIKE ` + like + ` ESCAPE '\' OR LOWER(o.name) LIKE ` + like +
		` ESCAPE '\' OR LOWER(a.ref_no) LIKE ` + like + ` ESCAPE '\')`
	if q.indexed() {
		cond = `a.id = s.rowid AND s.body LIKE ` + a.add("%"+s+"%") + ` AND ` + cond
	}
	return cond
}

// where is the scope, the filters and the search, on applications.
func (q QueueQuery) where(a *args) string {
	cond := q.scope(a, false) + " AND " + q.filters(a)
	if q.search() != "" {
		cond += " AND " + q.searched(a)
	}
	return cond
}

// from is the queue's FROM clause: the carriers and organisations only
// when a search looks at their names, and then the search index first
// where it can find the rows (CROSS JOIN keeps SQLite to that order).
func (q QueueQuery) from() string {
	const names = ` JOIN carriers c ON c.id = a.carrier_id JOIN orgs o ON o.id = a.org_id`
	switch {
	case q.search() == "":
		return ` FROM applications a`
	case q.indexed():
		return ` FROM app_search s CROSS JOIN applications a` + names
	}
	return ` FROM applications a` + names
}

// Queue returns one page of a department's applications, in the list's
// order: those waiting for the department first, then the others, each
// the latest submitted first.
func (s *Store) Queue(ctx context.Context, q QueueQuery) (QueuePage, error) {
	p, err := s.queueCounts(ctx, q)
	if err != nil {
		return p, err
	}
	ids, err := s.queueIDs(ctx, q, p.Counts)
	if err != nil || len(ids) == 0 {
		return p, err
	}
	in, inArgs := inList("a.id", ids, 1)
	rows, err := s.r.QueryContext(ctx, applicationSelect+` WHERE `+in, inArgs...)
	apps, err := listOf(rows, err, scanApplication)
	byID := make(map[int64]domain.Application, len(apps))
	for _, a := range apps {
		byID[a.ID] = a
	}
	for _, id := range ids {
		p.Apps = append(p.Apps, byID[id])
	}
	return p, err
}

// queueCounts reads the size of the department's queue and the counts per
// status within the filters in one pass over app_tally; a search counts
// its matches instead.
func (s *Store) queueCounts(ctx context.Context, q QueueQuery) (QueuePage, error) {
	p := QueuePage{Counts: map[domain.AppStatus]int{}}
	var a args
	scope := q.scope(&a, true)
	rows, err := s.r.QueryContext(ctx, `SELECT a.status, SUM(a.n), SUM(CASE WHEN `+q.filters(&a)+` THEN a.n ELSE 0 END)
		FROM app_tally a WHERE `+scope+` GROUP BY a.status`, a...)
	type count struct {
		status    string
		all, kept int
	}
	list, err := listOf(rows, err, func(r scanner) (count, error) {
		var c count
		return c, r.Scan(&c.status, &c.all, &c.kept)
	})
	if err != nil {
		return p, err
	}
	for _, c := range list {
		p.Size += c.all
		if c.kept > 0 {
			p.Counts[domain.AppStatus(c.status)] = c.kept
		}
	}
	if q.search() != "" {
		if p.Counts, err = s.searchCounts(ctx, q); err != nil {
			return p, err
		}
	}
	for st, n := range p.Counts {
		if q.Status == "" || q.Status == st {
			p.Total += n
		}
	}
	return p, nil
}

// searchCounts counts a search's matches per status.
func (s *Store) searchCounts(ctx context.Context, q QueueQuery) (map[domain.AppStatus]int, error) {
	var a args
	rows, err := s.r.QueryContext(ctx, `SELECT a.status, COUNT(*)`+q.from()+` WHERE `+q.where(&a)+` GROUP BY a.status`, a...)
	out := map[domain.AppStatus]int{}
	_, err = listOf(rows, err, func(r scanner) (struct{}, error) {
		var st string
		var n int
		err := r.Scan(&st, &n)
		out[domain.AppStatus(st)] = n
		return struct{}{}, err
	})
	return out, err
}

// queueIDs returns the page's ids: from the applications waiting for the
// department, then from the others, each read in index order and cut at
// the page's end. The counts say how many wait, so each part knows its
// own offset.
func (s *Store) queueIDs(ctx context.Context, q QueueQuery, counts map[domain.AppStatus]int) ([]int64, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	waiting := domain.StatusesAt(q.Level)
	w := 0
	for _, st := range waiting {
		if q.Status == "" || q.Status == st {
			w += counts[st]
		}
	}
	var ids []int64
	if q.Offset < w {
		part, err := s.queuePart(ctx, q, waiting, true, limit, q.Offset)
		if err != nil {
			return nil, err
		}
		ids = part
	}
	if rest := limit - len(ids); rest > 0 {
		part, err := s.queuePart(ctx, q, waiting, false, rest, max(0, q.Offset-w))
		if err != nil {
			return nil, err
		}
		ids = append(ids, part...)
	}
	return ids, nil
}

// queuePart reads ids of the applications in (or, when in is false, not
// in) the statuses sts, the latest submitted first.
func (s *Store) queuePart(
	ctx context.Context,
	q QueueQuery,
	sts []domain.AppStatus,
	in bool,
	limit, offset int,
) ([]int64, error) {
	var a args
	cond := q.where(&a)
	if q.Status != "" {
		cond += " AND a.status = " + a.add(string(q.Status))
	}
	if len(sts) > 0 {
		not := " NOT"
		if in {
			not = ""
		}
		cond += " AND a.status" + not + " IN (" + statusList(&a, sts) + ")"
	} else if in {
		return nil, nil
	}
	from := q.from()
	if q.Level == domain.LevelTorch && q.search() == "" {
		// 火炬中心 sees most applications: reading them in the list's order
		// and stopping at the page beats sorting the tens of thousands a
		// status index would give, and SQLite has to be told so.
		from += s.dialect.recentIndex
	}
	query := `SELECT a.id` + from + ` WHERE ` + cond + ` ORDER BY a.submitted_at DESC, a.id DESC LIMIT ` +
		a.add(limit) + ` OFFSET ` + a.add(offset)
	rows, err := s.r.QueryContext(ctx, query, a...)
	return listOf(rows, err, func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
}
