package web

import (
	"encoding/json"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"hatch/internal/blob"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/region"
)

// This file turns the application's declaration (form.Field, form.Table)
// into inputs on the application pages, and posted forms back into values.
// Which input a field gets, its hint and its messages all come from the
// declaration, so the pages follow the rules without repeating them.

// fieldView is one field of a section or column of a row as its input.
type fieldView struct {
	Row     domain.Values // the row or section values, for rules that depend on them
	F       *form.Field
	ID      string // the element id, which the summary links to
	Value   string
	Checked map[string]bool // MultiEnum: the chosen options
	Options []string        // Enum and MultiEnum, with an unknown stored value kept
	Hint    string
	ReqWhen string // the states in which the field is required
	NFField string // the controlling field of NotFillableWhen
	NFJSON  string // its values, as a JSON list
	NFText  string // the states in which the field is 不可填
	NFNow   bool   // not fillable in the values shown
	Error   string
	Remarks []domain.Remark // the reviewers' remarks on this field, when returned
	Rows    int             // textarea height
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
	if f.ReqWhen != "" || f.NFText != "" {
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
			v.ReqWhen = "“" + labelOf(fields, w.Field) + "”为" + quoteAll(w.In) + "时必填。"
		}
		if w := f.NotFillableWhen; w != nil {
			b, _ := json.Marshal(w.In)
			v.NFField, v.NFJSON = w.Field, string(b)
			v.NFText = "“" + labelOf(fields, w.Field) + "”为" + quoteAll(w.In) + "时不可填。"
			v.NFNow = !f.Fillable(values)
			if r := f.RequiredWhen; r != nil && r.Field == w.Field && !f.Required {
				// Required exactly in the states where it exists: say it once.
				v.ReqWhen, v.NFText = "", "仅当“"+labelOf(
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
	if f.Kind == form.Date {
		switch {
		case f.Dates == form.UpToCutoff && !d.Cutoff.IsZero():
			add("不晚于 " + form.FormatDate(d.Cutoff) + "（本批次数据截止日）。")
		case f.Dates == form.InWindow && !d.WindowFrom.IsZero():
			add(
				"应在 " + form.FormatDate(
					d.WindowFrom,
				) + " 至 " + form.FormatDate(
					d.WindowTo,
				) + " 之间。",
			)
		case f.Dates == form.UpToOperating && !d.OperatingFrom.IsZero():
			add("不晚于 " + form.FormatDate(d.OperatingFrom) + "（须已运营满18个月）。")
		}
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

// reservedKeys are posted with every application form but are not values.
var reservedKeys = map[string]bool{"_csrf": true, "revision": true, "_next": true}

// parsePosted reads the posted form, url-encoded or multipart, when the
// CSRF check has not already (a request that sent its token as a header).
func parsePosted(r *http.Request) error {
	if isMultipart(r) {
		if r.MultipartForm != nil {
			return nil
		}
		return r.ParseMultipartForm(1 << 20)
	}
	return r.ParseForm()
}

// unreadable is the answer to a form that could not be read.
var unreadable = domain.Errorf(domain.Invalid, "提交的内容无法读取，请刷新页面后重试。")

// formValues reads every posted key but the reserved ones: the fields'
// inputs, with a checkbox list joined by "、" into one value, and any other
// key, so that a value the declaration refuses (computed, not fillable,
// unknown) reaches the service's rules and is refused there, never dropped
// silently. A field that is not posted (an unchecked list, a disabled
// input) is absent, that is, empty.
func formValues(r *http.Request) domain.Values {
	posted := r.PostForm
	if r.MultipartForm != nil {
		posted = r.MultipartForm.Value
	}
	out := domain.Values{}
	for key, vals := range posted {
		if reservedKeys[key] {
			continue
		}
		var parts []string
		for _, v := range vals {
			if strings.TrimSpace(v) != "" && !slices.Contains(parts, v) {
				parts = append(parts, v)
			}
		}
		out[key] = strings.Join(parts, "、")
	}
	return out
}

func findColumn(fields []form.Field, key string) *form.Field {
	for i := range fields {
		if fields[i].Key == key {
			return &fields[i]
		}
	}
	return nil
}

// postedRevision is the revision the form was opened at.
func postedRevision(r *http.Request) int64 {
	rev, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	return rev
}

// problem is one line of a page's summary: a message linking to a field.
type problem struct {
	ID      string
	Message string
}

// problemsOf orders messages as the fields appear on the page (unknown
// keys last) for the summary, and keeps the first message per field for
// beside it.
func problemsOf(fe domain.FieldErrors, order []string) ([]problem, map[string]string) {
	sorted := slices.Clone(fe)
	pos := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(
		sorted,
		func(a, b domain.FieldError) int { return pos(a.Field) - pos(b.Field) },
	)
	beside := map[string]string{}
	out := make([]problem, 0, len(sorted))
	for _, e := range sorted {
		msg := e.Message
		if e.Label != "" && !strings.Contains(msg, e.Label) {
			msg = e.Label + "：" + msg // say which field, as the summary is read apart from the form
		}
		out = append(out, problem{ID: e.Field, Message: msg})
		if _, ok := beside[e.Field]; !ok {
			beside[e.Field] = e.Message
		}
	}
	return out, beside
}

// issueErrors turns the rule engine's issues into field messages; file
// slots are addressed as their upload inputs ("file-" + slot).
func issueErrors(issues []form.Issue, slots []form.FileSlot) domain.FieldErrors {
	var fe domain.FieldErrors
	for _, is := range issues {
		id := is.Field
		if slices.ContainsFunc(slots, func(s form.FileSlot) bool { return s.Key == is.Field }) {
			id = "file-" + is.Field
		}
		fe.Add(id, is.Label, is.Message)
	}
	return fe
}

// fieldOrder is the order of the page's inputs, file inputs after fields.
func fieldOrder(fields []form.Field, slots []form.FileSlot) []string {
	out := make([]string, 0, len(fields)+len(slots))
	for _, f := range fields {
		out = append(out, f.Key)
	}
	for _, s := range slots {
		out = append(out, "file-"+s.Key)
	}
	return out
}

// valueDiffs lists the fields where the latest saved values differ from
// the user's, for a conflict: both versions side by side.
func valueDiffs(fields []form.Field, latest, mine domain.Values) []fieldDiff {
	var out []fieldDiff
	seen := map[string]bool{}
	show := func(f *form.Field, v string) string {
		v = strings.TrimSpace(v)
		if v == "" {
			return "（未填写）"
		}
		if f != nil && f.Kind == form.Region {
			if reg, ok := region.Lookup(v); ok {
				return reg.FullName()
			}
		}
		return v
	}
	add := func(key string) {
		if seen[key] {
			return
		}
		seen[key] = true
		if strings.TrimSpace(latest[key]) == strings.TrimSpace(mine[key]) {
			return
		}
		f := findColumn(fields, key)
		label := key
		if f != nil {
			label = f.Header()
		}
		out = append(
			out,
			fieldDiff{Label: label, Latest: show(f, latest[key]), Mine: show(f, mine[key])},
		)
	}
	for _, f := range fields {
		if f.Input() {
			add(f.Key)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(latest)) {
		add(k)
	}
	return out
}

// wantsJSON reports whether the page's script asked for a JSON answer.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// jsonIssue is a remaining problem in a JSON answer to the page script.
type jsonIssue struct {
	Field   string `json:"field"`
	Label   string `json:"label"`
	Message string `json:"message"`
}

func jsonIssues(list []form.Issue) []jsonIssue {
	out := make([]jsonIssue, 0, len(list))
	for _, is := range list {
		out = append(out, jsonIssue{Field: is.Field, Label: is.Label, Message: is.Message})
	}
	return out
}

// saveFailedJSON answers the page script's refused save: 409 with both
// versions on a conflict, the error with its field messages otherwise.
func saveFailedJSON(w http.ResponseWriter, err error, mine domain.Values) {
	if ce, ok := asConflict(err); ok {
		writeJSON(
			w,
			http.StatusConflict,
			map[string]any{"error": ce.Error(), "revision": ce.Revision,
				"current": ce.Current, "mine": mine},
		)
		return
	}
	writeJSON(
		w,
		status(err),
		apiError{Error: domain.Message(err), Fields: fieldMap(domain.FieldsOf(err))},
	)
}

// uploadLimits is the hint under every upload input.
func (s *Server) uploadLimits() string {
	set := s.svc.Settings()
	return "接受 PDF、JPG、PNG 格式；每个文件不超过 " + blob.HumanSize(set.MaxUpload) +
		"，每份申报书的附件合计不超过 " + blob.HumanSize(set.MaxAppFiles) + "。"
}

// saveFlash is the message after a draft save: done, or done with the
// number of problems still to fix before submission.
func saveFlash(w http.ResponseWriter, done string, problems int) {
	if problems == 0 {
		setFlash(w, done)
		return
	}
	setFlashKind(w, "warning", "已保存草稿，仍有 "+strconv.Itoa(problems)+" 处问题，提交前须修正。")
}
