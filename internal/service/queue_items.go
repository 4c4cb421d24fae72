package service

import (
	"context"
	"strings"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/region"
)

// QueueItem is an application of a department's queue with the names and
// the facts the 工作台 and the exports show.
type QueueItem struct {
	domain.Application
	Operator     string // 运营主体: the organisation's name
	RegionName   string // 所属地区, with its province
	AcceptorName string // 受理机构
	VersionCode  string // the submitted 版本号
	// Days is how many calendar days (China time) it has waited at the
	// department's level since it reached it; -1 when it is not there.
	Days  int
	Paper domain.Paper // the paper check of the current round
	// Score is the 专家评审 score recorded at the department's level in the
	// current round; nil when none.
	Score *float64
	// The deadlines that bear on it: the 受理机构's paper deadline
	// (YYYY-MM-DD HH:MM), the round's closing day, and the last day of a
	// 公示 that runs today ("" when none runs).
	PaperDeadline string
	ClosesOn      string
	PublicTo      string
	// Experts is the department's experts on it while their sheets come
	// in; nil when it has assigned none.
	Experts *ExpertSummary
}

// namer looks up what a list shows of its applications: the names once
// per organisation and round, and every review log of the page in one
// query, so that a page costs the same few queries however long it is.
type namer struct {
	s         *Service
	level     domain.Level
	today     time.Time // midnight, China time
	orgs      map[int64]string
	acceptors map[int64]map[string]domain.Acceptor
	rounds    map[int64]domain.Round
}

func newNamer(s *Service, level domain.Level) *namer {
	now := s.now().In(clock.Zone)
	return &namer{s: s, level: level, today: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, clock.Zone),
		orgs: map[int64]string{}, acceptors: map[int64]map[string]domain.Acceptor{}, rounds: map[int64]domain.Round{}}
}

func (n *namer) items(ctx context.Context, apps []domain.Application) ([]QueueItem, error) {
	ids, orgs := make([]int64, len(apps)), make([]int64, len(apps))
	for i, app := range apps {
		ids[i], orgs[i] = app.ID, app.OrgID
	}
	names, err := n.s.store.OrgNames(ctx, orgs)
	if err != nil {
		return nil, err
	}
	n.orgs = names
	steps, err := n.s.store.StepsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]QueueItem, 0, len(apps))
	for _, app := range apps {
		it, err := n.item(ctx, app, steps[app.ID])
		if err != nil {
			return out, err
		}
		out = append(out, it)
	}
	return out, nil
}

func (n *namer) item(ctx context.Context, app domain.Application, steps []domain.ReviewStep) (QueueItem, error) {
	it := QueueItem{Application: app, Operator: n.orgs[app.OrgID], RegionName: region.FullNameOf(app.RegionCode),
		VersionCode: app.Version}
	if err := n.roundFacts(ctx, &it); err != nil {
		return it, err
	}
	n.reviewFacts(&it, steps)
	// Only a returned application can have a version newer than the one it
	// was submitted with: the others are frozen since their 提交.
	if app.Status.Editable() && app.SubmittedVersion != 0 {
		vs, err := n.s.store.Versions(ctx, app.ID)
		if err != nil {
			return it, err
		}
		for _, v := range vs {
			if v.ID == app.SubmittedVersion {
				it.VersionCode = v.Code
			}
		}
	}
	return it, nil
}

// roundFacts fills in the 受理机构 and the deadlines of the round, read
// once per round.
func (n *namer) roundFacts(ctx context.Context, it *QueueItem) error {
	acc, ok := n.acceptors[it.RoundID]
	if !ok {
		list, err := n.s.store.Acceptors(ctx, it.RoundID)
		if err != nil {
			return err
		}
		acc = map[string]domain.Acceptor{}
		for _, x := range list {
			acc[x.Code] = x
		}
		n.acceptors[it.RoundID] = acc
		if n.rounds[it.RoundID], err = n.s.store.Round(ctx, it.RoundID); err != nil {
			return err
		}
	}
	a := acc[it.AcceptorCode]
	it.AcceptorName, it.PaperDeadline, it.ClosesOn = a.Name, a.Deadline, n.rounds[it.RoundID].ClosesOn
	if it.AcceptorName == "" {
		it.AcceptorName = region.FullNameOf(it.AcceptorCode)
	}
	return nil
}

// reviewFacts reads the days waiting, the paper check, the score and a
// running 公示 from the application's review log.
func (n *namer) reviewFacts(it *QueueItem, steps []domain.ReviewStep) {
	it.Days = -1
	today := n.today.Format(time.DateOnly)
	for _, st := range currentSteps(steps) {
		switch {
		case st.Level == n.level && st.Action == domain.ActScore:
			sc := st.Score
			it.Score = &sc
		case st.Action == domain.ActPublicity:
			it.PublicTo = ""
			if st.PublicFrom <= today && today <= st.PublicTo {
				it.PublicTo = st.PublicTo
			}
		}
	}
	it.Paper = domain.PaperOf(plainSteps(steps))
	if n.level == "" || it.Status.AtLevel() != n.level {
		return
	}
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].To.AtLevel() == n.level && steps[i].From.AtLevel() != n.level {
			it.Days = n.daysSince(steps[i].At)
			return
		}
	}
}

// daysSince counts the calendar days from t's day to today, China time.
func (n *namer) daysSince(t time.Time) int {
	t = t.In(clock.Zone)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, clock.Zone)
	return max(0, int(n.today.Sub(day).Hours()+12)/24) // +12: a day of 23 or 25 hours is still a day
}

// Deadline is one dated limit of a queue item, as the 工作台 lists it.
type Deadline struct {
	Label string // 纸质材料, 申报截止, 公示截止
	Date  string // YYYY-MM-DD, or with HH:MM
}

// Deadlines lists the item's deadlines that are set.
func (it QueueItem) Deadlines() []Deadline {
	var out []Deadline
	for _, d := range []Deadline{{"纸质材料", it.PaperDeadline}, {"申报截止", it.ClosesOn}, {"公示截止", it.PublicTo}} {
		if d.Date = strings.TrimSpace(d.Date); d.Date != "" {
			out = append(out, d)
		}
	}
	return out
}
