package service

import (
	"context"

	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// AttachFile uploads a file into a slot of a row (rowID > 0) or of a
// section (rowID 0). The type is sniffed from the content; the file and
// the application's total are both size-limited.
func (s *Service) AttachFile(ctx context.Context, a domain.Actor, appID, rowID int64, slot string,
	u *Upload) (domain.AppFile, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return domain.AppFile{}, err
	}
	label, err := s.slotLabel(ctx, v, appID, rowID, slot)
	if err != nil {
		return domain.AppFile{}, err
	}
	if u == nil {
		return domain.AppFile{}, fieldErr(slot, label, "请选择要上传的文件。")
	}
	attID, err := s.saveWithinRoom(ctx, a, appID, u, slot, label)
	if err != nil {
		return domain.AppFile{}, err
	}
	f := domain.AppFile{AppID: appID, RowID: rowID, Slot: slot, AttachmentID: attID}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		// Touching the application first locks its row, so two uploads at
		// once are counted one after the other against the limit.
		if err := touch(ctx, tx, a, appID); err != nil {
			return err
		}
		if f.ID, err = tx.AddAppFile(ctx, f); err != nil {
			return err
		}
		total, err := tx.AppFilesSize(ctx, appID)
		if err == nil && total > s.cfg.MaxAppFiles {
			err = fieldErr(slot, label, "本申报书的附件合计上限为 "+form.FileSize(s.cfg.MaxAppFiles)+
				"，请删除不需要的附件或压缩后再上传。")
		}
		return err
	})
	if err != nil {
		s.discardUploads(ctx, attID)
		return f, s.lockedMeanwhile(ctx, a, appID, err)
	}
	return s.withAttachment(ctx, f)
}

// withAttachment fills in what a stored file is: its name, type, size and
// SHA-256, as the application's file list shows it.
func (s *Service) withAttachment(ctx context.Context, f domain.AppFile) (domain.AppFile, error) {
	att, err := s.store.Attachment(ctx, f.AttachmentID)
	if err != nil {
		return f, domain.Wrap(err, "load attachment")
	}
	f.Name, f.ContentType, f.Size, f.SHA256, f.CreatedAt = att.Name, att.ContentType, att.Size, att.SHA256, att.CreatedAt
	return f, nil
}

// saveWithinRoom stores an upload if it fits both the per-file limit and
// the room the application's attachments have left, and says which one
// refused it.
func (s *Service) saveWithinRoom(ctx context.Context, a domain.Actor, appID int64, u *Upload,
	slot, label string) (int64, error) {
	used, err := s.store.AppFilesSize(ctx, appID)
	if err != nil {
		return 0, domain.Wrap(err, "sum file sizes")
	}
	limit := min(s.cfg.MaxUpload, s.cfg.MaxAppFiles-used)
	if limit <= 0 {
		return 0, fieldErr(slot, label, "本申报书的附件已达 "+form.FileSize(s.cfg.MaxAppFiles)+
			" 上限，请删除不需要的附件或压缩后再上传。")
	}
	attID, err := s.saveUploadLimited(ctx, a, u, "app:"+slot, slot, label, limit)
	if err != nil && limit < s.cfg.MaxUpload && domain.KindOf(err) == domain.Invalid {
		// The remaining room, not the per-file limit, refused it: say so.
		err = fieldErr(slot, label, "本申报书的附件合计上限为 "+form.FileSize(s.cfg.MaxAppFiles)+
			"，还可上传 "+form.FileSize(limit)+"。请删除不需要的附件或压缩后再上传。")
	}
	return attID, err
}

// slotLabel checks that slot exists on the row's table (or the section)
// and returns its label.
func (s *Service) slotLabel(
	ctx context.Context,
	v editing,
	appID, rowID int64,
	slot string,
) (string, error) {
	slots := v.sectionSlots()
	if rowID != 0 {
		r, err := s.store.Row(ctx, appID, rowID)
		if err != nil {
			return "", err
		}
		slots = v.Type.Table(r.Table).Files
	}
	for _, fs := range slots {
		if fs.Key == slot {
			return fs.Label, nil
		}
	}
	return "", domain.ErrNotFound
}

func (v editing) sectionSlots() []form.FileSlot {
	var out []form.FileSlot
	for _, sec := range v.Type.Sections {
		out = append(out, sec.Files...)
	}
	return out
}

// DetachFile removes an uploaded file from the application.
func (s *Service) DetachFile(ctx context.Context, a domain.Actor, appID, fileID int64) error {
	if _, err := s.editable(ctx, a, appID); err != nil {
		return err
	}
	var attID int64
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if attID, err = tx.DeleteAppFile(ctx, appID, fileID); err != nil {
			return err
		}
		return touch(ctx, tx, a, appID)
	})
	if err == nil {
		s.discardUploads(ctx, attID)
	}
	return s.lockedMeanwhile(ctx, a, appID, err)
}

// PledgeTemplate renders the 承诺书 template as a PDF with the
// organisation's and the carrier's names filled in, for the applicant to
// sign and seal.
func (s *Service) PledgeTemplate(ctx context.Context, a domain.Actor, appID int64) ([]byte, error) {
	return s.pledgeTemplate(ctx, a, appID, docgen.Pledge)
}

// PledgeTemplateWord renders the same 承诺书 template as a Word document,
// for applicants who edit it before printing.
func (s *Service) PledgeTemplateWord(ctx context.Context, a domain.Actor, appID int64) ([]byte, error) {
	return s.pledgeTemplate(ctx, a, appID, docgen.PledgeDocx)
}

func (s *Service) pledgeTemplate(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	render func(docgen.PledgeInput) ([]byte, error),
) ([]byte, error) {
	if err := s.countExport(ctx, a); err != nil {
		return nil, err
	}
	v, err := s.Application(ctx, a, appID)
	if err != nil {
		return nil, err
	}
	out, err := render(
		docgen.PledgeInput{OrgName: v.Form.Org.Name, CarrierName: v.Carrier.Name,
			RoundName: v.Round.Name, Date: s.now()},
	)
	return out, domain.Wrap(err, "render pledge")
}
