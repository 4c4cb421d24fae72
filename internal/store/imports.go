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

// SaveImport records a previewed import and returns its id.
func (tx *Tx) SaveImport(ctx context.Context, im domain.TableImport) (int64, error) {
	return tx.insertID(ctx, `INSERT INTO table_imports (app_id, table_key, mode, file_name, plan,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		im.AppID, im.Table, im.Mode, im.FileName, string(im.Plan), nullID(im.CreatedBy), ms(tx.now))
}

// TakeStaleImports deletes the imports of an application older than stale
// and returns them, so that what they kept elsewhere can go too: nobody
// commits a preview a day later, and a forgotten one should not linger.
func (tx *Tx) TakeStaleImports(
	ctx context.Context,
	appID int64,
	stale time.Duration,
) ([]domain.TableImport, error) {
	rows, err := tx.query(ctx, `SELECT `+importColumns+` FROM table_imports
		WHERE app_id = $1 AND created_at < $2`, appID, ms(tx.now.Add(-stale)))
	list, err := listOf(rows, err, scanImport)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	_, err = tx.exec(ctx, `DELETE FROM table_imports WHERE app_id = $1 AND created_at < $2`,
		appID, ms(tx.now.Add(-stale)))
	return list, err
}

const importColumns = `id, app_id, table_key, mode, file_name, plan, created_by, created_at`

func scanImport(row scanner) (domain.TableImport, error) {
	var im domain.TableImport
	var plan string
	var by, created sql.NullInt64
	err := row.Scan(&im.ID, &im.AppID, &im.Table, &im.Mode, &im.FileName, &plan, &by, &created)
	if err != nil {
		return im, notFound(err)
	}
	im.Plan, im.CreatedBy, im.CreatedAt = []byte(plan), by.Int64, fromMS(created)
	return im, nil
}

// TableImport returns a waiting import of an application.
func (r reads) TableImport(ctx context.Context, appID, id int64) (domain.TableImport, error) {
	return scanImport(r.q.queryRow(ctx, `SELECT `+importColumns+` FROM table_imports
		WHERE id = $1 AND app_id = $2`, id, appID))
}

// DeleteImport removes a waiting import; one already committed or
// cancelled is NotFound, so a second commit cannot land twice.
func (tx *Tx) DeleteImport(ctx context.Context, appID, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM table_imports WHERE id = $1 AND app_id = $2`, id, appID)
	return affected(res, err, domain.ErrNotFound)
}
