package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestPublicityEndFollowsTheHolidayCalendar: the 公示 form's script asks
// for the fifth working day of a period; the answer counts the State
// Council's holidays and worked weekends, and says why when it cannot.
func TestPublicityEndFollowsTheHolidayCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser()
		for _, tt := range []struct {
			name, from, end, err string
		}{
			{"an ordinary week ends on Friday", "2021-11-22", "2021-11-26", ""},
			{"across National Day the worked Saturday counts", "2021-09-28", "2021-10-09", ""},
			{"a year not entered is named", "2031-03-03", "", "2031年的节假日安排尚未录入"},
			{"a date that is no date is refused", "明天", "", "请按YYYY-MM-DD填写公示开始日期"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := b.get("/workdays/end?from=" + url.QueryEscape(tt.from))
				var got struct{ End, Error string }
				if err := json.Unmarshal([]byte(r.body), &got); r.status != 200 || err != nil {
					t.Fatalf("%d %s (%v)", r.status, r.body, err)
				}
				if got.End != tt.end || (tt.err == "") != (got.Error == "") ||
					!strings.Contains(got.Error, tt.err) {
					t.Errorf("answer %+v, want end %q error %q", got, tt.end, tt.err)
				}
			})
		}
	})
}

// TestTorchEntersAYearsHolidays: 火炬中心 enters a year the calendar does
// not know; a text it cannot read is refused with the line at fault and
// kept as typed; once saved, a 公示 in that year is counted by it.
func TestTorchEntersAYearsHolidays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-torch")
		page := b.get("/admin/holidays")
		mustContain(t, "节假日安排", page.body, `id="year-2021"`, "系统内置", "2021-10-01\t休\t国庆节")

		bad := "2030-10-01\t休\t国庆节\n2030-10-08\t班\t国庆节调休上班\n"
		r := b.post("/admin/holidays/2030", url.Values{"body": {bad}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a weekday as 班: %d", r.status)
		}
		mustContain(t, "refused", r.body, `id="body-2030-error"`, "第2行：2030-10-08是工作日，不需要写作调休上班",
			"2030-10-08\t班\t国庆节调休上班\n</textarea>", `id="year-2030" open`)

		if got := b.get("/workdays/end?from=2030-09-30").body; !strings.Contains(got, "2030年的节假日安排尚未录入") {
			t.Fatalf("before 2030 is entered: %s", got)
		}
		good := "# 测试\n2030-10-01\t休\t国庆节\n2030-10-02\t休\t国庆节\n2030-10-03\t休\t国庆节\n" +
			"2030-10-04\t休\t国庆节\n2030-10-07\t休\t国庆节\n2030-10-12\t班\t国庆节调休上班\n"
		if r := b.post("/admin/holidays/2030", url.Values{"body": {good}}); r.status != http.StatusSeeOther {
			t.Fatalf("save 2030: %d\n%s", r.status, r.body)
		}
		mustContain(t, "saved", b.get("/admin/holidays?year=2030").body, "火炬中心录入", "2030年节假日安排已保存")
		// 9-30 (Mon) works, 10-1 to 10-7 rest but for the weekend, 10-8 … 10-11 work: the fifth is 10-11.
		if got := b.get("/workdays/end?from=2030-09-30").body; !strings.Contains(got, `"end":"2030-10-11"`) {
			t.Errorf("after 2030 is entered: %s", got)
		}
	})
}
