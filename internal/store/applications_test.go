package store_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// appWorld is two organisations, each with a carrier and an application in
// the 2021 round, for tests of what an application holds.
type appWorld struct {
	st                    *store.Store
	org, otherOrg         int64
	user, otherUser       int64
	carrier, otherCarrier int64
	round                 int64
	app, otherApp         int64
}

func newAppWorld(t *testing.T, st *store.Store) appWorld {
	t.Helper()
	w := appWorld{st: st}
	w.org = newOrg(t, st, "厦门创新工场有限公司", "91350200MA2Y0DEM69")
	w.otherOrg = newOrg(t, st, "福州众创空间有限公司", "91350100MA31XJ2K7D")
	w.user = newUser(t, st, "legal-a", domain.RoleLegal, w.org)
	w.otherUser = newUser(t, st, "legal-b", domain.RoleLegal, w.otherOrg)
	w.carrier = newCarrier(t, st, w.org, "创新工场众创空间")
	w.otherCarrier = newCarrier(t, st, w.otherOrg, "福州众创空间")
	w.round = newRound(t, st, 2021)
	w.app = newApplication(t, st, w.org, w.carrier, w.round, w.user)
	w.otherApp = newApplication(t, st, w.otherOrg, w.otherCarrier, w.round, w.otherUser)
	return w
}

func newCarrier(t testing.TB, st *store.Store, orgID int64, name string) int64 {
	t.Helper()
	var id int64
	mustTxTB(t, st, func(tx *store.Tx) (err error) {
		id, err = tx.CreateCarrier(ctx, domain.Carrier{OrgID: orgID, Kind: domain.KindMakerspace, Name: name})
		return err
	})
	return id
}

func round2021(year int) domain.Round {
	return domain.Round{
		TypeCode: "makerspace", Year: year, Name: "2021年度众创空间国家备案",
		OpensOn: "2021-11-01", ClosesOn: "2021-12-15", CutoffOn: "2021-10-31",
		WindowFrom: "2020-11-01", WindowTo: "2021-10-31", OperatingFrom: "2020-04-30",
		Guidance: domain.Guidance{
			Requirements: []string{"数据截至2021年10月31日。"},
			Definitions:  []domain.GuidanceTerm{{Term: "创业团队", Text: "入驻并开展创业活动的团队。"}},
		},
	}
}

func newRound(t testing.TB, st *store.Store, year int) int64 {
	t.Helper()
	var id int64
	mustTxTB(t, st, func(tx *store.Tx) (err error) {
		id, err = tx.CreateRound(ctx, round2021(year))
		return err
	})
	return id
}

func newApplication(t testing.TB, st *store.Store, orgID, carrierID, roundID, userID int64) int64 {
	t.Helper()
	var id int64
	mustTxTB(t, st, func(tx *store.Tx) (err error) {
		id, err = tx.CreateApplication(ctx, domain.Application{OrgID: orgID, CarrierID: carrierID,
			RoundID: roundID, TypeCode: "makerspace", CreatedBy: userID})
		return err
	})
	return id
}

func newAttachment(t testing.TB, st *store.Store, orgID int64, name string, size int64) int64 {
	t.Helper()
	var id int64
	mustTxTB(t, st, func(tx *store.Tx) (err error) {
		id, err = tx.AddAttachment(ctx, domain.Attachment{OrgID: orgID, Purpose: "application",
			BlobKey: "blob/" + name, Name: name, ContentType: "application/pdf", Size: size, SHA256: "ab12"})
		return err
	})
	return id
}

// mustTxTB is mustTx for tests and benchmarks alike.
func mustTxTB(t testing.TB, st *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := st.InTx(ctx, fn); err != nil {
		t.Fatalf("transaction: %v", err)
	}
}

func insertRow(t testing.TB, st *store.Store, appID int64, table string, data domain.Values) int64 {
	t.Helper()
	var id int64
	mustTxTB(t, st, func(tx *store.Tx) (err error) {
		id, err = tx.InsertRow(ctx, appID, table, data, 0)
		return err
	})
	return id
}

func TestRounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		id := newRound(t, st, 2021)
		newRound(t, st, 2022)

		t.Run("a second round of the same type and year is ErrDuplicate", func(t *testing.T) {
			err := inTx(t, st, func(tx *store.Tx) error { _, err := tx.CreateRound(ctx, round2021(2021)); return err })
			wantErr(t, err, store.ErrDuplicate)
		})

		t.Run("the same year of another type is created, with its thresholds", func(t *testing.T) {
			r := round2021(2021)
			r.TypeCode, r.Params = "incubator", map[string]float64{"area_min": 10000, "hardship_cut": 0.2}
			var rid int64
			if err := inTx(t, st, func(tx *store.Tx) (err error) { rid, err = tx.CreateRound(ctx, r); return err }); err != nil {
				t.Fatal(err)
			}
			got, err := st.Round(ctx, rid)
			if err != nil || !cmp.Equal(got.Params, r.Params) {
				t.Fatalf("Params = %v, %v; want %v", got.Params, err, r.Params)
			}
		})

		t.Run("a round is found by type and year with its dates and guidance", func(t *testing.T) {
			got, err := st.RoundByYear(ctx, "makerspace", 2021)
			want := round2021(2021)
			want.ID, want.Revision, want.CreatedAt, want.UpdatedAt = id, 1, got.CreatedAt, got.UpdatedAt
			if err != nil || got.CreatedAt.IsZero() || !cmp.Equal(got, want) {
				t.Fatalf("RoundByYear: %v\n%s", err, cmp.Diff(want, got))
			}
		})

		t.Run("rounds are listed newest year first, of the type asked", func(t *testing.T) {
			got, err := st.Rounds(ctx, "makerspace")
			if err != nil || len(got) != 2 || got[0].Year != 2022 || got[1].Year != 2021 {
				t.Fatalf("Rounds = %+v, %v", got, err)
			}
		})

		t.Run("an unknown round is NotFound", func(t *testing.T) {
			_, err := st.Round(ctx, id+100)
			wantKind(t, err, domain.NotFound)
			_, err = st.RoundByYear(ctx, "makerspace", 1999)
			wantKind(t, err, domain.NotFound)
		})

		update := func(name string, rev int64) error {
			r := round2021(2021)
			r.ID, r.Name, r.ClosesOn = id, name, "2021-12-31"
			r.Guidance.Requirements = append(r.Guidance.Requirements, "金额单位为千元。")
			return inTx(t, st, func(tx *store.Tx) error { return tx.UpdateRound(ctx, r, rev) })
		}

		t.Run("updating at the current revision saves dates and guidance", func(t *testing.T) {
			if err := update("2021年度众创空间备案（延期）", 1); err != nil {
				t.Fatal(err)
			}
			got, _ := st.Round(ctx, id)
			if got.Revision != 2 || got.Name != "2021年度众创空间备案（延期）" || got.ClosesOn != "2021-12-31" ||
				len(got.Guidance.Requirements) != 2 || got.Guidance.Requirements[1] != "金额单位为千元。" {
				t.Fatalf("after update = %+v", got)
			}
		})

		t.Run("updating saves the thresholds, and none leaves the type's own", func(t *testing.T) {
			for _, params := range []map[string]float64{{"firms_min": 40}, nil} {
				r, _ := st.Round(ctx, id)
				r.Params = params
				if err := inTx(t, st, func(tx *store.Tx) error { return tx.UpdateRound(ctx, r, r.Revision) }); err != nil {
					t.Fatal(err)
				}
				if got, _ := st.Round(ctx, id); !cmp.Equal(got.Params, params) {
					t.Fatalf("Params = %v, want %v", got.Params, params)
				}
			}
		})

		t.Run("updating at a stale revision is a Conflict and changes nothing", func(t *testing.T) {
			wantErr(t, update("过期的名称", 1), store.ErrStale)
			if got, _ := st.Round(ctx, id); got.Revision != 4 || got.Name == "过期的名称" {
				t.Fatalf("stale update changed the round: %+v", got)
			}
		})
	})
}

func TestAcceptors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		round := newRound(t, st, 2021)
		other := newRound(t, st, 2022)
		put := func(a domain.Acceptor) {
			t.Helper()
			mustTx(t, st, func(tx *store.Tx) error { return tx.PutAcceptor(ctx, a) })
		}
		put(domain.Acceptor{RoundID: round, Code: "350000", Name: "福建省科学技术厅", Copies: 2, Deadline: "2021-12-10 17:00"})
		put(domain.Acceptor{RoundID: round, Code: "350000", Name: "福建省科学技术厅", Unit: "福建省生产力促进中心",
			Address: "福州市鼓楼区", Contact: "张三 0591-1234567", Copies: 3, Deadline: "2021-12-12 17:00", CityLevel: true})
		put(domain.Acceptor{RoundID: round, Code: "110000", Name: "北京市科学技术委员会", Copies: 1})
		put(domain.Acceptor{RoundID: other, Code: "120000", Name: "天津市科学技术局"})

		got, err := st.Acceptors(ctx, round)
		want := []domain.Acceptor{
			{RoundID: round, Code: "110000", Name: "北京市科学技术委员会", Copies: 1},
			{RoundID: round, Code: "350000", Name: "福建省科学技术厅", Unit: "福建省生产力促进中心",
				Address: "福州市鼓楼区", Contact: "张三 0591-1234567", Copies: 3, Deadline: "2021-12-12 17:00", CityLevel: true},
		}
		if err != nil || !cmp.Equal(got, want) {
			t.Fatalf("putting an acceptor twice keeps the second, listed by code: %v\n%s", err, cmp.Diff(want, got))
		}
	})
}

func TestApplicationUniquePerCarrierPerRound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		round2022 := newRound(t, st, 2022)
		second := newCarrier(t, st, w.org, "第二个众创空间")
		tests := []struct {
			name     string
			carrier  int64
			round    int64
			conflict bool
		}{
			{"the same carrier in the same round is a Conflict", w.carrier, w.round, true},
			{"the same carrier in another round is created", w.carrier, round2022, false},
			{"another carrier in the same round is created", second, w.round, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := inTx(t, st, func(tx *store.Tx) error {
					_, err := tx.CreateApplication(ctx, domain.Application{OrgID: w.org, CarrierID: tt.carrier,
						RoundID: tt.round, TypeCode: "makerspace", CreatedBy: w.user})
					return err
				})
				if tt.conflict {
					wantErr(t, err, store.ErrDuplicate)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
			})
		}
	})
}

func TestApplicationOrgScoping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		staff := newUser(t, st, "staff-a", domain.RoleStaff, w.org)
		mustTx(t, st, func(tx *store.Tx) error { return tx.UpdateUserContact(ctx, staff, "李四", "", "") })

		t.Run("an organisation's own application is found with its names", func(t *testing.T) {
			a, err := st.Application(ctx, w.org, w.app)
			if err != nil || a.OrgID != w.org || a.CarrierID != w.carrier || a.Status != domain.AppDraft ||
				a.Revision != 1 || a.CreatedBy != w.user || a.UpdatedBy != w.user || a.CreatedAt.IsZero() ||
				a.CarrierName != "创新工场众创空间" || a.RoundName != "2021年度众创空间国家备案" {
				t.Fatalf("Application = %+v, %v", a, err)
			}
		})

		t.Run("another organisation's application is NotFound", func(t *testing.T) {
			_, err := st.Application(ctx, w.org, w.otherApp)
			wantKind(t, err, domain.NotFound)
			err = inTx(t, st, func(tx *store.Tx) error { _, err := tx.Application(ctx, w.otherOrg, w.app); return err })
			wantKind(t, err, domain.NotFound)
		})

		t.Run("the list holds only the organisation's own, newest first, with who saved last", func(t *testing.T) {
			round2022 := newRound(t, st, 2022)
			newer := newApplication(t, st, w.org, w.carrier, round2022, w.user)
			mustTx(t, st, func(tx *store.Tx) error { return tx.TouchApplication(ctx, newer, staff) })
			got, err := st.ApplicationsOfOrg(ctx, w.org)
			if err != nil || len(got) != 2 || got[0].ID != newer || got[1].ID != w.app {
				t.Fatalf("ApplicationsOfOrg = %+v, %v", got, err)
			}
			if got[0].UpdatedByName != "李四" || got[1].UpdatedByName != "legal-a" || got[0].UpdatedBy != staff {
				t.Fatalf("updated by: %q (%d), %q; want the name, else the login", got[0].UpdatedByName, got[0].UpdatedBy, got[1].UpdatedByName)
			}
		})

		t.Run("touching an application no longer open to changes is ErrStale and changes nothing", func(t *testing.T) {
			mustTx(t, st, func(tx *store.Tx) error { return tx.SetStatus(ctx, w.otherApp, domain.AppDraft, domain.AppCityReview) })
			defer mustTx(t, st, func(tx *store.Tx) error { return tx.SetStatus(ctx, w.otherApp, domain.AppCityReview, domain.AppDraft) })
			before, err := st.Application(ctx, w.otherOrg, w.otherApp)
			if err != nil {
				t.Fatal(err)
			}
			err = inTx(t, st, func(tx *store.Tx) error { return tx.TouchApplication(ctx, w.otherApp, w.otherUser) })
			wantErr(t, err, store.ErrStale)
			after, err := st.Application(ctx, w.otherOrg, w.otherApp)
			if err != nil || after.DataRev != before.DataRev {
				t.Fatalf("data_rev %d → %d (%v); want unchanged", before.DataRev, after.DataRev, err)
			}
		})

		t.Run("touching an unknown application is NotFound", func(t *testing.T) {
			err := inTx(t, st, func(tx *store.Tx) error { return tx.TouchApplication(ctx, w.otherApp+100, w.user) })
			wantKind(t, err, domain.NotFound)
		})
	})
}

func TestSaveSection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		save := func(app int64, data domain.Values, rev int64) (int64, error) {
			var n int64
			err := inTx(t, st, func(tx *store.Tx) (err error) {
				n, err = tx.SaveSection(ctx, app, "basic", data, rev, w.user)
				return err
			})
			return n, err
		}
		section := func(app int64) domain.Section {
			t.Helper()
			var sec domain.Section
			mustTx(t, st, func(tx *store.Tx) (err error) { sec, err = tx.Section(ctx, app, "basic"); return err })
			return sec
		}

		t.Run("a section never saved is empty at revision 0", func(t *testing.T) {
			if sec := section(w.app); sec.Revision != 0 || sec.Data == nil || len(sec.Data) != 0 || sec.Key != "basic" {
				t.Fatalf("unsaved section = %+v", sec)
			}
		})

		tests := []struct {
			name     string
			data     string
			rev      int64
			wantRev  int64 // 0: a Conflict
			wantData string
		}{
			{"the first save at revision 0 creates revision 1", "一", 0, 1, "一"},
			{"saving at the current revision bumps it", "二", 1, 2, "二"},
			{"saving at a stale revision is a Conflict and changes nothing", "过期", 1, 0, "二"},
			{"a second first save is a Conflict", "又一个第一次", 0, 0, "二"},
			{"saving at a future revision is a Conflict", "未来", 9, 0, "二"},
			{"saving at the current revision again bumps it", "三", 2, 3, "三"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rev, err := save(w.app, domain.Values{"name": tt.data}, tt.rev)
				if tt.wantRev == 0 {
					wantErr(t, err, store.ErrStale)
				} else if err != nil || rev != tt.wantRev {
					t.Fatalf("SaveSection = %d, %v; want revision %d", rev, err, tt.wantRev)
				}
				if sec := section(w.app); sec.Data["name"] != tt.wantData || sec.UpdatedBy != w.user {
					t.Fatalf("section = %+v, want data %q", sec, tt.wantData)
				}
			})
		}

		t.Run("sections are listed by key and are the application's own", func(t *testing.T) {
			mustTx(t, st, func(tx *store.Tx) error {
				_, err := tx.SaveSection(ctx, w.otherApp, "other", domain.Values{"a": "b"}, 0, w.otherUser)
				return err
			})
			got, err := st.Sections(ctx, w.app)
			if err != nil || len(got) != 1 || got["basic"].Revision != 3 || got["basic"].Data["name"] != "三" {
				t.Fatalf("Sections = %+v, %v", got, err)
			}
		})
	})
}

func TestConcurrentFirstSaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		// On PostgreSQL the first writer holds its transaction open until the
		// second has begun, so the second's INSERT waits on the first's
		// uncommitted row. SQLite has one writer, so the two take turns.
		firstSaved, secondBegan := make(chan struct{}), make(chan struct{})
		errs := make([]error, 2)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			errs[0] = st.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.SaveSection(ctx, w.app, "basic", domain.Values{"by": "first"}, 0, w.user)
				close(firstSaved)
				if err == nil && st.Engine() == "postgres" {
					<-secondBegan
					time.Sleep(50 * time.Millisecond)
				}
				return err
			})
		}()
		go func() {
			defer wg.Done()
			<-firstSaved
			errs[1] = st.InTx(ctx, func(tx *store.Tx) error {
				close(secondBegan)
				_, err := tx.SaveSection(ctx, w.app, "basic", domain.Values{"by": "second"}, 0, w.user)
				return err
			})
		}()
		wg.Wait()
		if errs[0] != nil {
			t.Fatalf("first save: %v", errs[0])
		}
		wantErr(t, errs[1], store.ErrStale)
		if secs, _ := st.Sections(ctx, w.app); secs["basic"].Data["by"] != "first" || secs["basic"].Revision != 1 {
			t.Fatalf("section after two first saves = %+v", secs["basic"])
		}
	})
}

func TestRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		id := insertRow(t, st, w.app, "team", domain.Values{"name": "甲团队"})
		second := insertRow(t, st, w.app, "team", domain.Values{"name": "乙团队"})
		insertRow(t, st, w.app, "mentor", domain.Values{"name": "王导师"})
		foreign := insertRow(t, st, w.otherApp, "team", domain.Values{"name": "别家团队"})

		update := func(app, row int64, name string, rev int64) (int64, error) {
			var n int64
			err := inTx(t, st, func(tx *store.Tx) (err error) {
				n, err = tx.UpdateRow(ctx, app, row, domain.Values{"name": name}, rev, w.user)
				return err
			})
			return n, err
		}
		del := func(app, row, rev int64) error {
			return inTx(t, st, func(tx *store.Tx) error { return tx.DeleteRow(ctx, app, row, rev) })
		}

		t.Run("an inserted row is at revision 1", func(t *testing.T) {
			r, err := st.Row(ctx, w.app, id)
			if err != nil || r.Revision != 1 || r.Table != "team" || r.Data["name"] != "甲团队" || r.CreatedAt.IsZero() {
				t.Fatalf("Row = %+v, %v", r, err)
			}
		})

		tests := []struct {
			name    string
			app     int64
			row     int64
			rev     int64
			wantRev int64
			want    error // when wantRev is 0
		}{
			{"updating at the current revision bumps it", w.app, id, 1, 2, nil},
			{"updating at a stale revision is ErrStale", w.app, id, 1, 0, store.ErrStale},
			{"updating another application's row is NotFound", w.app, foreign, 1, 0, domain.ErrNotFound},
			{"updating through another application is NotFound", w.otherApp, id, 2, 0, domain.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rev, err := update(tt.app, tt.row, "改过的"+tt.name, tt.rev)
				if tt.wantRev == 0 {
					wantErr(t, err, tt.want)
					return
				}
				if err != nil || rev != tt.wantRev {
					t.Fatalf("UpdateRow = %d, %v", rev, err)
				}
				if r, _ := st.Row(ctx, tt.app, tt.row); r.Revision != rev || r.UpdatedBy != w.user {
					t.Fatalf("after update = %+v", r)
				}
			})
		}

		t.Run("a stale update says no words of its own", func(t *testing.T) {
			_, err := update(w.app, id, "x", 1)
			if !errors.Is(err, store.ErrStale) || domain.KindOf(err) == domain.Conflict {
				t.Fatalf("err = %v: the service, not the store, says it to the user", err)
			}
		})

		t.Run("rows are counted and listed by table in the order added", func(t *testing.T) {
			counts, err := st.RowCounts(ctx, w.app)
			if err != nil || !cmp.Equal(counts, map[string]int{"team": 2, "mentor": 1}) {
				t.Fatalf("RowCounts = %v, %v", counts, err)
			}
			team, _ := st.Rows(ctx, w.app, "team")
			all, err := st.AllRows(ctx, w.app)
			if err != nil || len(team) != 2 || team[0].ID != id || team[1].ID != second ||
				len(all) != 2 || len(all["team"]) != 2 || all["team"][1].ID != second || len(all["mentor"]) != 1 {
				t.Fatalf("Rows = %+v\nAllRows = %+v, %v", team, all, err)
			}
		})

		t.Run("deleting at a stale revision is a Conflict", func(t *testing.T) {
			wantErr(t, del(w.app, id, 1), store.ErrStale)
		})
		t.Run("deleting through another application is NotFound", func(t *testing.T) {
			wantKind(t, del(w.otherApp, id, 2), domain.NotFound)
		})
		t.Run("deleting at the current revision removes the row", func(t *testing.T) {
			if err := del(w.app, id, 2); err != nil {
				t.Fatal(err)
			}
			_, err := st.Row(ctx, w.app, id)
			wantKind(t, err, domain.NotFound)
		})
		t.Run("deleting a deleted row is NotFound", func(t *testing.T) {
			wantKind(t, del(w.app, id, 2), domain.NotFound)
		})
		t.Run("updating a deleted row is NotFound", func(t *testing.T) {
			_, err := update(w.app, id, "复活", 2)
			wantKind(t, err, domain.NotFound)
		})
	})
}

func TestSearchRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		for _, v := range []domain.Values{
			{"name": "厦门智能科技团队", "field": "人工智能"},
			{"name": "福州生物科技团队", "field": "生物医药"},
			{"name": "Alpha Robotics", "share": "持股100%"},
			{"name": "a_b 工作室", "field": "文创"},
			{"name": "axb 工作室", "field": "文创"},
		} {
			insertRow(t, st, w.app, "team", v)
		}
		insertRow(t, st, w.app, "mentor", domain.Values{"name": "科技导师"})
		insertRow(t, st, w.otherApp, "team", domain.Values{"name": "别家科技团队"})

		tests := []struct {
			name  string
			table string
			q     string
			want  []string // names, in order
		}{
			{"Chinese text matches within a value", "team", "科技", []string{"厦门智能科技团队", "福州生物科技团队"}},
			{"any value of the row matches", "team", "医药", []string{"福州生物科技团队"}},
			{"case is ignored", "team", "ROBOT", []string{"Alpha Robotics"}},
			{"a percent sign matches only a percent sign", "team", "0%", []string{"Alpha Robotics"}},
			{"a lone percent sign matches only a percent sign", "team", "%", []string{"Alpha Robotics"}},
			{"an underscore matches only an underscore", "team", "a_b", []string{"a_b 工作室"}},
			{"a backslash matches only a backslash", "team", `\`, nil},
			{"only the table asked is searched", "mentor", "科技", []string{"科技导师"}},
			{"nothing found is an empty list", "team", "不存在", nil},
			{"an empty search lists the whole table", "team", "", []string{"厦门智能科技团队", "福州生物科技团队", "Alpha Robotics", "a_b 工作室", "axb 工作室"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rows, err := st.SearchRows(ctx, w.app, tt.table, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, r := range rows {
					names = append(names, r.Data["name"])
				}
				if !cmp.Equal(names, tt.want) {
					t.Fatalf("SearchRows(%q) = %q, want %q", tt.q, names, tt.want)
				}
			})
		}

		t.Run("an updated row is found by its new values only", func(t *testing.T) {
			rows, _ := st.SearchRows(ctx, w.app, "team", "厦门")
			mustTx(t, st, func(tx *store.Tx) error {
				_, err := tx.UpdateRow(ctx, w.app, rows[0].ID, domain.Values{"name": "泉州团队"}, rows[0].Revision, w.user)
				return err
			})
			if got, _ := st.SearchRows(ctx, w.app, "team", "厦门"); len(got) != 0 {
				t.Fatalf("old value still found: %+v", got)
			}
			if got, _ := st.SearchRows(ctx, w.app, "team", "泉州"); len(got) != 1 {
				t.Fatalf("new value not found: %+v", got)
			}
		})
	})
}

// hostileValues are inputs that break naive storage: markup, quoting, long
// text, characters outside the BMP, joiners, bidi controls and NUL.
var hostileValues = domain.Values{
	"html":       `<script>alert("x")</script><img src=x onerror=alert(1)>&amp;`,
	"sql":        `'; DROP TABLE app_rows; -- "quoted" \backslash\ $1`,
	"json":       `{"a":[1,2],"b":null}` + "\t\\u0000",
	"long":       strings.Repeat("众创空间", 500),
	"ext-b":      "𠀀𠀁𪚥",
	"emoji":      "👩‍👩‍👧‍👦🇨🇳👍🏽",
	"rtl":        "مرحبا \u202eabc\u202c שלום",
	"nul":        "a\x00b",
	"separators": "line1\r\nline2\u2028\u2029\x1f\x7f",
	"space":      "  leading and trailing  ",
	"empty":      "",
	"键<&>\"'":    "a key can be anything too",
}

func TestValuesRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)

		t.Run("hostile values come back byte-exact from a section", func(t *testing.T) {
			mustTx(t, st, func(tx *store.Tx) error {
				_, err := tx.SaveSection(ctx, w.app, "basic", hostileValues, 0, w.user)
				return err
			})
			got, err := st.Sections(ctx, w.app)
			if err != nil || !cmp.Equal(got["basic"].Data, hostileValues) {
				t.Fatalf("%v\n%s", err, cmp.Diff(hostileValues, got["basic"].Data))
			}
		})

		t.Run("hostile values come back byte-exact from a row and are searchable", func(t *testing.T) {
			id := insertRow(t, st, w.app, "team", hostileValues)
			got, err := st.Row(ctx, w.app, id)
			if err != nil || !cmp.Equal(got.Data, hostileValues) {
				t.Fatalf("%v\n%s", err, cmp.Diff(hostileValues, got.Data))
			}
			for _, q := range []string{"𠀀", "👩‍👩‍👧‍👦", "<script>", "drop table", "\u202eabc"} {
				if rows, err := st.SearchRows(ctx, w.app, "team", q); err != nil || len(rows) != 1 {
					t.Errorf("SearchRows(%q) = %d rows, %v", q, len(rows), err)
				}
			}
		})

		t.Run("nil values are stored as an empty object", func(t *testing.T) {
			id := insertRow(t, st, w.app, "empty", nil)
			if got, err := st.Row(ctx, w.app, id); err != nil || got.Data == nil || len(got.Data) != 0 {
				t.Fatalf("Row = %+v, %v", got, err)
			}
		})

		t.Run("invalid UTF-8 is stored as U+FFFD, never refused", func(t *testing.T) {
			id := insertRow(t, st, w.app, "team", domain.Values{"bad": "a\xffb"})
			if got, err := st.Row(ctx, w.app, id); err != nil || got.Data["bad"] != "a\uFFFDb" {
				t.Fatalf("Row = %q, %v", got.Data["bad"], err)
			}
		})

		// Values escape NUL inside their JSON, but keys and names are plain
		// TEXT: PostgreSQL refuses NUL there, so services must strip it.
		t.Run("NUL in a plain text column is refused by PostgreSQL without harm", func(t *testing.T) {
			err := inTx(t, st, func(tx *store.Tx) error {
				_, err := tx.SaveSection(ctx, w.app, "bad\x00key", domain.Values{}, 0, w.user)
				return err
			})
			if (err != nil) != (st.Engine() == "postgres") {
				t.Fatalf("engine %s: err = %v", st.Engine(), err)
			}
			if err != nil && domain.KindOf(err) != domain.Internal {
				t.Fatalf("kind = %d, want Internal", domain.KindOf(err))
			}
			if secs, err := st.Sections(ctx, w.app); err != nil || secs["basic"].Revision != 1 {
				t.Fatalf("after the refusal: %+v, %v", secs, err)
			}
		})
	})
}

func TestAppFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		row := insertRow(t, st, w.app, "team", domain.Values{"name": "甲团队"})
		keep := insertRow(t, st, w.app, "team", domain.Values{"name": "乙团队"})
		add := func(app, row int64, slot, name string, size int64) (fileID, attID int64) {
			t.Helper()
			attID = newAttachment(t, st, w.org, name, size)
			mustTx(t, st, func(tx *store.Tx) (err error) {
				fileID, err = tx.AddAppFile(ctx, domain.AppFile{AppID: app, RowID: row, Slot: slot, AttachmentID: attID})
				return err
			})
			return fileID, attID
		}
		size := func(app int64) int64 {
			t.Helper()
			n, err := st.AppFilesSize(ctx, app)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}

		t.Run("an application without files has size 0", func(t *testing.T) {
			if n := size(w.app); n != 0 {
				t.Fatalf("size = %d", n)
			}
		})

		site, siteAtt := add(w.app, 0, "site_photo", "场地照片.pdf", 1000)
		agreement, _ := add(w.app, row, "agreement", "入驻协议（甲）.pdf", 2000)
		add(w.app, keep, "agreement", "入驻协议（乙）.pdf", 4000)
		foreign, _ := add(w.otherApp, 0, "site_photo", "别家.pdf", 8000)

		t.Run("files are listed with their attachments' metadata", func(t *testing.T) {
			files, err := st.AppFiles(ctx, w.app)
			if err != nil || len(files) != 3 {
				t.Fatalf("AppFiles = %+v, %v", files, err)
			}
			f := files[0]
			if f.ID != site || f.RowID != 0 || f.Slot != "site_photo" || f.AttachmentID != siteAtt || f.Name != "场地照片.pdf" ||
				f.ContentType != "application/pdf" || f.Size != 1000 || f.SHA256 != "ab12" || f.CreatedAt.IsZero() {
				t.Fatalf("section-level file = %+v", f)
			}
			if files[1].ID != agreement || files[1].RowID != row {
				t.Fatalf("row file = %+v", files[1])
			}
		})

		t.Run("a row's files are its own", func(t *testing.T) {
			files, err := st.RowFiles(ctx, w.app, row)
			if err != nil || len(files) != 1 || files[0].ID != agreement {
				t.Fatalf("RowFiles = %+v, %v", files, err)
			}
		})

		t.Run("the size is the application's own total", func(t *testing.T) {
			if n := size(w.app); n != 7000 {
				t.Fatalf("size = %d, want 7000", n)
			}
		})

		t.Run("deleting another application's file is NotFound", func(t *testing.T) {
			err := inTx(t, st, func(tx *store.Tx) error { _, err := tx.DeleteAppFile(ctx, w.app, foreign); return err })
			wantKind(t, err, domain.NotFound)
		})

		t.Run("deleting a file returns its attachment", func(t *testing.T) {
			var att int64
			mustTx(t, st, func(tx *store.Tx) (err error) { att, err = tx.DeleteAppFile(ctx, w.app, site); return err })
			if att != siteAtt || size(w.app) != 6000 {
				t.Fatalf("deleted attachment %d (want %d), size %d", att, siteAtt, size(w.app))
			}
		})

		t.Run("deleting a row deletes its file links and leaves the attachment to the caller", func(t *testing.T) {
			var att int64
			mustTx(t, st, func(tx *store.Tx) error {
				files, err := tx.RowFiles(ctx, w.app, row)
				if err != nil || len(files) != 1 {
					t.Fatalf("Tx.RowFiles = %+v, %v", files, err)
				}
				att = files[0].AttachmentID
				return tx.DeleteRow(ctx, w.app, row, 1)
			})
			files, _ := st.AppFiles(ctx, w.app)
			if len(files) != 1 || files[0].RowID != keep || size(w.app) != 4000 {
				t.Fatalf("after deleting the row: files %+v size %d", files, size(w.app))
			}
			if _, err := st.Attachment(ctx, att); err != nil {
				t.Fatalf("attachment of the deleted row: %v", err)
			}
		})
	})
}

// TestInsertRowsAndImports: an import's many rows go in as they come, over
// several statements, and a waiting import is its application's only.
func TestInsertRowsAndImports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		rows := make([]domain.Values, 1201)
		for i := range rows {
			rows[i] = domain.Values{"name": fmt.Sprintf("团队%04d", i)}
		}
		if err := inTx(t, st, func(tx *store.Tx) error { return tx.InsertRows(ctx, w.app, "teams", rows, w.user) }); err != nil {
			t.Fatal(err)
		}
		t.Run("every row is stored in order at revision 1", func(t *testing.T) {
			got, err := st.Rows(ctx, w.app, "teams")
			if err != nil || len(got) != len(rows) {
				t.Fatalf("%d rows, %v", len(got), err)
			}
			for i, r := range got {
				if r.Data["name"] != rows[i]["name"] || r.Revision != 1 || r.UpdatedBy != w.user {
					t.Fatalf("row %d = %+v", i, r)
				}
			}
		})
		var id int64
		if err := inTx(t, st, func(tx *store.Tx) (err error) {
			id, err = tx.SaveImport(ctx, domain.TableImport{AppID: w.app, Table: "teams", Mode: "append",
				FileName: "团队.xlsx", Plan: []byte(`{"x":1}`), CreatedBy: w.user})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		t.Run("a waiting import reads back in its own application only", func(t *testing.T) {
			im, err := st.TableImport(ctx, w.app, id)
			if err != nil || string(im.Plan) != `{"x":1}` || im.FileName != "团队.xlsx" || im.CreatedAt.IsZero() {
				t.Fatalf("import = %+v, %v", im, err)
			}
			if _, err := st.TableImport(ctx, w.otherApp, id); domain.KindOf(err) != domain.NotFound {
				t.Fatalf("another application's read: %v", err)
			}
		})
		t.Run("only imports older than the limit are taken as stale", func(t *testing.T) {
			var taken []domain.TableImport
			if err := inTx(t, st, func(tx *store.Tx) (err error) {
				taken, err = tx.TakeStaleImports(ctx, w.app, time.Hour)
				return err
			}); err != nil || len(taken) != 0 {
				t.Fatalf("taken %d, %v", len(taken), err)
			}
			if err := inTx(t, st, func(tx *store.Tx) (err error) {
				taken, err = tx.TakeStaleImports(ctx, w.app, -time.Hour)
				return err
			}); err != nil || len(taken) != 1 || taken[0].ID != id {
				t.Fatalf("taken %+v, %v", taken, err)
			}
			if err := inTx(t, st, func(tx *store.Tx) (err error) {
				id, err = tx.SaveImport(ctx, domain.TableImport{AppID: w.app, Table: "teams", Mode: "append",
					FileName: "团队.xlsx", Plan: []byte(`{}`)})
				return err
			}); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("an import is deleted once", func(t *testing.T) {
			del := func() error { return inTx(t, st, func(tx *store.Tx) error { return tx.DeleteImport(ctx, w.app, id) }) }
			if err := del(); err != nil {
				t.Fatal(err)
			}
			if err := del(); domain.KindOf(err) != domain.NotFound {
				t.Fatalf("second delete: %v", err)
			}
		})
		t.Run("a deleted import's id is never given again", func(t *testing.T) {
			var next int64
			if err := inTx(t, st, func(tx *store.Tx) (err error) {
				next, err = tx.SaveImport(ctx, domain.TableImport{AppID: w.app, Table: "teams", Mode: "append",
					FileName: "团队.xlsx", Plan: []byte(`{}`)})
				return err
			}); err != nil || next <= id {
				t.Fatalf("new id %d after deleting %d: %v", next, id, err)
			}
		})
	})
}

// The statuses a touch accepts are exactly those domain calls editable.
func TestTouchAcceptsTheEditableStatuses(t *testing.T) {
	for _, st := range domain.Statuses() {
		if got := slices.Contains(store.OpenToChanges(), st); got != st.Editable() {
			t.Errorf("%s: touch accepts it %t, Editable %t", st, got, st.Editable())
		}
	}
}
