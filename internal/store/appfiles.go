package store

import (
	"context"
	"database/sql"

	"hatch/internal/domain"
)

// appFileSelect reads an application's file links with their attachments'
// metadata; every use names the application.
const appFileSelect = `SELECT f.id, f.app_id, f.row_id, f.slot, f.attachment_id,
	a.name, a.content_type, a.size, a.sha256, f.created_at
	FROM app_files f JOIN attachments a ON a.id = f.attachment_id `

func scanAppFile(row scanner) (domain.AppFile, error) {
	var f domain.AppFile
	var rowID, created sql.NullInt64
	err := row.Scan(&f.ID, &f.AppID, &rowID, &f.Slot, &f.AttachmentID,
		&f.Name, &f.ContentType, &f.Size, &f.SHA256, &created)
	f.RowID, f.CreatedAt = rowID.Int64, fromMS(created)
	return f, notFound(err)
}

// AddAppFile links an uploaded attachment to an application, and to one of
// its rows unless f.RowID is 0.
func (tx *Tx) AddAppFile(ctx context.Context, f domain.AppFile) (int64, error) {
	return tx.insertID(ctx, `INSERT INTO app_files (app_id, row_id, slot, attachment_id, created_at)
		VALUES ($1, $2, $3, $4, $5)`, f.AppID, nullID(f.RowID), f.Slot, f.AttachmentID, ms(tx.now))
}

// AppFiles lists all files of an application, section-level and row-level,
// in the order they were added.
func (s *Store) AppFiles(ctx context.Context, appID int64) ([]domain.AppFile, error) {
	rows, err := s.r.QueryContext(ctx, appFileSelect+`WHERE f.app_id = $1 ORDER BY f.id`, appID)
	return listOf(rows, err, scanAppFile)
}

// RowFiles lists the files of one row of an application.
func (r reads) RowFiles(ctx context.Context, appID, rowID int64) ([]domain.AppFile, error) {
	rows, err := r.q.query(ctx, appFileSelect+`WHERE f.app_id = $1 AND f.row_id = $2
		ORDER BY f.id`, appID, rowID)
	return listOf(rows, err, scanAppFile)
}

// DeleteAppFile removes a file link of an application and returns the
// attachment it linked, for the caller to delete; another application's
// file is NotFound.
func (tx *Tx) DeleteAppFile(ctx context.Context, appID, fileID int64) (int64, error) {
	var attachmentID int64
	err := tx.queryRow(ctx, `DELETE FROM app_files WHERE id = $1 AND app_id = $2 RETURNING attachment_id`,
		fileID, appID).
		Scan(&attachmentID)
	return attachmentID, notFound(err)
}

// AppFilesSize is the total size in bytes of an application's files, for the
// per-application limit.
func (r reads) AppFilesSize(ctx context.Context, appID int64) (int64, error) {
	var n int64
	err := r.q.queryRow(ctx, appFilesSizeSQL, appID).Scan(&n)
	return n, err
}

const appFilesSizeSQL = `SELECT CAST(COALESCE(SUM(a.size), 0) AS BIGINT)
	FROM app_files f JOIN attachments a ON a.id = f.attachment_id WHERE f.app_id = $1`
