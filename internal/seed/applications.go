package seed

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"

	"hatch/internal/demo"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// findRound finds the rounds the demo applications belong to, before
// anything is written: a service that no longer accepts applications to
// them could seed the accounts but not their work.
func (s *seeder) findRound(ctx context.Context) error {
	if err := s.svc.EnsureRounds(ctx); err != nil {
		return err
	}
	for _, want := range []struct {
		t     *form.Type
		year  int
		round *domain.Round
	}{
		{form.Makerspace, demo.Year, &s.round},
		{form.Incubator, demo.IncubatorYear, &s.incubatorRound},
		{form.Exemption, demo.ExemptionYear, &s.exemptionRound},
	} {
		rounds, err := s.svc.OpenRounds(ctx, want.t.Code)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(rounds, func(r domain.Round) bool { return r.Year == want.year })
		if i < 0 {
			return fmt.Errorf("演示数据属于%d年度%s批次，该批次已不接受申报；"+
				"请让已截止的批次保持开放（HATCH_ROUNDS_OPEN=true）后再创建演示数据", want.year, want.t.Service)
		}
		*want.round = rounds[i]
	}
	return nil
}

// applications gives demo-applicant, in the 2021 round, a complete
// application for 启明星众创空间 (every section 已完成, every 备案条件 符合)
// and a half-filled one for its second 众创空间, so the task list shows
// every state.
func (s *seeder) applications(ctx context.Context) error {
	a, err := s.svc.ActAs(ctx, s.sys, demo.ApplicantLogin)
	if err != nil {
		return err
	}
	complete, half := demo.CompleteApp(), demo.HalfApp()
	if _, err := s.fill(ctx, a, s.carriers[complete.Carrier], s.round, complete); err != nil {
		return err
	}
	branch, err := s.carrier(ctx, a, demo.Branch)
	if err != nil {
		return err
	}
	_, err = s.fill(ctx, a, branch, s.round, half)
	return err
}

// fill creates an application for a carrier in a round and enters d into
// it as the applicant would: section by section, row by row, file by file.
func (s *seeder) fill(
	ctx context.Context,
	a domain.Actor,
	carrierID int64,
	r domain.Round,
	d demo.App,
) (int64, error) {
	appID, err := s.svc.CreateApplication(ctx, a, carrierID, r.ID)
	if err != nil {
		return 0, err
	}
	opened, err := s.svc.Application(ctx, a, appID) // the sections' revisions, as a page shows them
	if err != nil {
		return appID, err
	}
	t := form.TypeOf(r.TypeCode)
	for _, sec := range t.Sections {
		v, ok := d.Sections[sec.Key]
		if !ok {
			continue
		}
		if slices.Contains(d.KeepShown, sec.Key) {
			v = onShown(sec, opened.Form.Sections[sec.Key], v)
		}
		if _, err := s.svc.SaveSection(ctx, a, appID, sec.Key, v, opened.Revisions[sec.Key]); err != nil {
			return appID, fmt.Errorf("%s：%w", sec.Title, err)
		}
	}
	f := filer{s: s, a: a, appID: appID, t: t}
	for _, slot := range d.SectionFiles {
		if err := f.attach(ctx, 0, "", slot, d.Carrier); err != nil {
			return appID, err
		}
	}
	for _, row := range d.Rows {
		saved, err := s.svc.SaveRow(ctx, a, appID, row.Table, 0, row.Values, 0)
		if err != nil {
			return appID, fmt.Errorf("%s：%w", row.Table, err)
		}
		for _, slot := range row.Files {
			if err := f.attach(ctx, saved.ID, row.Table, slot, rowName(row.Values)); err != nil {
				return appID, err
			}
		}
	}
	return appID, nil
}

// onShown is what an applicant saves in a section the service showed with
// values already in it: those the section's form lets one type, what the
// applicant adds, and the fallback where the form still shows nothing.
func onShown(sec form.Section, shown, typed domain.Values) domain.Values {
	out := domain.Values{}
	for _, f := range sec.Fields {
		if v := shown[f.Key]; f.Input() && v != "" {
			out[f.Key] = v
		}
	}
	maps.Copy(out, typed)
	return out
}

// filer uploads an application's demo files, numbering them.
type filer struct {
	s     *seeder
	a     domain.Actor
	appID int64
	t     *form.Type
	n     int
}

// attach uploads the file of a slot, named as a careful applicant names
// it: what it is and whose. The 承诺书 is the application's own template,
// standing in for the signed and sealed scan.
func (f *filer) attach(ctx context.Context, rowID int64, table, slot, owner string) error {
	f.n++
	body := demo.File(table, slot, f.n)
	if slot == "pledge" {
		var err error
		if body, err = f.s.svc.PledgeTemplate(ctx, f.a, f.appID); err != nil {
			return err
		}
	}
	ext := ".pdf"
	if bytes.HasPrefix(body, []byte("\x89PNG")) {
		ext = ".png"
	}
	name := slotLabel(f.t, table, slot) + "-" + owner + ext
	_, err := f.s.svc.AttachFile(ctx, f.a, f.appID, rowID, slot, &service.Upload{Name: name,
		Body: bytes.NewReader(body)})
	return err
}

// rowName is what a row is called in its files' names.
func rowName(v domain.Values) string {
	for _, k := range []string{"name", "title", "company", "address", "client"} {
		if v[k] != "" {
			return v[k]
		}
	}
	return "附件"
}

// slotLabel is a slot's label as declared.
func slotLabel(t *form.Type, table, slot string) string {
	var slots []form.FileSlot
	if table == "" {
		for _, sec := range t.Sections {
			slots = append(slots, sec.Files...)
		}
	} else {
		slots = t.Table(table).Files
	}
	for _, f := range slots {
		if f.Key == slot {
			return f.Label
		}
	}
	return slot
}
