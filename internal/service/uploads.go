package service

import (
	"context"
	"io"
	"strings"
	"unicode/utf8"

	"hatch/internal/blob"
	"hatch/internal/domain"
	"hatch/internal/store"
)

// Upload is a file from a form, streamed from the request.
type Upload struct {
	Name string
	Body io.Reader
}

// discardUploads removes attachments saved for an action that then failed,
// so a refused save leaves no orphan files behind. Failures are only
// logged: the user's action has already failed for a better reason.
func (s *Service) discardUploads(ctx context.Context, ids ...int64) {
	for _, id := range ids {
		if id == 0 {
			continue
		}
		att, err := s.store.Attachment(ctx, id)
		if err == nil {
			err = s.store.InTx(
				ctx,
				func(tx *store.Tx) error { return tx.DeleteAttachment(ctx, id) },
			)
		}
		if err == nil {
			err = s.blobs.Delete(ctx, att.BlobKey)
		}
		if err != nil {
			s.log.Error("discard upload", "attachment", id, "err", err)
		}
	}
}

// saveUpload streams u to the blob store and records it; nil saves nothing.
// A bad file becomes a message on field.
func (s *Service) saveUpload(
	ctx context.Context,
	a domain.Actor,
	u *Upload,
	purpose, field, label string,
) (int64, error) {
	return s.saveUploadLimited(ctx, a, u, purpose, field, label, s.cfg.MaxUpload)
}

// saveUploadLimited is saveUpload with a byte limit of its own.
func (s *Service) saveUploadLimited(
	ctx context.Context,
	a domain.Actor,
	u *Upload,
	purpose, field, label string,
	limit int64,
) (int64, error) {
	if u == nil {
		return 0, nil
	}
	saved, err := blob.Save(ctx, s.blobs, u.Body, imageOrPDF, limit)
	if err != nil {
		if domain.KindOf(err) == domain.Invalid {
			fe := domain.FieldErrors{{Field: field, Label: label, Message: domain.Message(err)}}
			return 0, fe.Err()
		}
		return 0, err
	}
	var id int64
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.AddAttachment(
			ctx,
			domain.Attachment{OrgID: a.OrgID, Purpose: purpose, BlobKey: saved.Key,
				Name: cleanFileName(
					u.Name,
					saved.Kind,
				), ContentType: saved.Kind.ContentType, Size: saved.Size,
				SHA256: saved.SHA256, CreatedBy: a.ID},
		)
		return err
	})
	return id, err
}

// cleanFileName keeps the user's (Chinese) file name but drops any path and
// control characters, and makes the extension match the real content.
func cleanFileName(name string, k blob.Kind) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 120 {
		name = string([]rune(name)[:120])
	}
	base := strings.TrimSuffix(name, fileExt(name))
	if base == "" {
		base = "附件"
	}
	return base + k.Ext
}

func fileExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 && len(name)-i <= 6 {
		return name[i:]
	}
	return ""
}
