package domain

import "slices"

// 撤回: a department takes back its own last decision, with a reason, as
// long as nobody after it has acted on it. The decision stays in the log;
// a 撤回 step follows it and restores the state before it. Which decision
// a 撤回 undoes is read from the log alone (the latest decision not yet
// undone), so the rules below are pure functions of the history.

// ActWithdraw is 撤回. It is not a row of the workflow table: it may follow
// any withdrawable decision, and it leads back to where that one started.
const ActWithdraw Action = "withdraw"

// LastDecision returns the index in history of the decision a 撤回 would
// undo: the latest step that moved the application, is no 撤回 and was not
// undone by one; -1 when there is none.
func LastDecision(history []Step) int {
	undone := 0
	for i := len(history) - 1; i >= 0; i-- {
		st := history[i]
		switch {
		case st.Action == ActWithdraw:
			undone++
		case !st.Moved():
		case undone > 0:
			undone--
		default:
			return i
		}
	}
	return -1
}

// Withdrawable returns the decision by may withdraw now, or why it may
// not. Only a reviewer's own level's latest decision qualifies, and only
// until another party acts after it: the next level (any step, a record
// too) or the applicant (resubmitting after a 退回). A final decision (不推荐,
// 备案通过 …) ends the review and is not withdrawn. A 退回修改 is withdrawn
// only while the applicant has saved nothing since (f.EditedSinceReturn):
// their work would otherwise be frozen under a review of a version they
// have already begun to change.
func (c *Chain) Withdrawable(history []Step, by By, f Facts) (Step, error) {
	if by.Role != RoleReviewer {
		return Step{}, Errorf(Forbidden, "只有审核部门可以撤回决定。")
	}
	i := LastDecision(history)
	switch {
	case i < 0 || (history[i].Role != RoleReviewer && LastDecision(history[:i]) < 0):
		return Step{}, Errorf(Conflict, "没有本部门可撤回的决定。")
	case history[i].Role != RoleReviewer:
		return Step{}, Errorf(Conflict, "申报单位已在本部门的决定之后重新提交，不能撤回。")
	}
	d := history[i]
	switch {
	case d.Level != by.Level:
		return Step{}, Errorf(Conflict, "最近的决定“%s”由%s作出，本部门不能撤回。", c.StepLabel(d), d.Level.Label())
	case d.To.Final():
		return Step{}, Errorf(Conflict, "“%s”已办结该申报，不能撤回。", c.StepLabel(d))
	}
	if j := slices.IndexFunc(history[i+1:], func(st Step) bool { return st.Level != by.Level || st.Role != RoleReviewer }); j >= 0 {
		return Step{}, Errorf(Conflict, "%s已在“%s”之后办理（%s），不能撤回。", party(history[i+1+j]), c.StepLabel(d), c.StepLabel(history[i+1+j]))
	}
	if d.To == AppReturned && f.EditedSinceReturn {
		return Step{}, Errorf(Conflict, "申报单位在退回后已修改申报书，不能撤回“退回修改”；请待其重新提交后再办理。")
	}
	return d, nil
}

// party names who took a step, for a message.
func party(st Step) string {
	if st.Level == "" {
		return "申报单位"
	}
	return st.Level.Label()
}

// Withdraw returns the log entry of a 撤回 by by: from the state the
// decision led to, back to the state before it, with the required reason.
func (c *Chain) Withdraw(history []Step, by By, f Facts, reason string) (Step, error) {
	d, err := c.Withdrawable(history, by, f)
	if err != nil {
		return Step{}, err
	}
	if err := checkText("撤回理由", "撤回", true, reason); err != nil {
		return Step{}, err
	}
	return Step{Action: ActWithdraw, From: d.To, To: d.From, Role: by.Role, Level: by.Level, Comment: reason}, nil
}

// Effective is the history without the 撤回 steps and the decisions they
// undid: what the guards judge on (a withdrawn 公示 no longer counts).
func Effective(history []Step) []Step {
	out := make([]Step, 0, len(history))
	for _, st := range history {
		if st.Action != ActWithdraw {
			out = append(out, st)
		} else if i := LastDecision(out); i >= 0 {
			out = slices.Delete(out, i, i+1)
		}
	}
	return out
}
