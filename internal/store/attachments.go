package store

import (
	"context"
	"database/sql"

	"hatch/internal/domain"
)

// AddAttachment records an uploaded file's metadata.
func (tx *Tx) AddAttachment(ctx context.Context, a domain.Attachment) (int64, error) {
	return tx.insertID(
		ctx,
		`INSERT INTO attachments (org_id, purpose, blob_key, name, content_type,
		size, sha256, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		nullID(
			a.OrgID,
		),
		a.Purpose,
		a.BlobKey,
		a.Name,
		a.ContentType,
		a.Size,
		a.SHA256,
		nullID(a.CreatedBy),
		ms(tx.now),
	)
}

// DeleteAttachment removes an attachment's metadata; the caller removes the
// bytes from the blob store.
func (tx *Tx) DeleteAttachment(ctx context.Context, id int64) error {
	return expectOne(tx.exec(ctx, `DELETE FROM attachments WHERE id = $1`, id))
}

// Attachment returns one attachment's metadata.
func (s *Store) Attachment(ctx context.Context, id int64) (domain.Attachment, error) {
	var a domain.Attachment
	var org, by, at sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT id, org_id, purpose, blob_key, name, content_type, size,
		sha256, created_by, created_at FROM attachments WHERE id = $1`, id).
		Scan(&a.ID, &org, &a.Purpose, &a.BlobKey, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &by, &at)
	a.OrgID, a.CreatedBy, a.CreatedAt = org.Int64, by.Int64, fromMS(at)
	return a, notFound(err)
}
