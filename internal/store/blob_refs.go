package store

import (
	"context"

	"hatch/internal/domain"
)

// Which blobs rows still name, for the sweep of orphan blobs: a blob is
// put before the row that names it is written, so a failed insert leaves
// one behind.

// BlobsInUse returns which of keys an attachment, a version's PDF or a
// file of a review step names.
func (s *Store) BlobsInUse(ctx context.Context, keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(keys) == 0 {
		return out, nil
	}
	att, args := inList("blob_key", keys, 1)
	rows, err := s.r.QueryContext(ctx, `SELECT blob_key FROM attachments WHERE `+att+
		` UNION SELECT blob_key FROM app_versions WHERE `+att+
		` UNION SELECT blob_key FROM step_files WHERE `+att, args...)
	list, err := listOf(rows, err, func(r scanner) (string, error) {
		var k string
		return k, r.Scan(&k)
	})
	for _, k := range list {
		out[k] = true
	}
	return out, err
}

// WaitingImports returns every import of mode waiting between preview and
// commit, of every application: what their plans keep must stay.
func (s *Store) WaitingImports(ctx context.Context, mode string) ([]domain.TableImport, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+importColumns+` FROM table_imports WHERE mode = $1 ORDER BY id`, mode)
	return listOf(rows, err, scanImport)
}
