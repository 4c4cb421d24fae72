package web_test

import (
	"encoding/json"
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
