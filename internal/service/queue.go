package service

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/region"
	"hatch/internal/store"
)

// The reviewers' 工作台: a department's queue, filtered and paged, with the
// names a list shows (运营主体, 所属地区, 受理机构, the submitted 版本号) and
// the choices of its filters.

// QueueFilter is what a reviewer narrows the 工作台 to.
type QueueFilter struct {
	Status   domain.AppStatus
	RoundID  int64
	Area     string // a region code
	HostType string
	Search   string
	Page     int // from 1
}

// QueueView is one page of a department's applications with the counts
// per status.
type QueueView struct {
	Dept    domain.Department
	Apps    []domain.Application
	Total   int
	Counts  map[domain.AppStatus]int
	All     int // every status, within the filters
	Size    int // every application of the department, whatever the filters
	Page    int
	PerPage int
}

// Pages is the number of pages.
func (q QueueView) Pages() int { return max(1, (q.Total+q.PerPage-1)/q.PerPage) }

const queuePerPage = 30

// query is the store's query for the filter within department d's queue.
func (f QueueFilter) query(d domain.Department, limit, offset int) store.QueueQuery {
	return store.QueueQuery{Level: d.Level, Region: d.RegionCode, Status: f.Status, RoundID: f.RoundID,
		Area: f.Area, HostType: f.HostType, Search: f.Search, Limit: limit, Offset: offset}
}

// Queue lists the applications of the reviewer's department.
func (s *Service) Queue(ctx context.Context, a domain.Actor, f QueueFilter) (QueueView, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return QueueView{}, err
	}
	f.Page = max(f.Page, 1)
	q := f.query(d, queuePerPage, (f.Page-1)*queuePerPage)
	page, err := s.store.Queue(ctx, q)
	out := QueueView{
		Dept:    d,
		Apps:    page.Apps,
		Total:   page.Total,
		Counts:  page.Counts,
		Size:    page.Size,
		Page:    f.Page,
		PerPage: queuePerPage,
	}
	for _, n := range page.Counts {
		out.All += n
	}
	return out, err
}

// QueuePage is one page of the queue with its items named.
type QueuePage struct {
	QueueView
	Items []QueueItem
}

// QueueItems is Queue with every application named for the list.
func (s *Service) QueueItems(
	ctx context.Context,
	a domain.Actor,
	f QueueFilter,
) (QueuePage, error) {
	q, err := s.Queue(ctx, a, f)
	if err != nil {
		return QueuePage{QueueView: q}, err
	}
	items, err := newNamer(s, q.Dept.Level).items(ctx, q.Apps)
	if err != nil {
		return QueuePage{QueueView: q}, err
	}
	return QueuePage{QueueView: q, Items: items}, s.withExperts(ctx, a, items)
}

// withExperts adds the department's experts to each item of a page, in one
// query: the 工作台 shows how many sheets are in before the score is
// recorded.
func (s *Service) withExperts(ctx context.Context, a domain.Actor, items []QueueItem) error {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	sums, err := s.ExpertSummaries(ctx, a, ids)
	if err != nil {
		return err
	}
	for i := range items {
		if sum, ok := sums[items[i].ID]; ok {
			items[i].Experts = &sum
		}
	}
	return nil
}

// QueueOptions are the choices of the 工作台's filters for a department.
type QueueOptions struct {
	Statuses  []domain.AppStatus // every state the department can see, in chain order
	Mine      []domain.AppStatus // the states waiting for the department (待办)
	Rounds    []domain.Round
	Areas     []region.Region // the regions within the department's area; empty when there is nothing to narrow to
	HostTypes []string
}

// Waiting reports whether applications in state st wait for the department.
func (o QueueOptions) Waiting(st domain.AppStatus) bool { return slices.Contains(o.Mine, st) }

// QueueOptions lists the filter choices of the actor's 工作台.
func (s *Service) QueueOptions(ctx context.Context, a domain.Actor) (QueueOptions, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return QueueOptions{}, err
	}
	o := QueueOptions{Mine: domain.StatusesAt(d.Level)}
	for _, st := range domain.Statuses() {
		if st != domain.AppDraft &&
			(d.Level != domain.LevelTorch || slices.Contains(domain.ReachedTorch(), st)) {
			o.Statuses = append(o.Statuses, st)
		}
	}
	for _, code := range form.TypeCodes() {
		rs, err := s.store.Rounds(ctx, code)
		if err != nil {
			return o, err
		}
		o.Rounds = append(o.Rounds, rs...)
		if f := form.TypeOf(code).Section("basic").Field("host_type"); f != nil {
			for _, h := range f.Options {
				if !slices.Contains(o.HostTypes, h) {
					o.HostTypes = append(o.HostTypes, h)
				}
			}
		}
	}
	switch {
	case d.Level == domain.LevelTorch:
		o.Areas = region.Provinces()
	default: // a province's cities, a city's counties; a district has none
		o.Areas = region.Children(d.RegionCode)
	}
	return o, nil
}

// QueueInput is the 工作台's filters as typed (a query string).
type QueueInput struct {
	Status, Round, Area, HostType, Search, Page string
}

// maxQueueSearch is the longest search the 工作台 takes, in characters.
const maxQueueSearch = 100

// Parse checks typed filters against the department's choices. The filter
// holds the values that are among them; the errors name the others, for a
// client that wants to be told (a page simply shows the choices it has).
func (o QueueOptions) Parse(in QueueInput) (QueueFilter, domain.FieldErrors) {
	var f QueueFilter
	var fe domain.FieldErrors
	if st := domain.AppStatus(in.Status); slices.Contains(o.Statuses, st) {
		f.Status = st
	} else if in.Status != "" {
		fe.Add("status", "状态", "本部门没有该状态的申报。")
	}
	id, err := strconv.ParseInt(in.Round, 10, 64)
	if err == nil &&
		slices.ContainsFunc(o.Rounds, func(x domain.Round) bool { return x.ID == id }) {
		f.RoundID = id
	} else if in.Round != "" {
		fe.Add("round", "申报批次", "没有该申报批次。")
	}
	if slices.ContainsFunc(o.Areas, func(x region.Region) bool { return x.Code == in.Area }) {
		f.Area = in.Area
	} else if in.Area != "" {
		fe.Add("area", "所属地区", "该地区不在本部门的管辖范围内。")
	}
	if slices.Contains(o.HostTypes, in.HostType) {
		f.HostType = in.HostType
	} else if in.HostType != "" {
		fe.Add("host_type", "依托单位类型", "没有该依托单位类型。")
	}
	if f.Search = strings.TrimSpace(in.Search); utf8.RuneCountInString(f.Search) > maxQueueSearch {
		f.Search = string([]rune(f.Search)[:maxQueueSearch])
	}
	f.Page = 1
	if n, err := strconv.Atoi(in.Page); err == nil && n >= 1 {
		f.Page = n
	} else if in.Page != "" {
		fe.Add("page", "页码", "页码应为大于 0 的整数。")
	}
	return f, fe
}
