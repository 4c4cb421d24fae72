package store

import (
	"context"
	"database/sql"

	"hatch/internal/domain"
)

// AddStepFile records a file uploaded with a step of the review log; the
// caller has stored its bytes under BlobKey.
func (tx *Tx) AddStepFile(ctx context.Context, f domain.StepFileRecord) (int64, error) {
	return tx.insertID(ctx, `INSERT INTO step_files (app_id, step_id, slot, blob_key, name, content_type,
		size, sha256, user_id, user_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		f.AppID, f.StepID, f.Slot, f.BlobKey, f.Name, f.ContentType, f.Size, f.SHA256, nullID(f.UserID),
		f.UserName, ms(tx.now))
}

const stepFileSelect = `SELECT id, app_id, step_id, slot, blob_key, name, content_type, size, sha256,
	COALESCE(user_id, 0), user_name, created_at FROM step_files `

func scanStepFile(row scanner) (domain.StepFileRecord, error) {
	var f domain.StepFileRecord
	var at sql.NullInt64
	err := row.Scan(&f.ID, &f.AppID, &f.StepID, &f.Slot, &f.BlobKey, &f.Name, &f.ContentType, &f.Size,
		&f.SHA256, &f.UserID, &f.UserName, &at)
	f.At = fromMS(at)
	return f, err
}

// StepFiles returns the files of an application's review log, in the
// order of its steps and, within a step, as they were uploaded.
func (s *Store) StepFiles(ctx context.Context, appID int64) ([]domain.StepFileRecord, error) {
	rows, err := s.r.QueryContext(ctx, stepFileSelect+`WHERE app_id = $1 ORDER BY step_id, id`, appID)
	return listOf(rows, err, scanStepFile)
}

// StepFile returns one file of an application's review log; a file of
// another application is ErrNotFound.
func (s *Store) StepFile(ctx context.Context, appID, id int64) (domain.StepFileRecord, error) {
	f, err := scanStepFile(s.r.QueryRowContext(ctx, stepFileSelect+`WHERE app_id = $1 AND id = $2`, appID, id))
	return f, notFound(err)
}
