package store_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// queueWorld is a few hundred applications spread over the columns a
// 工作台 is scoped, filtered, searched and ordered by, with ties in the
// submission time.
type queueWorld struct {
	rounds   []int64
	carriers []int64
	orgs     []int64
	ids      []int64
}

func seedQueueWorld(t *testing.T, st *store.Store) queueWorld {
	t.Helper()
	var w queueWorld
	statuses := slices.DeleteFunc(domain.Statuses(), func(s domain.AppStatus) bool { return s == domain.AppDraft })
	regions := []struct{ acceptor, region string }{
		{"350000", "350203"}, {"350000", "350102"}, {"350000", "350000"}, {"110000", "110108"}, {"440000", "440305"},
	}
	hosts := []string{"高等学校", "科研院所", "其他"}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		for y := 2019; y <= 2021; y++ {
			id, err := tx.CreateRound(ctx, domain.Round{TypeCode: "makerspace", Year: y, Name: fmt.Sprintf("%d年度众创空间国家备案", y),
				OpensOn: fmt.Sprintf("%d-11-01", y), ClosesOn: fmt.Sprintf("%d-12-15", y), CutoffOn: fmt.Sprintf("%d-10-31", y),
				WindowFrom: fmt.Sprintf("%d-11-01", y-1), WindowTo: fmt.Sprintf("%d-10-31", y), OperatingFrom: fmt.Sprintf("%d-04-30", y-1)})
			if err != nil {
				return err
			}
			w.rounds = append(w.rounds, id)
		}
		var apps []domain.Application
		for c := range 100 {
			if c%10 == 0 {
				org, err := tx.CreateOrg(ctx, fmt.Sprintf("厦门Ab_c%%运营%02d有限公司", c/10), fmt.Sprintf("91QUEUE%011d", c), false)
				if err != nil {
					return err
				}
				w.orgs = append(w.orgs, org)
			}
			org := w.orgs[len(w.orgs)-1]
			carrier, err := tx.CreateCarrier(ctx, domain.Carrier{OrgID: org, Kind: domain.KindMakerspace, Name: fmt.Sprintf("星火众创空间%03d", c)})
			if err != nil {
				return err
			}
			w.carriers = append(w.carriers, carrier)
			for i, round := range w.rounds {
				n := c*3 + i
				r := regions[n%len(regions)]
				apps = append(apps, domain.Application{OrgID: org, CarrierID: carrier, RoundID: round, TypeCode: "makerspace",
					Status: statuses[n%len(statuses)], AcceptorCode: r.acceptor, RegionCode: r.region, CityLevel: n%4 != 0,
					RefNo: fmt.Sprintf("ZC%d-%s-%04d", 2019+i, r.acceptor, c), HostType: hosts[n%len(hosts)],
					// every fifth shares its time with the one before
					SubmittedAt: testkit.Day.Add(-time.Duration(n-n%5/4) * time.Minute)})
			}
		}
		return tx.InsertSubmitted(ctx, apps)
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// queueQueries are the departments and filters the queue is checked with.
func queueQueries(w queueWorld) []store.QueueQuery {
	depts := []store.QueueQuery{
		{Level: domain.LevelTorch},
		{Level: domain.LevelProvince, Region: "350000"},
		{Level: domain.LevelCity, Region: "350200"},
	}
	var out []store.QueueQuery
	for _, d := range depts {
		for _, f := range []store.QueueQuery{
			{},
			{Status: domain.StatusesAt(d.Level)[0]},
			{Status: domain.AppFiled},
			{RoundID: w.rounds[1]},
			{Area: "350200", HostType: "高等学校"},
			{Search: "众创空间04"},                   // found through the search index
			{Search: "空间"},                       // too short for it
			{Search: "ab_C%运"},                   // LIKE's wildcards, typed
			{Search: "zc2020-35"},                // a 受理编号, in lower case
			{Search: "空间001 厦门"},                 // across two names: nothing
			{Search: "星火", RoundID: w.rounds[2]}, // with a filter
		} {
			f.Level, f.Region = d.Level, d.Region
			out = append(out, f)
		}
	}
	return out
}

// checkQueue checks that app_tally and app_search follow the rows they are
// kept from, then pages through every query seven at a time and compares
// each page, the total, the counts and the size with QueueByScan.
func checkQueue(t *testing.T, st *store.Store, w queueWorld) {
	t.Helper()
	if tally, search, err := st.QueueDrift(ctx); err != nil || tally != 0 || search != 0 {
		t.Errorf("app_tally differs in %d rows, app_search in %d: %v", tally, search, err)
	}
	for _, q := range queueQueries(w) {
		want, wantCounts, wantSize, err := st.QueueByScan(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for q.Offset, q.Limit = 0, 7; q.Offset <= len(want); q.Offset += q.Limit {
			p, err := st.Queue(ctx, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			if p.Total != len(want) || p.Size != wantSize || !maps.Equal(p.Counts, wantCounts) {
				t.Errorf("%+v: total %d size %d counts %v; want %d, %d, %v", q, p.Total, p.Size, p.Counts, len(want), wantSize, wantCounts)
			}
			for _, a := range p.Apps {
				got = append(got, a.ID)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%+v: pages list\n%v\nwant\n%v", q, got, want)
		}
	}
}

func TestQueueReadsAsAFullScanWould(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := seedQueueWorld(t, st)
		t.Run("as loaded", func(t *testing.T) { checkQueue(t, st, w) })
		t.Run("after moves along the chain", func(t *testing.T) {
			moves := []struct{ from, to domain.AppStatus }{
				{domain.AppCityReview, domain.AppProvinceReview},
				{domain.AppProvinceReview, domain.AppFormalReview},
				{domain.AppFormalReview, domain.AppExpertReview},
				{domain.AppExpertReview, domain.AppFiled},
			}
			for _, m := range moves {
				ids, _, _, err := st.QueueByScan(ctx, store.QueueQuery{Level: domain.LevelProvince, Region: "350000", Status: m.from})
				if err != nil || len(ids) < 3 {
					t.Fatalf("%d to move from %s: %v", len(ids), m.from, err)
				}
				if err := st.InTx(ctx, func(tx *store.Tx) error {
					for _, id := range ids[:3] {
						if err := tx.SetStatus(ctx, id, m.from, m.to); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			checkQueue(t, st, w)
		})
		t.Run("after renames, a draft and a deletion", func(t *testing.T) {
			for _, stmt := range []string{
				`UPDATE carriers SET name = '改名众创空间' WHERE id = ` + fmt.Sprint(w.carriers[41]),
				`UPDATE orgs SET name = '另一家公司' WHERE id = ` + fmt.Sprint(w.orgs[0]),
				`UPDATE applications SET ref_no = 'ZC2022-999999' WHERE id = (SELECT MIN(id) FROM applications)`,
				`UPDATE applications SET status = 'draft', submitted_at = NULL WHERE id = (SELECT MAX(id) FROM applications)`,
				`UPDATE applications SET city_level = NOT city_level, host_type = '其他', region_code = '350206'
					WHERE carrier_id = ` + fmt.Sprint(w.carriers[7]),
				`DELETE FROM applications WHERE carrier_id = ` + fmt.Sprint(w.carriers[12]),
			} {
				if err := st.Exec(ctx, stmt); err != nil {
					t.Fatal(err)
				}
			}
			checkQueue(t, st, w)
		})
	})
}
