package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/region"
)

// This file turns the application's declaration (form.Field, form.Table)
// into inputs on the application pages, and posted forms back into values.
// Which input a field gets, its hint and its messages all come from the
// declaration, so the pages follow the rules without repeating them.

// reservedKeys are posted with every application form but are not values.
// The region picker's keys are folded into "region" (postedRegion).
var reservedKeys = map[string]bool{"_csrf": true, "revision": true, "_next": true,
	regionProvinceKey: true, regionCityKey: true, regionPickKey: true}

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
	if _, ok := posted[regionProvinceKey]; ok {
		out["region"] = regionOf(posted)
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
	return "接受 PDF、JPG、PNG 格式；每个文件不超过 " + form.FileSize(set.MaxUpload) +
		"，每份申报书的附件合计不超过 " + form.FileSize(set.MaxAppFiles) + "。"
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
