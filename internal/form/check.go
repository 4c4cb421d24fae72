package form

import (
	"fmt"
	"maps"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hatch/internal/domain"
	"hatch/internal/fonts"
	"hatch/internal/ident"
	"hatch/internal/region"
)

// Issue is one problem, addressed by path so the page can show it beside
// the field, the error summary can link to it, and a reviewer's remark can
// use the same address.
type Issue struct {
	Section string // the section whose page shows it
	Table   string // "" for a section field
	RowID   int64  // 0 for a section field
	Field   string // a field key or a file slot key
	Label   string
	Message string
	Warning bool // shown, but does not block submission
	Print   bool // a warning that the 申报书 cannot print some of the value's characters
}

// Path is the issue's address: "basic.founded_on" or "teams[12].joined_on".
func (i Issue) Path() string {
	if i.Table == "" {
		return i.Section + "." + i.Field
	}
	return i.Table + "[" + strconv.FormatInt(i.RowID, 10) + "]." + i.Field
}

// active reports whether w holds for values v (a nil When never holds).
func (w *When) active(v domain.Values) bool {
	if w == nil {
		return false
	}
	got := []string{strings.TrimSpace(v[w.Field])}
	if w.Any {
		got = strings.Split(got[0], "、")
	}
	for _, g := range got {
		if slices.Contains(w.In, strings.TrimSpace(g)) {
			return !w.Not
		}
	}
	return w.Not
}

// Fillable reports whether f can hold a value given the other values.
func (f *Field) Fillable(v domain.Values) bool { return f.Input() && !f.NotFillableWhen.active(v) }

// IsRequired reports whether f must be filled given the other values.
func (f *Field) IsRequired(v domain.Values) bool {
	return f.Fillable(v) && (f.Required || f.RequiredWhen.active(v))
}

// IsRequired reports whether a file slot must hold a file.
func (s *FileSlot) IsRequired(
	v domain.Values,
) bool {
	return (s.Required || s.RequiredWhen.active(v)) && !s.Unless.active(v)
}

// ClearBeforeSaving ends the message of a value where the row's state
// leaves it no place; an import, where the cell is in a file, says it its
// own way.
const ClearBeforeSaving = "请清空后再保存。"

// Refused returns the values that may not be sent at all: fields that are
// computed or not fillable in this row's state, and keys that are not
// fields. A save that carries one is refused whole, so such a value is
// never stored, printed or exported.
func Refused(fields []Field, v domain.Values) []Issue {
	var out []Issue
	for _, key := range slices.Sorted(maps.Keys(v)) { // the same message order on every save
		val, f := v[key], findField(fields, key)
		switch {
		case f == nil:
			out = append(out, Issue{Field: key, Label: key, Message: "“" + key + "”不是本表的填报项。"})
		case strings.TrimSpace(val) == "":
		case !f.Input():
			out = append(out, Issue{Field: key, Label: f.Label, Message: f.Label + "由系统自动生成，不能填写。"})
		case !f.Fillable(v):
			out = append(out, Issue{Field: key, Label: f.Label,
				Message: f.Label + "在“" + v[f.NotFillableWhen.Field] + "”状态下为不可填项目，" + ClearBeforeSaving})
		}
	}
	return out
}

// CheckFields checks values against fields: formats, ranges, dates and,
// when complete is set, required fields. Saving a draft checks without
// complete-ness and still saves; submission needs complete.
func CheckFields(fields []Field, v domain.Values, d Dates, complete bool) []Issue {
	var out []Issue
	for i := range fields {
		f := &fields[i]
		if !f.Fillable(v) {
			continue
		}
		val := strings.TrimSpace(v[f.Key])
		if val == "" {
			if complete && f.IsRequired(v) {
				out = append(
					out,
					Issue{Field: f.Key, Label: f.Label, Message: "请填写" + f.Label + "。"},
				)
			}
			continue
		}
		if msg := checkValue(fields, f, val, v, d); msg != "" {
			out = append(out, Issue{Field: f.Key, Label: f.Label, Message: msg})
		} else if msg := checkPrintable(f, val); msg != "" {
			out = append(out, Issue{Field: f.Key, Label: f.Label, Message: msg, Warning: true, Print: true})
		}
	}
	return out
}

// checkPrintable names the characters of a value that no font of the
// 申报书 has. The value is kept as typed (a name is what it is); the
// warning says how it will print, so that nobody seals a page that differs
// from the screen without knowing.
func checkPrintable(f *Field, val string) string {
	missing := fonts.Missing(val)
	if len(missing) == 0 {
		return ""
	}
	names := make([]string, 0, min(len(missing), 5))
	for i, r := range missing {
		if i == 5 {
			names = append(names, "等"+strconv.Itoa(len(missing))+"个")
			break
		}
		names = append(names, CharName(r))
	}
	return f.Label + "中的" + strings.Join(names, "、") + "在申报书中无法印出，打印时将印作其编码（如〔" +
		CodePoint(missing[0]) + "〕）。内容已按原样保存；如需印出原字，请改用其他写法。"
}

// CharName names a character for a message: itself with its code point,
// or, for one that shows nothing, what it is.
func CharName(r rune) string {
	if unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Mn, r) {
		return "“" + string(r) + "”（" + CodePoint(r) + "）"
	}
	return CodePoint(r) + "（不可见字符）"
}

// CodePoint is r's code point as Unicode writes it, U+0627.
func CodePoint(r rune) string { return fmt.Sprintf("U+%04X", r) }

// checkValue checks one non-empty value; fields are its siblings, for the
// rules that compare with another field of the row.
func checkValue(fields []Field, f *Field, val string, row domain.Values, d Dates) string {
	if max := maxLen(f); utf8.RuneCountInString(val) > max {
		return f.Label + "不能超过" + strconv.FormatInt(
			int64(max),
			10,
		) + "个字符，当前" + strconv.FormatInt(
			int64(utf8.RuneCountInString(val)),
			10,
		) + "个。"
	}
	switch f.Kind {
	case Int, Decimal:
		return checkNumber(fields, f, val, row)
	case Date:
		return checkDate(f, val, row, d)
	case Enum:
		return checkOption(f, val)
	case MultiEnum:
		for _, part := range strings.Split(val, "、") {
			if msg := checkOption(f, part); msg != "" {
				return msg
			}
		}
	case YesNo:
		if val != "是" && val != "否" {
			return f.Label + "请选择“是”或“否”。"
		}
	}
	return checkFormat(f, val, d)
}

func maxLen(f *Field) int {
	switch {
	case f.MaxLen > 0:
		return f.MaxLen
	case f.Kind == LongText:
		return 3000
	}
	return 200
}

var (
	mobileRe = regexp.MustCompile(`^1[3-9]\d{9}$`)
	phoneRe  = regexp.MustCompile(`^(\d{3,4}-)?\d{7,8}(-\d{1,6})?$`)
)

func checkFormat(f *Field, val string, d Dates) string {
	switch f.Kind {
	case USCC:
		return ident.CheckUSCC(ident.Canonical(val))
	case IDNumber:
		return ident.CheckIDNumber(ident.Canonical(val), d.Today)
	case Mobile:
		if !mobileRe.MatchString(val) {
			return f.Label + "应为11位手机号码，以1开头。"
		}
	case Phone:
		if !phoneRe.MatchString(val) {
			return f.Label + "格式应为“区号-号码”，例如 010-88656315。"
		}
	case Email:
		if a, err := mail.ParseAddress(val); err != nil || a.Address != val {
			return f.Label + "格式不正确，例如 name@example.com。"
		}
	case URL:
		if u, err := url.Parse(val); err != nil || (u.Scheme != "http" && u.Scheme != "https") ||
			u.Host == "" {
			return f.Label + "应为以 http:// 或 https:// 开头的网址。"
		}
	case Region:
		if !region.Valid(val) {
			return "请选择" + f.Label + "。"
		}
	}
	return ""
}

func checkOption(f *Field, val string) string {
	for _, o := range f.Options {
		if o == val {
			return ""
		}
	}
	return f.Label + "“" + val + "”不是可选项，请从列表中选择。"
}

func checkNumber(fields []Field, f *Field, val string, row domain.Values) string {
	n, ok := Number(val)
	if !ok || (f.Kind == Int && n != float64(int64(n))) {
		what := "数字"
		if f.Kind == Int {
			what = "整数"
		}
		return f.Label + "应为" + what + "，当前为“" + val + "”。"
	}
	switch {
	case f.Min != nil && n < *f.Min:
		return f.Label + "不能小于" + FormatNumber(*f.Min, 0) + unitSuffix(f) + "。"
	case f.Max != nil && n > *f.Max:
		return f.Label + "不能大于" + FormatNumber(*f.Max, 0) + unitSuffix(f) + "。"
	}
	if f.LessEq != "" {
		if limit, ok := Number(row[f.LessEq]); ok && n > limit {
			return f.Label + "不能大于本行的" + findField(fields, f.LessEq).Label + "。"
		}
	}
	return checkShare(fields, f, n, row)
}

// checkShare reports parts that together exceed their whole, on the last
// part, once each part fits alone.
func checkShare(fields []Field, f *Field, n float64, row domain.Values) string {
	if f.Share == nil {
		return ""
	}
	whole, ok := Number(row[f.Share.Whole])
	if !ok {
		return ""
	}
	sum, labels := n, []string{}
	for _, k := range f.Share.Others {
		v, _ := Number(row[k])
		sum += v
		labels = append(labels, strings.TrimPrefix(findField(fields, k).Label, "其中："))
	}
	if sum <= whole {
		return ""
	}
	labels = append(labels, strings.TrimPrefix(f.Label, "其中："))
	w := findField(fields, f.Share.Whole)
	return strings.Join(labels, "与") + "之和（" + FormatNumber(sum, 2) + " " + w.Unit + "）不能大于本行的" +
		w.Label + "（" + FormatNumber(whole, 2) + " " + w.Unit + "）。"
}

func unitSuffix(f *Field) string { return f.Unit }

func checkDate(f *Field, val string, row domain.Values, d Dates) string {
	t, ok := ParseDate(val)
	if !ok {
		return f.Label + "应按 年-月-日 填写，例如 2021-05-01。"
	}
	if t.After(d.Today) && !d.Today.IsZero() && !f.Future {
		return f.Label + "不能晚于今天。"
	}
	if msg := dateRule(f, t, d); msg != "" {
		return msg
	}
	if f.NotAfter != "" {
		if before, ok := ParseDate(row[f.NotAfter]); ok && t.Before(before) {
			return f.Label + "不能早于本行的起始日期（" + FormatDate(before) + "）。"
		}
	}
	return ""
}

func dateRule(f *Field, t time.Time, d Dates) string {
	broken := false
	switch f.Dates {
	case UpToCutoff:
		broken = !d.Cutoff.IsZero() && t.After(d.Cutoff)
	case InWindow:
		broken = !Between(t, d.WindowFrom, d.WindowTo)
	case UpToOperating:
		broken = !d.OperatingFrom.IsZero() && t.After(d.OperatingFrom)
	}
	if !broken {
		return ""
	}
	return f.Label + "应" + DateLimit(f, d) + "。"
}

// DateLimit is a date field's limit in the round's dates, in the one
// phrase the hint beside the field and the message after a save share:
// "不晚于 2021-10-31（本批次数据截止日）". "" when it has none.
func DateLimit(f *Field, d Dates) string {
	switch {
	case f.Dates == UpToCutoff && !d.Cutoff.IsZero():
		return "不晚于 " + FormatDate(d.Cutoff) + "（本批次数据截止日）"
	case f.Dates == InWindow && !d.WindowFrom.IsZero():
		return "在 " + FormatDate(d.WindowFrom) + " 至 " + FormatDate(d.WindowTo) + " 之间"
	case f.Dates == UpToOperating && !d.OperatingFrom.IsZero():
		return "不晚于 " + FormatDate(d.OperatingFrom) + "（须已运营满18个月）"
	}
	return ""
}
