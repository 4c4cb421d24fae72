package service

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strings"

	"hatch/internal/archive"
	"hatch/internal/blob"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// A table's attachments by the hundred: a .zip whose files are named
// after the row and the kind of file they are (星火团队-入驻协议.pdf) is
// matched to the table's rows and slots, shown, and only then stored. The
// archive waits in the blob store between the preview and the commit.

// filesMode marks a kept import of attachments among the table imports.
const filesMode = "files"

// maxArchiveEntries bounds one archive: a table of 300 teams with two
// files each fits, with room to spare.
const maxArchiveEntries = 2000

// FileMatch is one file of an archive and where it goes, or why nowhere.
type FileMatch struct {
	Name    string // as in the archive
	Size    int64
	Row     int    // the row's number in the table; 0 when unmatched
	RowName string // the row as the file names it
	RowID   int64  `json:"-"`
	Slot    string // the slot's key
	Label   string // the slot's label
	Problem string // why the file is not matched, or refused
}

// FilesPreview is what storing an archive's files would do.
type FilesPreview struct {
	ID        int64
	Table     *form.Table `json:"-"`
	FileName  string
	Matched   []FileMatch
	Unmatched []FileMatch // no row or slot named by the file
	Ambiguous []FileMatch // several rows answer to the name
	Refused   []FileMatch // not a PDF, JPG or PNG, too large, or a hostile name
}

// CanCommit reports whether some file would be stored.
func (p FilesPreview) CanCommit() bool { return p.ID != 0 && len(p.Matched) > 0 }

// Skipped is how many files of the archive will not be stored.
func (p FilesPreview) Skipped() int { return len(p.Unmatched) + len(p.Ambiguous) + len(p.Refused) }

// RowLabel is the column files name their row by.
func (p FilesPreview) RowLabel() string { return p.Table.Column(p.Table.MatchBy[0]).Label }

// NamingRule says how files are named to match rows, for the page and the
// template's 填写说明.
func NamingRule(t *form.Table) string {
	if len(t.MatchBy) == 0 || len(t.Files) == 0 {
		return ""
	}
	col := t.Column(t.MatchBy[0]).Label
	eg := "星火团队-" + t.Files[0].Label + ".pdf"
	rule := "每个文件以“" + col + "-附件类别”命名，如“" + eg + "”"
	if len(t.Files) == 1 {
		rule = "每个文件以" + col + "命名（也可写成“" + col + "-" + t.Files[0].Label + "”），如“" + eg + "”"
	}
	return rule + "；同一行同类附件有多个时，在后面加 -2、-3。可以放在文件夹里一起压缩为 .zip。"
}

// PreviewFiles reads an archive of a table's attachments and matches each
// file to a row and a slot. Nothing is attached; the archive is kept for
// CommitFiles.
func (s *Service) PreviewFiles(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	table string,
	u *Upload,
) (FilesPreview, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return FilesPreview{}, err
	}
	t := v.Type.Table(table)
	if t == nil || len(t.Files) == 0 {
		return FilesPreview{}, domain.ErrNotFound
	}
	if u == nil {
		return FilesPreview{}, fieldErr("zip", "压缩文件", "请选择要上传的 .zip 压缩文件。")
	}
	end, err := s.startImport(ctx, a, true)
	if err != nil {
		return FilesPreview{}, err
	}
	defer end()
	tmp, err := spool(u.Body, s.cfg.MaxAppFiles)
	if err != nil {
		return FilesPreview{}, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	p, err := s.matchArchive(ctx, appID, t, tmp, u.Name)
	if err != nil {
		return p, err
	}
	return p, s.keepArchive(ctx, a, appID, t, tmp, &p)
}

// spool copies an upload to a temporary file, as a zip is read from its
// end; more than limit bytes is refused.
func spool(r io.Reader, limit int64) (*os.File, error) {
	f, err := os.CreateTemp("", "hatch-zip-*")
	if err != nil {
		return nil, domain.Wrap(err, "spool upload")
	}
	n, err := io.Copy(f, io.LimitReader(r, limit+1))
	if err == nil && n > limit {
		err = domain.Errorf(domain.Invalid, "压缩文件超过 %s，请分成几个压缩文件上传。", form.FileSize(limit))
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

func (s *Service) matchArchive(
	ctx context.Context,
	appID int64,
	t *form.Table,
	f *os.File,
	name string,
) (FilesPreview, error) {
	st, err := f.Stat()
	if err != nil {
		return FilesPreview{}, domain.Wrap(err, "stat spooled zip")
	}
	entries, refused, err := archive.Read(
		f,
		st.Size(),
		name,
		archive.Limits{MaxEntries: maxArchiveEntries,
			MaxEntry: s.cfg.MaxUpload, MaxTotal: s.cfg.MaxAppFiles},
	)
	if err != nil {
		return FilesPreview{}, err
	}
	rows, err := s.store.Rows(ctx, appID, t.Key)
	if err != nil {
		return FilesPreview{}, domain.Wrap(err, "load table")
	}
	files, err := s.store.AppFiles(ctx, appID)
	if err != nil {
		return FilesPreview{}, domain.Wrap(err, "load files")
	}
	p := FilesPreview{Table: t, FileName: name}
	for _, r := range refused {
		p.Refused = append(p.Refused, FileMatch{Name: r.Name, Problem: r.Reason})
	}
	m := newMatcher(t, rows)
	m.have = map[fileKey]bool{}
	for _, f := range files {
		m.have[fileKey{f.RowID, f.Slot, f.Name, f.Size}] = true
	}
	for _, e := range entries {
		m.place(&p, e)
	}
	return p, nil
}

// keepArchive stores the archive and the matches for the commit.
func (s *Service) keepArchive(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	t *form.Table,
	f *os.File,
	p *FilesPreview,
) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return domain.Wrap(err, "rewind spooled zip")
	}
	key, err := s.blobs.Put(ctx, f)
	if err != nil {
		return domain.Wrap(err, "keep archive")
	}
	plan, err := json.Marshal(filesPlan{Key: key, Preview: *p, RowIDs: rowIDsOf(p.Matched)})
	if err != nil {
		return domain.Wrap(err, "encode files plan")
	}
	p.ID, err = s.saveImport(ctx, domain.TableImport{AppID: appID, Table: t.Key, Mode: filesMode,
		FileName: p.FileName, Plan: plan, CreatedBy: a.ID})
	if err != nil {
		s.blobs.Delete(ctx, key)
	}
	return err
}

// filesPlan is a kept archive import: the archive's blob key, the preview,
// and the row each matched file goes to.
type filesPlan struct {
	Key     string       `json:"key"`
	Preview FilesPreview `json:"preview"`
	RowIDs  []int64      `json:"row_ids"`
}

func rowIDsOf(list []FileMatch) []int64 {
	out := make([]int64, len(list))
	for i, m := range list {
		out[i] = m.RowID
	}
	return out
}

// dropKeptArchive removes the archive a files import kept.
func (s *Service) dropKeptArchive(ctx context.Context, im domain.TableImport) {
	if im.Mode != filesMode {
		return
	}
	var plan filesPlan
	if json.Unmarshal(im.Plan, &plan) == nil && plan.Key != "" {
		if err := s.blobs.Delete(ctx, plan.Key); err != nil {
			s.log.Warn("delete kept archive", "key", plan.Key, "err", err)
		}
	}
}

// FilesResult is what a committed archive attached.
type FilesResult struct {
	Table    *form.Table
	Attached int
	Failed   []FileMatch // refused on storing, e.g. the application's room ran out
}

// Files is a kept archive preview, for the page a preview redirects to.
func (s *Service) Files(
	ctx context.Context,
	a domain.Actor,
	appID, importID int64,
) (FilesPreview, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return FilesPreview{}, err
	}
	_, plan, err := s.loadFiles(ctx, v, appID, importID)
	return plan.Preview, err
}

func (s *Service) loadFiles(
	ctx context.Context,
	v editing,
	appID, importID int64,
) (domain.TableImport, filesPlan, error) {
	var plan filesPlan
	im, err := s.store.TableImport(ctx, appID, importID)
	if err == nil && im.Mode != filesMode {
		err = domain.ErrNotFound
	}
	if err != nil {
		return im, plan, say(err, domain.ErrNotFound, msgImportGone)
	}
	if err := json.Unmarshal(im.Plan, &plan); err != nil {
		return im, plan, domain.Wrap(err, "decode files plan")
	}
	plan.Preview.ID, plan.Preview.Table = im.ID, v.Type.Table(im.Table)
	for i := range plan.Preview.Matched {
		plan.Preview.Matched[i].RowID = plan.RowIDs[i]
	}
	return im, plan, nil
}

// CommitFiles attaches every matched file of a kept archive, each checked
// by content and size as an upload is; one refused file does not stop the
// others. The archive and the preview are then dropped.
func (s *Service) CommitFiles(
	ctx context.Context,
	a domain.Actor,
	appID, importID int64,
) (FilesResult, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return FilesResult{}, err
	}
	im, plan, err := s.loadFiles(ctx, v, appID, importID)
	if err != nil {
		return FilesResult{}, err
	}
	end, err := s.startImport(ctx, a, false)
	if err != nil {
		return FilesResult{}, err
	}
	defer end()
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		return say(tx.DeleteImport(ctx, appID, importID), domain.ErrNotFound, msgImportGone)
	})
	if err != nil {
		return FilesResult{}, err
	}
	defer s.dropKeptArchive(ctx, im)
	return s.attachArchive(ctx, a, appID, plan)
}

func (s *Service) attachArchive(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	plan filesPlan,
) (FilesResult, error) {
	res := FilesResult{Table: plan.Preview.Table}
	entries, err := s.openKept(ctx, plan.Key)
	if err != nil {
		return res, err
	}
	defer entries.close()
	for _, m := range plan.Preview.Matched {
		e, ok := entries.byName[m.Name]
		if !ok {
			continue
		}
		if err := s.attachEntry(ctx, a, appID, m, e); err != nil {
			m.Problem = domain.Message(err)
			res.Failed = append(res.Failed, m)
			continue
		}
		res.Attached++
	}
	return res, nil
}

func (s *Service) attachEntry(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	m FileMatch,
	e archive.Entry,
) error {
	rc, err := e.Open()
	if err != nil {
		return domain.Errorf(domain.Invalid, "无法从压缩文件中读出，文件可能已损坏。")
	}
	defer rc.Close()
	_, err = s.AttachFile(
		ctx,
		a,
		appID,
		m.RowID,
		m.Slot,
		&Upload{Name: path.Base(m.Name), Body: rc},
	)
	return err
}

// keptEntries is a kept archive opened again.
type keptEntries struct {
	byName map[string]archive.Entry
	tmp    *os.File
}

func (k keptEntries) close() { k.tmp.Close(); os.Remove(k.tmp.Name()) }

func (s *Service) openKept(ctx context.Context, key string) (keptEntries, error) {
	rc, err := s.blobs.Open(ctx, key)
	if err != nil {
		return keptEntries{}, domain.Wrap(err, "open kept archive")
	}
	defer rc.Close()
	tmp, err := spool(rc, s.cfg.MaxAppFiles)
	if err != nil {
		return keptEntries{}, err
	}
	k := keptEntries{byName: map[string]archive.Entry{}, tmp: tmp}
	st, _ := tmp.Stat()
	entries, _, err := archive.Read(
		tmp,
		st.Size(),
		"",
		archive.Limits{MaxEntries: maxArchiveEntries,
			MaxEntry: s.cfg.MaxUpload, MaxTotal: s.cfg.MaxAppFiles},
	)
	if err != nil {
		k.close()
		return keptEntries{}, err
	}
	for _, e := range entries {
		k.byName[e.Name] = e
	}
	return k, nil
}

// CancelFiles drops a kept archive without attaching anything.
func (s *Service) CancelFiles(ctx context.Context, a domain.Actor, appID, importID int64) error {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return err
	}
	im, _, err := s.loadFiles(ctx, v, appID, importID)
	if err != nil {
		return err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		return say(tx.DeleteImport(ctx, appID, importID), domain.ErrNotFound, msgImportGone)
	})
	if err == nil {
		s.dropKeptArchive(ctx, im)
	}
	return err
}

// matcher places archive files on rows by name.
type matcher struct {
	t      *form.Table
	byName map[string][]int // row name → row indexes
	rows   []domain.Row
	have   map[fileKey]bool // the files the rows already have
}

// fileKey is a file already attached, as a second upload of the same
// archive would bring it again.
type fileKey struct {
	row  int64
	slot string
	name string
	size int64
}

func newMatcher(t *form.Table, rows []domain.Row) *matcher {
	m := &matcher{t: t, byName: map[string][]int{}, rows: rows}
	for i, r := range rows {
		if len(t.MatchBy) > 0 {
			k := nameKey(r.Data[t.MatchBy[0]])
			m.byName[k] = append(m.byName[k], i)
		}
	}
	return m
}

// copySuffix is the "-2", "(2)" or "（2）" people add to a second file of
// the same kind.
var copySuffix = regexp.MustCompile(`(\s*[-_]\s*\d{1,3}|\s*[(（]\d{1,3}[)）])$`)

// place matches one file: its content must be a PDF, JPG or PNG, and its
// name "行名-附件类别" (or the row's name alone when the table has one slot).
func (m *matcher) place(p *FilesPreview, e archive.Entry) {
	fm := FileMatch{Name: e.Name, Size: e.Size}
	if reason := sniffEntry(e); reason != "" {
		fm.Problem = reason
		p.Refused = append(p.Refused, fm)
		return
	}
	stem := strings.TrimSuffix(e.Base, path.Ext(e.Base))
	stem = strings.TrimSpace(copySuffix.ReplaceAllString(stem, ""))
	slot, rowName := m.slotOf(stem)
	fm.RowName = rowName
	if slot == nil {
		fm.Problem = "文件名中没有附件类别（" + slotLabels(m.t) + "）。"
		p.Unmatched = append(p.Unmatched, fm)
		return
	}
	fm.Slot, fm.Label = slot.Key, slot.Label
	found := m.byName[nameKey(rowName)]
	switch len(found) {
	case 0:
		fm.Problem = "表中没有" + m.t.Column(m.t.MatchBy[0]).Label + "为“" + rowName + "”的行。"
		p.Unmatched = append(p.Unmatched, fm)
	case 1:
		fm.Row, fm.RowID = found[0]+1, m.rows[found[0]].ID
		if m.have[fileKey{fm.RowID, fm.Slot, e.Base, e.Size}] {
			fm.Problem = "这一行已有同名、同样大小的" + fm.Label + "，不再重复上传。"
			p.Refused = append(p.Refused, fm)
			return
		}
		p.Matched = append(p.Matched, fm)
	default:
		fm.Problem = fmt.Sprintf("表中有 %d 行%s为“%s”，无法确定是哪一行。", len(found),
			m.t.Column(m.t.MatchBy[0]).Label, rowName)
		p.Ambiguous = append(p.Ambiguous, fm)
	}
}

// slotOf finds the slot a file's name ends or begins with, and the rest of
// the name; a table with one slot takes a bare row name.
func (m *matcher) slotOf(stem string) (*form.FileSlot, string) {
	for i := range m.t.Files {
		f := &m.t.Files[i]
		for _, label := range slotNames(f) {
			for _, sep := range []string{"-", "_", "－", " "} {
				if rest, ok := strings.CutSuffix(stem, sep+label); ok && rest != "" {
					return f, strings.TrimSpace(rest)
				}
				if rest, ok := strings.CutPrefix(stem, label+sep); ok && rest != "" {
					return f, strings.TrimSpace(rest)
				}
			}
		}
	}
	if len(m.t.Files) == 1 {
		return &m.t.Files[0], stem
	}
	return nil, stem
}

// slotNames are the ways a slot is written in a file name: its label, and
// the label's first part before a bracket or 、 (营业执照复印件（加盖公章）→
// 营业执照复印件).
func slotNames(f *form.FileSlot) []string {
	names := []string{f.Label}
	if i := strings.IndexAny(f.Label, "（(、，"); i > 0 {
		names = append(names, f.Label[:i])
	}
	return names
}

func slotLabels(t *form.Table) string {
	var out []string
	for _, f := range t.Files {
		out = append(out, f.Label)
	}
	return strings.Join(out, "、")
}

// nameKey compares names as people retype them: spaces and letter case
// aside.
func nameKey(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }

// sniffEntry checks an entry's content as an upload is checked.
func sniffEntry(e archive.Entry) string {
	rc, err := e.Open()
	if err != nil {
		return "无法从压缩文件中读出，文件可能已损坏。"
	}
	defer rc.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(rc, head)
	if _, ok := blob.Sniff(head[:n]); !ok {
		return "文件格式不符：只接受 " + blob.Labels(imageOrPDF) + " 文件。"
	}
	return ""
}
