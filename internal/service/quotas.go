package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// The 名额: 火炬中心 sets per round how many applications each 受理机构 may
// recommend; a province's 推荐至火炬中心 beyond it is refused in the same
// transaction that would record it.

// checkQuota refuses a province's recommendation when its 名额 in the
// application's round is used up. The quota row stays locked until the
// transaction ends, so a concurrent recommendation counts this one.
func (s *Service) checkQuota(ctx context.Context, tx *store.Tx, app domain.Application, step domain.Step) error {
	if step.Action != domain.ActRecommend || step.Level != domain.LevelProvince || !step.Moved() {
		return nil
	}
	q, err := tx.LockQuota(ctx, app.RoundID, app.AcceptorCode)
	if err != nil || !q.Set {
		return err
	}
	logs, err := tx.RecommendLogs(ctx, app.RoundID, app.AcceptorCode)
	if err != nil {
		return err
	}
	return domain.CheckQuota(domain.Recommended(logs), q)
}

// QuotaLine is one 受理机构's 名额 in a round and how much of it is used.
type QuotaLine struct {
	Round    domain.Round
	Acceptor domain.Acceptor
	Quota    domain.Quota
	Used     int // recommendations that hold a slot (domain.HoldsSlot)
}

// Text is the line as the 工作台 shows it: 已推荐 3 / 名额 5.
func (l QuotaLine) Text() string {
	return fmt.Sprintf("已推荐 %d / 名额 %s", l.Used, l.Quota.Label())
}

// Full reports whether no slot is left.
func (l QuotaLine) Full() bool { return l.Quota.Set && l.Used >= l.Quota.Limit }

// quotaLine reads one 受理机构's line of a round.
func (s *Service) quotaLine(
	ctx context.Context,
	r domain.Round,
	acc domain.Acceptor,
	quotas map[string]int,
) (QuotaLine, error) {
	l := QuotaLine{Round: r, Acceptor: acc}
	l.Quota.Limit, l.Quota.Set = quotas[acc.Code]
	logs, err := s.store.RecommendLogs(ctx, r.ID, acc.Code)
	l.Used = domain.Recommended(logs)
	return l, err
}

// RoundQuotas lists every 受理机构 of a round with its 名额 and use, for
// 火炬中心.
func (s *Service) RoundQuotas(ctx context.Context, a domain.Actor, roundID int64) ([]QuotaLine, error) {
	if err := requireTorchAdmin(a); err != nil {
		return nil, err
	}
	r, err := s.store.Round(ctx, roundID)
	if err != nil {
		return nil, err
	}
	accs, err := s.store.Acceptors(ctx, roundID)
	if err != nil {
		return nil, err
	}
	quotas, err := s.store.Quotas(ctx, roundID)
	if err != nil {
		return nil, err
	}
	out := make([]QuotaLine, 0, len(accs))
	for _, acc := range accs {
		l, err := s.quotaLine(ctx, r, acc, quotas)
		if err != nil {
			return out, err
		}
		out = append(out, l)
	}
	return out, nil
}

// QuotaInput is one 受理机构's 名额 as typed, with the value the page showed
// (Was), so that two people saving at once cannot overwrite each other.
type QuotaInput struct {
	Code  string
	Value string // "" for 未设定
	Was   string
}

// maxQuota bounds a typing slip: no province has this many 众创空间.
const maxQuota = 9999

// parseQuota reads a typed 名额: empty is 未设定.
func parseQuota(v string) (domain.Quota, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return domain.Quota{}, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxQuota {
		return domain.Quota{}, false
	}
	return domain.Quota{Limit: n, Set: true}, true
}

// quotaField is the form field of a 受理机构's 名额.
func quotaField(code string) string { return "quota-" + code }

// SetQuotas saves 火炬中心's 名额 of a round. A value someone else changed
// since the page was shown is a conflict naming the new value; nothing is
// saved then, nor when any value is not a number.
func (s *Service) SetQuotas(ctx context.Context, a domain.Actor, roundID int64, in []QuotaInput) error {
	if err := requireTorchAdmin(a); err != nil {
		return err
	}
	accs, err := s.store.Acceptors(ctx, roundID)
	if err != nil {
		return err
	}
	var fe domain.FieldErrors
	for _, x := range in {
		name := acceptorName(accs, x.Code)
		if name == "" {
			return domain.ErrNotFound
		}
		if _, ok := parseQuota(x.Value); !ok {
			fe.Add(quotaField(x.Code), name+"名额", fmt.Sprintf("%s的名额应为 0 至 %d 的整数，不限定请留空。", name, maxQuota))
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error { return s.saveQuotas(ctx, tx, a, roundID, accs, in) })
}

func (s *Service) saveQuotas(ctx context.Context, tx *store.Tx, a domain.Actor, roundID int64,
	accs []domain.Acceptor, in []QuotaInput) error {
	now, err := tx.Quotas(ctx, roundID)
	if err != nil {
		return err
	}
	var fe domain.FieldErrors
	for _, x := range in {
		was, _ := parseQuota(x.Was)
		cur, set := now[x.Code]
		if was != (domain.Quota{Limit: cur, Set: set}) {
			fe.Add(quotaField(x.Code), acceptorName(accs, x.Code)+"名额", fmt.Sprintf(
				"%s的名额已被他人改为“%s”，请核对后重新保存。", acceptorName(accs, x.Code),
				domain.Quota{Limit: cur, Set: set}.Label()))
		}
	}
	if err := fe.Err(); err != nil {
		return &domain.Error{Kind: domain.Conflict, Message: domain.Message(err), Fields: fe}
	}
	for _, x := range in {
		q, _ := parseQuota(x.Value)
		if was, _ := parseQuota(x.Was); q == was {
			continue
		}
		if err := tx.SetQuota(ctx, roundID, x.Code, q, a.ID); err != nil {
			return err
		}
		if err := audit(ctx, tx, a, "round.quota", "round", roundID, x.Code+" 名额 "+q.Label()); err != nil {
			return err
		}
	}
	return nil
}

func acceptorName(accs []domain.Acceptor, code string) string {
	i := slices.IndexFunc(accs, func(x domain.Acceptor) bool { return x.Code == code })
	if i < 0 {
		return ""
	}
	return accs[i].Name
}

// QuotaStatus is a province's line of each round its 工作台 concerns: the
// round filtered to (roundID > 0), or else every round in which it has
// applications or a 名额 set; the calendar does not decide, since review
// goes on long after filing closes. Other levels have no 名额: nil.
func (s *Service) QuotaStatus(ctx context.Context, a domain.Actor, roundID int64) ([]QuotaLine, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil || d.Level != domain.LevelProvince {
		return nil, err
	}
	var out []QuotaLine
	for _, code := range form.TypeCodes() {
		rounds, err := s.store.Rounds(ctx, code)
		if err != nil {
			return nil, err
		}
		for _, r := range rounds {
			l, shown, err := s.provinceLine(ctx, d, r, roundID)
			if err != nil {
				return nil, err
			}
			if shown {
				out = append(out, l)
			}
		}
	}
	return out, nil
}

// provinceLine is department d's line of round r, and whether the 工作台
// shows it.
func (s *Service) provinceLine(ctx context.Context, d domain.Department, r domain.Round,
	roundID int64) (QuotaLine, bool, error) {
	if roundID > 0 && r.ID != roundID {
		return QuotaLine{}, false, nil
	}
	quotas, err := s.store.Quotas(ctx, r.ID)
	if err != nil {
		return QuotaLine{}, false, err
	}
	if _, set := quotas[d.RegionCode]; roundID == 0 && !set {
		page, err := s.store.Queue(ctx, store.QueueQuery{Level: d.Level, Region: d.RegionCode, RoundID: r.ID, Limit: 1})
		if err != nil || page.Total == 0 {
			return QuotaLine{}, false, err
		}
	}
	accs, err := s.store.Acceptors(ctx, r.ID)
	if err != nil {
		return QuotaLine{}, false, err
	}
	acc := domain.Acceptor{RoundID: r.ID, Code: d.RegionCode, Name: d.Name}
	if i := slices.IndexFunc(accs, func(x domain.Acceptor) bool { return x.Code == d.RegionCode }); i >= 0 {
		acc = accs[i]
	}
	l, err := s.quotaLine(ctx, r, acc, quotas)
	return l, true, err
}
