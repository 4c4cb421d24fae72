package store

import (
	"context"
	"database/sql"
	"time"

	"hatch/internal/domain"
)

// Spreadsheet imports waiting between preview and commit. Every query
// names the application, so an import id from another application's page
// finds nothing.

// SaveImport records a previewed import and returns its id. Imports of
// the same application older than stale are deleted on the way: nobody
// commits a preview a day later, and a forgotten one should not linger.
func (tx *Tx) SaveImport(
	ctx context.Context,
	im domain.TableImport,
	stale time.Duration,
) (int64, error) {
	if _, err := tx.exec(ctx, `DELETE FROM table_imports WHERE app_id = $1 AND created_at < $2`,
		im.AppID, ms(tx.now.Add(-stale))); err != nil {
		return 0, err
	}
	return tx.insertID(ctx, `INSERT INTO table_imports (app_id, table_key, mode, file_name, plan,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		im.AppID, im.Table, im.Mode, im.FileName, string(im.Plan), nullID(im.CreatedBy), ms(tx.now))
}

// TableImport returns a waiting import of an application.
func (r reads) TableImport(ctx context.Context, appID, id int64) (domain.TableImport, error) {
	var im domain.TableImport
	var plan string
	var by, created sql.NullInt64
	err := r.q.queryRow(ctx, `SELECT id, app_id, table_key, mode, file_name, plan, created_by, created_at
		FROM table_imports WHERE id = $1 AND app_id = $2`, id, appID).
		Scan(&im.ID, &im.AppID, &im.Table, &im.Mode, &im.FileName, &plan, &by, &created)
	if err != nil {
		return im, notFound(err)
	}
	im.Plan, im.CreatedBy, im.CreatedAt = []byte(plan), by.Int64, fromMS(created)
	return im, nil
}

// DeleteImport removes a waiting import; one already committed or
// cancelled is NotFound, so a second commit cannot land twice.
func (tx *Tx) DeleteImport(ctx context.Context, appID, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM table_imports WHERE id = $1 AND app_id = $2`, id, appID)
	return affected(res, err, domain.ErrNotFound)
}
