package domain

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Criterion is one line of the experts' scoring sheet (专家评分表).
type Criterion struct {
	Key         string  `json:"key"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Max         float64 `json:"max"`
}

// ScoreSheet is a round's scoring sheet: its criteria in order. The maxima
// sum to 100, so a sheet's total reads as the familiar 百分制 score.
type ScoreSheet []Criterion

// SheetTotal is what the maxima of a sheet must add up to.
const SheetTotal = 100

// DefaultScoreSheet is the 众创空间 sheet a round starts with, drawn from
// the 备案条件 (C1–C10 of domain.md) and the four text sections of the
// 申报书, weighted towards what the conditions measure.
func DefaultScoreSheet() ScoreSheet {
	return ScoreSheet{
		{Key: "team", Name: "运营能力与团队", Max: 20,
			Description: "运营主体、运营时间与管理制度；专职服务人员数量及其中创业导师、专业人员的比例（C1、C2、C7）。"},
		{Key: "service", Name: "服务能力与成效", Max: 25,
			Description: "创新创业活动、培训与辅导的数量和质量，投融资对接与专业服务（C8、C9，孵化和服务情况）。"},
		{Key: "incubation", Name: "孵化成效", Max: 25,
			Description: "入驻团队和企业数量、团队转化为企业、获得投融资、知识产权等成效（C4、C5、C6）。"},
		{Key: "space", Name: "场地与设施", Max: 15,
			Description: "服务场地面积、工位数量与免费或低价提供的比例，公共服务设施（C3、C10）。"},
		{Key: "feature", Name: "特色与示范作用", Max: 15,
			Description: "服务模式、产业特色与示范带动作用（申报书文字部分）。"},
	}
}

// Check validates a sheet as 火炬中心 edits it: at least one criterion,
// each with a unique key made of letters, digits or _, a name, and a
// positive maximum in steps of 0.5; maxima summing to SheetTotal. Fields
// are named criteria.N.key|name|max, N from 1 as on the page.
func (sh ScoreSheet) Check() error {
	var fe FieldErrors
	if len(sh) == 0 {
		fe.Add("criteria", "评分项", "评分表至少需要一个评分项。")
		return fe.Err()
	}
	seen := map[string]bool{}
	var sum float64
	for i, c := range sh {
		p := "criteria." + strconv.Itoa(i+1) + "."
		label := "第" + strconv.Itoa(i+1) + "项"
		switch {
		case !criterionKey(c.Key):
			fe.Add(p+"key", label+"代码", label+"的代码应为1至20位字母、数字或下划线。")
		case seen[c.Key]:
			fe.Add(p+"key", label+"代码", label+"的代码“"+c.Key+"”与前面的评分项重复。")
		}
		seen[c.Key] = true
		if n := utf8.RuneCountInString(strings.TrimSpace(c.Name)); n == 0 || n > 30 {
			fe.Add(p+"name", label+"名称", label+"请填写名称，不超过30字。")
		}
		if utf8.RuneCountInString(c.Description) > 300 {
			fe.Add(p+"description", label+"说明", label+"的说明不能超过300字。")
		}
		if !(c.Max > 0) || !halfStep(c.Max) {
			fe.Add(p+"max", label+"满分", label+"的满分应为正数，可精确到0.5。")
		}
		sum += c.Max
	}
	if len(fe) == 0 && math.Abs(sum-SheetTotal) > 1e-9 {
		fe.Add("criteria", "评分项", "各评分项满分之和应为100，现为"+FormatScore(sum)+"。")
	}
	return fe.Err()
}

func criterionKey(k string) bool {
	if k == "" || len(k) > 20 {
		return false
	}
	return strings.Trim(strings.ToLower(k), "abcdefghijklmnopqrstuvwxyz0123456789_") == ""
}

// halfStep reports whether v is a whole multiple of 0.5.
func halfStep(v float64) bool { return v*2 == math.Trunc(v*2) }

// ParseScore reads a score as an expert types it for a criterion whose
// maximum is max: a plain decimal number (full-width digits and a
// full-width point folded), from 0 to max, in steps of 0.5.
func ParseScore(s string, max float64) (float64, error) {
	s = strings.TrimSpace(foldWidth(s))
	if s == "" || len(s) > 8 || strings.Trim(s, "0123456789.") != "" || strings.Count(s, ".") > 1 {
		return 0, Errorf(Invalid, "请填写0至%s之间的分数，例如 8 或 8.5。", FormatScore(max))
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > max {
		return 0, Errorf(Invalid, "分数应在0至%s之间。", FormatScore(max))
	}
	if !halfStep(v) {
		return 0, Errorf(Invalid, "分数只能精确到0.5，例如 8 或 8.5。")
	}
	return v, nil
}

// foldWidth turns full-width digits and points (typed with a Chinese
// input method) into ASCII.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．' || r == '。':
			return '.'
		}
		return r
	}, s)
}

// FormatScore prints a score without trailing zeros: 85, 85.5, 85.25.
func FormatScore(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// SheetScores checks an expert's typed scores against the sheet and
// returns their total. A draft may leave criteria empty; a submission
// (complete) may not. Fields are named score.KEY.
func (sh ScoreSheet) SheetScores(scores map[string]string, complete bool) (float64, error) {
	var fe FieldErrors
	var total float64
	for _, c := range sh {
		typed := strings.TrimSpace(scores[c.Key])
		if typed == "" {
			if complete {
				fe.Add("score."+c.Key, c.Name, "请为“"+c.Name+"”打分。")
			}
			continue
		}
		v, err := ParseScore(typed, c.Max)
		if err != nil {
			fe.Add("score."+c.Key, c.Name, Message(err))
			continue
		}
		total += v
	}
	return total, fe.Err()
}
