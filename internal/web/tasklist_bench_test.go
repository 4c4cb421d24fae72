package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// largeRows fills an application to the budget's large size: 800 teams,
// 400 enterprises, 150 activities, 60 staff and 20 venues.
func largeRows(tb testing.TB, st *store.Store, appID int64) {
	tb.Helper()
	ctx := context.Background()
	n := map[string]int{"teams": 800, "enterprises": 400, "activities": 150, "staff": 60, "venues": 20}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		for table, count := range n {
			for i := 0; i < count; i++ {
				v := domain.Values{"name": fmt.Sprintf("%s %d", table, i), "state": "在孵", "members": "5",
					"joined_on": "2021-03-01", "financed": "否", "area": "100", "stations": "10"}
				if _, err := tx.InsertRow(ctx, appID, table, v, 0); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkLargeApplicationPages renders, for the large application, the
// task list with the 备案条件 panel and one page of the 800-row team table
// (search, sort, problems counted over every row).
func BenchmarkLargeApplicationPages(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			st := storetest.New(b, engine)
			s := newSite(b, st)
			app := s.demoApp(b)
			largeRows(b, st, app)
			br := s.browser().mustLogin("demo-applicant")
			for _, page := range []struct{ name, path string }{
				{"task-list", fmt.Sprintf("/applications/%d", app)},
				{"teams-table", fmt.Sprintf("/applications/%d/tables/teams?sort=name&page=3", app)},
			} {
				b.Run(page.name, func(b *testing.B) {
					b.ReportAllocs()
					for i := 0; i < b.N; i++ {
						if r := br.get(page.path); r.status != http.StatusOK {
							b.Fatalf("%s: %d", page.path, r.status)
						}
					}
				})
			}
		})
	}
}
