package form_test

import (
	"fmt"
	"testing"

	"hatch/internal/form"
)

// figures formats an application's key figures by label.
func figures(a *form.App) map[string]string {
	out := map[string]string{}
	for i, v := range a.KeyFigures() {
		out[a.Type.KeyFigures[i].Label] = fmt.Sprint(v)
	}
	return out
}

func TestKeyFiguresFollowTheRules(t *testing.T) {
	tests := []struct {
		name string
		app  *form.App
		want map[string]string
	}{
		{"a 孵化器 lists the rows that count", newIncubator(50, 20).app(), map[string]string{
			"孵化器类型": "综合孵化器", "在孵企业（家）": "50", "累计毕业企业（家）": "20"}},
		{"a firm that breaks a rule is not counted", func() *form.App {
			f := newIncubator(51, 20)
			f.set("firms", 50, "founded_on", "2016-01-01", "joined_on", "2016-06-01")
			return f.app()
		}(), map[string]string{"在孵企业（家）": "50"}},
		{"a 免税 body designated before the period claims from its start", newExemption().app(), map[string]string{
			"机构类型": "国家级科技企业孵化器", "享受起始月份": "2024-01", "享受截止月份": "2027-12", "在孵对象（个）": "10",
			"免税收入（万元）": "20.5"}},
		{"a cancelled one claims to the month of cancellation", func() *form.App {
			f := newExemption()
			f.basic("cancelled", "是", "cancelled_on", "2026-03-10")
			return f.app()
		}(), map[string]string{"享受起始月份": "2024-01", "享受截止月份": "2026-03"}},
		{"without a designation date there are no months", func() *form.App {
			f := newExemption()
			f.basic("designated_on", "")
			return f.app()
		}(), map[string]string{"享受起始月份": "", "享受截止月份": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := figures(tt.app)
			for k, w := range tt.want {
				if got[k] != w {
					t.Errorf("%s = %q, want %q (all: %v)", k, got[k], w, got)
				}
			}
		})
	}
}

func TestEveryTypeListsItsKeyFiguresForAnEmptyApplication(t *testing.T) {
	for _, ty := range form.Types() {
		a := form.NewApp(ty, form.Dates{}, form.Org{}, "", nil, nil, nil)
		if got := a.KeyFigures(); len(got) != len(ty.KeyFigures) || len(got) == 0 {
			t.Errorf("%s: %d figures, declared %d", ty.Code, len(got), len(ty.KeyFigures))
		}
	}
}
