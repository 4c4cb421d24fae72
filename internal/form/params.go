package form

import (
	"math"
	"regexp"

	"hatch/internal/domain"
)

// Params are a round's thresholds by name: 10000 for the 可自主支配面积 of a
// 孵化器, 0.8 for the hardship factor. A type's Defaults hold the values of
// the round it was declared for; a round may supply its own (App.Params),
// so rules never carry numbers in code.
type Params map[string]float64

// ParamDoc names a threshold for the people who set it: the round page
// lists a type's ParamDocs with their values, and Value is the one the
// type was declared with.
type ParamDoc struct {
	Key   string
	Label string
	Unit  string // m², 万元, 家; 比例 for a share written 0.75
	Value float64
}

// ParamsOf are the values of docs by key: a type's Defaults.
func ParamsOf(docs []ParamDoc) Params {
	out := make(Params, len(docs))
	for _, d := range docs {
		out[d.Key] = d.Value
	}
	return out
}

// Param is the round's value of a threshold, or the type's default.
func (a *App) Param(key string) float64 {
	if v, ok := a.Params[key]; ok {
		return v
	}
	return a.Type.Defaults[key]
}

// On is a condition on a value: a field of a section when Section is set,
// otherwise a field of the row at hand.
type On struct {
	Section string
	When
}

// holds reports whether the condition holds for the row values (nil for a
// section-only condition).
func (a *App) holds(o On, row domain.Values) bool {
	if o.Section != "" {
		row = a.Sections[o.Section]
	}
	return o.When.active(row)
}

// Limit is a threshold that another field can change: the first Case that
// holds picks its parameter (60 months for 生物医药, 30 companies for a
// 专业孵化器), otherwise Param; then each Cut that holds reduces it by the
// share its parameter names (0.2 in 艰苦边远地区: 10000 m² becomes 8000).
type Limit struct {
	Param string
	Cases []LimitCase
	Cuts  []LimitCase // Param of a cut names the share it takes off
}

// LimitCase is one alternative of a Limit.
type LimitCase struct {
	On    On
	Param string
}

// Limit is the limit's value for a row (nil when it depends only on
// sections).
func (a *App) Limit(l Limit, row domain.Values) float64 {
	key := l.Param
	for _, c := range l.Cases {
		if a.holds(c.On, row) {
			key = c.Param
			break
		}
	}
	v := a.Param(key)
	for _, c := range l.Cuts {
		if a.holds(c.On, row) {
			v *= 1 - a.Param(c.Param)
		}
	}
	// 0.3 × 0.8 is 0.24 to the rules, not 0.24000000000000002.
	return roundTo(v, 9)
}

// WithParams sets the round's thresholds; those it lacks keep the type's
// defaults.
func (a *App) WithParams(p Params) *App {
	a.Params = p
	return a
}

// ruleParam finds {key} and {key%} in a condition's rule text.
var ruleParam = regexp.MustCompile(`\{([a-z_]+)(%?)\}`)

// RuleText is a condition's rule in words with the round's thresholds
// written where it names them: "{area_min}" becomes 10000 and
// "{financed_share%}" 10%. A rule without names reads as declared.
func (a *App) RuleText(c *Condition) string {
	return ruleParam.ReplaceAllStringFunc(c.Rule, func(m string) string {
		p := ruleParam.FindStringSubmatch(m)
		if p[2] == "%" {
			return trimNumber(roundTo(a.Param(p[1])*100, 2)) + "%"
		}
		return trimNumber(a.Param(p[1]))
	})
}

// roundTo rounds v to d decimals, so that 0.1 × 100 prints as 10.
func roundTo(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}
