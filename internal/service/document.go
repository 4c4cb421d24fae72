package service

import (
	"context"
	"io"
	"strings"

	"hatch/internal/docgen"
	"hatch/internal/domain"
)

// render prints a snapshot as the 申报书 numbered code: the signed 承诺书
// after the cover and, if the round says so, every attachment appended.
func (s *Service) render(
	ctx context.Context,
	snap snapshot,
	code, baseURL string,
) ([]byte, int, error) {
	doc, err := s.document(ctx, snap, code, baseURL)
	if err != nil {
		return nil, 0, err
	}
	pdf, pages, err := docgen.Render(doc)
	return pdf, pages, domain.Wrap(err, "render 申报书")
}

// meta is what the document of a snapshot says about itself.
func (snap snapshot) meta(code string) docgen.Meta {
	return docgen.Meta{
		Version:     code,
		Carrier:     snap.Carrier,
		Operator:    snap.Org.Name,
		Round:       snap.Round.Name,
		GeneratedAt: snap.GeneratedAt,
		Files:       snap.Files,
		Draft:       domain.Version{Problems: snap.Problems, Unmet: snap.Unmet}.Unsubmittable(),
	}
}

// content is the document of a snapshot for the screen: what it prints,
// without reading the scans it embeds. code "" is a preview, numbered when
// it is generated.
func (s *Service) content(snap snapshot, code string) (*docgen.Document, error) {
	fa, err := snap.app()
	if err != nil {
		return nil, err
	}
	return docgen.Build(fa, snap.meta(code))
}

// document is the document of a snapshot as printed: with the QR code's
// address, the signed 承诺书 and, if the round says so, every attachment.
func (s *Service) document(
	ctx context.Context,
	snap snapshot,
	code, baseURL string,
) (*docgen.Document, error) {
	fa, err := snap.app()
	if err != nil {
		return nil, err
	}
	m := snap.meta(code)
	if baseURL != "" {
		m.VerifyURL = strings.TrimRight(baseURL, "/") + "/verify"
	}
	if m.Pledge, err = s.scans(ctx, snap.Files, fa.Type.PrintedSlots()); err != nil {
		return nil, err
	}
	if snap.Round.AppendFiles {
		if m.Appendix, err = s.scans(ctx, snap.Files, nil); err != nil {
			return nil, err
		}
	}
	return docgen.Build(fa, m)
}

// scans reads the files to print from the blob store: those in the given
// slots, or all when slots is nil.
func (s *Service) scans(
	ctx context.Context,
	files []domain.AppFile,
	slots map[string]bool,
) ([]docgen.Scan, error) {
	var out []docgen.Scan
	for _, f := range files {
		if slots != nil && (f.RowID != 0 || !slots[f.Slot]) {
			continue
		}
		data, err := s.attachmentBytes(ctx, f.AttachmentID)
		if err != nil {
			return nil, err
		}
		out = append(out, docgen.Scan{FileID: f.ID, Name: f.Name, Data: data})
	}
	return out, nil
}

func (s *Service) attachmentBytes(ctx context.Context, id int64) ([]byte, error) {
	att, err := s.store.Attachment(ctx, id)
	if err != nil {
		return nil, domain.Wrap(err, "load attachment")
	}
	rc, err := s.blobs.Open(ctx, att.BlobKey)
	if err != nil {
		return nil, domain.Wrap(err, "open attachment")
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	return data, domain.Wrap(err, "read attachment")
}
