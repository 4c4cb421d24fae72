package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"hatch/internal/clock"
	"hatch/internal/domain"
)

// Batch actions of the 工作台: one action on many applications, each
// through the same path as a single action (Act: its own guards, its own
// transaction), and a result per application. An action is one entry of
// batchOps; one that works on the whole selection at once (分配专家) is an
// entry whose run calls its own use case with every id.

// BatchAction names a batch action. The strings are form values.
type BatchAction string

// The batch actions.
const (
	BatchPaper     BatchAction = "paper"     // 纸质材料已收: a 纸质材料核验 with its register entry
	BatchRecommend BatchAction = "recommend" // 推荐 / 推荐至火炬中心
	BatchReturn    BatchAction = "return"    // 退回修改
	BatchExperts   BatchAction = "experts"   // 分配专家: drawn at random, the load even across the selection
)

// MaxBatch is the most applications one batch takes: a page of the
// 工作台 holds 30, and a larger batch would hold the reviewer for minutes.
const MaxBatch = 200

// BatchInput is a batch action as the reviewer sent it.
type BatchInput struct {
	Action   BatchAction
	AppIDs   []int64
	Statuses map[int64]domain.AppStatus // the status each row showed; another means someone acted first
	Comment  string                     // 推荐意见, or the reason of a 退回修改
	// 纸质材料已收: the receipt for all, and the 版本号 on each paper copy.
	ReceivedOn, Copies, Receiver string
	Versions                     map[int64]string
	// 分配专家: how many experts each application should have, as typed.
	PerApp string
	// 推荐 and 退回修改: what becomes of each application's draft remarks
	// (one choice for all), and the drafts the form listed for each.
	Drafts   DraftChoice
	DraftIDs map[int64][]int64
}

// perApp reads PerApp; 0 when it is not a count.
func (in BatchInput) perApp() int {
	n, err := strconv.Atoi(strings.TrimSpace(in.PerApp))
	if err != nil {
		return 0
	}
	return n
}

// BatchItem is one application's outcome.
type BatchItem struct {
	AppID   int64
	Item    *QueueItem // nil when the department cannot see it (or it does not exist)
	Done    bool
	Reason  string   // why it was refused
	Version string   // 纸质材料已收: the 版本号 typed for it
	Matched bool     // 纸质材料已收: it matches the submitted 版本号
	Experts []string // 分配专家: the names of the experts it now has from the draw
	Drafts  []int64  // the form of a decision: the department's draft remarks on it
}

// BatchResult lists the outcome of each application, in the order chosen.
type BatchResult struct {
	Op      BatchOp
	Items   []BatchItem
	Done    int
	Refused int
}

// BatchOp is a batch action as the 工作台 offers it.
type BatchOp struct {
	Action BatchAction
	Label  string
	Levels []domain.Level // the departments that may take it
}

// batchOp is an entry of the dispatcher: what the form must carry, and
// how it runs.
type batchOp struct {
	BatchOp
	check func(s *Service, a domain.Actor, d domain.Department, in BatchInput) domain.FieldErrors
	run   func(s *Service, ctx context.Context, a domain.Actor, in BatchInput) []BatchItem
}

var batchOps = []batchOp{
	{
		BatchOp: BatchOp{Action: BatchPaper, Label: "纸质材料已收", Levels: []domain.Level{domain.LevelProvince}},
		check:   (*Service).checkBatchReceipt,
		run: func(s *Service, ctx context.Context, a domain.Actor, in BatchInput) []BatchItem {
			return s.actEachUnless(ctx, a, in, s.paperHeld, func(id int64) ActInput {
				return ActInput{Action: domain.ActPaperCheck, Version: in.Versions[id], ReceivedOn: in.ReceivedOn,
					Copies: in.Copies, Receiver: in.Receiver}
			})
		},
	},
	decision(BatchRecommend, "推荐", domain.ActRecommend,
		func(d domain.Department, in BatchInput, fe *domain.FieldErrors) {
			if d.Level == domain.LevelProvince && strings.TrimSpace(in.Comment) == "" {
				fe.Add("comment", "推荐意见", "推荐至火炬中心须填写推荐意见。")
			}
		}),
	decision(BatchReturn, "退回修改", domain.ActReturn,
		func(_ domain.Department, in BatchInput, fe *domain.FieldErrors) {
			if strings.TrimSpace(in.Comment) == "" {
				fe.Add("comment", "退回原因", "退回修改须填写退回原因和需要修改的内容。")
			}
		}),
	{
		BatchOp: BatchOp{Action: BatchExperts, Label: "分配专家",
			Levels: []domain.Level{domain.LevelProvince, domain.LevelTorch}},
		check: func(_ *Service, _ domain.Actor, _ domain.Department, in BatchInput) domain.FieldErrors {
			var fe domain.FieldErrors
			if n := in.perApp(); n < 1 || n > MaxPerApp {
				fe.Add("per_app", "每份申报的专家人数", fmt.Sprintf("请填写每份申报的专家人数（1 至 %d 人）。", MaxPerApp))
			}
			return fe
		},
		run: (*Service).drawBatch,
	},
}

// decision is a batch of a decision a city or province takes with a text
// (推荐意见, 退回原因): the text checked by comment, the draft remarks asked
// about once, then Act on each application.
func decision(act BatchAction, label string, action domain.Action,
	comment func(domain.Department, BatchInput, *domain.FieldErrors)) batchOp {
	return batchOp{
		BatchOp: BatchOp{Action: act, Label: label, Levels: []domain.Level{domain.LevelCity, domain.LevelProvince}},
		check: func(_ *Service, _ domain.Actor, d domain.Department, in BatchInput) domain.FieldErrors {
			var fe domain.FieldErrors
			comment(d, in, &fe)
			return append(fe, checkBatchDrafts(in)...)
		},
		run: func(s *Service, ctx context.Context, a domain.Actor, in BatchInput) []BatchItem {
			return s.actEach(ctx, a, in, func(id int64) ActInput {
				return ActInput{Action: action, Comment: in.Comment, Drafts: in.Drafts, DraftIDs: in.DraftIDs[id]}
			})
		},
	}
}

// checkBatchDrafts asks once, for the whole batch, what becomes of the
// draft remarks the form listed: a decision never sends them unasked.
// Drafts added since the form was shown are each application's own
// conflict, reported on its line.
func checkBatchDrafts(in BatchInput) domain.FieldErrors {
	var fe domain.FieldErrors
	listed := 0
	for _, ids := range in.DraftIDs {
		listed += len(ids)
	}
	if listed > 0 && in.Drafts != DraftsSend && in.Drafts != DraftsKeep {
		fe.Add("drafts", "意见草稿", fmt.Sprintf("选中的申报有 %d 条本部门的意见草稿，请选择随本次决定发送，或保留为草稿。", listed))
	}
	return fe
}

// drawBatch draws experts for the whole selection at once, so that the
// load is even across it, and reports each application's outcome.
func (s *Service) drawBatch(ctx context.Context, a domain.Actor, in BatchInput) []BatchItem {
	n := newNamer(s, a.DeptLevel)
	items := make(map[int64]BatchItem, len(in.AppIDs))
	var visible []int64
	for _, id := range in.AppIDs {
		it, err := s.batchItem(ctx, a, n, id)
		if err != nil || it.Item == nil {
			items[id] = s.refused(it, err)
			continue
		}
		items[id] = it
		visible = append(visible, id)
	}
	if len(visible) > 0 {
		res, err := s.DrawExperts(ctx, a, visible, in.perApp())
		for _, id := range visible {
			items[id] = s.refused(items[id], err)
		}
		for _, d := range res.Items {
			it := items[d.AppID]
			it.Done, it.Reason = d.Refused == "", d.Refused
			for _, e := range d.Experts {
				it.Experts = append(it.Experts, e.Name)
			}
			items[d.AppID] = it
		}
	}
	out := make([]BatchItem, len(in.AppIDs))
	for i, id := range in.AppIDs {
		out[i] = items[id]
	}
	return out
}

// at is the action as a department of level l names it: a province's
// 推荐 is 推荐至火炬中心. A batch may mix application types, so the button
// has the mixed wording; each application is then decided by its own chain.
func (o BatchOp) at(l domain.Level) BatchOp {
	if o.Action == BatchRecommend {
		o.Label = domain.Mixed().ActionLabel(domain.ActRecommend, l)
	}
	return o
}

// BatchOps lists the batch actions a department of level l may take, with
// their names at that level.
func BatchOps(l domain.Level) []BatchOp {
	var out []BatchOp
	for _, op := range batchOps {
		if slices.Contains(op.Levels, l) {
			out = append(out, op.at(l))
		}
	}
	return out
}

// batchOpFor finds the action for a department; Invalid when it has none.
func batchOpFor(d domain.Department, act BatchAction) (batchOp, error) {
	i := slices.IndexFunc(batchOps, func(op batchOp) bool {
		return op.Action == act && slices.Contains(op.Levels, d.Level)
	})
	if i < 0 {
		var fe domain.FieldErrors
		fe.Add("action", "批量操作", "请选择本部门可以批量办理的操作。")
		return batchOp{}, fe.Err()
	}
	op := batchOps[i]
	op.BatchOp = op.at(d.Level)
	return op, nil
}

// checkSelection refuses an empty batch or one beyond MaxBatch.
func checkSelection(ids []int64) error {
	var fe domain.FieldErrors
	switch {
	case len(ids) == 0:
		fe.Add("apps", "申报", "请先勾选要批量办理的申报。")
	case len(ids) > MaxBatch:
		fe.Add("apps", "申报", fmt.Sprintf("一次最多批量办理 %d 份申报，本次选择了 %d 份，请分批办理。", MaxBatch, len(ids)))
	}
	return fe.Err()
}

// distinct drops repeated ids, keeping the first of each.
func distinct(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// BatchView is the batch form: the action, the applications chosen as the
// department sees them, and what the form prefills.
type BatchView struct {
	Op       BatchOp
	Level    domain.Level // the department's
	Items    []BatchItem  // Item nil: not found, and left out of the batch
	Today    string
	Receiver string
}

// BatchForm prepares the form of a batch action on the chosen applications.
func (s *Service) BatchForm(ctx context.Context, a domain.Actor, act BatchAction, ids []int64) (BatchView, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return BatchView{}, err
	}
	ids = distinct(ids)
	op, err := batchOpFor(d, act)
	if err == nil {
		err = checkSelection(ids)
	}
	if err != nil {
		return BatchView{}, err
	}
	v := BatchView{Op: op.BatchOp, Level: d.Level, Today: clock.Date(s.now()), Receiver: a.Name}
	n := newNamer(s, a.DeptLevel)
	decides := op.Action == BatchRecommend || op.Action == BatchReturn
	for _, id := range ids {
		it, err := s.batchItem(ctx, a, n, id)
		if err == nil && decides && it.Item != nil {
			it.Drafts, err = s.store.DraftRemarkIDs(ctx, id, d.ID)
		}
		if err != nil {
			return v, err
		}
		v.Items = append(v.Items, it)
	}
	return v, nil
}

// batchItem names an application for the batch pages; one the department
// cannot see is an item without a name, never an error.
func (s *Service) batchItem(ctx context.Context, a domain.Actor, n *namer, id int64) (BatchItem, error) {
	app, _, err := s.reviewable(ctx, a, id)
	if errors.Is(err, domain.ErrNotFound) {
		return BatchItem{AppID: id, Reason: msgBatchNotFound}, nil
	}
	if err != nil {
		return BatchItem{AppID: id}, err
	}
	qis, err := n.items(ctx, []domain.Application{app})
	if err != nil {
		return BatchItem{AppID: id}, err
	}
	return BatchItem{AppID: id, Item: &qis[0]}, nil
}

const msgBatchNotFound = "未找到该申报，或不在本部门的办理范围内。"

// Batch takes a batch action. The form's own input (a reason, the
// receipt) is checked once for all; then each application passes or is
// refused on its own, and the result says which and why.
func (s *Service) Batch(ctx context.Context, a domain.Actor, in BatchInput) (BatchResult, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return BatchResult{}, err
	}
	in.AppIDs = distinct(in.AppIDs)
	op, err := batchOpFor(d, in.Action)
	if err == nil {
		err = checkSelection(in.AppIDs)
	}
	if err != nil {
		return BatchResult{}, err
	}
	if err := op.check(s, a, d, in).Err(); err != nil {
		return BatchResult{}, err
	}
	res := BatchResult{Op: op.BatchOp, Items: op.run(s, ctx, a, in)}
	for _, it := range res.Items {
		if it.Done {
			res.Done++
		} else {
			res.Refused++
		}
	}
	return res, nil
}

// actEach takes the action each application's input says, one Act (one
// transaction) per application, in the order chosen.
func (s *Service) actEach(ctx context.Context, a domain.Actor, in BatchInput,
	input func(id int64) ActInput) []BatchItem {
	return s.actEachUnless(ctx, a, in, nil, input)
}

// paperHeld keeps a batch 纸质材料已收 from registering a delivery twice
// (a result page reloaded sends the batch again): an application whose
// copy of this round is already registered as matching is left alone. A
// copy received after a mismatch still goes through, and a second
// matching one is registered on the review page, one at a time.
func (s *Service) paperHeld(ctx context.Context, appID int64) (string, error) {
	steps, err := s.store.Steps(ctx, appID)
	if err != nil {
		return "", err
	}
	st := lastPaperCheck(steps)
	if st == nil || !st.Matched {
		return "", nil
	}
	when := ""
	if st.Receipt.ReceivedOn != "" {
		when = st.Receipt.ReceivedOn + "收到，"
	}
	return "本轮已登记纸质材料（" + when + "版本号一致），批量办理不再重复登记；如需重新登记，请在审核页面办理。", nil
}

// actEachUnless is actEach that first asks held whether an application
// the department can see is to be left alone, and why ("" to go on).
func (s *Service) actEachUnless(ctx context.Context, a domain.Actor, in BatchInput,
	held func(context.Context, int64) (string, error), input func(id int64) ActInput) []BatchItem {
	n := newNamer(s, a.DeptLevel)
	out := make([]BatchItem, 0, len(in.AppIDs))
	for _, id := range in.AppIDs {
		it, err := s.batchItem(ctx, a, n, id)
		if err != nil || it.Item == nil {
			out = append(out, s.refused(it, err))
			continue
		}
		if held != nil {
			if it.Reason, err = held(ctx, id); err != nil || it.Reason != "" {
				out = append(out, s.refused(it, err))
				continue
			}
		}
		x := input(id)
		x.Status = in.Statuses[id]
		acted, err := s.Act(ctx, a, id, x)
		if err != nil {
			out = append(out, s.refused(it, err))
			continue
		}
		it.Done, it.Version, it.Matched = true, acted.Version, acted.Matched
		out = append(out, it)
	}
	return out
}

// refused is an item refused for err, said in words a reviewer reads;
// an internal failure is logged and said as such, never shown.
func (s *Service) refused(it BatchItem, err error) BatchItem {
	switch {
	case err == nil:
	case errors.Is(err, domain.ErrNotFound):
		it.Reason = msgBatchNotFound
	case domain.KindOf(err) == domain.Internal:
		s.log.Error("batch action", "app", it.AppID, "err", err)
		it.Reason = "系统暂时无法办理该申报，请稍后单独办理。"
	default:
		it.Reason = domain.Message(err)
	}
	return it
}

// checkBatchReceipt checks the receipt shared by a batch of 纸质材料已收
// once, with the form's defaults; the 版本号 is each application's own.
func (s *Service) checkBatchReceipt(a domain.Actor, _ domain.Department, in BatchInput) domain.FieldErrors {
	// Empty copies default to each application's own 一式 N 份: one here.
	r, err := s.typedReceipt(a, ActInput{ReceivedOn: in.ReceivedOn, Copies: in.Copies, Receiver: in.Receiver}, 1)
	if err != nil {
		return domain.FieldsOf(err)
	}
	return domain.FieldsOf(r.Check(clock.Date(s.now())))
}
