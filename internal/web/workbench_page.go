package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// statusTag is the colour of a status tag: in review blue, returned amber,
// filed green, ended without 备案 red.
func statusTag(st domain.AppStatus) string {
	switch {
	case st == domain.AppFiled:
		return "tag-green"
	case st == domain.AppReturned:
		return "tag-amber"
	case st.Final():
		return "tag-red"
	case st == domain.AppDraft:
		return "tag-grey"
	}
	return "tag-blue"
}

// paperTag is the colour of a paper check: matched green, mismatched red,
// not yet checked grey.
func paperTag(p domain.Paper) string {
	switch p {
	case domain.PaperMatched:
		return "tag-green"
	case domain.PaperMismatched:
		return "tag-red"
	}
	return "tag-grey"
}

// queueForm is the 工作台's filters exactly as typed, for refilling them.
type queueForm struct {
	Status, Round, Area, HostType, Q string
	Page                             int
}

// queueInput is the 工作台's filters in the query.
func queueInput(r *http.Request) service.QueueInput {
	q := r.URL.Query()
	return service.QueueInput{Status: q.Get("status"), Round: q.Get("round"), Area: q.Get("area"),
		HostType: q.Get("host_type"), Search: q.Get("q"), Page: q.Get("page")}
}

// queueFormOf reads the filters from the query; values the department has
// no option for are dropped rather than searched for.
func queueFormOf(r *http.Request, o service.QueueOptions) (queueForm, service.QueueFilter) {
	qf, _ := o.Parse(queueInput(r))
	f := queueForm{
		Status:   string(qf.Status),
		Area:     qf.Area,
		HostType: qf.HostType,
		Q:        qf.Search,
		Page:     qf.Page,
	}
	if qf.RoundID != 0 {
		f.Round = strconv.FormatInt(qf.RoundID, 10)
	}
	return f, qf
}

// values is the filter as a query, without the page; status only when
// withStatus.
func (f queueForm) values(withStatus bool) url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"round": f.Round, "area": f.Area, "host_type": f.HostType, "q": f.Q} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if withStatus && f.Status != "" {
		v.Set("status", f.Status)
	}
	return v
}

// Narrowed reports whether any filter besides the status is set.
func (f queueForm) Narrowed() bool {
	return f.Round != "" || f.Area != "" || f.HostType != "" || f.Q != ""
}

func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// statusTab is one tab of the 工作台: a status (or 全部) with its count.
type statusTab struct {
	Label   string
	Status  domain.AppStatus
	Count   int
	URL     string
	Current bool
	Waiting bool // the department's 待办
}

// workbenchPage is the reviewers' 工作台.
type workbenchPage struct {
	Page
	Queue        service.QueuePage
	Options      service.QueueOptions
	Form         queueForm
	Tabs         []statusTab
	PrevURL      string
	NextURL      string
	ExportURL    string
	RecommendURL string // "" when the department has no 推荐表
	LetterURL    string // the 推荐函; "" with the 推荐表
	OrderURL     string // the 推荐排序; "" with the 推荐表
	// ResultURL is 火炬中心's list of what the chosen round passed; ""
	// without a round. ListType names the chosen round's lists.
	ResultURL string
	ListType  *form.Type
	ClearURL  string
	Batch     workbenchBatch
}

func (s *Server) handleWorkbench(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	opts, err := s.svc.QueueOptions(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, qf := queueFormOf(r, opts)
	q, err := s.svc.QueueItems(ctx, a, qf)
	if err == nil && q.Page > q.Pages() {
		// A page beyond the end (the list shrank since): show the last one.
		qf.Page, f.Page = q.Pages(), q.Pages()
		q, err = s.svc.QueueItems(ctx, a, qf)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := workbenchPage{Page: s.page(w, r, "工作台", "workbench"), Queue: q, Options: opts, Form: f,
		Tabs: statusTabs(q, opts, f)}
	p.links(q, f)
	if p.Batch, err = s.workbenchBatch(r, qf); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "workbench", p)
}

// statusTabs are 全部 and a tab per status, each with its count within
// the other filters.
func statusTabs(q service.QueuePage, opts service.QueueOptions, f queueForm) []statusTab {
	tabs := []statusTab{{Label: "全部", Count: q.All, URL: withQuery("/workbench", f.values(false)),
		Current: f.Status == ""}}
	c := tabChain(opts, f)
	for _, st := range opts.Statuses {
		v := f.values(false)
		v.Set("status", string(st))
		tabs = append(tabs, statusTab{Label: c.StatusLabel(st), Status: st, Count: q.Counts[st],
			URL: withQuery("/workbench", v), Current: f.Status == string(st), Waiting: opts.Waiting(st)})
	}
	return tabs
}

// tabChain names the tabs: a queue narrowed to one round holds one type,
// whose chain has the words; otherwise the mixed wording.
func tabChain(opts service.QueueOptions, f queueForm) *domain.Chain {
	for _, r := range opts.Rounds {
		if strconv.FormatInt(r.ID, 10) == f.Round {
			return domain.ChainOf(r.TypeCode)
		}
	}
	return domain.Mixed()
}

// links sets the paging, export and clearing links of the filters f.
func (p *workbenchPage) links(q service.QueuePage, f queueForm) {
	page := func(n int) string {
		v := f.values(true)
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		return withQuery("/workbench", v)
	}
	if q.Page > 1 {
		p.PrevURL = page(q.Page - 1)
	}
	if q.Page < q.Pages() {
		p.NextURL = page(q.Page + 1)
	}
	p.ExportURL = withQuery("/workbench/export.xlsx", f.values(true))
	if q.Dept.Level != domain.LevelTorch {
		p.RecommendURL = withQuery("/workbench/recommend.xlsx", f.values(false))
		p.LetterURL = withQuery("/workbench/recommend.pdf", f.values(false))
		p.OrderURL = withQuery("/workbench/order", url.Values{"round": {f.Round}})
		if f.Round == "" {
			p.OrderURL = "/workbench/order"
		}
	}
	p.ListType = form.Types()[0]
	for _, r := range p.Options.Rounds {
		if strconv.FormatInt(r.ID, 10) == f.Round {
			p.ListType = typeOrDefault(r.TypeCode)
			if q.Dept.Level == domain.LevelTorch {
				p.ResultURL = withQuery("/workbench/list.xlsx", url.Values{"round": {f.Round}})
			}
		}
	}
	p.ClearURL = withQuery("/workbench", url.Values{"status": {f.Status}})
	if f.Status == "" {
		p.ClearURL = "/workbench"
	}
}

// handleWorkbenchResultList sends 火炬中心's list of the chosen round.
func (s *Server) handleWorkbenchResultList(w http.ResponseWriter, r *http.Request) {
	s.sendExport(w, r, s.svc.ExportResultList)
}

func (s *Server) handleWorkbenchExport(w http.ResponseWriter, r *http.Request) {
	s.sendExport(w, r, s.svc.ExportQueue)
}

func (s *Server) handleWorkbenchRecommend(w http.ResponseWriter, r *http.Request) {
	s.sendExport(w, r, s.svc.ExportRecommend)
}

type exporter func(ctx context.Context, a domain.Actor, f service.QueueFilter) ([]byte, string, error)

// queueFilter reads the 工作台's filter from the query, as the links of
// the page keep it, for what is made of the filtered list.
func (s *Server) queueFilter(r *http.Request) (service.QueueFilter, error) {
	opts, err := s.svc.QueueOptions(r.Context(), actor(r))
	if err != nil {
		return service.QueueFilter{}, err
	}
	_, qf := queueFormOf(r, opts)
	return qf, nil
}

func (s *Server) sendExport(w http.ResponseWriter, r *http.Request, export exporter) {
	qf, err := s.queueFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, name, err := export(r.Context(), actor(r), qf)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendBytes(
		w,
		download{
			Name: name,
			Type: xlsxType,
		},
		data,
	)
}
