package sheet

import (
	"strconv"
	"strings"

	"hatch/internal/form"
)

// guideRequired words whether a column or a file is required.
func guideRequired(t *form.Table, required bool, when *form.When) string {
	switch {
	case required:
		return "必填"
	case when != nil:
		return "条件必填：" + guideWhen(t, when) + "时必填"
	}
	return "选填"
}

// guideWhen words a condition on a row: 团队状态为“已注册为企业”或“已迁出”.
func guideWhen(t *form.Table, w *form.When) string {
	label := w.Field
	if c := t.Column(w.Field); c != nil {
		label = c.Label
	}
	quoted := make([]string, len(w.In))
	for i, v := range w.In {
		quoted[i] = "“" + v + "”"
	}
	return label + "为" + strings.Join(quoted, "或")
}

// guideFormat says what a cell takes.
func guideFormat(f *form.Field) string {
	switch f.Kind {
	case form.Date:
		return "日期"
	case form.Int:
		return "整数"
	case form.Decimal:
		return "数字，最多两位小数"
	case form.Enum, form.YesNo:
		return "从下拉列表选择：" + strings.Join(bookChoices(f), "、")
	case form.MultiEnum:
		return "多选，用“、”分隔：" + strings.Join(f.Options, "、")
	case form.USCC:
		return "18位统一社会信用代码"
	case form.IDNumber:
		return "身份证号码（18位）"
	case form.Mobile:
		return "11位手机号码"
	case form.Phone:
		return "固定电话，格式为“区号-号码”，如 010-88656315"
	case form.Email:
		return "电子邮箱，如 name@example.com"
	case form.URL:
		return "网址，以 http:// 或 https:// 开头"
	case form.Region:
		return "6位行政区划代码"
	}
	return "文本，不超过 " + strconv.Itoa(guideMaxLen(f)) + " 个字"
}

// guideMaxLen is the form's length limit (check.go's maxLen).
func guideMaxLen(f *form.Field) int {
	switch {
	case f.MaxLen > 0:
		return f.MaxLen
	case f.Kind == form.LongText:
		return 3000
	}
	return 200
}

// guideExplain gathers the rules of a column beyond its format.
func guideExplain(t *form.Table, f *form.Field, g Guide) string {
	var parts []string
	if h := strings.TrimRight(f.Hint, "。"); h != "" {
		parts = append(parts, h)
	}
	parts = append(parts, guideBounds(f)...)
	if c := t.Column(f.LessEq); f.LessEq != "" && c != nil {
		parts = append(parts, "不大于“"+c.Label+"”")
	}
	if sh := f.Share; sh != nil && t.Column(sh.Whole) != nil {
		with := make([]string, 0, len(sh.Others))
		for _, k := range sh.Others {
			if c := t.Column(k); c != nil {
				with = append(with, "“"+c.Label+"”")
			}
		}
		parts = append(parts, "与"+strings.Join(with, "、")+"之和不大于“"+t.Column(sh.Whole).Label+"”")
	}
	if c := t.Column(f.NotAfter); f.NotAfter != "" && c != nil {
		parts = append(parts, "不早于“"+c.Label+"”")
	}
	if f.Kind == form.Date {
		parts = append(parts, guideDateRule(f, g)...)
	}
	if f.NotFillableWhen != nil && len(f.NotFillableWhen.In) > 0 {
		parts = append(parts, guideWhen(t, f.NotFillableWhen)+"时不填")
	}
	if t.UniqueBy == f.Key {
		parts = append(parts, "本表中不能重复")
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "；") + "。"
}

// guideBounds words Min and Max with the column's unit.
func guideBounds(f *form.Field) []string {
	unit := ""
	if f.Unit != "" {
		unit = " " + f.Unit
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + unit }
	var out []string
	if f.Min != nil {
		out = append(out, "不小于 "+num(*f.Min))
	}
	if f.Max != nil {
		out = append(out, "不大于 "+num(*f.Max))
	}
	return out
}

// guideDateRule words a date column's tie to the round's dates.
func guideDateRule(f *form.Field, g Guide) []string {
	var out []string
	switch f.Dates {
	case form.UpToCutoff:
		out = append(out, strings.TrimSpace("不晚于数据截止日 "+g.Cutoff))
	case form.InWindow:
		out = append(out, "在活动时间范围 "+g.WindowFrom+" 至 "+g.WindowTo+" 内")
	case form.UpToOperating:
		out = append(out, strings.TrimSpace("不晚于 "+g.Operating))
	default:
		if !f.Future {
			out = append(out, "不晚于填报当天")
		}
	}
	return out
}

// guideNumeral writes 1..99 in Chinese numerals, as section numbers are.
func guideNumeral(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	case n < 100:
		return digits[n/10] + "十" + digits[n%10]
	}
	return strconv.Itoa(n)
}
