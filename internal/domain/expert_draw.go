package domain

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// DrawSlot is one application of a random draw: how many experts it still
// needs and which of the pool may be drawn for it (enabled, without a
// conflict of interest, not already on it).
type DrawSlot struct {
	AppID    int64
	Need     int
	Eligible []int64
}

// DrawEven draws experts for each slot, always among the least loaded
// eligible experts, ties broken by rng: so the load (load[expert]:
// assignments the expert already has, updated as the draw goes) stays
// even across the pool and across the applications drawn together. The
// most constrained slots (fewest eligible experts beyond those needed)
// draw first, so they do not find their few experts taken by slots that
// had many to choose from. A slot with fewer eligible experts than it
// needs gets none (nil): the caller says why. The same rng seed gives the
// same draw.
func DrawEven(slots []DrawSlot, load map[int64]int, rng *rand.Rand) map[int64][]int64 {
	out := make(map[int64][]int64, len(slots))
	slots = slices.Clone(slots)
	slices.SortStableFunc(slots, func(a, b DrawSlot) int {
		return cmp.Compare(len(a.Eligible)-a.Need, len(b.Eligible)-b.Need)
	})
	for _, sl := range slots {
		if sl.Need <= 0 || len(sl.Eligible) < sl.Need {
			out[sl.AppID] = nil
			continue
		}
		pick := slices.Clone(sl.Eligible)
		slices.Sort(pick) // the draw depends on the seed only, not on the caller's order
		rng.Shuffle(len(pick), func(i, j int) { pick[i], pick[j] = pick[j], pick[i] })
		slices.SortStableFunc(pick, func(a, b int64) int { return cmp.Compare(load[a], load[b]) })
		pick = pick[:sl.Need]
		for _, id := range pick {
			load[id]++
		}
		slices.Sort(pick)
		out[sl.AppID] = pick
	}
	return out
}
