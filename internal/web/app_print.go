package web

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/fonts"
	"hatch/internal/form"
	"hatch/internal/service"
)

// What the 申报书 cannot print: 核对申报信息 marks each such character
// where it stands, and the versions page lists each place, so that nobody
// seals a page that differs from the screen without knowing.

// ink shows a value as the 申报书 prints it: each run of characters no
// font has is marked, with what prints instead. A run stays whole so that
// the browser still shapes it (Arabic letters join).
func ink(s string) template.HTML {
	missing := fonts.Missing(s)
	if len(missing) == 0 {
		return template.HTML(template.HTMLEscapeString(s))
	}
	var b strings.Builder
	var run []rune
	flush := func() {
		if len(run) == 0 {
			return
		}
		codes := make([]string, len(run))
		for i, r := range run {
			codes[i] = "〔" + form.CodePoint(r) + "〕"
		}
		printed := strings.Join(codes, "")
		b.WriteString(`<mark class="unprintable" title="申报书中无法印出，将印作` + printed + `">`)
		b.WriteString(template.HTMLEscapeString(string(run)))
		b.WriteString(`<span class="visually-hidden">（申报书中无法印出，将印作` + printed + `）</span></mark>`)
		run = run[:0]
	}
	for _, r := range s {
		if slices.Contains(missing, r) {
			run = append(run, r)
			continue
		}
		flush()
		b.WriteString(template.HTMLEscapeString(string(r)))
	}
	flush()
	return template.HTML(b.String())
}

// printPlace is one field whose value the 申报书 cannot print whole.
type printPlace struct {
	Where, URL, Message string
}

// printPlaces lists, in the order of the task list, the fields with
// characters no font has.
func printPlaces(v service.AppView) []printPlace {
	var out []printPlace
	base := refOf(v).URL()
	for _, is := range v.Form.Issues(false) {
		if !is.Print {
			continue
		}
		if is.Table == "" {
			sec := v.Type.Section(is.Section)
			out = append(out, printPlace{Where: sec.Title + " · " + is.Label,
				URL: base + "/sections/" + is.Section + "#" + is.Field, Message: is.Message})
			continue
		}
		t := v.Type.Table(is.Table)
		n := slices.IndexFunc(v.Form.Rows[is.Table], func(r domain.Row) bool { return r.ID == is.RowID }) + 1
		out = append(out, printPlace{Where: t.Title + " 第" + strconv.Itoa(n) + "行 · " + is.Label,
			URL: base + "/rows/" + strconv.FormatInt(is.RowID, 10) + "#" + is.Field, Message: is.Message})
	}
	return out
}
