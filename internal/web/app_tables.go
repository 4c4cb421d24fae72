package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
	"hatch/internal/sheet"
)

// Detail tables (明细表): a page per table with search, sort, a filter for
// rows with problems and paging, and a form per row with the row's files.
// Tables run to hundreds of rows, so the list shows only the summary
// columns and each row's problems at a glance.

const rowsPerPage = 50

// tablePage is one page of a detail table.
type tablePage struct {
	Page
	App      appRef
	Table    *form.Table
	Sec      *form.Section
	Res      service.TablePage
	Heads    []colHead
	Rows     []rowLine
	Query    string
	Sort     string
	Desc     bool
	Problems bool
	Base     string // the table page's path
	Prev     string // paging links, "" on the first or last page
	Next     string
	Filter   string // the link that turns the problems filter on or off
	Clear    string // the link that clears search and filter
	Import   importLimits
	// NotFillable: some cell on the page is "—", so the page says what
	// the dash means.
	NotFillable bool
}

// importLimits is what the import form says of the files it takes.
type importLimits struct {
	MaxSize string
	MaxRows int
	MatchBy string // the columns that say which row a spreadsheet row updates
	Open    bool   // the card is open: the user came back to import again
	Naming  string // how the files of an archive are named; "" for a table without files
}

func importLimitsOf(t *form.Table) importLimits {
	var labels []string
	for _, k := range t.MatchBy {
		labels = append(labels, t.Column(k).Label)
	}
	return importLimits{MaxSize: form.FileSize(min(maxForm, sheet.MaxFileSize)), MaxRows: sheet.MaxTableRows,
		MatchBy: strings.Join(labels, "和"), Naming: service.NamingRule(t)}
}

// colHead is a column header that sorts the table.
type colHead struct {
	Label    string
	URL      string
	AriaSort string // ascending, descending or ""
	Numeric  bool
	Long     bool // a long header, which may wrap
}

// rowLine is a row as the list shows it.
type rowLine struct {
	ID       int64
	Number   int
	Cells    []cell
	Problems []string
	Excluded string // why the row does not count (不计入：…); "" when it counts
	Files    int
	URL      string
}

type cell struct {
	Value       string
	Class       string // num for numbers, nowrap for dates and choices
	NotFillable bool   // the row's state leaves this column empty: shown as "—"
}

// ProblemTitle lists the row's problems for the badge's tooltip.
func (l rowLine) ProblemTitle() string { return strings.Join(l.Problems, "\n") }

// summaryColumns are the columns the list shows.
func summaryColumns(t *form.Table) []*form.Field {
	var out []*form.Field
	for i := range t.Columns {
		if t.Columns[i].Summary {
			out = append(out, &t.Columns[i])
		}
	}
	return out
}

func numeric(f *form.Field) bool { return f.Kind == form.Int || f.Kind == form.Decimal }

// cellClass keeps numbers right-aligned and dates and short choices on
// one line; names and addresses wrap.
func cellClass(f *form.Field) string {
	switch {
	case numeric(f):
		return "num"
	case f.Kind == form.Date || f.Kind == form.Enum || f.Kind == form.USCC:
		return "nowrap"
	}
	return "text"
}

func (s *Server) handleAppTable(w http.ResponseWriter, r *http.Request) {
	a, id, key := actor(r), pathID(r), r.PathValue("table")
	v, err := s.svc.Application(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := v.Type.Table(key)
	if t == nil {
		s.fail(w, r, domain.ErrNotFound)
		return
	}
	q := r.URL.Query()
	p := tablePage{Page: s.appPage(w, r, v.Type, t.Title), App: refOf(v), Table: t,
		Sec: v.Type.Section(t.Section), Query: strings.TrimSpace(q.Get("q")),
		Problems: q.Get("problems") == "1", Desc: q.Get("desc") == "1",
		Base: refOf(v).URL() + "/tables/" + key, Import: importLimitsOf(t)}
	p.Import.Open = q.Get("import") == "1"
	cols := summaryColumns(t)
	for _, c := range cols {
		if c.Key == q.Get("sort") {
			p.Sort = c.Key
		}
	}
	p.Desc = p.Desc && p.Sort != ""
	page, _ := strconv.Atoi(q.Get("page"))
	p.Res, err = v.TableRows(key, service.TableQuery{Search: p.Query, Sort: p.Sort,
		Desc: p.Desc, Problems: p.Problems, Page: page, PerPage: rowsPerPage})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.fill(cols)
	s.render(w, r, http.StatusOK, "app_table", p)
}

// fill lays out the page of rows found: the sorting headers, the rows'
// summary cells, and the paging and filter links.
func (p *tablePage) fill(cols []*form.Field) {
	for _, c := range cols {
		h := colHead{Label: c.Header(), Numeric: numeric(c), Long: utf8.RuneCountInString(c.Header()) > 5}
		desc := false
		if p.Sort == c.Key {
			h.AriaSort = map[bool]string{false: "ascending", true: "descending"}[p.Desc]
			desc = !p.Desc
		}
		h.URL = p.link(map[string]string{"sort": c.Key, "desc": flag(desc), "page": ""})
		p.Heads = append(p.Heads, h)
	}
	for _, row := range p.Res.Rows {
		p.Rows = append(p.Rows, p.rowLineOf(row, cols))
	}
	if p.Res.Page > 1 {
		p.Prev = p.link(map[string]string{"page": strconv.Itoa(p.Res.Page - 1)})
	}
	if p.Res.Page < p.Res.Pages {
		p.Next = p.link(map[string]string{"page": strconv.Itoa(p.Res.Page + 1)})
	}
	p.Filter = p.link(map[string]string{"problems": flag(!p.Problems), "page": ""})
	p.Clear = p.link(map[string]string{"q": "", "problems": "", "page": ""})
}

// rowLineOf is one row of the table: its summary cells ("—" where not
// fillable), its problems and how many files it has.
func (p *tablePage) rowLineOf(row service.TableRow, cols []*form.Field) rowLine {
	line := rowLine{ID: row.ID, Number: row.Number,
		URL: p.App.URL() + "/rows/" + strconv.FormatInt(row.ID, 10)}
	for _, c := range cols {
		cl := cell{Value: row.Data[c.Key], Class: cellClass(c), NotFillable: !c.Fillable(row.Data)}
		if cl.NotFillable {
			cl.Value, p.NotFillable = "—", true
		}
		line.Cells = append(line.Cells, cl)
	}
	for _, is := range row.Issues {
		switch {
		case !is.Warning:
			line.Problems = append(line.Problems, is.Message)
		case is.Field == form.CountedField:
			line.Excluded = is.Message
		}
	}
	for _, fs := range row.Files {
		line.Files += len(fs)
	}
	return line
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// link is this table page with some query parameters changed ("" drops one).
func (p tablePage) link(change map[string]string) string {
	q := url.Values{}
	cur := map[string]string{
		"q":        p.Query,
		"sort":     p.Sort,
		"desc":     flag(p.Desc),
		"problems": flag(p.Problems),
		"page":     strconv.Itoa(p.Res.Page),
	}
	if p.Res.Page <= 1 {
		cur["page"] = ""
	}
	for k, v := range change {
		cur[k] = v
	}
	for _, k := range []string{"q", "sort", "desc", "problems", "page"} {
		if cur[k] != "" {
			q.Set(k, cur[k])
		}
	}
	if len(q) == 0 {
		return p.Base
	}
	return p.Base + "?" + q.Encode()
}
