package domain

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Expert is an account of a department's expert pool (专家库): a province's
// or 火炬中心's. PoolID is that department; what assignment checks for
// conflicts of interest is the expert's employer and region.
type Expert struct {
	User
	PoolID     int64
	Employer   string // 工作单位
	Speciality string // 专业领域
	RegionCode string // 所在地区, GB/T 2260
	RegionName string
}

// Assignment is one expert on one application at one level for one
// submission, with the scoring sheet the expert fills.
type Assignment struct {
	ID           int64
	AppID        int64
	RoundAt      time.Time // the application's submission this review belongs to
	Level        Level
	DeptID       int64
	ExpertID     int64
	AssignedBy   int64
	Recused      bool   // 回避 declared: the assignment no longer counts
	RecuseReason string //
	Scores       map[string]string
	Comment      string
	Criteria     ScoreSheet // as submitted; nil before
	Total        float64
	SubmittedAt  time.Time
	RemarkID     int64 // the remark the department made of the comment; 0 for none
	Revision     int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// Filled by list queries.
	ExpertName string
	Employer   string
}

// Submitted reports whether the expert has submitted the sheet.
func (a Assignment) Submitted() bool { return !a.SubmittedAt.IsZero() }

// Counts reports whether the assignment is part of the level's panel: it
// does unless the expert declared 回避.
func (a Assignment) Counts() bool { return !a.Recused }

// State is the assignment as its lists show it.
func (a Assignment) State() string {
	switch {
	case a.Recused:
		return "已回避"
	case a.Submitted():
		return "已提交"
	case len(a.Scores) > 0 || a.Comment != "":
		return "评分中"
	}
	return "待评审"
}

// ExpertConflicts lists why an expert may not be impartial on an
// application: the same city as the applicant (region prefix of the
// city: the first four digits), or a 工作单位 that is the applicant
// organisation or the 运营主体. Such an expert is flagged when assigned by
// hand and never drawn at random.
func ExpertConflicts(e Expert, appRegion string, orgNames ...string) []string {
	var out []string
	if len(e.RegionCode) >= 4 && len(appRegion) >= 4 && e.RegionCode[:4] == appRegion[:4] {
		out = append(out, "与申报单位同在一个地市")
	}
	employer := normalName(e.Employer)
	for _, n := range orgNames {
		if employer != "" && employer == normalName(n) {
			out = append(out, "工作单位即申报单位或运营主体")
			break
		}
	}
	return out
}

// normalName compares organisation names without spaces and brackets'
// width, as people type them either way.
func normalName(s string) string {
	s = strings.Join(strings.Fields(s), "")
	return strings.NewReplacer("（", "(", "）", ")").Replace(s)
}

// Panel is what a level's experts have done on an application in the
// current round: how many are assigned (回避 included), how many declared
// 回避, and the totals of the sheets submitted.
type Panel struct {
	Assigned int
	Recused  int
	Totals   []float64
}

// PanelOf sums up the assignments of one level and round.
func PanelOf(as []Assignment) Panel {
	var p Panel
	for _, a := range as {
		p.Assigned++
		switch {
		case a.Recused:
			p.Recused++
		case a.Submitted():
			p.Totals = append(p.Totals, a.Total)
		}
	}
	return p
}

// Pending is how many counting experts have not submitted.
func (p Panel) Pending() int { return p.Assigned - p.Recused - len(p.Totals) }

// Average is the mean of the submitted totals, rounded to two decimals
// (the score is printed in the 推荐表); ok is false without any.
func (p Panel) Average() (avg float64, ok bool) {
	if len(p.Totals) == 0 {
		return 0, false
	}
	var sum float64
	for _, t := range p.Totals {
		sum += t
	}
	return math.Round(sum/float64(len(p.Totals))*100) / 100, true
}

// Spread is the highest total minus the lowest.
func (p Panel) Spread() float64 {
	if len(p.Totals) == 0 {
		return 0
	}
	return slices.Max(p.Totals) - slices.Min(p.Totals)
}

// OutlierGap is how far a sheet's total may lie from the panel's median
// before the department is told to look at it.
const OutlierGap = 15

// Outliers returns the indexes (into Totals) of the sheets whose total
// differs from the median of all totals by more than OutlierGap. The median,
// not the mean of the others: one far sheet drags a mean towards itself and
// so makes its neighbours look far too (85, 88, 60: the others' mean flags
// 88 with 60), while the median stays with the majority. It needs at least
// three sheets: with two, neither is the odd one out (the spread says they
// disagree).
func (p Panel) Outliers() []int {
	n := len(p.Totals)
	if n < 3 {
		return nil
	}
	sorted := slices.Sorted(slices.Values(p.Totals))
	median := sorted[n/2]
	if n%2 == 0 {
		median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	var out []int
	for i, t := range p.Totals {
		if math.Abs(t-median) > OutlierGap {
			out = append(out, i)
		}
	}
	return out
}

// ScoreOf decides the 专家评审 score a level records. When any expert was
// assigned at the level in this round, the score is the average of the
// submitted sheets, and the step waits until every counting expert has
// submitted: 专家评审 (domain.md §3) is the experts' judgement, which a
// typed number must not replace. Only a level that assigned no expert
// (experts met outside the system) records the typed score.
func ScoreOf(p Panel, typed *float64) (float64, error) {
	if p.Assigned == 0 {
		if typed == nil {
			return 0, fieldErr("score", "评审分数", "请填写专家评审分数。")
		}
		if v := *typed; math.IsNaN(v) || v < 0 || v > 100 {
			return 0, fieldErr("score", "评审分数", "专家评审分数应在0到100之间。")
		}
		return *typed, nil
	}
	if n := p.Pending(); n > 0 {
		return 0, Errorf(Conflict, "还有 %d 位专家尚未提交评分表，不能记录专家评审结果。", n)
	}
	avg, ok := p.Average()
	if !ok {
		return 0, Errorf(Conflict, "分配的专家均已回避，尚无评分表，请先分配其他专家。")
	}
	return avg, nil
}
