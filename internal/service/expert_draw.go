package service

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"hatch/internal/domain"
	"hatch/internal/store"
)

// DrawItem is one application of a random draw: the experts drawn for it,
// or why it got none.
type DrawItem struct {
	AppID   int64
	RefNo   string
	Carrier string
	Experts []domain.Expert
	Refused string // "" when experts were drawn
}

// DrawResult lists every application of a draw, in the order asked.
type DrawResult struct {
	Items []DrawItem
}

// Drawn counts the applications that got experts.
func (r DrawResult) Drawn() int {
	n := 0
	for _, it := range r.Items {
		if it.Refused == "" {
			n++
		}
	}
	return n
}

// MaxPerApp bounds how many experts one draw puts on an application.
const MaxPerApp = 15

// DrawExperts draws perApp experts at random for each application from
// the actor's pool, with an even load across the pool and across the
// applications drawn together (domain.DrawEven): an application that has
// some experts already gets the rest up to perApp. Experts with a conflict
// of interest, disabled or already on the application are never drawn. An
// application that is not at the department's level, or lacks eligible
// experts, is refused with its reason and the others go ahead. The random
// source is the service's (Deps.Rand), so a test's seed gives its draw.
func (s *Service) DrawExperts(ctx context.Context, a domain.Actor, appIDs []int64, perApp int) (DrawResult, error) {
	d, err := s.pool(ctx, a)
	if err != nil {
		return DrawResult{}, err
	}
	if perApp < 1 || perApp > MaxPerApp {
		return DrawResult{}, fieldMessage("per_app", "每项专家人数", fmt.Sprintf("每项专家人数应为1至%d。", MaxPerApp))
	}
	res, cases, slots := s.planDraw(ctx, a, slices.Compact(appIDs), perApp)
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.recordDraw(ctx, tx, a, d, res, cases, slots)
	})
	if errors.Is(err, store.ErrDuplicate) {
		return DrawResult{}, domain.Errorf(domain.Conflict, "抽取时他人也在分配专家，请重新抽取。")
	}
	return res, err
}

// planDraw loads each application and what it needs, outside the
// transaction: reading the 申报书 of many applications must not hold the
// write lock.
func (s *Service) planDraw(ctx context.Context, a domain.Actor, appIDs []int64, perApp int) (
	DrawResult, map[int64]expertCase, []domain.DrawSlot) {
	var res DrawResult
	cases, slots := map[int64]expertCase{}, []domain.DrawSlot{}
	for _, id := range appIDs {
		it, c, slot := s.drawSlot(ctx, a, id, perApp)
		res.Items = append(res.Items, it)
		if it.Refused == "" {
			cases[id], slots = c, append(slots, slot)
		}
	}
	return res, cases, slots
}

// recordDraw draws with the loads as they stand inside tx and records the
// assignments; res's items get their experts or the reason.
func (s *Service) recordDraw(ctx context.Context, tx *store.Tx, a domain.Actor, d domain.Department,
	res DrawResult, cases map[int64]expertCase, slots []domain.DrawSlot) error {
	load, err := tx.ExpertLoads(ctx, d.ID)
	if err != nil {
		return err
	}
	drawn := s.drawEven(slots, load)
	pool, err := s.store.ExpertsOfPool(ctx, d.ID)
	if err != nil {
		return err
	}
	for i, it := range res.Items {
		c, planned := cases[it.AppID]
		if !planned {
			continue
		}
		if drawn[it.AppID] == nil {
			res.Items[i].Refused = "符合条件的专家不足，未抽取。"
			continue
		}
		es := expertsByID(pool, drawn[it.AppID])
		if err := s.addAssignments(ctx, tx, a, c, es); err != nil {
			return err
		}
		res.Items[i].Experts = es
	}
	return nil
}

// drawSlot loads one application of a draw and what it needs; a refusal
// is said in the item.
func (s *Service) drawSlot(ctx context.Context, a domain.Actor, appID int64, perApp int) (DrawItem, expertCase, domain.DrawSlot) {
	it := DrawItem{AppID: appID}
	c, err := s.expertCase(ctx, a, appID)
	if err != nil {
		it.Refused = "未找到该申报，或不在本部门办理范围内。"
		return it, c, domain.DrawSlot{}
	}
	it.RefNo, it.Carrier = c.app.RefNo, c.app.CarrierName
	if c.blockedBy != "" {
		it.Refused = c.blockedBy
		return it, c, domain.DrawSlot{}
	}
	cands, err := s.candidates(ctx, c)
	if err != nil {
		it.Refused = domain.Message(err)
		return it, c, domain.DrawSlot{}
	}
	counting := domain.PanelOf(c.assigned)
	need := perApp - (counting.Assigned - counting.Recused)
	if need <= 0 {
		it.Refused = fmt.Sprintf("已分配 %d 位专家，无需再抽取。", perApp-need)
		return it, c, domain.DrawSlot{}
	}
	var eligible []int64
	for _, x := range cands {
		if !x.Disabled && !x.Assigned && len(x.Conflicts) == 0 {
			eligible = append(eligible, x.ID)
		}
	}
	if len(eligible) < need {
		it.Refused = fmt.Sprintf("需要再抽取 %d 位专家，符合条件（未回避、无利益冲突、账号可用）的只有 %d 位。", need, len(eligible))
		return it, c, domain.DrawSlot{}
	}
	return it, c, domain.DrawSlot{AppID: appID, Need: need, Eligible: eligible}
}

// drawEven runs the pure draw on the service's random source, which is
// not safe for concurrent use.
func (s *Service) drawEven(slots []domain.DrawSlot, load map[int64]int) map[int64][]int64 {
	s.randMu.Lock()
	defer s.randMu.Unlock()
	return domain.DrawEven(slots, load, s.rand)
}

func expertsByID(pool []domain.Expert, ids []int64) []domain.Expert {
	var out []domain.Expert
	for _, e := range pool {
		if slices.Contains(ids, e.ID) {
			out = append(out, e)
		}
	}
	return out
}
