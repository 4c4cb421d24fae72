package web

import (
	"net/http"
	"slices"
	"strconv"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// A section of the application: fields (with its tables' summaries below),
// a long text that saves itself as the user types, or 承诺书 uploads. Saves
// are drafts: values that break a rule are kept and listed, values that may
// not be sent at all are refused whole (422), and a save over someone
// else's newer one shows both versions (409).

// sectionPage is one section's page.
type sectionPage struct {
	Page
	App       appRef
	Sec       *form.Section
	State     form.State
	Revision  int64
	Fields    []fieldView
	Problems  []problem
	Refused   string // set when the problems are a refused save
	Kept      bool   // the input shown was refused because the application is locked
	Conflicts []fieldDiff
	Tables    []tableSummary
	Slots     []slotView
	Next      *form.Section // the next item of the task list
	Template  string        // the 承诺书 template, for the upload section
	// TemplateWord is the same template as a Word document, which Word and
	// WPS can edit.
	TemplateWord string
	Remarks      []domain.Remark // the reviewers' remarks on the section as a whole
	Tabs         []form.Status   // every section, for the tabs across the top (manual 四（三）5)
}

// tableSummary is a detail table as its section's page lists it.
type tableSummary struct {
	Table    *form.Table
	Rows     int
	Problems int // rows with problems
	URL      string
}

// Action is where the section's form posts.
func (p sectionPage) Action() string { return p.App.URL() + "/sections/" + p.Sec.Key }

// RequiredNote reports whether the page explains the required marker:
// not on a page that is one long text, nor on one with nothing to type.
func (p sectionPage) RequiredNote() bool { return len(p.Sec.Fields) > 1 && p.Saves() }

// Saves reports whether the section has anything of its own to save: a
// page whose fields are all computed offers no 保存 (its rows are saved
// on their own forms).
func (p sectionPage) Saves() bool {
	for i := range p.Sec.Fields {
		if p.Sec.Fields[i].Input() {
			return true
		}
	}
	return false
}

// Frozen reports whether the form is shown disabled: the application
// takes no change, and nothing typed is waiting to be copied out.
func (p sectionPage) Frozen() bool { return p.App.Locked != "" && !p.Kept }

// Tall reports whether the section is one long text.
func (p sectionPage) Tall() bool { return p.Sec.Kind == form.TextSection }

// loadSection loads the application and the section named in the path.
func (s *Server) loadSection(
	w http.ResponseWriter,
	r *http.Request,
) (service.AppView, *form.Section, bool) {
	v, err := s.svc.Application(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return v, nil, false
	}
	sec := v.Type.Section(r.PathValue("key"))
	if sec == nil {
		s.fail(w, r, domain.ErrNotFound)
		return v, nil, false
	}
	return v, sec, true
}

func (s *Server) handleAppSection(w http.ResponseWriter, r *http.Request) {
	v, sec, ok := s.loadSection(w, r)
	if !ok {
		return
	}
	rev := v.Revisions[sec.Key]
	p, err := s.newSectionPage(w, r, v, sec)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Revision = rev
	var fe domain.FieldErrors
	if rev > 0 || p.State != form.NotStarted {
		// Once saved: what is still missing or wrong, as submission will
		// see it. A page never saved is not greeted with a list of errors.
		fe = issueErrors(v.Form.SectionIssues(sec, true), sec.Files)
	}
	p.fill(v, v.Form.Sections[sec.Key], fe)
	flashBeside(p.Page, p.Slots)
	s.render(w, r, http.StatusOK, "app_section", p)
}

// newSectionPage fills what a section's page shows besides its form.
func (s *Server) newSectionPage(
	w http.ResponseWriter,
	r *http.Request,
	v service.AppView,
	sec *form.Section,
) (sectionPage, error) {
	p := sectionPage{Page: s.appPage(w, r, v.Type, sec.Title), App: refOf(v), Sec: sec, Tabs: v.Statuses}
	for i, st := range v.Statuses {
		if st.Section.Key == sec.Key {
			p.State = st.State
			if i+1 < len(v.Statuses) {
				p.Next = v.Statuses[i+1].Section
			}
		}
	}
	if len(sec.Tables) > 0 {
		issues := v.Form.Issues(true)
		for _, key := range sec.Tables {
			t := v.Type.Table(key)
			if t == nil {
				continue
			}
			bad := map[int64]bool{}
			for _, is := range issues {
				if is.Table == key && !is.Warning {
					bad[is.RowID] = true
				}
			}
			p.Tables = append(
				p.Tables,
				tableSummary{Table: t, Rows: len(v.Form.Rows[key]), Problems: len(bad),
					URL: p.App.URL() + "/tables/" + key},
			)
		}
	}
	if len(sec.Files) > 0 {
		files, err := s.svc.SectionFiles(r.Context(), actor(r), v.App.ID)
		if err != nil {
			return p, err
		}
		for _, slot := range sec.Files {
			p.Slots = append(
				p.Slots,
				s.slotViewOf(p.Page, slot, files[slot.Key], v.Form.Sections[sec.Key],
					p.Action()+"/files", p.Action()),
			)
		}
		p.Template = p.App.URL() + "/pledge-template"
		p.TemplateWord = p.Template + ".docx"
	}
	return p, nil
}

// fill builds the inputs from values with messages fe, and the summary.
func (p *sectionPage) fill(v service.AppView, values domain.Values, fe domain.FieldErrors) {
	var beside map[string]string
	p.Problems, beside = problemsOf(fe, fieldOrder(p.Sec.Fields, p.Sec.Files))
	computed := func(key string) string { return v.Form.Value(p.Sec.Key, key) }
	p.Fields = fieldViews(p.Sec.Fields, values, beside, computed, v.Form.Dates, p.Tall())
	for i := range p.Fields {
		p.Fields[i].HideLabel = p.Tall() && p.Fields[i].F.Label == p.Sec.Title
		p.Fields[i].Remarks = v.RemarksAt(p.Sec.Key, "", 0, p.Fields[i].F.Key)
	}
	p.Remarks = v.RemarksAt(p.Sec.Key, "", 0, "")
	for i := range p.Slots {
		p.Slots[i].Error = beside[p.Slots[i].ID]
		p.Slots[i].Locked = p.App.Locked != ""
	}
}

func (s *Server) handleAppSectionSave(w http.ResponseWriter, r *http.Request) {
	a, id, key := actor(r), pathID(r), r.PathValue("key")
	if err := s.svc.CheckEditable(r.Context(), a, id); err != nil {
		if isLocked(err) && !wantsJSON(r) && parsePosted(r) == nil {
			s.sectionSaveFailed(w, r, err, formValues(r), postedRevision(r))
			return
		}
		s.saveFailed(w, r, err, nil)
		return
	}
	if err := parsePosted(r); err != nil {
		s.saveFailed(w, r, unreadable, nil)
		return
	}
	in, rev := formValues(r), postedRevision(r)
	if regionPicked(r) {
		s.renderPostedSection(w, r, in, rev, http.StatusOK, func(*sectionPage) domain.FieldErrors { return nil })
		return
	}
	saved, err := s.svc.SaveSection(r.Context(), a, id, key, in, rev)
	if wantsJSON(r) {
		if err != nil {
			saveFailedJSON(w, err, in)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"revision": saved.Revision,
			"saved_at": saved.At.In(clock.Zone).
				Format("15:04"),
			"issues": jsonIssues(saved.Issues)})
		return
	}
	if err != nil {
		s.sectionSaveFailed(w, r, err, in, rev)
		return
	}
	// The save checked the values completely, as the page will show them.
	saveFlash(w, "已保存。", len(saved.Issues))
	http.Redirect(
		w,
		r,
		"/applications/"+strconv.FormatInt(id, 10)+"/sections/"+key,
		http.StatusSeeOther,
	)
}

// saveFailed answers a save refused before the values were read.
func (s *Server) saveFailed(w http.ResponseWriter, r *http.Request, err error, in domain.Values) {
	if wantsJSON(r) {
		saveFailedJSON(w, err, in)
		return
	}
	s.fail(w, r, err)
}

// sectionSaveFailed shows the section again with the user's input: the
// refused values marked (422), both versions after a conflict (409), or,
// when the application no longer takes changes, what was typed with the
// reason, so it can be copied out instead of lost.
func (s *Server) sectionSaveFailed(
	w http.ResponseWriter,
	r *http.Request,
	err error,
	in domain.Values,
	rev int64,
) {
	ce, conflict := asConflict(err)
	if !conflict && !isLocked(err) && domain.KindOf(err) != domain.Invalid {
		s.fail(w, r, err)
		return
	}
	s.renderPostedSection(w, r, in, rev, status(err), func(p *sectionPage) domain.FieldErrors {
		switch {
		case conflict:
			p.Revision = ce.Revision
			p.Conflicts = valueDiffs(p.Sec.Fields, ce.Current, in)
			return nil
		case isLocked(err):
			p.Kept = true
			return nil
		}
		p.Refused = domain.Message(err)
		return domain.FieldsOf(err)
	})
}

// renderPostedSection shows the section's form with the values the user
// posted, not saved: after a refused save, a conflict (explain says what
// happened and returns the messages beside the fields), or the region
// picker's 选择.
func (s *Server) renderPostedSection(
	w http.ResponseWriter,
	r *http.Request,
	in domain.Values,
	rev int64,
	code int,
	explain func(p *sectionPage) domain.FieldErrors,
) {
	v, sec, ok := s.loadSection(w, r)
	if !ok {
		return
	}
	p, perr := s.newSectionPage(w, r, v, sec)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	p.Revision = rev
	fe := explain(&p)
	p.fill(v, in, fe)
	s.render(w, r, code, "app_section", p)
}

// handleAppSectionUpload adds files to a slot of a section (承诺书).
func (s *Server) handleAppSectionUpload(w http.ResponseWriter, r *http.Request) {
	a, id := actor(r), pathID(r)
	page := appURL(id) + "/sections/" + r.PathValue("key")
	if err := s.svc.CheckEditable(r.Context(), a, id); err != nil {
		if !lockedBack(w, r, err, page) {
			s.fail(w, r, err)
		}
		return
	}
	cleanup := parseUploadForm(r)
	defer cleanup()
	_, sec, ok := s.loadSection(w, r)
	if !ok {
		return
	}
	slot := r.FormValue("slot")
	if !slices.ContainsFunc(sec.Files, func(f form.FileSlot) bool { return f.Key == slot }) {
		s.fail(w, r, domain.ErrNotFound)
		return
	}
	s.uploaded(w, r, s.attachAll(r, a, id, 0, slot, "file"), slot, page)
}
