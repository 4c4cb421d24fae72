package domain

import "time"

// Pass is one time an application went through a stage of the chain: when
// it got there and the step that moved it on, back or out. End is nil while
// the application is still there.
type Pass struct {
	Since time.Time // zero for the first 填报
	End   *ReviewStep
	Label string // End's action as the chain names it; "" while End is nil
}

// ProgressOf is Progress read from the review log, oldest step first. Each
// stage carries its passes, so a 退回修改 does not wipe what the stages
// before it did; a stage reached before a 退回修改 and not yet again is
// MarkAgain, not pending; and a review that ended stops at the stage of its
// last step (未通过 after a 公示 stops at 公示, not at 专家评审).
func (c *Chain) ProgressOf(s AppStatus, cityLevel bool, steps []ReviewStep) []Stage {
	passes := c.passesOf(steps)
	at := c.stageOf(s)
	if last := lastMove(steps); last != nil && s.Final() && s != AppFiled {
		at = c.stageOf(last.From)
	}
	city := cityLevel || at == AppCityReview || len(passes[AppCityReview]) > 0
	out := mark(c.Stages(city), s, at)
	for i := range out {
		out[i].Passes = passes[out[i].Status]
		if out[i].Mark == MarkPending && len(out[i].Passes) > 0 {
			out[i].Mark = MarkAgain
		}
	}
	return out
}

// passesOf splits the log into the passes of each stage: every step that
// moves the application ends the pass of the stage it leaves and, unless
// the review is over, opens one at the stage it reaches. Steps that only
// record (paper check, score, 公示 dates) belong to the pass they fall in.
func (c *Chain) passesOf(steps []ReviewStep) map[AppStatus][]Pass {
	out := map[AppStatus][]Pass{AppDraft: {{}}}
	for i := range steps {
		st := &steps[i]
		if !st.Moved() {
			continue
		}
		if ps := out[c.stageOf(st.From)]; len(ps) > 0 && ps[len(ps)-1].End == nil {
			ps[len(ps)-1].End, ps[len(ps)-1].Label = st, c.StepLabel(st.Step)
		}
		if !st.To.Final() {
			to := c.stageOf(st.To)
			out[to] = append(out[to], Pass{Since: st.At})
		}
	}
	return out
}

// lastMove is the latest step that changed the state; nil when none did.
func lastMove(steps []ReviewStep) *ReviewStep {
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Moved() {
			return &steps[i]
		}
	}
	return nil
}
