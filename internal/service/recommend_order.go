package service

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"hatch/internal/domain"
	"hatch/internal/store"
)

// 推荐排序: the order in which a department puts the applications of a
// round that it recommends onwards. The 推荐表 and the 推荐函 list them so.

const msgStaleOrder = "推荐排序已被他人修改，请刷新页面，按最新的排序重新调整。"

// RankedApp is an application of a department's 推荐排序.
type RankedApp struct {
	QueueItem
	Recommended   bool // the department recommended it onwards, not withdrawn since
	RecommendedAt time.Time
	Opinion       string   // the 推荐意见: the comment of that recommendation
	Score         *float64 // the department's 专家评审 average in this round; nil when none
	recommendStep int64    // the recommendation's place in the log, for ties of time
}

// RecommendOrderView is a department's 推荐排序 of one round: what it has
// recommended and what still waits for it, in order.
type RecommendOrderView struct {
	Dept      domain.Department
	Round     domain.Round
	Revision  int64 // 0 while nobody has saved an order
	UpdatedBy string
	UpdatedAt time.Time
	Apps      []RankedApp
}

// RecommendOrder shows the actor's department's 推荐排序 of round roundID:
// the places saved first, then what it recommended in the order it did,
// then what waits for it by submission.
func (s *Service) RecommendOrder(ctx context.Context, a domain.Actor, roundID int64) (RecommendOrderView, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return RecommendOrderView{}, err
	}
	return s.recommendOrder(ctx, d, roundID, QueueFilter{RoundID: roundID})
}

func (s *Service) recommendOrder(
	ctx context.Context,
	d domain.Department,
	roundID int64,
	f QueueFilter,
) (RecommendOrderView, error) {
	v := RecommendOrderView{Dept: d}
	r, err := s.store.Round(ctx, roundID)
	if err != nil {
		return v, err
	}
	v.Round = r
	o, err := s.store.RecommendOrder(ctx, d.ID, roundID)
	if err != nil {
		return v, err
	}
	v.Revision, v.UpdatedBy, v.UpdatedAt = o.Revision, o.UpdatedBy, o.UpdatedAt
	f.RoundID = roundID
	apps, err := s.rankable(ctx, d, f)
	v.Apps = ordered(apps, o.Apps)
	return v, err
}

// rankable lists the applications of the filter that the department
// recommended or that wait for it.
func (s *Service) rankable(ctx context.Context, d domain.Department, f QueueFilter) ([]RankedApp, error) {
	items, err := s.allItems(ctx, d, f)
	if err != nil {
		return nil, err
	}
	waiting := domain.StatusesAt(d.Level)
	var out []RankedApp
	for _, it := range items {
		steps, err := s.store.Steps(ctx, it.ID)
		if err != nil {
			return nil, err
		}
		r := standing(d.Level, it, steps)
		if r.Recommended || slices.Contains(waiting, it.Status) {
			out = append(out, r)
		}
	}
	return out, nil
}

// allItems is every application of the department's queue in the filter
// f, with the names lists show.
func (s *Service) allItems(ctx context.Context, d domain.Department, f QueueFilter) ([]QueueItem, error) {
	apps, err := s.allQueue(ctx, d, f)
	if err != nil {
		return nil, err
	}
	return newNamer(s, d.Level).items(ctx, apps)
}

// standing reads from an application's review log whether the department's
// level recommended it in the current round, and its expert score there. A
// recommendation counts while it is the level's last step: one the level
// took back (撤回) is followed by another step of the level, and one
// returned to the applicant since is no longer recommended.
func standing(l domain.Level, it QueueItem, steps []domain.ReviewStep) RankedApp {
	r := RankedApp{QueueItem: it}
	if it.Status.Editable() { // returned: judged anew once submitted again
		return r
	}
	for _, st := range currentSteps(steps) {
		if st.Level != l {
			continue
		}
		r.Recommended = st.Action == domain.ActRecommend
		if r.Recommended {
			r.RecommendedAt, r.Opinion, r.recommendStep = st.At, strings.TrimSpace(st.Comment), st.ID
		}
		if st.Action == domain.ActScore {
			sc := st.Score
			r.Score = &sc
		}
	}
	return r
}

// currentSteps is domain.CurrentRound of a review log.
func currentSteps(steps []domain.ReviewStep) []domain.ReviewStep {
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Action == domain.ActSubmit {
			return steps[i:]
		}
	}
	return steps
}

// ordered puts apps in the saved order, then the recommended ones by the
// time of recommendation, then the waiting ones by submission.
func ordered(apps []RankedApp, saved []int64) []RankedApp {
	place := map[int64]int{}
	for i, id := range saved {
		place[id] = i + 1
	}
	// group, place or time, then the log's order for steps of one instant
	rank := func(x RankedApp) [3]int64 {
		if p, ok := place[x.ID]; ok {
			return [3]int64{0, int64(p), 0}
		}
		if x.Recommended {
			return [3]int64{1, x.RecommendedAt.UnixNano(), x.recommendStep}
		}
		return [3]int64{2, x.SubmittedAt.UnixNano(), x.ID}
	}
	out := slices.Clone(apps)
	slices.SortStableFunc(out, func(x, y RankedApp) int {
		rx, ry := rank(x), rank(y)
		return cmp.Or(slices.Compare(rx[:], ry[:]), cmp.Compare(x.ID, y.ID))
	})
	return out
}

// SaveRecommendOrder saves the actor's department's 推荐排序 of round
// roundID: order lists applications first first; those it leaves out
// follow in their present order. revision is the order's revision the
// reviewer started from: a save by someone else since is a Conflict. An
// application the department cannot rank is NotFound.
func (s *Service) SaveRecommendOrder(
	ctx context.Context,
	a domain.Actor,
	roundID, revision int64,
	order []int64,
) (RecommendOrderView, error) {
	v, err := s.RecommendOrder(ctx, a, roundID)
	if err != nil {
		return v, err
	}
	ids, err := v.complete(order)
	if err != nil {
		return v, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.SaveRecommendOrder(ctx, v.Dept.ID, roundID, revision, ids, a.ID); err != nil {
			return say(err, store.ErrStale, msgStaleOrder)
		}
		return audit(ctx, tx, a, "recommend.order", "round", roundID, v.Dept.Name+"："+refNos(v.Apps, ids))
	})
	if err != nil {
		return v, err
	}
	return s.RecommendOrder(ctx, a, roundID)
}

// complete checks that order names only the view's applications, each
// once, and appends the others in the view's order.
func (v RecommendOrderView) complete(order []int64) ([]int64, error) {
	seen := map[int64]bool{}
	var ids []int64
	for _, id := range order {
		if !slices.ContainsFunc(v.Apps, func(x RankedApp) bool { return x.ID == id }) {
			return nil, domain.ErrNotFound
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, x := range v.Apps {
		if !seen[x.ID] {
			ids = append(ids, x.ID)
		}
	}
	return ids, nil
}

// Reorder is the order a reviewer asks for on the 推荐排序 page: the
// applications by the places typed (ties and blanks keep the present
// order), then, when move is "up-ID" or "down-ID", that one moved a place.
// A place that is not a whole number from 1 is Invalid, beside its field
// rank-ID; a place or a move for an application not in the view is
// NotFound, as it is for every application the department cannot see.
func (v RecommendOrderView) Reorder(places map[int64]string, move string) ([]int64, error) {
	has := func(id int64) bool { return slices.ContainsFunc(v.Apps, func(x RankedApp) bool { return x.ID == id }) }
	for id := range places {
		if !has(id) {
			return nil, domain.ErrNotFound
		}
	}
	if _, idText, ok := strings.Cut(move, "-"); ok {
		if id, err := strconv.ParseInt(idText, 10, 64); err != nil || !has(id) {
			return nil, domain.ErrNotFound
		}
	}
	var fe domain.FieldErrors
	type entry struct {
		id    int64
		place int
	}
	entries := make([]entry, len(v.Apps))
	for i, x := range v.Apps {
		entries[i] = entry{x.ID, i + 1}
		text := strings.TrimSpace(places[x.ID])
		if text == "" {
			continue
		}
		n, err := strconv.Atoi(text)
		if err != nil || n < 1 {
			fe.Add("rank-"+strconv.FormatInt(x.ID, 10), x.CarrierName+"的名次", "请填写从 1 开始的整数名次。")
			continue
		}
		entries[i].place = n
	}
	if len(fe) > 0 {
		return nil, &domain.Error{Kind: domain.Invalid, Message: "有名次填写不正确，排序未保存。", Fields: fe}
	}
	slices.SortStableFunc(entries, func(x, y entry) int { return cmp.Compare(x.place, y.place) })
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.id
	}
	return moved(ids, move), nil
}

// moved moves the application that move names ("up-ID", "down-ID") one
// place; anything else leaves ids as they are.
func moved(ids []int64, move string) []int64 {
	dir, idText, ok := strings.Cut(move, "-")
	id, err := strconv.ParseInt(idText, 10, 64)
	i := slices.Index(ids, id)
	if !ok || err != nil || i < 0 {
		return ids
	}
	j := i - 1
	if dir == "down" {
		j = i + 1
	} else if dir != "up" {
		return ids
	}
	if j >= 0 && j < len(ids) {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids
}

// refNos lists the 受理编号 of ids in order, for the audit log.
func refNos(apps []RankedApp, ids []int64) string {
	var out []string
	for _, id := range ids {
		if i := slices.IndexFunc(apps, func(x RankedApp) bool { return x.ID == id }); i >= 0 {
			out = append(out, apps[i].RefNo)
		}
	}
	return strings.Join(out, "、")
}
