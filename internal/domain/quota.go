package domain

import "fmt"

// The 名额: 火炬中心 gives each province (受理机构) of a round a ceiling on
// its recommendations. What counts against it is read from each
// application's review log, so that a later 撤回 or a return back to the
// province frees the slot without a counter to keep in step.

// Quota is a province's 名额 in a round.
type Quota struct {
	Limit int
	Set   bool // false: 火炬中心 has not set one yet, and nothing is refused
}

// Label is the 名额 as the 工作台 shows it.
func (q Quota) Label() string {
	if !q.Set {
		return "未设定"
	}
	return fmt.Sprint(q.Limit)
}

// HoldsSlot reports whether an application's log leaves it counted as
// recommended by its province: the latest step that moved it into or out
// of the province's review is the province's 推荐至火炬中心. A step that
// brings it back (撤回, or a return and a new 提交) ends the count.
func HoldsSlot(history []Step) bool {
	for i := len(history) - 1; i >= 0; i-- {
		st := history[i]
		if !st.Moved() || (st.From != AppProvinceReview && st.To != AppProvinceReview) {
			continue
		}
		return st.Action == ActRecommend && st.Level == LevelProvince && st.From == AppProvinceReview
	}
	return false
}

// Recommended counts the applications whose logs hold a slot.
func Recommended(logs [][]Step) int {
	n := 0
	for _, l := range logs {
		if HoldsSlot(l) {
			n++
		}
	}
	return n
}

// CheckQuota refuses one more recommendation when used of q are taken.
func CheckQuota(used int, q Quota) error {
	if !q.Set || used < q.Limit {
		return nil
	}
	return Errorf(Conflict, "本批次本省已推荐 %d 个，名额为 %d 个，已用完，不能再推荐至火炬中心；如需增加名额，请联系火炬中心。",
		used, q.Limit)
}
