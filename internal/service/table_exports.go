package service

import (
	"context"
	"maps"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/ident"
	"hatch/internal/sheet"
)

// Workbook is a generated .xlsx file with the name to save it under.
type Workbook struct {
	Name string
	Body []byte
}

// TableTemplate is the import template of a detail table, written from its
// declaration and the application's round.
func (s *Service) TableTemplate(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	table string,
) (Workbook, error) {
	return s.tableBook(ctx, a, appID, table, false)
}

// ExportTable is a detail table's rows in its template's layout, so that
// export → edit → import works.
func (s *Service) ExportTable(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	table string,
) (Workbook, error) {
	return s.tableBook(ctx, a, appID, table, true)
}

func (s *Service) tableBook(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	table string,
	withRows bool,
) (Workbook, error) {
	if err := s.countExport(ctx, a); err != nil {
		return Workbook{}, err
	}
	v, err := s.Application(ctx, a, appID)
	if err != nil {
		return Workbook{}, err
	}
	t := v.Type.Table(table)
	if t == nil {
		return Workbook{}, domain.ErrNotFound
	}
	var rows []domain.Values
	name := t.Title + "-导入模板.xlsx"
	if withRows {
		rows = rowValuesOf(v, t.Key)
		name = v.Carrier.Name + "-" + t.Title + ".xlsx"
	}
	g := guideOf(v.Round)
	g.Files = NamingRule(t)
	body, err := sheet.TableBook(t, g, rows)
	return Workbook{Name: name, Body: body}, domain.Wrap(err, "write table workbook")
}

// ExportApplication is every detail table of an application in one
// workbook, a sheet per table.
func (s *Service) ExportApplication(
	ctx context.Context,
	a domain.Actor,
	appID int64,
) (Workbook, error) {
	if err := s.countExport(ctx, a); err != nil {
		return Workbook{}, err
	}
	v, err := s.Application(ctx, a, appID)
	if err != nil {
		return Workbook{}, err
	}
	tables := make([]*form.Table, len(v.Type.Tables))
	rows := map[string][]domain.Values{}
	for i := range v.Type.Tables {
		tables[i] = &v.Type.Tables[i]
		rows[tables[i].Key] = rowValuesOf(v, tables[i].Key)
	}
	body, err := sheet.ApplicationBook(tables, guideOf(v.Round), rows)
	return Workbook{
			Name: v.Carrier.Name + "-明细表.xlsx",
			Body: body,
		}, domain.Wrap(
			err,
			"write application workbook",
		)
}

// rowValuesOf are a table's rows in entry order.
func rowValuesOf(v AppView, table string) []domain.Values {
	rows := v.Form.Rows[table]
	out := make([]domain.Values, len(rows))
	for i, r := range rows {
		out[i] = r.Data
	}
	return out
}

// guideOf is what a workbook's 填写说明 says of the round.
func guideOf(r domain.Round) sheet.Guide {
	return sheet.Guide{
		Round:      r.Name,
		Cutoff:     r.CutoffOn,
		WindowFrom: r.WindowFrom,
		WindowTo:   r.WindowTo,
		Operating:  r.OperatingFrom,
	}
}

// ReviewExport is the submitted application's detail tables in one
// workbook, for a department that reviews it: the data of the bound
// 申报书, not today's drafts, with 身份证号码 masked as on the review page.
func (s *Service) ReviewExport(ctx context.Context, a domain.Actor, appID int64) (Workbook, error) {
	if err := s.countExport(ctx, a); err != nil {
		return Workbook{}, err
	}
	app, _, err := s.reviewable(ctx, a, appID)
	if err != nil {
		return Workbook{}, err
	}
	snap, _, err := s.submittedSnapshot(ctx, app.ID, app.SubmittedVersion)
	if err != nil {
		return Workbook{}, err
	}
	t := form.TypeOf(snap.Type)
	if t == nil {
		return Workbook{}, domain.Errorf(domain.Internal, "unknown application type %q", snap.Type)
	}
	tables := make([]*form.Table, len(t.Tables))
	rows := map[string][]domain.Values{}
	for i := range t.Tables {
		tables[i] = &t.Tables[i]
		for _, r := range snap.Rows[tables[i].Key] {
			rows[tables[i].Key] = append(rows[tables[i].Key], masked(tables[i], r.Data))
		}
	}
	body, err := sheet.ApplicationBook(tables, guideOf(snap.Round), rows)
	name := app.RefNo + "-" + snap.Carrier + "-明细表.xlsx"
	return Workbook{Name: name, Body: body}, domain.Wrap(err, "write review workbook")
}

// masked is a row with its identity numbers masked.
func masked(t *form.Table, v domain.Values) domain.Values {
	out := maps.Clone(v)
	for i := range t.Columns {
		if f := &t.Columns[i]; f.Kind == form.IDNumber && out[f.Key] != "" {
			out[f.Key] = ident.MaskIDNumber(out[f.Key])
		}
	}
	return out
}
