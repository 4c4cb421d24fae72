package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

func TestRoundManagement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		round, err := st.RoundByYear(context.Background(), "makerspace", 2021)
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/admin/rounds/%d", round.ID)
		form := func(rev int64) url.Values {
			return url.Values{"revision": {fmt.Sprint(rev)}, "name": {round.Name}, "opens_on": {"2021-11-01"},
				"closes_on": {"2021-11-30"}, "cutoff_on": {"2021-10-31"}, "window_from": {"2020-11-01"},
				"window_to": {"2021-10-31"}, "operating_from": {"2020-04-30"},
				"requirements": {"第一条要求\n第二条要求"}, "definitions": {"众创空间：新型创业服务平台\n创业工位：工作位置"}}
		}
		t.Run("a city reviewer may not manage rounds", func(t *testing.T) {
			b := s.browser().mustLogin("demo-city")
			if r := b.get(path); r.status != http.StatusForbidden {
				t.Fatalf("city reviewer: %d", r.status)
			}
		})
		torch := s.browser().mustLogin("demo-torch")
		t.Run("火炬中心 changes the closing date and the 填报说明", func(t *testing.T) {
			if r := torch.get(path); r.status != 200 || !strings.Contains(r.body, "新疆生产建设兵团科学技术局") {
				t.Fatalf("round page: %d", r.status)
			}
			if r := torch.post(path, form(round.Revision)); r.status != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", r.status, r.body)
			}
			got, _ := st.Round(context.Background(), round.ID)
			if got.ClosesOn != "2021-11-30" || len(got.Guidance.Requirements) != 2 || got.Guidance.Definitions[1].Term != "创业工位" {
				t.Fatalf("round after save: %+v", got)
			}
		})
		t.Run("a stale revision is a conflict", func(t *testing.T) {
			torch.get(path)
			if r := torch.post(path, form(round.Revision)); r.status != http.StatusConflict {
				t.Fatalf("stale save: %d", r.status)
			}
		})
		t.Run("windows out of order are refused beside the field", func(t *testing.T) {
			got, _ := st.Round(context.Background(), round.ID)
			f := form(got.Revision)
			f.Set("window_to", "2020-01-01")
			r := torch.post(path, f)
			if r.status != 422 || !strings.Contains(r.body, `href="#window_to"`) || !strings.Contains(r.body, `value="2020-01-01"`) {
				t.Fatalf("bad window: %d", r.status)
			}
		})
		t.Run("an acceptor's bad deadline is refused with the input kept", func(t *testing.T) {
			torch.get(path)
			r := torch.post(path+"/acceptors/350000", url.Values{"name": {"福建省科学技术厅"}, "copies": {"5"}, "deadline": {"11月19日"}})
			if r.status != 422 || !strings.Contains(r.body, "11月19日") || !strings.Contains(r.body, "时:分") {
				t.Fatalf("bad deadline: %d", r.status)
			}
			r = torch.post(path+"/acceptors/350000", url.Values{"name": {"福建省科学技术厅"}, "unit": {"福建省生产力促进中心"},
				"copies": {"3"}, "deadline": {"2021-11-19 17:00"}, "city_level": {"1"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("acceptor save: %d", r.status)
			}
			list, _ := st.Acceptors(context.Background(), round.ID)
			for _, a := range list {
				if a.Code == "350000" && (a.Copies != 3 || a.Unit != "福建省生产力促进中心" || !a.CityLevel) {
					t.Fatalf("acceptor after save: %+v", a)
				}
			}
		})
		t.Run("a new acceptor cannot be made up", func(t *testing.T) {
			torch.get(path)
			r := torch.post(path+"/acceptors/999999", url.Values{"name": {"虚构机构"}, "copies": {"5"}, "deadline": {"2021-11-19 17:00"}})
			if r.status != http.StatusNotFound {
				t.Fatalf("made-up acceptor: %d", r.status)
			}
		})
	})
}
