package sheet

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"hatch/internal/form"
)

// bookChoices are the options of a drop-down column; nil for the others.
// MultiEnum has none: a list validation accepts one option per cell.
func bookChoices(f *form.Field) []string {
	switch f.Kind {
	case form.Enum:
		return f.Options
	case form.YesNo:
		return []string{"是", "否"}
	}
	return nil
}

func bookListKey(f *form.Field) string { return strings.Join(bookChoices(f), "\n") }

// optionLists writes each distinct option list once, as a column of the
// hidden 选项 sheet: a list validation typed inline is limited to 255
// characters, a range is not.
func (b *bookWriter) optionLists(tables []*form.Table) {
	n := 0
	for _, t := range tables {
		for _, f := range BookColumns(t) {
			opts, key := bookChoices(f), bookListKey(f)
			if len(opts) == 0 || b.lists[key] != "" {
				continue
			}
			n++
			col := bookCol(n)
			cells := make([]any, 0, len(opts)+1)
			cells = append(cells, f.Label)
			for _, o := range opts {
				cells = append(cells, o)
			}
			b.do(func() error { return b.f.SetSheetCol(bookOptionSheet, col+"1", &cells) })
			b.lists[key] = fmt.Sprintf("'%s'!$%s$2:$%s$%d", bookOptionSheet, col, col, len(opts)+1)
		}
	}
}

// dropDowns puts a list validation on every column with options, pointing
// at its list on 选项.
func (b *bookWriter) dropDowns(sheet string, cols []*form.Field, last int) {
	for i, f := range cols {
		ref := b.lists[bookListKey(f)]
		if len(bookChoices(f)) == 0 || ref == "" {
			continue
		}
		col := bookCol(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = col + "2:" + col + strconv.Itoa(last)
		dv.SetSqrefDropList(ref)
		dv.SetError(excelize.DataValidationErrorStyleStop, "不是可选项", bookChoiceError(f))
		b.do(func() error { return b.f.AddDataValidation(sheet, dv) })
	}
}

// bookChoiceError is the message Excel shows for a value outside the list;
// Excel cuts messages at 255 characters, so long lists are not repeated.
func bookChoiceError(f *form.Field) string {
	msg := "请从下拉列表中选择“" + f.Label + "”"
	if list := strings.Join(bookChoices(f), "、"); len([]rune(list)) <= 150 {
		msg += "：" + list
	}
	return msg + "。"
}

// greying greys a column's cells while its row's state makes it not
// fillable, as the user picks the state.
func (b *bookWriter) greying(sheet string, cols []*form.Field, last int) {
	for i, f := range cols {
		formula := bookNotFillableFormula(f, cols)
		if formula == "" {
			continue
		}
		col := bookCol(i + 1)
		ref := col + "2:" + col + strconv.Itoa(last)
		b.do(func() error {
			return b.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{
				{Type: "formula", Criteria: formula, Format: &b.st.grey},
			})
		})
	}
}

// bookNotFillableFormula is the formula for row 2 (Excel shifts it for the
// rows below), e.g. OR($C2="已注册为企业",$C2="已迁出"); "" when f is
// always fillable or its state column is not in the sheet.
func bookNotFillableFormula(f *form.Field, cols []*form.Field) string {
	w := f.NotFillableWhen
	if w == nil || len(w.In) == 0 {
		return ""
	}
	state := -1
	for i, c := range cols {
		if c.Key == w.Field {
			state = i
		}
	}
	if state < 0 {
		return ""
	}
	cell := "$" + bookCol(state+1) + "2"
	parts := make([]string, len(w.In))
	for i, v := range w.In {
		parts[i] = cell + `="` + strings.ReplaceAll(v, `"`, `""`) + `"`
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "OR(" + strings.Join(parts, ",") + ")"
}
