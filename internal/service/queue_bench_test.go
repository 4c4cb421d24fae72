package service_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/region"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// benchApps is the size of the national 工作台 the benchmark loads.
const benchApps = 50_000

// seedNational loads benchApps submitted applications from every
// province over three rounds, most of them at or past 火炬中心, and
// returns 火炬中心's reviewer and the rounds.
func seedNational(b *testing.B, st *store.Store) (domain.Actor, []int64) {
	b.Helper()
	provinces := region.Provinces()
	statuses := append(domain.ReachedTorch(), domain.AppProvinceReview)
	hosts := []string{"龙头骨干企业", "科研院所", "高等学校", "新型研发机构", "投资机构", "其他"}
	var torch domain.Actor
	var rounds []int64
	err := st.InTx(ctx, func(tx *store.Tx) error {
		dept, err := tx.CreateDepartment(ctx, domain.Department{Name: "科技部火炬中心", Level: domain.LevelTorch})
		if err != nil {
			return err
		}
		torch = domain.Actor{User: domain.User{ID: 0, Role: domain.RoleReviewer, DeptID: dept}, DeptLevel: domain.LevelTorch}
		for _, y := range []int{2019, 2020, 2021} {
			id, err := tx.CreateRound(ctx, domain.Round{TypeCode: "makerspace", Year: y, Name: fmt.Sprintf("%d年度众创空间国家备案", y),
				OpensOn: fmt.Sprintf("%d-11-01", y), ClosesOn: fmt.Sprintf("%d-12-15", y), CutoffOn: fmt.Sprintf("%d-10-31", y),
				WindowFrom: fmt.Sprintf("%d-11-01", y-1), WindowTo: fmt.Sprintf("%d-10-31", y), OperatingFrom: fmt.Sprintf("%d-04-30", y-1)})
			if err != nil {
				return err
			}
			rounds = append(rounds, id)
		}
		perRound := benchApps / len(rounds)
		var apps []domain.Application
		var org int64
		for c := range perRound + 1 {
			if c%20 == 0 { // an organisation runs 20 spaces
				if org, err = tx.CreateOrg(ctx, fmt.Sprintf("基准运营主体%05d有限公司", c/20), fmt.Sprintf("91BENCH%011d", c/20), false); err != nil {
					return err
				}
			}
			carrier, err := tx.CreateCarrier(ctx, domain.Carrier{OrgID: org, Kind: domain.KindMakerspace, Name: fmt.Sprintf("基准众创空间%05d", c)})
			if err != nil {
				return err
			}
			p := provinces[c%len(provinces)]
			for i, round := range rounds {
				n := c*len(rounds) + i
				if n >= benchApps {
					break
				}
				apps = append(apps, domain.Application{OrgID: org, CarrierID: carrier, RoundID: round, TypeCode: "makerspace",
					Status: statuses[n%len(statuses)], AcceptorCode: p.Code, RegionCode: p.Code[:2] + "0101",
					RefNo: fmt.Sprintf("ZC%d-%s-%06d", 2019+i, p.Code, c), HostType: hosts[n%len(hosts)],
					SubmittedAt: testkit.Day.Add(-time.Duration(n) * time.Minute)})
			}
		}
		return tx.InsertSubmitted(ctx, apps)
	})
	if err != nil {
		b.Fatal(err)
	}
	return torch, rounds
}

// BenchmarkTorchWorkbench measures one page of 火炬中心's 工作台 (the
// service call the page makes: the queue, its counts and each row's names
// and review facts) over benchApps applications, with several filters, on
// each engine, and reports the p50 and p99 of each.
func BenchmarkTorchWorkbench(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			st := storetest.New(b, engine)
			svc := newService(b, st)
			start := time.Now()
			torch, rounds := seedNational(b, st)
			b.Logf("%s: seeded %d applications in %s", engine, benchApps, time.Since(start).Round(time.Millisecond))
			filters := []struct {
				name string
				f    service.QueueFilter
			}{
				{"all", service.QueueFilter{}},
				{"status", service.QueueFilter{Status: domain.AppExpertReview}},
				{"round+province", service.QueueFilter{RoundID: rounds[2], Area: "350000"}},
				{"host+page40", service.QueueFilter{HostType: "高等学校", Page: 40}},
				{"search", service.QueueFilter{Search: "众创空间0123"}},
			}
			for _, tt := range filters {
				b.Run(tt.name, func(b *testing.B) {
					var times []time.Duration
					for b.Loop() {
						t0 := time.Now()
						q, err := svc.QueueItems(ctx, torch, tt.f)
						times = append(times, time.Since(t0))
						if err != nil || q.Total == 0 {
							b.Fatalf("%d items of %d: %v", len(q.Items), q.Total, err)
						}
					}
					slices.Sort(times)
					at := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))].Microseconds()) / 1000 }
					b.ReportMetric(at(0.50), "p50-ms")
					b.ReportMetric(at(0.99), "p99-ms")
				})
			}
		})
	}
}
