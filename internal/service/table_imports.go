package service

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/sheet"
	"hatch/internal/store"
)

// Import modes: add the file's rows to the table (updating the rows it
// names), or make the table what the file holds.
const (
	ImportAppend  = "append"
	ImportReplace = "replace"
)

// importsKept is how long a previewed import waits for its commit.
const importsKept = 24 * time.Hour

// ImportInput is a spreadsheet for one detail table.
type ImportInput struct {
	Table string
	Mode  string // ImportAppend or ImportReplace
	File  *Upload
}

// CellProblem is one thing wrong with one cell, or one row, of a file.
type CellProblem struct {
	Line    int    // the row number Excel shows
	Column  string // the column letter; "" when the file has no such column
	Label   string // the column's label; "" for the row as a whole
	Message string
}

// Where names the place as the user finds it in Excel:
// 第 12 行 D 列（入驻时间）.
func (p CellProblem) Where() string {
	s := fmt.Sprintf("第 %d 行", p.Line)
	if p.Column != "" {
		s += " " + p.Column + " 列"
	}
	if p.Label != "" {
		s += "（" + p.Label + "）"
	}
	return s
}

// ImportPreview is what an import will do, worked out before anything is
// stored. With refusals it cannot be committed: the file must be
// corrected. Problems are kept as drafts, as a save through the form keeps
// them.
type ImportPreview struct {
	ID                      int64
	Table                   *form.Table `json:"-"`
	Mode, FileName, Sheet   string
	New, Updated, Unchanged int
	Removed, RemovedFiles   int // replace: rows not in the file, and their attachments
	Refusals                []CellProblem
	Problems                []CellProblem
	Ignored                 []string // header cells that are not columns of the table
	Missing                 []string // labels of the table's columns the file lacks
}

// FilesAfter says which attachments each row still needs once imported:
// an import brings the table's values, not its files.
func (p ImportPreview) FilesAfter() string {
	var need []string
	for _, f := range p.Table.Files {
		switch {
		case f.Required:
			need = append(need, f.Label)
		case f.RequiredWhen != nil:
			col := p.Table.Column(f.RequiredWhen.Field)
			need = append(
				need,
				f.Label+"（"+col.Label+"为“"+strings.Join(f.RequiredWhen.In, "”或“")+"”的行）",
			)
		}
	}
	return strings.Join(need, "、")
}

// Changes is how many rows the commit adds, changes or removes.
func (p ImportPreview) Changes() int { return p.New + p.Updated + p.Removed }

// CanCommit reports whether the preview may be committed: nothing refused,
// something to change.
func (p ImportPreview) CanCommit() bool { return len(p.Refusals) == 0 && p.Changes() > 0 }

// importPlan is what a commit does, stored with the waiting import. Before
// is the table as the preview saw it, so that any change made since is a
// conflict rather than something the commit overwrites.
type importPlan struct {
	Preview ImportPreview   `json:"preview"`
	Before  []rowRev        `json:"before"`
	Insert  []domain.Values `json:"insert"`
	Update  []plannedUpdate `json:"update"`
	Delete  []int64         `json:"delete"`
}

// canonicalise puts the plan's codes in their canonical form. A preview
// plans them so already; a plan kept from before codes were stored that
// way (an upgrade between preview and commit) lands the same.
func (p *importPlan) canonicalise() {
	cols := p.Preview.Table.Columns
	for i, v := range p.Insert {
		p.Insert[i] = form.CanonicalIdentifiers(cols, v)
	}
	for i := range p.Update {
		p.Update[i].Values = form.CanonicalIdentifiers(cols, p.Update[i].Values)
	}
}

type rowRev struct {
	ID  int64 `json:"id"`
	Rev int64 `json:"rev"`
}

type plannedUpdate struct {
	ID     int64         `json:"id"`
	Line   int           `json:"line"`
	Values domain.Values `json:"values"`
}

// previewImport reads a spreadsheet for a detail table and works out what
// importing it would do, with every problem placed at its row and column.
// Nothing of the table changes. The preview is kept (Import shows it
// again, so a page can redirect to it) and, when it can, CommitImport
// applies it.
func (s *Service) previewImport(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	in ImportInput,
) (ImportPreview, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return ImportPreview{}, err
	}
	t := v.Type.Table(in.Table)
	if t == nil {
		return ImportPreview{}, domain.ErrNotFound
	}
	if in.Mode != ImportReplace {
		in.Mode = ImportAppend
	}
	if in.File == nil {
		return ImportPreview{}, fieldErr("file", "导入文件", "请选择要导入的 Excel 或 CSV 文件。")
	}
	end, err := s.startImport(ctx, a, true)
	if err != nil {
		return ImportPreview{}, err
	}
	defer end()
	tf, err := sheet.ReadTable(in.File.Body, in.File.Name, t)
	if err != nil {
		return ImportPreview{}, err
	}
	current, err := s.store.Rows(ctx, appID, t.Key)
	if err != nil {
		return ImportPreview{}, domain.Wrap(err, "load table")
	}
	p, plan := planImport(v, t, in, tf, current)
	if err := s.countRemovedFiles(ctx, appID, plan, &p); err != nil {
		return p, err
	}
	plan.Preview = p
	p.ID, err = s.keepImport(ctx, a, appID, t, in, plan)
	return p, err
}

// Import is a kept preview, for the page a preview redirects to.
func (s *Service) Import(
	ctx context.Context,
	a domain.Actor,
	appID, importID int64,
) (ImportPreview, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return ImportPreview{}, err
	}
	_, plan, err := s.loadImport(ctx, v, appID, importID)
	return plan.Preview, err
}

// loadImport reads a kept import of an application the actor may edit.
func (s *Service) loadImport(
	ctx context.Context,
	v editing,
	appID, importID int64,
) (domain.TableImport, importPlan, error) {
	var plan importPlan
	im, err := s.store.TableImport(ctx, appID, importID)
	if err == nil && im.Mode == filesMode {
		err = domain.ErrNotFound
	}
	if err != nil {
		return im, plan, say(err, domain.ErrNotFound, msgImportGone)
	}
	if err := json.Unmarshal(im.Plan, &plan); err != nil {
		return im, plan, domain.Wrap(err, "decode import plan")
	}
	plan.Preview.ID, plan.Preview.Table = im.ID, v.Type.Table(im.Table)
	if plan.Preview.Table == nil {
		return im, plan, domain.ErrNotFound
	}
	return im, plan, nil
}

func (s *Service) countRemovedFiles(
	ctx context.Context,
	appID int64,
	plan importPlan,
	p *ImportPreview,
) error {
	for _, id := range plan.Delete {
		files, err := s.store.RowFiles(ctx, appID, id)
		if err != nil {
			return domain.Wrap(err, "load row files")
		}
		p.RemovedFiles += len(files)
	}
	return nil
}

func (s *Service) keepImport(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	t *form.Table,
	in ImportInput,
	plan importPlan,
) (int64, error) {
	body, err := json.Marshal(plan)
	if err != nil {
		return 0, domain.Wrap(err, "encode import plan")
	}
	return s.saveImport(ctx, domain.TableImport{AppID: appID, Table: t.Key, Mode: in.Mode,
		FileName: in.File.Name, Plan: body, CreatedBy: a.ID})
}

// saveImport keeps a preview, and drops the application's stale ones with
// the archives they kept.
func (s *Service) saveImport(ctx context.Context, im domain.TableImport) (int64, error) {
	var id int64
	var stale []domain.TableImport
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if stale, err = tx.TakeStaleImports(ctx, im.AppID, importsKept); err != nil {
			return err
		}
		id, err = tx.SaveImport(ctx, im)
		return err
	})
	for _, old := range stale {
		s.dropKeptArchive(ctx, old)
	}
	return id, err
}

// ImportResult is what a committed import changed.
type ImportResult struct {
	Table                 *form.Table
	New, Updated, Removed int
}

// commitImport applies a previewed import in one transaction: all of it
// lands or none. A table changed since the preview is a conflict, so
// nobody's edit is overwritten by an older picture of the table.
func (s *Service) commitImport(
	ctx context.Context,
	a domain.Actor,
	appID, importID int64,
) (ImportResult, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return ImportResult{}, err
	}
	im, plan, err := s.loadImport(ctx, v, appID, importID)
	if err != nil {
		return ImportResult{}, err
	}
	if !plan.Preview.CanCommit() {
		return ImportResult{}, domain.Errorf(domain.Invalid, "%s", msgImportRefused)
	}
	end, err := s.startImport(ctx, a, false)
	if err != nil {
		return ImportResult{}, err
	}
	defer end()
	plan.canonicalise()
	res := ImportResult{Table: plan.Preview.Table, New: len(plan.Insert), Updated: len(plan.Update),
		Removed: len(plan.Delete)}
	var gone []int64 // attachments of removed rows
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteImport(ctx, appID, importID); err != nil {
			return say(err, domain.ErrNotFound, msgImportGone)
		}
		if gone, err = applyImport(ctx, tx, a, appID, im.Table, plan); err != nil {
			return err
		}
		if err := touch(ctx, tx, a, appID); err != nil {
			return err
		}
		return audit(ctx, tx, a, "table.import", "application", appID,
			fmt.Sprintf("%s：新增 %d 行，更新 %d 行，删除 %d 行（%s）", res.Table.Title,
				res.New, res.Updated, res.Removed, im.FileName))
	})
	if err != nil {
		return ImportResult{}, s.lockedMeanwhile(ctx, a, appID, err)
	}
	s.discardUploads(ctx, gone...)
	return res, nil
}

// CancelImport drops a previewed import.
func (s *Service) CancelImport(ctx context.Context, a domain.Actor, appID, importID int64) error {
	if _, err := s.editable(ctx, a, appID); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		return say(tx.DeleteImport(ctx, appID, importID), domain.ErrNotFound, msgImportGone)
	})
}

// applyImport checks the table is as the preview saw it and applies the
// plan, returning the attachments of the rows it removed.
func applyImport(
	ctx context.Context,
	tx *store.Tx,
	a domain.Actor,
	appID int64,
	table string,
	plan importPlan,
) ([]int64, error) {
	now, err := tx.Rows(ctx, appID, table)
	if err != nil {
		return nil, err
	}
	if !sameRevisions(now, plan.Before) {
		return nil, domain.Errorf(domain.Conflict, "%s", msgImportStale)
	}
	revs := map[int64]int64{}
	for _, r := range plan.Before {
		revs[r.ID] = r.Rev
	}
	if err := tx.InsertRows(ctx, appID, table, plan.Insert, a.ID); err != nil {
		return nil, err
	}
	for _, u := range plan.Update {
		if _, err := tx.UpdateRow(ctx, appID, u.ID, u.Values, revs[u.ID], a.ID); err != nil {
			return nil, say(err, store.ErrStale, msgImportStale)
		}
	}
	return deleteImported(ctx, tx, appID, plan.Delete, revs)
}

func deleteImported(
	ctx context.Context,
	tx *store.Tx,
	appID int64,
	ids []int64,
	revs map[int64]int64,
) ([]int64, error) {
	var gone []int64
	for _, id := range ids {
		files, err := tx.RowFiles(ctx, appID, id)
		if err != nil {
			return nil, err
		}
		if err := tx.DeleteRow(ctx, appID, id, revs[id]); err != nil {
			return nil, say(err, store.ErrStale, msgImportStale)
		}
		for _, f := range files {
			gone = append(gone, f.AttachmentID)
		}
	}
	return gone, nil
}

func sameRevisions(rows []domain.Row, before []rowRev) bool {
	if len(rows) != len(before) {
		return false
	}
	want := map[int64]int64{}
	for _, r := range before {
		want[r.ID] = r.Rev
	}
	for _, r := range rows {
		if rev, ok := want[r.ID]; !ok || rev != r.Revision {
			return false
		}
	}
	return true
}

// revisionsOf records the table as a preview sees it.
func revisionsOf(rows []domain.Row) []rowRev {
	out := make([]rowRev, len(rows))
	for i, r := range rows {
		out[i] = rowRev{ID: r.ID, Rev: r.Revision}
	}
	return out
}

// joinLabels lists labels as a sentence does: 团队名称、入驻时间.
func joinLabels(labels []string) string { return strings.Join(labels, "、") }
