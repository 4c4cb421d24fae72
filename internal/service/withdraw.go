package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/store"
)

// WithdrawView is the 撤回 panel of the review page: the department's
// last decision, and why it can no longer be withdrawn ("" when it can).
// Only the department that took the decision sees it.
type WithdrawView struct {
	Step    domain.ReviewStep
	Blocked string
}

// WithdrawInput is a 撤回 from the review page or the API.
type WithdrawInput struct {
	Status domain.AppStatus // the status the page showed
	StepID int64            // the decision the page offered to withdraw; 0 for the latest
	Reason string
}

// withdrawView finds the decision the department could withdraw, with
// domain.Withdrawable's reason when it cannot; nil when the last decision
// is not the department's own.
func withdrawView(c *domain.Chain, d domain.Department, steps []domain.ReviewStep, f domain.Facts) *WithdrawView {
	log := plainSteps(steps)
	i := domain.LastDecision(log)
	if i < 0 || steps[i].DeptID != d.ID {
		return nil
	}
	wv := &WithdrawView{Step: steps[i]}
	if _, err := c.Withdrawable(log, domain.By{Role: domain.RoleReviewer, Level: d.Level}, f); err != nil {
		wv.Blocked = domain.Message(err)
	}
	return wv
}

// edited reports whether the applicant saved anything after the submitted
// version was made: while the application is frozen nothing can change, so
// after a 退回修改 this is "saved since the return".
func edited(app domain.Application, submitted domain.Version) bool {
	return app.Status == domain.AppReturned && app.DataRev != submitted.DataRev
}

// Withdraw takes back the department's own last decision (domain.Withdraw
// says when it may): the status goes back to what it was before, a 撤回
// step naming the decision joins the log, and the applicant and the level
// that had received the application are told.
//
// The remarks sent with the withdrawn decision become the department's
// drafts again: the applicant no longer sees them as requests to act on,
// and the department sends them with its next decision, edits or deletes
// them. A withdrawn 退回修改 is refused once the applicant has saved
// anything since (see domain.Withdrawable): taking the application back
// would freeze their edits under a review of the version they are changing.
func (s *Service) Withdraw(ctx context.Context, a domain.Actor, appID int64, in WithdrawInput) (Acted, error) {
	app, d, err := s.actingOn(ctx, a, appID, in.Status)
	if err != nil {
		return Acted{}, err
	}
	v, _, err := s.store.Version(ctx, app.ID, app.SubmittedVersion)
	if err != nil {
		return Acted{}, err
	}
	var w withdrawal
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		w, err = s.recordWithdraw(ctx, tx, a, d, app, edited(app, v), in)
		return err
	})
	if err != nil {
		return Acted{}, err
	}
	s.notifyWithdraw(ctx, app, w, d.Name)
	return Acted{ReviewStep: w.step, Remarks: int(w.back), Chain: app.Chain()}, nil
}

// withdrawal is a 撤回 just logged: its step, the decision it undid and how
// many sent remarks became drafts again.
type withdrawal struct {
	step, undone domain.ReviewStep
	back         int64
}

// recordWithdraw logs the 撤回 inside tx.
func (s *Service) recordWithdraw(ctx context.Context, tx *store.Tx, a domain.Actor, d domain.Department,
	app domain.Application, edited bool, in WithdrawInput) (withdrawal, error) {
	steps, err := tx.Steps(ctx, app.ID)
	if err != nil {
		return withdrawal{}, err
	}
	f := s.facts(app, steps)
	f.EditedSinceReturn = edited
	undone, err := s.undoable(app.Chain(), d, steps, f, in)
	if err != nil {
		return withdrawal{}, err
	}
	step, err := app.Chain().Withdraw(plainSteps(steps), domain.By{Role: a.Role, Level: d.Level}, f,
		strings.TrimSpace(in.Reason))
	if err != nil {
		return withdrawal{}, err
	}
	if err := tx.SetStatus(ctx, app.ID, step.From, step.To); err != nil {
		return withdrawal{}, say(err, store.ErrStale, msgStaleStep)
	}
	rs := domain.ReviewStep{Step: step, AppID: app.ID, UserID: a.ID, UserName: a.Name, DeptID: d.ID,
		DeptName: d.Name, Withdraws: undone.ID}
	if rs.ID, err = tx.AddStep(ctx, rs); err != nil {
		return withdrawal{}, err
	}
	rs.At = tx.Now()
	w := withdrawal{step: rs, undone: undone}
	if w.back, err = tx.UnsendRemarks(ctx, app.ID, undone.ID); err != nil {
		return w, err
	}
	err = audit(ctx, tx, a, "review.withdraw", "application", app.ID,
		fmt.Sprintf("撤回 #%d %s：%s", undone.ID, app.Chain().StepLabel(undone.Step), step.Comment))
	return w, err
}

// undoable is the decision a 撤回 by d would undo: it must be d's own (the
// level alone would let one 市/区科技局 undo another's), and the one the
// page offered.
func (s *Service) undoable(c *domain.Chain, d domain.Department, steps []domain.ReviewStep, f domain.Facts,
	in WithdrawInput) (domain.ReviewStep, error) {
	wv := withdrawView(c, d, steps, f)
	switch {
	case wv == nil:
		return domain.ReviewStep{}, domain.Errorf(domain.Conflict, "没有本部门可撤回的决定。")
	case in.StepID != 0 && in.StepID != wv.Step.ID:
		return domain.ReviewStep{}, domain.Errorf(domain.Conflict, "本部门最近的决定已变化，请刷新页面后再办理。")
	}
	return wv.Step, nil
}

// notifyWithdraw tells the applicant that the decision they heard of is
// withdrawn, and why; and the level that had received the application
// that it no longer waits for them.
func (s *Service) notifyWithdraw(ctx context.Context, app domain.Application, w withdrawal, dept string) {
	ctx = context.WithoutCancel(ctx)
	rs, c := w.step, app.Chain()
	text := fmt.Sprintf("%s：%s撤回了“%s”的决定，当前状态“%s”。撤回理由：%s",
		app.CarrierName, dept, c.StepLabel(w.undone.Step), c.StatusLabel(rs.To), rs.Comment)
	s.tellApplicant(ctx, app, sentence(text))
	if lvl := rs.From.AtLevel(); lvl != "" && lvl != rs.Level {
		reviewers, err := s.store.ReviewersFor(ctx, lvl, app)
		if err != nil {
			s.log.Error("notify reviewers", "app", app.ID, "err", err)
		}
		s.notify(ctx, reviewers, app.ID, fmt.Sprintf("%s（%s）已被%s撤回，无需办理。", app.CarrierName,
			app.RefNo, dept), "/workbench")
	}
}

// tellApplicant leaves text for the applicant's accounts and mails it.
func (s *Service) tellApplicant(ctx context.Context, app domain.Application, text string) {
	users, err := s.store.UsersOfOrg(ctx, app.OrgID)
	if err != nil {
		s.log.Error("notify applicant", "app", app.ID, "err", err)
	}
	var ids []int64
	var mailTo []domain.User
	for _, u := range users {
		if !u.Disabled {
			ids, mailTo = append(ids, u.ID), append(mailTo, u)
		}
	}
	// Mail servers can be slow; the reviewer does not wait for them.
	go func() {
		for _, u := range mailTo {
			s.mail(ctx, u, "申报进度："+app.CarrierName, text)
		}
	}()
	s.notify(ctx, ids, app.ID, text, "/applications/"+strconv.FormatInt(app.ID, 10)+"/progress")
}

// effectiveSteps is domain.Effective on the stored log: without the 撤回
// steps and the decisions they name.
func effectiveSteps(steps []domain.ReviewStep) []domain.ReviewStep {
	undone := map[int64]bool{}
	for _, st := range steps {
		undone[st.Withdraws] = true
	}
	out := make([]domain.ReviewStep, 0, len(steps))
	for _, st := range steps {
		if st.Action != domain.ActWithdraw && !undone[st.ID] {
			out = append(out, st)
		}
	}
	return out
}
