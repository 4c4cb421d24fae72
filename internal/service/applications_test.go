package service_test

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/password"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// appEnv is the seeded world of the application tests: the fixture's
// organisations, the 2021 round kept open, a 众创空间 and a 孵化器 for A and
// a 众创空间 for B.
type appEnv struct {
	st                       *store.Store
	svc                      *testService
	f                        *fixture
	a, b                     domain.Actor // the legal accounts of A and B
	round                    domain.Round
	space, incubator, spaceB int64
	spaces                   int // extra makerspaces made by newApp2
}

func newAppEnv(t *testing.T, st *store.Store, edit func(*service.Settings)) *appEnv {
	t.Helper()
	svc := newServiceWith(t, st, func(s *service.Settings) {
		s.KeepRoundsOpen = true
		if edit != nil {
			edit(s)
		}
	})
	wantOK(t, svc.EnsureRounds(ctx))
	f := seed(t, st)
	e := &appEnv{st: st, svc: svc, f: f}
	e.a = actorOf(t, svc, st, f.A.Legal.ID)
	e.b = actorOf(t, svc, st, f.B.Legal.ID)
	rounds, err := svc.OpenRounds(ctx, "makerspace")
	wantOK(t, err)
	if len(rounds) != 1 {
		t.Fatalf("open rounds = %d, want the 2021 round", len(rounds))
	}
	e.round = rounds[0]
	e.space = e.carrier(t, e.a, domain.KindMakerspace, "甲众创空间")
	e.incubator = e.carrier(t, e.a, domain.KindIncubator, "甲孵化器")
	e.spaceB = e.carrier(t, e.b, domain.KindMakerspace, "乙众创空间")
	return e
}

func (e *appEnv) carrier(t *testing.T, a domain.Actor, kind domain.CarrierKind, name string) int64 {
	t.Helper()
	id, err := e.svc.CreateCarrier(ctx, a, service.CarrierInput{Kind: string(kind), Name: name,
		Address: "北京市海淀区中关村大街1号", RegionCode: "110108", StartedOn: "2018-03-15"})
	wantOK(t, err)
	return id
}

// newApp starts A's application for its 众创空间.
func (e *appEnv) newApp(t *testing.T) int64 {
	t.Helper()
	id, err := e.svc.CreateApplication(ctx, e.a, e.space, e.round.ID)
	wantOK(t, err)
	return id
}

func (e *appEnv) view(t *testing.T, appID int64) service.AppView {
	t.Helper()
	v, err := e.svc.Application(ctx, e.a, appID)
	wantOK(t, err)
	return v
}

// row returns a stored row of A's application.
func (e *appEnv) row(t *testing.T, appID, rowID int64) domain.Row {
	t.Helper()
	r, err := e.svc.Row(ctx, e.a, appID, rowID)
	wantOK(t, err)
	return r
}

// rowProblems lists the messages of a row's problems as submission sees them.
func (e *appEnv) rowProblems(t *testing.T, appID int64, table string, rowID int64) string {
	t.Helper()
	v := e.view(t, appID)
	for _, r := range v.Form.Rows[table] {
		if r.ID == rowID {
			return issueText(v.Form.RowIssues(v.Type.Table(table), r, true))
		}
	}
	t.Fatalf("row %d not in %s", rowID, table)
	return ""
}

func (e *appEnv) rowCount(t *testing.T, appID int64, table string) int {
	t.Helper()
	return len(e.view(t, appID).Form.Rows[table])
}

func (e *appEnv) saveRow(t *testing.T, appID int64, table string, v domain.Values) service.Saved {
	t.Helper()
	saved, err := e.svc.SaveRow(ctx, e.a, appID, table, 0, v, 0)
	wantOK(t, err)
	return saved
}

func issueText(issues []form.Issue) string {
	var b strings.Builder
	for _, is := range issues {
		b.WriteString(is.Field + ": " + is.Message + "\n")
	}
	return b.String()
}

// appValues builds Values from alternating keys and values.
func appValues(kv ...string) domain.Values {
	v := domain.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v[kv[i]] = kv[i+1]
	}
	return v
}

// appTeam is a team row that passes every rule in its state; extra pairs
// override or add values.
func appTeam(state string, extra ...string) domain.Values {
	kv := []string{"name", "星火团队", "leader", "张三", "state", state, "project", "智能硬件", "field", "电子信息",
		"joined_on", "2021-01-15", "financed", "否"}
	switch state {
	case "在孵":
		kv = append(kv, "members", "5")
	case "已注册为企业":
		kv = append(kv, "company", "星火科技有限公司", "company_uscc", usccUnlisted, "registered_on", "2021-06-01")
	case "已迁出":
		kv = append(kv, "moved_out_on", "2021-08-01")
	}
	return appValues(append(kv, extra...)...)
}

// appFirm is an enterprise row that passes every rule for its source and state.
func appFirm(source, state string, extra ...string) domain.Values {
	kv := []string{"name", "星火科技有限公司", "uscc", usccUnlisted, "registered_on", "2021-06-01", "source", source,
		"state", state, "field", "电子信息", "financed", "否"}
	if source == "直接入驻" {
		kv = append(kv, "joined_on", "2021-07-01")
	}
	if state == "在孵" {
		kv = append(kv, "employees", "12")
	}
	return appValues(append(kv, extra...)...)
}

func TestAppRounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		before, err := st.Rounds(ctx, "makerspace")
		wantOK(t, err)
		t.Run("the 2021 round exists with its 37 acceptors", func(t *testing.T) {
			if len(before) != 1 || before[0].Year != 2021 || before[0].CutoffOn != "2021-10-31" ||
				before[0].WindowFrom != "2020-11-01" || before[0].OperatingFrom != "2020-04-30" {
				t.Fatalf("rounds = %+v", before)
			}
			acc, err := st.Acceptors(ctx, before[0].ID)
			wantOK(t, err)
			if len(acc) != 37 {
				t.Fatalf("acceptors = %d, want 37", len(acc))
			}
		})
		t.Run("a second EnsureRounds changes nothing", func(t *testing.T) {
			wantOK(t, e.svc.EnsureRounds(ctx))
			after, err := st.Rounds(ctx, "makerspace")
			wantOK(t, err)
			if len(after) != 1 || after[0].Revision != before[0].Revision || !after[0].UpdatedAt.Equal(before[0].UpdatedAt) {
				t.Fatalf("rounds after = %+v, before = %+v", after, before)
			}
			acc, err := st.Acceptors(ctx, after[0].ID)
			wantOK(t, err)
			if len(acc) != 37 {
				t.Fatalf("acceptors = %d, want 37", len(acc))
			}
		})
		t.Run("EnsureRounds keeps guidance edited by 火炬中心", func(t *testing.T) {
			admin := actorOf(t, e.svc, st, e.f.Admin.ID)
			wantOK(t, e.svc.UpdateGuidance(ctx, admin, e.round.ID, domain.Guidance{Requirements: []string{"只填一条。"}}, e.round.Revision))
			wantOK(t, e.svc.EnsureRounds(ctx))
			r, err := e.svc.Round(ctx, e.round.ID)
			wantOK(t, err)
			if len(r.Guidance.Requirements) != 1 {
				t.Fatalf("requirements = %q", r.Guidance.Requirements)
			}
		})
	})
}

func TestAppCreateApplication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		migrated := actorOf(t, e.svc, st, e.f.Migrated.Legal.ID)
		var first int64
		t.Run("a certified applicant starts an application for its makerspace", func(t *testing.T) {
			id, err := e.svc.CreateApplication(ctx, e.a, e.space, e.round.ID)
			wantOK(t, err)
			first = id
			list, err := e.svc.Applications(ctx, e.a)
			wantOK(t, err)
			if len(list) != 1 || list[0].ID != id || list[0].Status != domain.AppDraft ||
				list[0].CarrierName != "甲众创空间" || list[0].RoundName != e.round.Name {
				t.Fatalf("applications = %+v", list)
			}
		})
		tests := []struct {
			name    string
			actor   domain.Actor
			carrier int64
			round   int64
			check   func(t *testing.T, err error)
		}{
			{"an incubator is refused on the carrier field", e.a, e.incubator, e.round.ID,
				func(t *testing.T, err error) { wantField(t, err, "carrier") }},
			{"another organisation's makerspace is refused on the carrier field", e.a, e.spaceB, e.round.ID,
				func(t *testing.T, err error) { wantField(t, err, "carrier") }},
			{"an unknown round is refused on the round field", e.a, e.space, e.round.ID + 999,
				func(t *testing.T, err error) { wantField(t, err, "round") }},
			{"a second application for the same carrier and round is a conflict", e.a, e.space, e.round.ID,
				func(t *testing.T, err error) { wantKind(t, err, domain.Conflict) }},
			{"an organisation without 实名认证 is refused", migrated, e.space, e.round.ID,
				func(t *testing.T, err error) {
					if !errors.Is(err, service.ErrNotCertified) {
						t.Fatalf("err = %v, want ErrNotCertified", err)
					}
				}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				id, err := e.svc.CreateApplication(ctx, tt.actor, tt.carrier, tt.round)
				if id != 0 {
					t.Errorf("id = %d, want 0", id)
				}
				tt.check(t, err)
			})
		}
		t.Run("refused attempts created nothing", func(t *testing.T) {
			list, err := e.svc.Applications(ctx, e.a)
			wantOK(t, err)
			if len(list) != 1 || list[0].ID != first {
				t.Fatalf("applications = %+v", list)
			}
		})
		t.Run("B sees none of A's applications", func(t *testing.T) {
			list, err := e.svc.Applications(ctx, e.b)
			wantOK(t, err)
			if len(list) != 0 {
				t.Fatalf("B sees %+v", list)
			}
			_, err = e.svc.Application(ctx, e.b, first)
			wantKind(t, err, domain.NotFound)
		})
	})
}

func TestAppSaveSection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		stored := func(t *testing.T, app int64) domain.Values {
			t.Helper()
			return e.view(t, app).Form.Sections["basic"]
		}
		t.Run("a new application's 基础信息 starts with the carrier's facts", func(t *testing.T) {
			got := stored(t, e.newApp2(t))
			if got["region"] == "" || got["address"] == "" || got["operating_since"] == "" || len(got) != 3 {
				t.Fatalf("基础信息 of a new application = %q", got)
			}
		})
		t.Run("an untouched application is 未开始 in every section, carrier facts included", func(t *testing.T) {
			v := e.view(t, e.newApp2(t))
			for _, st := range v.Statuses {
				if st.State != form.NotStarted {
					t.Errorf("%s is %s before anything was saved", st.Section.Title, st.State)
				}
			}
			if v.Revisions["basic"] != 0 {
				t.Errorf("基础信息 has revision %d before its first save", v.Revisions["basic"])
			}
		})
		t.Run("the first save of 基础信息 starts it, even with the carrier's facts unchanged", func(t *testing.T) {
			app := e.newApp2(t)
			saved, err := e.svc.SaveSection(ctx, e.a, app, "basic", stored(t, app), 0)
			wantOK(t, err)
			if saved.Revision != 1 || len(saved.Issues) == 0 {
				t.Fatalf("first save: revision %d, %d issues", saved.Revision, len(saved.Issues))
			}
			if st := e.view(t, app).Statuses[0]; st.State != form.InProgress {
				t.Errorf("after its first save 基础信息 is %s, want %s", st.State, form.InProgress)
			}
		})
		t.Run("a draft with a bad mobile is saved with its problem", func(t *testing.T) {
			app := e.newApp(t)
			in := appValues("contact", "李晓雯", "contact_mobile", " 1380013800 ")
			saved, err := e.svc.SaveSection(ctx, e.a, app, "basic", in, 0)
			wantOK(t, err)
			if saved.Revision != 1 {
				t.Errorf("revision = %d, want 1", saved.Revision)
			}
			if !strings.Contains(issueText(saved.Issues), "contact_mobile: ") {
				t.Errorf("issues = %s", issueText(saved.Issues))
			}
			if got := stored(t, app); !maps.Equal(got, in) {
				t.Fatalf("stored %q, want exactly %q", got, in)
			}
		})
		refusals := []struct {
			name  string
			in    domain.Values
			field string
		}{
			{"a computed field is refused and nothing is stored", appValues("contact", "李晓雯", "media_count", "3"), "media_count"},
			{"an unknown key is refused and nothing is stored", appValues("contact", "李晓雯", "password", "x"), "password"},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				app := e.newApp2(t)
				before := stored(t, app)
				_, err := e.svc.SaveSection(ctx, e.a, app, "basic", tt.in, 1)
				wantField(t, err, tt.field)
				if got := stored(t, app); !maps.Equal(got, before) {
					t.Fatalf("stored %q after a refused save, had %q", got, before)
				}
			})
		}
		t.Run("saves follow revisions and a stale one is a conflict with the current values", func(t *testing.T) {
			app := e.newApp2(t)
			first, err := e.svc.SaveSection(ctx, e.a, app, "capability", appValues("text", "第一稿"), 0)
			wantOK(t, err)
			second, err := e.svc.SaveSection(ctx, e.a, app, "capability", appValues("text", "第二稿"), first.Revision)
			wantOK(t, err)
			if first.Revision != 1 || second.Revision != 2 {
				t.Fatalf("revisions = %d, %d", first.Revision, second.Revision)
			}
			_, err = e.svc.SaveSection(ctx, e.a, app, "capability", appValues("text", "过时的稿"), first.Revision)
			var ce *service.ConflictError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a ConflictError", err)
			}
			wantKind(t, err, domain.Conflict)
			if ce.Revision != 2 || ce.Current["text"] != "第二稿" {
				t.Fatalf("conflict carries %q at %d", ce.Current, ce.Revision)
			}
			if got := e.view(t, app).Form.Sections["capability"]["text"]; got != "第二稿" {
				t.Fatalf("stored %q after a stale save", got)
			}
		})
		t.Run("a first save after someone else's first save is a conflict with the current values", func(t *testing.T) {
			app := e.newApp2(t)
			_, err := e.svc.SaveSection(ctx, e.a, app, "brand", appValues("text", "同事先保存"), 0)
			wantOK(t, err)
			_, err = e.svc.SaveSection(ctx, e.a, app, "brand", appValues("text", "我后保存"), 0)
			var ce *service.ConflictError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v (kind %s), want a ConflictError", err, kindNames[domain.KindOf(err)])
			}
			if ce.Revision != 1 || ce.Current["text"] != "同事先保存" {
				t.Fatalf("conflict carries %q at %d", ce.Current, ce.Revision)
			}
		})
		t.Run("NUL characters are stripped", func(t *testing.T) {
			app := e.newApp2(t)
			_, err := e.svc.SaveSection(ctx, e.a, app, "basic", appValues("contact", "李\x00晓雯", "address", "\x00"), 0)
			wantOK(t, err)
			if got := stored(t, app); got["contact"] != "李晓雯" || len(got) != 1 {
				t.Fatalf("stored %q", got)
			}
		})
		t.Run("an unknown section is not found", func(t *testing.T) {
			_, err := e.svc.SaveSection(ctx, e.a, e.newApp2(t), "secrets", appValues("text", "x"), 0)
			wantKind(t, err, domain.NotFound)
		})
		t.Run("another organisation cannot save into the application", func(t *testing.T) {
			app := e.newApp2(t)
			_, err := e.svc.SaveSection(ctx, e.b, app, "basic", appValues("contact", "外人"), 0)
			wantKind(t, err, domain.NotFound)
		})
	})
}

// newApp2 gives each subtest an application of its own: A's makerspaces
// are one per application and round, so each call adds a carrier.
func (e *appEnv) newApp2(t *testing.T) int64 {
	t.Helper()
	e.spaces++
	c := e.carrier(t, e.a, domain.KindMakerspace, fmt.Sprintf("甲众创空间%d号", e.spaces))
	id, err := e.svc.CreateApplication(ctx, e.a, c, e.round.ID)
	wantOK(t, err)
	return id
}

func TestAppSaveRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		tests := []struct {
			name    string
			table   string
			in      domain.Values
			refused string // the field refused; "" when the row saves
		}{
			{"a team in the space with a registration date is refused", "teams", appTeam("在孵", "registered_on", "2021-03-01"), "registered_on"},
			{"a team in the space with a move-out date is refused", "teams", appTeam("在孵", "moved_out_on", "2021-03-01"), "moved_out_on"},
			{"a converted team with a member count is refused", "teams", appTeam("已注册为企业", "members", "5"), "members"},
			{"a moved-out team with a member count is refused", "teams", appTeam("已迁出", "members", "3"), "members"},
			{"a moved-out team with a registration date is refused", "teams", appTeam("已迁出", "registered_on", "2021-03-01"), "registered_on"},
			{"an enterprise converted from a team with an entry date is refused", "enterprises",
				appFirm("团队转化", "在孵", "joined_on", "2021-01-01"), "joined_on"},
			{"a moved-out enterprise with a headcount is refused", "enterprises", appFirm("直接入驻", "已迁出", "employees", "12"), "employees"},
			{"an unfinanced team with a financing amount is refused", "teams", appTeam("在孵", "amount", "100"), "amount"},
			{"a team in the space with its members saves", "teams", appTeam("在孵"), ""},
			{"a converted team with its company saves", "teams", appTeam("已注册为企业"), ""},
			{"a moved-out team with its move-out date saves", "teams", appTeam("已迁出"), ""},
			{"an enterprise converted from a team without an entry date saves", "enterprises", appFirm("团队转化", "在孵"), ""},
			{"a direct enterprise with its entry date saves", "enterprises", appFirm("直接入驻", "在孵"), ""},
			{"a moved-out enterprise without a headcount saves", "enterprises", appFirm("直接入驻", "已迁出"), ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := e.rowCount(t, app, tt.table)
				saved, err := e.svc.SaveRow(ctx, e.a, app, tt.table, 0, tt.in, 0)
				if tt.refused != "" {
					wantField(t, err, tt.refused)
					if n := e.rowCount(t, app, tt.table); n != before {
						t.Fatalf("%s has %d rows after a refused save, had %d", tt.table, n, before)
					}
					return
				}
				wantOK(t, err)
				if saved.ID == 0 || saved.Revision != 1 || len(saved.Issues) != 0 {
					t.Fatalf("saved = %+v, issues %s", saved, issueText(saved.Issues))
				}
				if got := e.row(t, app, saved.ID); got.Table != tt.table || !maps.Equal(got.Data, tt.in) {
					t.Fatalf("stored %s %q, want %q", got.Table, got.Data, tt.in)
				}
			})
		}
		t.Run("a financed team without its financing date saves as a draft whose problems name 获得时间", func(t *testing.T) {
			in := appTeam("在孵", "financed", "是", "amount", "100", "finance_type", "天使投资")
			saved, err := e.svc.SaveRow(ctx, e.a, app, "teams", 0, in, 0)
			wantOK(t, err)
			if got := e.row(t, app, saved.ID); !maps.Equal(got.Data, in) {
				t.Fatalf("stored %q", got.Data)
			}
			if !strings.Contains(e.rowProblems(t, app, "teams", saved.ID), "获得时间") {
				t.Errorf("the table does not list 获得时间 among the row's problems")
			}
			if !strings.Contains(issueText(saved.Issues), "获得时间") {
				t.Errorf("the save's issues do not mention 获得时间; got:\n%s", issueText(saved.Issues))
			}
		})
		t.Run("a stale revision is a conflict carrying the current row", func(t *testing.T) {
			first := e.saveRow(t, app, "teams", appTeam("在孵", "name", "初稿团队"))
			second, err := e.svc.SaveRow(ctx, e.a, app, "teams", first.ID, appTeam("在孵", "name", "二稿团队"), first.Revision)
			wantOK(t, err)
			if second.Revision != 2 || second.ID != first.ID {
				t.Fatalf("second save = %+v", second)
			}
			_, err = e.svc.SaveRow(ctx, e.a, app, "teams", first.ID, appTeam("在孵", "name", "过时团队"), first.Revision)
			var ce *service.ConflictError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a ConflictError", err)
			}
			if ce.Revision != 2 || ce.Current["name"] != "二稿团队" {
				t.Fatalf("conflict carries %q at %d", ce.Current, ce.Revision)
			}
		})
		t.Run("a row of one table cannot be saved as another table's", func(t *testing.T) {
			team := e.saveRow(t, app, "teams", appTeam("在孵"))
			_, err := e.svc.SaveRow(ctx, e.a, app, "enterprises", team.ID, appFirm("直接入驻", "在孵"), team.Revision)
			wantKind(t, err, domain.NotFound)
		})
		t.Run("another organisation can neither save into the application nor read its rows", func(t *testing.T) {
			team := e.saveRow(t, app, "teams", appTeam("在孵", "name", "甲的团队"))
			_, err := e.svc.SaveRow(ctx, e.b, app, "teams", 0, appTeam("在孵"), 0)
			wantKind(t, err, domain.NotFound)
			_, err = e.svc.SaveRow(ctx, e.b, app, "teams", team.ID, appTeam("在孵", "name", "乙改的"), team.Revision)
			wantKind(t, err, domain.NotFound)
			_, err = e.svc.Row(ctx, e.b, app, team.ID)
			wantKind(t, err, domain.NotFound)
			_, err = e.svc.TableRows(ctx, e.b, app, "teams", service.TableQuery{})
			wantKind(t, err, domain.NotFound)
			if got := e.row(t, app, team.ID); got.Data["name"] != "甲的团队" || got.Revision != 1 {
				t.Fatalf("A's row is now %q at %d", got.Data, got.Revision)
			}
			// B's own application does not reach A's row either.
			bApp, err := e.svc.CreateApplication(ctx, e.b, e.spaceB, e.round.ID)
			wantOK(t, err)
			_, err = e.svc.SaveRow(ctx, e.b, bApp, "teams", team.ID, appTeam("在孵"), team.Revision)
			wantKind(t, err, domain.NotFound)
			_, err = e.svc.Row(ctx, e.b, bApp, team.ID)
			wantKind(t, err, domain.NotFound)
		})
		t.Run("an unknown table is not found", func(t *testing.T) {
			_, err := e.svc.SaveRow(ctx, e.a, app, "salaries", 0, appValues("name", "x"), 0)
			wantKind(t, err, domain.NotFound)
		})
	})
}

// TestAppLeaseEndingAfterToday: a lease runs into the future by nature
// (domain.md §2.3 even suggests ≥ 3 years left), so 租赁/使用期限止 after
// today must not be a problem.
func TestAppLeaseEndingAfterToday(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		future := st.Now().AddDate(3, 0, 0).Format("2006-01-02")
		saved := e.saveRow(t, app, "venues", appValues("name", "创业大厦3层", "address", "北京市海淀区中关村大街1号",
			"area", "600", "station_area", "300", "public_area", "200", "stations", "60", "tenure", "租赁",
			"lease_from", "2019-01-01", "lease_to", future))
		if len(saved.Issues) != 0 {
			t.Fatalf("a lease ending %s has problems:\n%s", future, issueText(saved.Issues))
		}
	})
}

func TestAppFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		team := e.saveRow(t, app, "teams", appTeam("在孵"))
		var agreement domain.AppFile
		t.Run("a PNG agreement on a team row clears the row's 入驻协议 problem", func(t *testing.T) {
			if !strings.Contains(e.rowProblems(t, app, "teams", team.ID), "入驻协议") {
				t.Fatal("a team without agreement has no 入驻协议 problem to start with")
			}
			f, err := e.svc.AttachFile(ctx, e.a, app, team.ID, "agreement", upload("入驻协议.png", pngBytes()))
			wantOK(t, err)
			if f.ID == 0 || f.AttachmentID == 0 || f.RowID != team.ID || f.Slot != "agreement" {
				t.Fatalf("file = %+v", f)
			}
			agreement = f
			if p := e.rowProblems(t, app, "teams", team.ID); strings.Contains(p, "入驻协议") {
				t.Fatalf("problems still mention 入驻协议:\n%s", p)
			}
			if r := e.row(t, app, team.ID); len(r.Files) != 1 || r.Files[0].ContentType != "image/png" {
				t.Fatalf("row files = %+v", r.Files)
			}
		})
		t.Run("a text file is refused with a Chinese message", func(t *testing.T) {
			blobs := blobFiles(t, e.svc.BlobDir)
			_, err := e.svc.AttachFile(ctx, e.a, app, team.ID, "agreement", upload("协议.pdf", []byte("这不是PDF，只是一段文字。")))
			wantField(t, err, "agreement")
			if msg := domain.FieldsOf(err)[0].Message; !strings.Contains(msg, "文件格式不符") {
				t.Fatalf("message = %q", msg)
			}
			if n := blobFiles(t, e.svc.BlobDir); n != blobs {
				t.Fatalf("a refused file left %d blobs, had %d", n, blobs)
			}
		})
		t.Run("a slot the row's table does not have is not found", func(t *testing.T) {
			_, err := e.svc.AttachFile(ctx, e.a, app, team.ID, "license", upload("执照.pdf", pdfBytes()))
			wantKind(t, err, domain.NotFound)
			_, err = e.svc.AttachFile(ctx, e.a, app, 0, "agreement", upload("协议.pdf", pdfBytes()))
			wantKind(t, err, domain.NotFound)
		})
		t.Run("the pledge goes into the section slot", func(t *testing.T) {
			_, err := e.svc.AttachFile(ctx, e.a, app, 0, "pledge", upload("承诺书.pdf", pdfBytes()))
			wantOK(t, err)
			files, err := e.svc.SectionFiles(ctx, e.a, app)
			wantOK(t, err)
			if len(files["pledge"]) != 1 {
				t.Fatalf("section files = %+v", files)
			}
		})
		t.Run("another organisation can neither attach nor detach nor open", func(t *testing.T) {
			_, err := e.svc.AttachFile(ctx, e.b, app, team.ID, "agreement", upload("协议.pdf", pdfBytes()))
			wantKind(t, err, domain.NotFound)
			wantKind(t, e.svc.DetachFile(ctx, e.b, app, agreement.ID), domain.NotFound)
			_, _, err = e.svc.OpenAttachment(ctx, e.b, agreement.AttachmentID)
			wantKind(t, err, domain.NotFound)
		})
		t.Run("DetachFile removes the file and its blob", func(t *testing.T) {
			blobs := blobFiles(t, e.svc.BlobDir)
			wantOK(t, e.svc.DetachFile(ctx, e.a, app, agreement.ID))
			if !strings.Contains(e.rowProblems(t, app, "teams", team.ID), "入驻协议") {
				t.Fatal("the 入驻协议 problem did not come back")
			}
			_, _, err := e.svc.OpenAttachment(ctx, e.a, agreement.AttachmentID)
			wantKind(t, err, domain.NotFound)
			if n := blobFiles(t, e.svc.BlobDir); n != blobs-1 {
				t.Fatalf("blobs = %d, want %d", n, blobs-1)
			}
			wantKind(t, e.svc.DetachFile(ctx, e.a, app, agreement.ID), domain.NotFound)
		})
		t.Run("DeleteRow removes the row and its files", func(t *testing.T) {
			r := e.saveRow(t, app, "teams", appTeam("在孵", "name", "将被删除的团队"))
			f1, err := e.svc.AttachFile(ctx, e.a, app, r.ID, "agreement", upload("协议.pdf", pdfBytes()))
			wantOK(t, err)
			f2, err := e.svc.AttachFile(ctx, e.a, app, r.ID, "agreement", upload("协议附页.png", pngBytes()))
			wantOK(t, err)
			blobs := blobFiles(t, e.svc.BlobDir)
			wantKind(t, e.svc.DeleteRow(ctx, e.a, app, r.ID, r.Revision+1), domain.Conflict)
			wantKind(t, e.svc.DeleteRow(ctx, e.b, app, r.ID, r.Revision), domain.NotFound)
			wantOK(t, e.svc.DeleteRow(ctx, e.a, app, r.ID, r.Revision))
			_, err = e.svc.Row(ctx, e.a, app, r.ID)
			wantKind(t, err, domain.NotFound)
			for _, f := range []domain.AppFile{f1, f2} {
				_, _, err := e.svc.OpenAttachment(ctx, e.a, f.AttachmentID)
				wantKind(t, err, domain.NotFound)
			}
			if n := blobFiles(t, e.svc.BlobDir); n != blobs-2 {
				t.Fatalf("blobs = %d, want %d", n, blobs-2)
			}
			wantKind(t, e.svc.DeleteRow(ctx, e.a, app, r.ID, r.Revision), domain.NotFound)
		})
	})
}

func TestAppFilesLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, func(s *service.Settings) { s.MaxAppFiles = 100 })
		app := e.newApp(t)
		team := e.saveRow(t, app, "teams", appTeam("在孵"))
		small := func(n int) *service.Upload { return upload("协议.png", pngBytes()[:n]) }
		steps := []struct {
			name   string
			size   int
			refuse bool
		}{
			{"a first file within the application's limit is kept", 60, false},
			{"a second file that would pass the limit is refused mentioning 上限", 60, true},
			{"a file that just fills the limit is kept", 40, false},
			{"any file once the limit is reached is refused mentioning 上限", 1, true},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				blobs := blobFiles(t, e.svc.BlobDir)
				_, err := e.svc.AttachFile(ctx, e.a, app, team.ID, "agreement", small(s.size))
				if !s.refuse {
					wantOK(t, err)
					return
				}
				wantField(t, err, "agreement")
				if msg := domain.FieldsOf(err)[0].Message; !strings.Contains(msg, "上限") {
					t.Fatalf("message = %q", msg)
				}
				if n := blobFiles(t, e.svc.BlobDir); n != blobs {
					t.Fatalf("a refused file left blobs: %d, had %d", n, blobs)
				}
			})
		}
	})
}

func TestAppTableRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		teams := []struct{ name, project, members string }{
			{"智能硬件团队", "桌面机械臂", "12"},
			{"星火团队", "语音助手", "3"},
			{"绿色能源团队", "光伏清洁", "5"},
			{"智能医疗团队", "AI听诊", "20"},
			{"Alpha团队", "芯片设计", "7"},
		}
		ids := map[string]int64{}
		for i, tm := range teams {
			saved := e.saveRow(t, app, "teams", appTeam("在孵", "name", tm.name, "project", tm.project, "members", tm.members))
			ids[tm.name] = saved.ID
			if i < 2 { // the first two get their agreement: no problems left
				_, err := e.svc.AttachFile(ctx, e.a, app, saved.ID, "agreement", upload("协议.pdf", pdfBytes()))
				wantOK(t, err)
			}
		}
		// The text order of the projects, computed rather than typed.
		type team = struct{ name, project, members string }
		byProject := slices.Clone(teams)
		slices.SortStableFunc(byProject, func(x, y team) int { return strings.Compare(x.project, y.project) })
		var projectOrder []string
		for _, tm := range byProject {
			projectOrder = append(projectOrder, tm.name)
		}
		names := func(p service.TablePage) []string {
			var out []string
			for _, r := range p.Rows {
				out = append(out, r.Data["name"])
			}
			return out
		}
		tests := []struct {
			name         string
			q            service.TableQuery
			want         []string
			matching     int
			page, pages  int
			wantNumbered bool
		}{
			{"no query lists every row in entry order", service.TableQuery{},
				[]string{"智能硬件团队", "星火团队", "绿色能源团队", "智能医疗团队", "Alpha团队"}, 5, 1, 1, true},
			{"a Chinese search finds rows containing it", service.TableQuery{Search: "智能"},
				[]string{"智能硬件团队", "智能医疗团队"}, 2, 1, 1, true},
			{"a search matches any column, ignoring case", service.TableQuery{Search: "ai听诊"},
				[]string{"智能医疗团队"}, 1, 1, 1, true},
			{"a search that matches nothing gives an empty first page", service.TableQuery{Search: "区块链"},
				nil, 0, 1, 1, false},
			{"a numeric column sorts as numbers", service.TableQuery{Sort: "members"},
				[]string{"星火团队", "绿色能源团队", "Alpha团队", "智能硬件团队", "智能医疗团队"}, 5, 1, 1, true},
			{"a numeric column sorts descending as numbers", service.TableQuery{Sort: "members", Desc: true},
				[]string{"智能医疗团队", "智能硬件团队", "Alpha团队", "绿色能源团队", "星火团队"}, 5, 1, 1, true},
			{"a text column sorts as text", service.TableQuery{Sort: "project"}, projectOrder, 5, 1, 1, true},
			{"the problems filter keeps rows with problems", service.TableQuery{Problems: true},
				[]string{"绿色能源团队", "智能医疗团队", "Alpha团队"}, 3, 1, 1, true},
			{"the problems filter combines with a search", service.TableQuery{Problems: true, Search: "智能"},
				[]string{"智能医疗团队"}, 1, 1, 1, true},
			{"the first page of two", service.TableQuery{PerPage: 2},
				[]string{"智能硬件团队", "星火团队"}, 5, 1, 3, true},
			{"the last page holds the rest", service.TableQuery{PerPage: 2, Page: 3},
				[]string{"Alpha团队"}, 5, 3, 3, true},
			{"a page past the end shows the last page", service.TableQuery{PerPage: 2, Page: 9},
				[]string{"Alpha团队"}, 5, 3, 3, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := e.svc.TableRows(ctx, e.a, app, "teams", tt.q)
				wantOK(t, err)
				if got := names(p); !slices.Equal(got, tt.want) {
					t.Fatalf("rows = %q, want %q", got, tt.want)
				}
				if p.Total != 5 || p.WithProblem != 3 || p.Matching != tt.matching || p.Page != tt.page || p.Pages != tt.pages {
					t.Fatalf("total %d, with problems %d, matching %d, page %d of %d; want 5, 3, %d, %d of %d",
						p.Total, p.WithProblem, p.Matching, p.Page, p.Pages, tt.matching, tt.page, tt.pages)
				}
				for _, r := range p.Rows {
					want := slices.IndexFunc(teams, func(x team) bool { return x.name == r.Data["name"] }) + 1
					if r.Number != want {
						t.Errorf("%s is numbered %d, want %d", r.Data["name"], r.Number, want)
					}
					if (len(r.Issues) > 0) != (r.ID != ids["智能硬件团队"] && r.ID != ids["星火团队"]) {
						t.Errorf("%s issues = %s", r.Data["name"], issueText(r.Issues))
					}
					if r.ID == ids["星火团队"] && len(r.Files["agreement"]) != 1 {
						t.Errorf("星火团队 files = %+v", r.Files)
					}
				}
			})
		}
		t.Run("an unknown table is not found", func(t *testing.T) {
			_, err := e.svc.TableRows(ctx, e.a, app, "salaries", service.TableQuery{})
			wantKind(t, err, domain.NotFound)
		})
	})
}

// TestAppConditions builds the complete demo application through the
// service, as a user would, and expects every 备案条件 met and every section
// complete.
func TestAppConditions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		d := demo.CompleteApp()
		v := e.view(t, app)
		t.Run("an empty application meets no hard condition but the operator's", func(t *testing.T) {
			for _, c := range v.Conditions {
				if c.Code != "C2" && c.Kind == form.Hard && c.Outcome == form.Met {
					t.Errorf("%s met on an empty application (%s)", c.Code, c.Figure)
				}
			}
		})
		current, err := st.Sections(ctx, app) // 基础信息 starts with the carrier's facts
		wantOK(t, err)
		for _, sec := range v.Type.Sections {
			if vals, ok := d.Sections[sec.Key]; ok {
				_, err := e.svc.SaveSection(ctx, e.a, app, sec.Key, vals, current[sec.Key].Revision)
				wantOK(t, err)
			}
		}
		for _, slot := range d.SectionFiles {
			_, err := e.svc.AttachFile(ctx, e.a, app, 0, slot, upload(slot+".pdf", pdfBytes()))
			wantOK(t, err)
		}
		for _, r := range d.Rows {
			saved, err := e.svc.SaveRow(ctx, e.a, app, r.Table, 0, r.Values, 0)
			wantOK(t, err)
			if len(saved.Issues) != 0 {
				t.Errorf("%s row %q: %s", r.Table, r.Values["name"], issueText(saved.Issues))
			}
			for _, slot := range r.Files {
				_, err := e.svc.AttachFile(ctx, e.a, app, saved.ID, slot, upload(slot+".png", pngBytes()))
				wantOK(t, err)
			}
		}
		v = e.view(t, app)
		t.Run("every condition is met", func(t *testing.T) {
			for _, c := range v.Conditions {
				if c.Outcome != form.Met {
					t.Errorf("%s %s: %s (%s)", c.Code, c.Title, c.Outcome, c.Figure)
				}
				if c.Blocks() {
					t.Errorf("%s blocks submission", c.Code)
				}
			}
		})
		t.Run("every section is complete", func(t *testing.T) {
			for _, s := range v.Statuses {
				if s.State != form.Complete {
					t.Errorf("%s is %s with %d problems", s.Section.Title, s.State, s.Problems)
				}
			}
			for _, is := range v.Form.Issues(true) {
				t.Errorf("%s: %s", is.Path(), is.Message)
			}
		})
		t.Run("computed figures follow the rows", func(t *testing.T) {
			want := map[[2]string]string{{"basic", "media_count"}: "3", {"basic", "honor_count"}: "2",
				{"venues", "total_area"}: "700.00", {"staff", "headcount"}: "8", {"basic", "name"}: "甲众创空间",
				{"basic", "uscc"}: usccA}
			for k, w := range want {
				if got := v.Form.Value(k[0], k[1]); got != w {
					t.Errorf("%s.%s = %q, want %q", k[0], k[1], got, w)
				}
			}
		})
	})
}

func TestAppUpdateGuidance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		torch := torchReviewer(t, e)
		admin := actorOf(t, e.svc, st, e.f.Admin.ID)
		city := actorOf(t, e.svc, st, e.f.Reviewer.ID)
		staff := actorOf(t, e.svc, st, e.f.A.Staff.ID)
		good := domain.Guidance{Requirements: []string{"  请按顺序填报。  ", "", "日期按 年-月-日 填写。"},
			Definitions: []domain.GuidanceTerm{{Term: "众创空间", Text: "新型创业服务平台。"}, {Term: " ", Text: ""}}}
		tests := []struct {
			name  string
			actor domain.Actor
			g     domain.Guidance
			check func(t *testing.T, err error)
		}{
			{"a city reviewer is forbidden", city, good, func(t *testing.T, err error) { wantKind(t, err, domain.Forbidden) }},
			{"an applicant is forbidden", e.a, good, func(t *testing.T, err error) { wantKind(t, err, domain.Forbidden) }},
			{"an applicant's staff is forbidden", staff, good, func(t *testing.T, err error) { wantKind(t, err, domain.Forbidden) }},
			{"requirements that are all blank are refused", admin, domain.Guidance{Requirements: []string{" ", ""}},
				func(t *testing.T, err error) { wantField(t, err, "requirements") }},
			{"no requirements at all are refused", torch, domain.Guidance{},
				func(t *testing.T, err error) { wantField(t, err, "requirements") }},
			{"an administrator replaces the guidance, trimmed", admin, good, func(t *testing.T, err error) { wantOK(t, err) }},
			{"a 火炬中心 reviewer replaces the guidance", torch, good, func(t *testing.T, err error) { wantOK(t, err) }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before, err := e.svc.Round(ctx, e.round.ID)
				wantOK(t, err)
				err = e.svc.UpdateGuidance(ctx, tt.actor, e.round.ID, tt.g, before.Revision)
				tt.check(t, err)
				after, rerr := e.svc.Round(ctx, e.round.ID)
				wantOK(t, rerr)
				if err != nil {
					if after.Revision != before.Revision {
						t.Fatalf("a refused update changed the round")
					}
					return
				}
				want := domain.Guidance{Requirements: []string{"请按顺序填报。", "日期按 年-月-日 填写。"},
					Definitions: []domain.GuidanceTerm{{Term: "众创空间", Text: "新型创业服务平台。"}}}
				if after.Revision != before.Revision+1 || !slices.Equal(after.Guidance.Requirements, want.Requirements) ||
					!slices.Equal(after.Guidance.Definitions, want.Definitions) {
					t.Fatalf("round = rev %d, %+v", after.Revision, after.Guidance)
				}
			})
		}
		t.Run("a stale revision is a conflict", func(t *testing.T) {
			r, err := e.svc.Round(ctx, e.round.ID)
			wantOK(t, err)
			wantKind(t, e.svc.UpdateGuidance(ctx, admin, e.round.ID, good, r.Revision-1), domain.Conflict)
		})
		t.Run("an unknown round is not found", func(t *testing.T) {
			wantKind(t, e.svc.UpdateGuidance(ctx, admin, e.round.ID+999, good, 1), domain.NotFound)
		})
	})
}

// torchReviewer adds a 火炬中心 department with one reviewer and returns its actor.
func torchReviewer(t *testing.T, e *appEnv) domain.Actor {
	t.Helper()
	hash, err := password.Hash(testPassword, testkit.FastPassword)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = e.st.InTx(ctx, func(tx *store.Tx) error {
		dept, err := tx.CreateDepartment(ctx, domain.Department{Name: "科学技术部火炬高技术产业开发中心", Level: domain.LevelTorch})
		if err != nil {
			return err
		}
		id, err = tx.CreateUser(ctx, store.NewUser{Login: "reviewer-torch", Name: "火炬审核", PasswordHash: hash,
			Role: domain.RoleReviewer, DeptID: dept})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a := actorOf(t, e.svc, e.st, id)
	if a.DeptLevel != domain.LevelTorch {
		t.Fatalf("torch reviewer level = %s", a.DeptLevel)
	}
	return a
}

func TestAppPledgeTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		t.Run("the organisation's own application gets a PDF", func(t *testing.T) {
			pdf, err := e.svc.PledgeTemplate(ctx, e.a, app)
			wantOK(t, err)
			if !bytes.HasPrefix(pdf, []byte("%PDF")) {
				t.Fatalf("pledge starts %q", pdf[:min(len(pdf), 16)])
			}
		})
		t.Run("another organisation's application is not found", func(t *testing.T) {
			_, err := e.svc.PledgeTemplate(ctx, e.b, app)
			wantKind(t, err, domain.NotFound)
		})
	})
}
