package web

import (
	"encoding/json"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// fieldView is one field of a section or column of a row as its input.
type fieldView struct {
	Row              domain.Values // the row or section values, for rules that depend on them
	F                *form.Field
	ID               string // the element id, which the summary links to
	Value            string
	Checked          map[string]bool // MultiEnum: the chosen options
	Options          []string        // Enum and MultiEnum, with an unknown stored value kept
	Hint             string
	RequiredWhenText string // the states in which the field is required
	NotFillableField string // the controlling field of NotFillableWhen
	NotFillableJSON  string // its values, as a JSON list
	NotFillableText  string // the states in which the field is 不可填
	NotFillableNow   bool   // not fillable in the values shown
	Error            string
	Remarks          []domain.Remark // the reviewers' remarks on this field, when returned
	Rows             int             // textarea height
	// HideLabel: the page's heading already names the field (the one long
	// text of a section); the label is kept for screen readers.
	HideLabel bool
}

// Control is the kind of input the field gets.
func (f fieldView) Control() string {
	switch {
	case !f.F.Input():
		return "computed"
	case f.F.Kind == form.LongText:
		return "textarea"
	case f.F.Kind == form.Enum:
		return "select"
	case f.F.Kind == form.MultiEnum:
		return "checkboxes"
	case f.F.Kind == form.YesNo:
		return "radios"
	case f.F.Kind == form.Region && f.ID == "region":
		return "region"
	}
	return "input"
}

// InputType is the type attribute of a one-line input.
func (f fieldView) InputType() string {
	switch f.F.Kind {
	case form.Date:
		return "date"
	case form.Mobile, form.Phone:
		return "tel"
	case form.Email:
		return "email"
	case form.URL:
		return "url"
	}
	return "text"
}

// InputMode picks the on-screen keyboard for numbers.
func (f fieldView) InputMode() string {
	switch f.F.Kind {
	case form.Int, form.Mobile:
		return "numeric"
	case form.Decimal:
		return "decimal"
	}
	return ""
}

// Width is the input's width class: short for numbers, medium for codes.
func (f fieldView) Width() string {
	switch f.F.Kind {
	case form.Int, form.Decimal:
		return "input-short"
	case form.Date, form.Mobile, form.Phone, form.USCC, form.IDNumber:
		return "input-medium"
	}
	if f.F.MaxLen > 0 && f.F.MaxLen <= 50 {
		return "input-medium"
	}
	return ""
}

// MaxChars is the most characters a long text may have.
func (f fieldView) MaxChars() int {
	if f.F.MaxLen > 0 {
		return f.F.MaxLen
	}
	return 3000
}

// Required reports whether the field is required in the row's current
// state, so the star matches what saving will ask for.
func (f fieldView) Required() bool { return f.F.IsRequired(f.Row) }

// ReqField, ReqJSON and ReqUnless let the script move the star when the
// controlling field changes: required in ReqJSON's states (RequiredWhen),
// or required unless in them (a required field that is not fillable there).
func (f fieldView) ReqField() string {
	switch {
	case f.F.RequiredWhen != nil:
		return f.F.RequiredWhen.Field
	case f.F.Required && f.F.NotFillableWhen != nil:
		return f.F.NotFillableWhen.Field
	}
	return ""
}

// ReqJSON is the list of states ReqField refers to, as JSON.
func (f fieldView) ReqJSON() string {
	w := f.F.RequiredWhen
	if w == nil {
		w = f.F.NotFillableWhen
	}
	b, _ := json.Marshal(w.In)
	return string(b)
}

// ReqUnless: the states are where the field is NOT required.
func (f fieldView) ReqUnless() bool { return f.F.RequiredWhen == nil }

// Describe is the input's one aria-describedby (hints, then the message)
// with aria-invalid when there is a message.
func (f fieldView) Describe() template.HTMLAttr {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.RequiredWhenText != "" || f.NotFillableText != "" {
		ids = append(ids, f.ID+"-cond")
	}
	attr := ""
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
		attr = `aria-invalid="true" `
	}
	if len(ids) == 0 {
		return template.HTMLAttr(strings.TrimSpace(attr))
	}
	return template.HTMLAttr(
		attr + `aria-describedby="` + template.HTMLEscapeString(strings.Join(ids, " ")) + `"`,
	)
}

// RegionPage lets the shared regionSelect partial mark the select invalid.
func (f fieldView) RegionPage() Page {
	p := Page{}
	if f.Error != "" {
		p.Errors = domain.FieldErrors{{Field: f.ID, Label: f.F.Label, Message: f.Error}}
	}
	return p
}

// fieldViews builds the inputs of fields from values, with a message per
// field (errs) and the computed values of read-only fields.
func fieldViews(
	fields []form.Field,
	values domain.Values,
	errs map[string]string,
	computed func(key string) string,
	d form.Dates,
	tall bool,
) []fieldView {
	out := make([]fieldView, 0, len(fields))
	for i := range fields {
		f := &fields[i]
		v := fieldView{
			F:     f,
			Row:   values,
			ID:    f.Key,
			Value: values[f.Key],
			Error: errs[f.Key],
			Hint:  fieldHint(f, d),
			Rows:  4,
		}
		if tall {
			v.Rows = 18
		}
		if !f.Input() && computed != nil {
			v.Value = computed(f.Key)
		}
		if f.Kind == form.Enum || f.Kind == form.MultiEnum {
			v.Options, v.Checked = options(f, v.Value)
		}
		if f.Kind == form.YesNo {
			v.Options = []string{"是", "否"}
		}
		if w := f.RequiredWhen; w != nil && !f.Required {
			v.RequiredWhenText = "“" + labelOf(fields, w.Field) + "”为" + quoteAll(w.In) + "时必填。"
		}
		if w := f.NotFillableWhen; w != nil {
			b, _ := json.Marshal(w.In)
			v.NotFillableField, v.NotFillableJSON = w.Field, string(b)
			v.NotFillableText = "“" + labelOf(fields, w.Field) + "”为" + quoteAll(w.In) + "时不可填。"
			v.NotFillableNow = !f.Fillable(values)
			if r := f.RequiredWhen; r != nil && r.Field == w.Field && !f.Required {
				// Required exactly in the states where it exists: say it once.
				v.RequiredWhenText, v.NotFillableText = "", "仅当“"+labelOf(
					fields,
					w.Field,
				)+"”为"+quoteAll(
					r.In,
				)+"时填写（此时必填），其他情况不可填。"
			}
		}
		out = append(out, v)
	}
	return out
}

// options are a choice field's options and which are chosen; a stored
// value that is no longer an option is kept, so nothing typed is lost.
func options(f *form.Field, value string) ([]string, map[string]bool) {
	chosen := map[string]bool{}
	opts := slices.Clone(f.Options)
	parts := []string{value}
	if f.Kind == form.MultiEnum {
		parts = strings.Split(value, "、")
	}
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		chosen[p] = true
		if !slices.Contains(opts, p) {
			opts = append(opts, p)
		}
	}
	return opts, chosen
}

// fieldHint is the declared hint, with the round's dates for date fields
// and the length limit of long texts.
func fieldHint(f *form.Field, d form.Dates) string {
	hint := f.Hint
	add := func(s string) {
		if hint != "" && !strings.HasSuffix(hint, "。") {
			hint += "。"
		}
		hint += s
	}
	if limit := form.DateLimit(f, d); f.Kind == form.Date && limit != "" {
		add(limit + "。")
	}
	if f.Kind == form.LongText && f.Input() {
		add("不超过 " + strconv.Itoa(fieldView{F: f}.MaxChars()) + " 字。")
	}
	return hint
}

func labelOf(fields []form.Field, key string) string {
	for _, f := range fields {
		if f.Key == key {
			return f.Label
		}
	}
	return key
}

func quoteAll(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "“" + v + "”"
	}
	return strings.Join(q, "或")
}
