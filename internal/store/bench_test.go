package store_test

import (
	"fmt"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// benchTables are the detail tables of a large application: 1,430 rows.
var benchTables = []struct {
	table string
	rows  int
}{{"team", 800}, {"enterprise", 400}, {"mentor", 150}, {"activity", 60}, {"service", 20}}

// benchApp is one application of a fresh organisation, user and carrier.
func benchApp(b *testing.B, st *store.Store) (appID, userID int64) {
	b.Helper()
	var orgID int64
	mustTxTB(b, st, func(tx *store.Tx) (err error) {
		orgID, err = tx.CreateOrg(ctx, "基准测试单位", "91350200MA2Y0DEM69", false)
		if err != nil {
			return err
		}
		userID, err = tx.CreateUser(ctx, store.NewUser{Login: "bench", PasswordHash: "x", Role: domain.RoleLegal, OrgID: orgID})
		return err
	})
	carrierID := newCarrier(b, st, orgID, "基准众创空间")
	return newApplication(b, st, orgID, carrierID, newRound(b, st, 2021), userID), userID
}

// benchRow is a team row of typical size: a dozen fields, mostly Chinese.
func benchRow(i int) domain.Values {
	return domain.Values{
		"name": fmt.Sprintf("第%d号创业团队", i), "leader": "张三", "leader_id": "350203199001011234",
		"mobile": "13800138000", "members": "5", "field": "人工智能与大数据应用",
		"entered_on": "2021-03-15", "area": "120", "agreement_no": fmt.Sprintf("XM-2021-%04d", i),
		"is_graduate": "是", "funding": "50", "ip_count": "3",
		"intro": "团队专注于面向制造业的智能视觉检测，已与三家企业签订试用协议。",
	}
}

// insertBenchRows adds n rows to a table in one transaction and returns
// their ids.
func insertBenchRows(b *testing.B, st *store.Store, appID, userID int64, table string, n int) []int64 {
	b.Helper()
	ids := make([]int64, n)
	mustTxTB(b, st, func(tx *store.Tx) (err error) {
		for i := range ids {
			if ids[i], err = tx.InsertRow(ctx, appID, table, benchRow(i), userID); err != nil {
				return err
			}
		}
		return nil
	})
	return ids
}

// BenchmarkSaveRow is one save of one row of an 800-row team table: a
// transaction with an optimistic UPDATE, as a user editing a row makes.
func BenchmarkSaveRow(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			st := storetest.New(b, engine)
			appID, userID := benchApp(b, st)
			ids := insertBenchRows(b, st, appID, userID, "team", 800)
			revs := make([]int64, len(ids))
			for i := range revs {
				revs[i] = 1
			}
			for i := 0; b.Loop(); i++ {
				k := i % len(ids)
				data := benchRow(k)
				data["members"] = fmt.Sprint(i)
				if err := st.InTx(ctx, func(tx *store.Tx) (err error) {
					revs[k], err = tx.UpdateRow(ctx, appID, ids[k], data, revs[k], userID)
					return err
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAllRows loads every row of an application with 1,430 rows in five
// tables, as checking or printing the whole application does.
func BenchmarkAllRows(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			st := storetest.New(b, engine)
			appID, userID := benchApp(b, st)
			total := 0
			for _, t := range benchTables {
				insertBenchRows(b, st, appID, userID, t.table, t.rows)
				total += t.rows
			}
			for b.Loop() {
				all, err := st.AllRows(ctx, appID)
				if err != nil || len(all["team"]) != 800 || len(all) != len(benchTables) {
					b.Fatalf("AllRows: %d tables, %v", len(all), err)
				}
			}
			b.ReportMetric(float64(total), "rows/op")
		})
	}
}
