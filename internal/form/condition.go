package form

// CondKind says how a filing condition weighs.
type CondKind int

// Condition kinds.
const (
	Hard    CondKind = iota // not met blocks submission
	Warn                    // shown as a warning: the sources disagree (C10)
	Experts                 // checked for presence; experts judge the content
)

// Outcome is a condition's result for one application.
type Outcome string

// Outcomes as the 备案条件 panel shows them.
const (
	Met     Outcome = "符合"
	NotMet  Outcome = "不符合"
	Missing Outcome = "待补充"
)

// Condition is one 备案条件: a rule over the whole application.
type Condition struct {
	Code  string // C1 … C10
	Title string // the condition as the regulation states it, briefly
	Rule  string // the check in words, with the round's numbers
	Kind  CondKind
	Eval  func(a *App) Result
	// ShownWhen applies the condition only when a field has a value (the
	// 专业孵化器's own conditions); otherwise it is not listed.
	ShownWhen *On
}

// Result is a condition's outcome with the applicant's own figure and
// where the figure comes from.
type Result struct {
	Outcome Outcome
	Figure  string // 总面积 620.00 m²，工位 45 个
	Link    string // section or table key whose rows make the figure
	// Basis names what the figure counted, when that is not plain from
	// the rows alone (C6: each financed team or enterprise, once).
	Basis []string
}

// CondResult pairs a condition with its result. Rule is the condition's
// rule with this round's thresholds written in (App.RuleText).
type CondResult struct {
	*Condition
	Result
	Rule string
}

// Blocks reports whether this result stops submission.
func (r CondResult) Blocks() bool { return r.Kind == Hard && r.Outcome != Met }

// Conditions evaluates every filing condition.
func (a *App) Conditions() []CondResult {
	a = a.memoised()
	out := make([]CondResult, 0, len(a.Type.Conditions))
	for i := range a.Type.Conditions {
		c := &a.Type.Conditions[i]
		if c.ShownWhen != nil && !a.holds(*c.ShownWhen, nil) {
			continue
		}
		out = append(out, CondResult{Condition: c, Result: c.Eval(a), Rule: a.RuleText(c)})
	}
	return out
}

// WarningCodes are the codes of the type's conditions that only warn
// (C10, E8), for the panel's note.
func (t *Type) WarningCodes() []string {
	var out []string
	for _, c := range t.Conditions {
		if c.Kind == Warn {
			out = append(out, c.Code)
		}
	}
	return out
}
