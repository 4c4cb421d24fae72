package service_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// csvFile is a CSV upload of lines.
func csvFile(lines ...string) *service.Upload {
	return &service.Upload{Name: "团队.csv", Body: strings.NewReader(strings.Join(lines, "\n") + "\n")}
}

const teamHeader = "团队名称,团队负责人,团队状态,创业团队人员数量（人）,项目名称,技术领域,入驻时间,是否获得投融资"

func (e *appEnv) preview(t *testing.T, appID int64, mode string, f *service.Upload) service.ImportPreview {
	t.Helper()
	p, err := e.svc.PreviewImport(ctx, e.a, appID, service.ImportInput{Table: "teams", Mode: mode, File: f})
	wantOK(t, err)
	return p
}

// where lists problems as the preview page shows them.
func where(list []service.CellProblem) string {
	var b strings.Builder
	for _, p := range list {
		b.WriteString(p.Where() + "：" + p.Message + "\n")
	}
	return b.String()
}

func TestTableImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		t.Run("rows are previewed with their problems and stored only on commit", func(t *testing.T) {
			app := e.newApp(t)
			p := e.preview(t, app, service.ImportAppend, csvFile(teamHeader,
				"星火团队,张三,在孵,5,智能硬件,电子信息,2021-01-15,否",
				"燎原团队,,在孵,3,新材料,新材料,2021-02-01,否"))
			if p.New != 2 || !p.CanCommit() || len(p.Refusals) != 0 {
				t.Fatalf("preview = %+v", p)
			}
			if got := where(p.Problems); !strings.Contains(got, "第 3 行 B 列（团队负责人）") {
				t.Errorf("problems = %s, want 团队负责人 of row 3 named", got)
			}
			if n := e.rowCount(t, app, "teams"); n != 0 {
				t.Fatalf("%d rows stored before commit", n)
			}
			res, err := e.svc.CommitImport(ctx, e.a, app, p.ID)
			wantOK(t, err)
			if res.New != 2 || e.rowCount(t, app, "teams") != 2 {
				t.Fatalf("commit = %+v, rows %d", res, e.rowCount(t, app, "teams"))
			}
			_, err = e.svc.CommitImport(ctx, e.a, app, p.ID)
			wantKind(t, err, domain.Conflict)
			if n := e.rowCount(t, app, "teams"); n != 2 {
				t.Errorf("a second commit changed the table to %d rows", n)
			}
		})
		t.Run("columns are found by header text wherever they stand", func(t *testing.T) {
			app := e.newApp2(t)
			p := e.preview(t, app, service.ImportAppend, csvFile(
				"累计创业团队情况汇总表（2021年）",
				"",
				"序号,入驻时间,*团队名称,团队负责人,团队状态,创业团队人员数量(人),项目名称,技术领域,是否获得投融资,备注",
				"1,2021/3/1,星火团队,张三,在孵,１２,智能硬件,电子信息,否,无"))
			if p.New != 1 || len(p.Problems) != 0 || len(p.Refusals) != 0 {
				t.Fatalf("preview = %+v; problems %s", p, where(append(p.Refusals, p.Problems...)))
			}
			if strings.Join(p.Ignored, "、") != "序号、备注" {
				t.Errorf("ignored = %v, want 序号 and 备注", p.Ignored)
			}
			_, err := e.svc.CommitImport(ctx, e.a, app, p.ID)
			wantOK(t, err)
			row := e.view(t, app).Form.Rows["teams"][0].Data
			if row["joined_on"] != "2021-03-01" || row["members"] != "12" {
				t.Errorf("stored %v, want the date and number in their stored form", row)
			}
		})
		t.Run("a value the row's state leaves no place for is refused and named", func(t *testing.T) {
			app := e.newApp2(t)
			p := e.preview(t, app, service.ImportAppend, csvFile(teamHeader+",注册企业名称",
				"星火团队,张三,已注册为企业,5,智能硬件,电子信息,2021-01-15,否,星火科技有限公司"))
			if p.CanCommit() || !strings.Contains(where(p.Refusals), "第 2 行 D 列（创业团队人员数量）") {
				t.Fatalf("refusals = %s", where(p.Refusals))
			}
			_, err := e.svc.CommitImport(ctx, e.a, app, p.ID)
			wantKind(t, err, domain.Invalid)
		})
		t.Run("a row naming a row of the table updates it, an identical one changes nothing", func(t *testing.T) {
			app := e.newApp2(t)
			e.saveRow(t, app, "teams", appTeam("在孵"))
			e.saveRow(t, app, "teams", appTeam("在孵", "name", "燎原团队"))
			p := e.preview(t, app, service.ImportAppend, csvFile(teamHeader,
				"星火团队,李四,在孵,5,智能硬件,电子信息,2021-01-15,否",
				"燎原团队,张三,在孵,5,智能硬件,电子信息,2021-01-15,否"))
			if p.Updated != 1 || p.Unchanged != 1 || p.New != 0 {
				t.Fatalf("preview = %+v", p)
			}
			_, err := e.svc.CommitImport(ctx, e.a, app, p.ID)
			wantOK(t, err)
			if rows := e.view(t, app).Form.Rows["teams"]; len(rows) != 2 || rows[0].Data["leader"] != "李四" {
				t.Fatalf("rows = %+v", rows)
			}
		})
		t.Run("replacing removes the rows the file does not name", func(t *testing.T) {
			app := e.newApp2(t)
			e.saveRow(t, app, "teams", appTeam("在孵"))
			e.saveRow(t, app, "teams", appTeam("在孵", "name", "燎原团队"))
			p := e.preview(t, app, service.ImportReplace, csvFile(teamHeader,
				"燎原团队,张三,在孵,5,智能硬件,电子信息,2021-01-15,否"))
			if p.Removed != 1 || p.Unchanged != 1 {
				t.Fatalf("preview = %+v", p)
			}
			_, err := e.svc.CommitImport(ctx, e.a, app, p.ID)
			wantOK(t, err)
			if rows := e.view(t, app).Form.Rows["teams"]; len(rows) != 1 || rows[0].Data["name"] != "燎原团队" {
				t.Fatalf("rows = %+v", rows)
			}
		})
		t.Run("the same team twice in a file is refused", func(t *testing.T) {
			app := e.newApp2(t)
			p := e.preview(t, app, service.ImportAppend, csvFile(teamHeader,
				"星火团队,张三,在孵,5,智能硬件,电子信息,2021-01-15,否",
				"星火团队,李四,在孵,5,智能硬件,电子信息,2021-01-15,否"))
			if p.CanCommit() || !strings.Contains(where(p.Refusals), "第 3 行：与第 2 行的团队名称相同") {
				t.Fatalf("refusals = %s", where(p.Refusals))
			}
		})
		t.Run("a table changed after the preview is a conflict and nothing lands", func(t *testing.T) {
			app := e.newApp2(t)
			p := e.preview(t, app, service.ImportAppend, csvFile(teamHeader,
				"星火团队,张三,在孵,5,智能硬件,电子信息,2021-01-15,否"))
			e.saveRow(t, app, "teams", appTeam("在孵", "name", "燎原团队"))
			_, err := e.svc.CommitImport(ctx, e.a, app, p.ID)
			wantKind(t, err, domain.Conflict)
			if n := e.rowCount(t, app, "teams"); n != 1 {
				t.Errorf("table has %d rows, want only the one saved in between", n)
			}
		})
		t.Run("another organisation can neither see, commit nor cancel it", func(t *testing.T) {
			app := e.newApp2(t)
			p := e.preview(t, app, service.ImportAppend, csvFile(teamHeader,
				"星火团队,张三,在孵,5,智能硬件,电子信息,2021-01-15,否"))
			_, err := e.svc.Import(ctx, e.b, app, p.ID)
			wantKind(t, err, domain.NotFound)
			_, err = e.svc.CommitImport(ctx, e.b, app, p.ID)
			wantKind(t, err, domain.NotFound)
			wantKind(t, e.svc.CancelImport(ctx, e.b, app, p.ID), domain.NotFound)
			_, err = e.svc.PreviewImport(ctx, e.b, app, service.ImportInput{Table: "teams",
				File: csvFile(teamHeader)})
			wantKind(t, err, domain.NotFound)
			if _, err := e.svc.Import(ctx, e.a, app, p.ID); err != nil {
				t.Fatalf("A's import after B's attempts: %v", err)
			}
		})
	})
}

func TestTableImportReadsFilesAsPeopleMakeThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		gbk, err := simplifiedchinese.GBK.NewEncoder().String(teamHeader + "\n星火团队,张三,在孵,5,智能硬件,电子信息,2021年1月15日,否\n")
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			file *service.Upload
			want string // a message of the refusal; "" when one new row is expected
		}{
			{"a GBK CSV from Excel on Chinese Windows reads like UTF-8",
				&service.Upload{Name: "团队.csv", Body: strings.NewReader(gbk)}, ""},
			{"dates as 2021.1.15 and as Excel serial numbers are dates",
				csvFile(teamHeader, "星火团队,张三,在孵,5,智能硬件,电子信息,44211,否"), ""},
			{"a file that is not a spreadsheet gets one clear message",
				&service.Upload{Name: "照片.csv", Body: bytes.NewReader([]byte{0x89, 'P', 'N', 'G', 0, 0, 1})}, "不是 CSV 文本文件"},
			{"a file without the table's header says which table it expects",
				csvFile("姓名,性别", "张三,男"), "没有找到“累计创业团队情况汇总表”的表头"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				app := e.newApp2(t)
				p, err := e.svc.PreviewImport(ctx, e.a, app, service.ImportInput{Table: "teams", File: tt.file})
				if tt.want != "" {
					wantKind(t, err, domain.Invalid)
					if !strings.Contains(domain.Message(err), tt.want) {
						t.Fatalf("message %q, want %q", domain.Message(err), tt.want)
					}
					return
				}
				wantOK(t, err)
				if p.New != 1 || len(p.Problems)+len(p.Refusals) != 0 {
					t.Fatalf("preview = %+v; %s", p, where(append(p.Refusals, p.Problems...)))
				}
			})
		}
	})
}

// TestExportImportRoundTrip: each table of the complete demo application,
// exported and imported again unchanged, in either mode, changes nothing;
// so an applicant can export, edit and import.
func TestExportImportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		svc := newServiceWith(t, st, func(s *service.Settings) { s.KeepRoundsOpen = true })
		a, apps := demoApps(t, svc)
		full := apps["启明星众创空间"]
		for _, tb := range full.Type.Tables {
			for _, mode := range []string{service.ImportAppend, service.ImportReplace} {
				t.Run(tb.Title+" "+mode+" changes nothing", func(t *testing.T) {
					wb, err := svc.ExportTable(ctx, a, full.App.ID, tb.Key)
					wantOK(t, err)
					p, err := svc.PreviewImport(ctx, a, full.App.ID, service.ImportInput{Table: tb.Key,
						Mode: mode, File: &service.Upload{Name: wb.Name, Body: bytes.NewReader(wb.Body)}})
					wantOK(t, err)
					rows := len(full.Form.Rows[tb.Key])
					if p.Changes() != 0 || p.Unchanged != rows || len(p.Refusals)+len(p.Problems) != 0 {
						t.Fatalf("preview = %+v of %d rows; %s", p, rows, where(append(p.Refusals, p.Problems...)))
					}
				})
			}
		}
		t.Run("the whole application's workbook reads back table by table", func(t *testing.T) {
			wb, err := svc.ExportApplication(ctx, a, full.App.ID)
			wantOK(t, err)
			p, err := svc.PreviewImport(ctx, a, full.App.ID, service.ImportInput{Table: "enterprises",
				File: &service.Upload{Name: wb.Name, Body: bytes.NewReader(wb.Body)}})
			wantOK(t, err)
			if p.Unchanged != len(full.Form.Rows["enterprises"]) || p.Changes() != 0 {
				t.Fatalf("preview of the enterprises sheet = %+v", p)
			}
		})
	})
}

// TestEveryNotFillableRuleHoldsThroughAnImport: for every column of every
// table that a row's state leaves no place for, a file that fills it in
// that state is refused, named by its row and column, as the form refuses
// the same value.
func TestEveryNotFillableRuleHoldsThroughAnImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		for _, tb := range form.Makerspace.Tables {
			for _, c := range tb.Columns {
				w := c.NotFillableWhen
				if w == nil {
					continue
				}
				t.Run(tb.Title+" "+c.Label+" when "+w.In[0], func(t *testing.T) {
					key := tb.Column(tb.MatchBy[0])
					state := tb.Column(w.Field)
					csv := key.Label + "," + state.Label + "," + c.Label + "\n" + "某行," + w.In[0] + "," + sampleValue(c) + "\n"
					p, err := e.svc.PreviewImport(ctx, e.a, app, service.ImportInput{Table: tb.Key,
						File: &service.Upload{Name: "表.csv", Body: strings.NewReader(csv)}})
					wantOK(t, err)
					want := "第 2 行 C 列（" + c.Label + "）"
					if p.CanCommit() || !strings.Contains(where(p.Refusals), want) {
						t.Fatalf("refusals %s, want one at %s", where(p.Refusals), want)
					}
				})
			}
		}
	})
}

// sampleValue is a value a column would take where it has a place.
func sampleValue(f form.Field) string {
	switch f.Kind {
	case form.Int, form.Decimal:
		return "5"
	case form.Date:
		return "2021-05-01"
	case form.Enum:
		return f.Options[0]
	case form.USCC:
		return "91440101MA5CJQ4N59"
	}
	return "某值"
}
