package service

import (
	"bytes"
	"context"
	"fmt"

	"hatch/internal/blob"
	"hatch/internal/demo"
	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/region"
	"hatch/internal/store"
)

// Demo applications: on first start demo-applicant's organisation gets, in
// the 2021 round, one complete application for 启明星众创空间 (every section
// 已完成, every 备案条件 符合) and one half-filled application for a second
// 众创空间, so the task list shows every state. All people, companies and
// identifiers are fictional; identifiers carry valid check characters.

const demoApplicantLogin = "demo-applicant"

// seedDemoApps writes the demo applications after the accounts exist. It
// writes through the store in one transaction (one commit instead of a few
// hundred), as demo-applicant, refusing any value the service would refuse.
func (s *Service) seedDemoApps(ctx context.Context) error {
	if err := s.EnsureRounds(ctx); err != nil {
		return err
	}
	round, err := s.store.RoundByYear(ctx, round2021.TypeCode, round2021.Year)
	if err != nil {
		return domain.Wrap(err, "load demo round")
	}
	u, _, err := s.store.UserByLogin(ctx, demoApplicantLogin)
	if err != nil {
		return domain.Wrap(err, "load demo applicant")
	}
	carriers, err := s.store.Carriers(ctx, u.OrgID)
	if err != nil {
		return domain.Wrap(err, "load demo carriers")
	}
	complete, half := demo.CompleteApp(), demo.HalfApp()
	var main domain.Carrier
	for _, c := range carriers {
		if c.Kind == domain.KindMakerspace && c.Name == complete.Carrier {
			main = c
		}
	}
	if main.ID == 0 {
		return domain.Errorf(domain.Internal, "demo carrier %q missing", complete.Carrier)
	}
	a := domain.Actor{User: u, OrgCertified: true, IP: "demo"}
	var keys []string // blobs written, removed again if the transaction fails
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		branch := demo.Branch
		branch.OrgID, branch.RegionName = u.OrgID, region.FullNameOf(branch.RegionCode)
		var err error
		if branch.ID, err = tx.CreateCarrier(ctx, branch); err != nil {
			return err
		}
		if _, err := s.seedDemoApp(ctx, tx, a, main, round, complete, &keys); err != nil {
			return err
		}
		_, err = s.seedDemoApp(ctx, tx, a, branch, round, half, &keys)
		return err
	})
	if err != nil {
		for _, k := range keys {
			s.blobs.Delete(ctx, k)
		}
	}
	return err
}

func (s *Service) seedDemoApp(ctx context.Context, tx *store.Tx, a domain.Actor, c domain.Carrier, r domain.Round,
	d demo.App, keys *[]string) (int64, error) {
	t := form.TypeOf(r.TypeCode)
	appID, err := tx.CreateApplication(ctx, domain.Application{OrgID: a.OrgID, CarrierID: c.ID, RoundID: r.ID,
		TypeCode: r.TypeCode, Status: domain.AppDraft, CreatedBy: a.ID, UpdatedBy: a.ID})
	if err != nil {
		return appID, err
	}
	if err := audit(ctx, tx, a, "application.create", "application", appID, c.Name+" "+r.Name); err != nil {
		return appID, err
	}
	for _, sec := range t.Sections {
		v, ok := d.Sections[sec.Key]
		if !ok {
			continue
		}
		if refused := form.Refused(sec.Fields, v); len(refused) > 0 {
			return appID, domain.Errorf(domain.Internal, "demo section %s: %s", sec.Key, refused[0].Message)
		}
		if _, err := tx.SaveSection(ctx, appID, sec.Key, v, 0, a.ID); err != nil {
			return appID, err
		}
	}
	att := demoAttacher{s: s, tx: tx, a: a, appID: appID, keys: keys}
	if att.pledge, err = demoPledge(ctx, tx, a.OrgID, c, r); err != nil {
		return appID, err
	}
	for _, slot := range d.SectionFiles {
		if err := att.attach(ctx, 0, "", slot, c.Name); err != nil {
			return appID, err
		}
	}
	for _, row := range d.Rows {
		tb := t.Table(row.Table)
		if tb == nil {
			return appID, domain.Errorf(domain.Internal, "demo table %q unknown", row.Table)
		}
		if refused := form.Refused(tb.Columns, row.Values); len(refused) > 0 {
			return appID, domain.Errorf(domain.Internal, "demo row of %s: %s", row.Table, refused[0].Message)
		}
		id, err := tx.InsertRow(ctx, appID, row.Table, row.Values, a.ID)
		if err != nil {
			return appID, err
		}
		for _, slot := range row.Files {
			if err := att.attach(ctx, id, row.Table, slot, demoRowName(row.Values)); err != nil {
				return appID, err
			}
		}
	}
	return appID, nil
}

// demoAttacher stores demo files as an upload would be stored: sniffed,
// hashed and recorded as the applicant's attachment.
type demoAttacher struct {
	s      *Service
	tx     *store.Tx
	a      domain.Actor
	appID  int64
	keys   *[]string
	n      int
	pledge []byte // the 承诺书 as uploaded: the generated template, "signed"
}

// demoPledge is the organisation's 承诺书 template, standing in for the
// signed and sealed scan, so the demo 申报书 prints a real one.
func demoPledge(ctx context.Context, tx *store.Tx, orgID int64, c domain.Carrier, r domain.Round) ([]byte, error) {
	org, err := tx.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return docgen.Pledge(docgen.PledgeInput{OrgName: org.Name, CarrierName: c.Name, RoundName: r.Name, Date: tx.Now()})
}

func (d *demoAttacher) attach(ctx context.Context, rowID int64, table, slot, owner string) error {
	d.n++
	body := demoFileBody(table, slot, owner, d.n)
	if slot == "pledge" && d.pledge != nil {
		body = d.pledge
	}
	saved, err := blob.Save(ctx, d.s.blobs, bytes.NewReader(body), imageOrPDF, 0)
	if err != nil {
		return err
	}
	*d.keys = append(*d.keys, saved.Key)
	name := demoSlotLabel(table, slot) + "-" + owner
	attID, err := d.tx.AddAttachment(ctx, domain.Attachment{OrgID: d.a.OrgID, Purpose: "app:" + slot, BlobKey: saved.Key,
		Name: cleanFileName(name, saved.Kind), ContentType: saved.Kind.ContentType, Size: saved.Size,
		SHA256: saved.SHA256, CreatedBy: d.a.ID})
	if err != nil {
		return err
	}
	_, err = d.tx.AddAppFile(ctx, domain.AppFile{AppID: d.appID, RowID: rowID, Slot: slot, AttachmentID: attID})
	return err
}

// demoRowName is what a row is called in its files' names.
func demoRowName(v domain.Values) string {
	for _, k := range []string{"name", "title"} {
		if v[k] != "" {
			return v[k]
		}
	}
	return "附件"
}

// demoSlotLabel is a slot's label as declared.
func demoSlotLabel(table, slot string) string {
	var slots []form.FileSlot
	if table == "" {
		for _, sec := range form.Makerspace.Sections {
			slots = append(slots, sec.Files...)
		}
	} else {
		slots = form.Makerspace.Table(table).Files
	}
	for _, f := range slots {
		if f.Key == slot {
			return f.Label
		}
	}
	return slot
}

// demoFileBody is a small real file for a slot: a photo-like PNG for
// activities and media reports, a one-page PDF for documents.
func demoFileBody(table, slot, owner string, n int) []byte {
	if table == "activities" || table == "media" {
		return demo.PNG(n)
	}
	what := map[string]string{
		"agreement": "Incubation agreement", "license": "Business licence copy (sealed)",
		"finance_proof": "Financing evidence", "training": "Incubation service training certificate",
		"certificate": "Honour certificate", "pledge": "Pledge, signed and sealed",
	}[slot]
	if what == "" {
		what = map[string]string{"venues": "Lease contract", "staff": "Employment contract or appointment letter"}[table]
	}
	return demo.PDF("Qimingxing Makerspace - demo attachment",
		what, fmt.Sprintf("Document no. QMX-2021-%03d", n),
		"Fictional data for the Hatch demonstration site.")
}
