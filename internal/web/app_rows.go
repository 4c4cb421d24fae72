package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// rowPage is the form of one row of a detail table, with its files.
type rowPage struct {
	Page
	App       appRef
	Table     *form.Table
	Sec       *form.Section
	RowID     int64 // 0 for a new row
	Number    int
	Revision  int64
	Fields    []fieldView
	Problems  []problem
	Excluded  string // why the row does not count (不计入：…); "" when it counts
	Refused   string
	Kept      bool // the input shown was refused because the application is locked
	Conflicts []fieldDiff
	Slots     []slotView
	Action    string
	Remarks   []domain.Remark // the reviewers' remarks on the row as a whole
	stored    domain.Values
	view      service.AppView
}

// FileCount is the number of files uploaded to the row.
func (p rowPage) FileCount() int {
	n := 0
	for _, s := range p.Slots {
		n += len(s.Files)
	}
	return n
}

// Frozen reports whether the form is shown disabled (see sectionPage).
func (p rowPage) Frozen() bool { return p.App.Locked != "" && !p.Kept }

// TableURL is the table's list page.
func (p rowPage) TableURL() string { return p.App.URL() + "/tables/" + p.Table.Key }

// fill builds the inputs from values with messages fe, and the summary.
func (p *rowPage) fill(values domain.Values, fe domain.FieldErrors) {
	var beside map[string]string
	// A row that does not count has nothing to fix: its note stands apart
	// from the problems.
	fe = slices.DeleteFunc(slices.Clone(fe), func(e domain.FieldError) bool {
		if e.Field == form.CountedField {
			p.Excluded = e.Message
			return true
		}
		return false
	})
	p.Problems, beside = problemsOf(fe, fieldOrder(p.Table.Columns, p.Table.Files))
	p.Fields = fieldViews(p.Table.Columns, values, beside, nil, p.view.Form.Dates, false)
	if p.RowID != 0 {
		for i := range p.Fields {
			p.Fields[i].Remarks = p.view.RemarksAt("", p.Table.Key, p.RowID, p.Fields[i].F.Key)
		}
		p.Remarks = p.view.RemarksAt("", p.Table.Key, p.RowID, "")
	}
	for i := range p.Slots {
		p.Slots[i].Error = beside[p.Slots[i].ID]
		p.Slots[i].Locked = p.App.Locked != ""
	}
}

// rowIssues are the problems of a stored row as the table shows them: its
// own and those across rows (duplicates, conversions); with warnings too
// when the row's own page shows them beside its fields.
func rowIssues(v service.AppView, table string, rowID int64, warnings bool) []form.Issue {
	var out []form.Issue
	for _, is := range v.Form.Issues(true) {
		if is.Table == table && is.RowID == rowID && (warnings || !is.Warning) {
			out = append(out, is)
		}
	}
	return out
}

// rowPageOf loads a stored row's page: the row with its files, its number
// and its problems. It answers the request itself when it fails.
func (s *Server) rowPageOf(
	w http.ResponseWriter,
	r *http.Request,
	appID, rowID int64,
) (rowPage, bool) {
	a := actor(r)
	v, err := s.svc.Application(r.Context(), a, appID)
	if err != nil {
		s.fail(w, r, err)
		return rowPage{}, false
	}
	row, err := s.svc.Row(r.Context(), a, appID, rowID)
	if err != nil {
		s.fail(w, r, err)
		return rowPage{}, false
	}
	t := v.Type.Table(row.Table)
	if t == nil {
		s.fail(w, r, domain.ErrNotFound)
		return rowPage{}, false
	}
	p := rowPage{
		App:      refOf(v),
		Table:    t,
		Sec:      v.Type.Section(t.Section),
		RowID:    row.ID,
		Revision: row.Revision,
		stored:   row.Data,
		view:     v,
	}
	for i, rr := range v.Form.Rows[t.Key] {
		if rr.ID == row.ID {
			p.Number = i + 1
		}
	}
	p.Page = s.appPage(w, r, v.Type, t.Title+" · 第 "+strconv.Itoa(p.Number)+" 行")
	p.Action = p.App.URL() + "/rows/" + strconv.FormatInt(row.ID, 10)
	p.Slots = s.slotsOf(p.Page, t, row.Files, row.Data, p.Action+"/files", p.Action)
	return p, true
}

func (s *Server) handleAppRow(w http.ResponseWriter, r *http.Request) {
	p, ok := s.rowPageOf(w, r, pathID(r), rowIDOf(r))
	if !ok {
		return
	}
	p.fill(p.stored, issueErrors(rowIssues(p.view, p.Table.Key, p.RowID, true), p.Table.Files))
	flashBeside(p.Page, p.Slots)
	s.render(w, r, http.StatusOK, "app_row", p)
}

// newRowPage is the form of a row not yet saved.
func (s *Server) newRowPage(w http.ResponseWriter, r *http.Request) (rowPage, bool) {
	v, err := s.svc.Application(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return rowPage{}, false
	}
	t := v.Type.Table(r.PathValue("table"))
	if t == nil {
		s.fail(w, r, domain.ErrNotFound)
		return rowPage{}, false
	}
	p := rowPage{
		Page:   s.appPage(w, r, v.Type, t.Title+" · 新增一行"),
		App:    refOf(v),
		Table:  t,
		Sec:    v.Type.Section(t.Section),
		Number: len(v.Form.Rows[t.Key]) + 1,
		view:   v,
	}
	p.Action = p.App.URL() + "/tables/" + t.Key
	p.Slots = s.slotsOf(p.Page, t, nil, domain.Values{}, "", "")
	return p, true
}

func (s *Server) handleAppRowNew(w http.ResponseWriter, r *http.Request) {
	p, ok := s.newRowPage(w, r)
	if !ok {
		return
	}
	p.fill(domain.Values{}, nil)
	s.render(w, r, http.StatusOK, "app_row", p)
}

// handleAppRowInsert saves a new row (POST to the table).
func (s *Server) handleAppRowInsert(w http.ResponseWriter, r *http.Request) {
	a, id, table := actor(r), pathID(r), r.PathValue("table")
	if err := parsePosted(r); err != nil {
		s.fail(w, r, unreadable)
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	in := formValues(r)
	// The save refuses a locked application itself: the body is read
	// first so that what was typed can be shown again with the reason.
	saved, err := s.svc.SaveRow(r.Context(), a, id, table, 0, in, 0)
	if err != nil {
		s.newRowFailed(w, r, err, in)
		return
	}
	if failed := s.attachChosen(r, a, id, table, saved.ID); len(failed) > 0 {
		setFlashKind(w, "warning", "第 "+strconv.Itoa(s.rowNumber(r, id, table, saved.ID))+
			" 行已保存，但以下附件未上传："+strings.Join(failed, "；")+"。请在下方重新上传。")
		http.Redirect(w, r, appURL(id)+"/rows/"+strconv.FormatInt(saved.ID, 10)+"#files", http.StatusSeeOther)
		return
	}
	s.rowSaved(w, r, id, table, saved)
}

// newRowFailed shows a new row's form again with what was typed: the
// refused values marked, or the reason the application takes no change.
func (s *Server) newRowFailed(w http.ResponseWriter, r *http.Request, err error, in domain.Values) {
	if !isLocked(err) && domain.KindOf(err) != domain.Invalid {
		s.fail(w, r, err)
		return
	}
	p, ok := s.newRowPage(w, r)
	if !ok {
		return
	}
	if p.Kept = isLocked(err); !p.Kept {
		p.Refused = domain.Message(err)
		if chosenFiles(r) > 0 {
			p.Refused += "所选的附件也未上传，改正后请重新选择。"
		}
	}
	p.fill(in, domain.FieldsOf(err))
	s.render(w, r, status(err), "app_row", p)
}

// chosenFileField is the input of a slot's files on a new row's form,
// sent with the row's values.
func chosenFileField(slot string) string { return "file-" + slot }

// chosenFiles counts the files chosen on a new row's form.
func chosenFiles(r *http.Request) int {
	n := 0
	if r.MultipartForm != nil {
		for field, fhs := range r.MultipartForm.File {
			if strings.HasPrefix(field, "file-") {
				n += len(fhs)
			}
		}
	}
	return n
}

// attachChosen stores the files chosen with a new row, once the row
// exists, and returns each one refused with its reason.
func (s *Server) attachChosen(r *http.Request, a domain.Actor, appID int64, table string, rowID int64) []string {
	v, err := s.svc.Application(r.Context(), a, appID)
	if err != nil {
		return []string{"所选附件：" + domain.Message(err)}
	}
	t := v.Type.Table(table)
	var failed []string
	for _, slot := range t.Files {
		if r.MultipartForm == nil || len(r.MultipartForm.File[chosenFileField(slot.Key)]) == 0 {
			continue
		}
		res := s.attachAll(r, a, appID, rowID, slot.Key, chosenFileField(slot.Key))
		failed = append(failed, res.failed...)
		if res.err != nil && len(res.failed) == 0 {
			failed = append(failed, slot.Label+"："+importRefusal(res.err))
		}
	}
	return failed
}

// rowNumber is a row's place in its table, as users count rows.
func (s *Server) rowNumber(r *http.Request, appID int64, table string, rowID int64) int {
	v, err := s.svc.Application(r.Context(), actor(r), appID)
	if err != nil {
		return 0
	}
	for i, rr := range v.Form.Rows[table] {
		if rr.ID == rowID {
			return i + 1
		}
	}
	return 0
}

// rowSaved tells what was saved and what is still to fix, and goes on to
// the row (to upload its files) or to a new row.
func (s *Server) rowSaved(
	w http.ResponseWriter,
	r *http.Request,
	appID int64,
	table string,
	saved service.Saved,
) {
	problems, number := len(saved.Issues), 0
	if v, err := s.svc.Application(r.Context(), actor(r), appID); err == nil {
		problems = len(rowIssues(v, table, saved.ID, false))
		for i, rr := range v.Form.Rows[table] {
			if rr.ID == saved.ID {
				number = i + 1
			}
		}
	}
	saveFlash(w, "第 "+strconv.Itoa(number)+" 行已保存。", problems)
	next := "/applications/" + strconv.FormatInt(
		appID,
		10,
	) + "/rows/" + strconv.FormatInt(
		saved.ID,
		10,
	)
	if r.PostFormValue("_next") == "new" {
		next = "/applications/" + strconv.FormatInt(appID, 10) + "/tables/" + table + "/new"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// handleAppRowUpdate saves a row at the revision the form was opened at.
func (s *Server) handleAppRowUpdate(w http.ResponseWriter, r *http.Request) {
	a, id, rid := actor(r), pathID(r), rowIDOf(r)
	row, err := s.svc.Row(r.Context(), a, id, rid)
	if err == nil && parsePosted(r) != nil {
		err = unreadable
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, rev := formValues(r), postedRevision(r)
	saved, err := s.svc.SaveRow(r.Context(), a, id, row.Table, rid, in, rev)
	if err != nil {
		ce, conflict := asConflict(err)
		if !conflict && !isLocked(err) && domain.KindOf(err) != domain.Invalid {
			s.fail(w, r, err)
			return
		}
		p, ok := s.rowPageOf(w, r, id, rid)
		if !ok {
			return
		}
		var fe domain.FieldErrors
		switch {
		case conflict:
			p.Revision, p.Conflicts = ce.Revision, valueDiffs(p.Table.Columns, ce.Current, in)
		case isLocked(err):
			p.Revision, p.Kept = rev, true
		default:
			p.Revision, p.Refused, fe = rev, domain.Message(err), domain.FieldsOf(err)
		}
		p.fill(in, fe)
		s.render(w, r, status(err), "app_row", p)
		return
	}
	s.rowSaved(w, r, id, row.Table, saved)
}

// rowDeletePage asks before a row and its files are deleted.
type rowDeletePage struct {
	rowPage
	Summary []fieldDiff // the row's summary values, Label and Latest
	Changed bool        // someone changed the row since the user opened it
}

func (s *Server) rowDeletePageOf(w http.ResponseWriter, r *http.Request) (rowDeletePage, bool) {
	p, ok := s.rowPageOf(w, r, pathID(r), rowIDOf(r))
	if !ok {
		return rowDeletePage{}, false
	}
	p.Title = "删除" + p.Table.Title + "第 " + strconv.Itoa(p.Number) + " 行"
	d := rowDeletePage{rowPage: p}
	for _, c := range summaryColumns(p.Table) {
		if v := strings.TrimSpace(p.stored[c.Key]); v != "" {
			d.Summary = append(d.Summary, fieldDiff{Label: c.Header(), Latest: v})
		}
	}
	return d, true
}

func (s *Server) handleAppRowDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.rowDeletePageOf(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "app_row_delete", p)
}

func (s *Server) handleAppRowDelete(w http.ResponseWriter, r *http.Request) {
	a, id, rid := actor(r), pathID(r), rowIDOf(r)
	back := appURL(id) + "/rows/" + strconv.FormatInt(rid, 10)
	if err := s.svc.CheckEditable(r.Context(), a, id); err != nil {
		if !lockedBack(w, r, err, back) {
			s.fail(w, r, err)
		}
		return
	}
	p, ok := s.rowDeletePageOf(w, r)
	if !ok {
		return
	}
	err := s.svc.DeleteRow(r.Context(), a, id, rid, postedRevision(r))
	if domain.KindOf(err) == domain.Conflict {
		// Changed since the user looked: show the latest and ask again.
		p.Changed = true
		s.render(w, r, http.StatusConflict, "app_row_delete", p)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := "未填写名称"
	if len(p.Summary) > 0 {
		name = p.Summary[0].Latest
	}
	setFlash(w, "已删除第 "+strconv.Itoa(p.Number)+" 行（"+name+"）及其附件。")
	http.Redirect(w, r, p.TableURL(), http.StatusSeeOther)
}
