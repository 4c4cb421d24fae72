package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// apiRow is a row with its files and problems.
type apiRow struct {
	ID       int64         `json:"id"`
	Number   int           `json:"number"`
	Table    string        `json:"table"`
	Values   domain.Values `json:"values"`
	Revision int64         `json:"revision"`
	Files    []apiAppFile  `json:"files"`
	Issues   []apiIssue    `json:"issues"`
}

type apiAppFile struct {
	ID           int64  `json:"id"`
	RowID        int64  `json:"row_id,omitempty"`
	Slot         string `json:"slot"`
	AttachmentID int64  `json:"attachment_id"`
	Name         string `json:"name"`
	ContentType  string `json:"content_type"`
	Size         int64  `json:"size"`
	SHA256       string `json:"sha256"`
}

func appFileOf(f domain.AppFile) apiAppFile {
	return apiAppFile{f.ID, f.RowID, f.Slot, f.AttachmentID, f.Name, f.ContentType, f.Size, f.SHA256}
}

func appFilesOf(list []domain.AppFile) []apiAppFile {
	out := make([]apiAppFile, 0, len(list))
	for _, f := range list {
		out = append(out, appFileOf(f))
	}
	return out
}

// apiTablePage is one page of a detail table.
type apiTablePage struct {
	Table       string   `json:"table"`
	Title       string   `json:"title"`
	Rows        []apiRow `json:"rows"`
	Total       int      `json:"total"`
	Matching    int      `json:"matching"`
	WithProblem int      `json:"with_problems"`
	Page        int      `json:"page"`
	Pages       int      `json:"pages"`
}

func (s *Server) apiTable(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	per, _ := strconv.Atoi(q.Get("per_page"))
	p, err := s.svc.TableRows(
		r.Context(),
		actor(r),
		pathID(r),
		r.PathValue("table"),
		service.TableQuery{
			Search: q.Get(
				"q",
			), Sort: q.Get("sort"), Desc: q.Get("desc") != "", Problems: q.Get("problems") != "",
			Page: page, PerPage: per},
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiTablePage{
		Table:       p.Table.Key,
		Title:       p.Table.Title,
		Total:       p.Total,
		Matching:    p.Matching,
		WithProblem: p.WithProblem,
		Page:        p.Page,
		Pages:       p.Pages,
		Rows:        []apiRow{},
	}
	for _, row := range p.Rows {
		out.Rows = append(out.Rows, rowOf(row))
	}
	writeJSON(w, http.StatusOK, out)
}

// rowOf is a row as the table lists it, its files in upload order.
func rowOf(row service.TableRow) apiRow {
	var files []domain.AppFile
	for _, fs := range row.Files {
		files = append(files, fs...)
	}
	slices.SortFunc(files, func(a, b domain.AppFile) int { return cmp.Compare(a.ID, b.ID) })
	return apiRow{ID: row.ID, Number: row.Number, Table: row.Table, Values: valuesOf(row.Data),
		Revision: row.Revision, Files: appFilesOf(files), Issues: issuesOf(row.Issues)}
}

func (s *Server) apiRowCreate(w http.ResponseWriter, r *http.Request) {
	b, ok := s.decodeValuesOwned(w, r)
	if !ok {
		return
	}
	saved, err := s.svc.SaveRow(
		r.Context(),
		actor(r),
		pathID(r),
		r.PathValue("table"),
		0,
		b.Values,
		0,
	)
	if err != nil {
		s.failSave(w, r, err)
		return
	}
	writeJSON(
		w,
		http.StatusCreated,
		apiSaved{ID: saved.ID, Revision: saved.Revision, Issues: issuesOf(saved.Issues)},
	)
}

func rowID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("row"), 10, 64)
	return id
}

func (s *Server) apiRow(w http.ResponseWriter, r *http.Request) {
	row, err := s.svc.TableRow(r.Context(), actor(r), pathID(r), rowID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rowOf(row))
}

func (s *Server) apiRowUpdate(w http.ResponseWriter, r *http.Request) {
	b, err := decodeValues(w, r)
	if err == nil {
		err = requireRevision(b.Revision)
	}
	if err != nil {
		s.fail(w, r, s.ownerFirst(r, err))
		return
	}
	saved, err := s.svc.SaveRow(
		r.Context(),
		actor(r),
		pathID(r),
		"",
		rowID(r),
		b.Values,
		b.Revision,
	)
	if err != nil {
		s.failSave(w, r, err)
		return
	}
	writeJSON(
		w,
		http.StatusOK,
		apiSaved{ID: saved.ID, Revision: saved.Revision, Issues: issuesOf(saved.Issues)},
	)
}

func (s *Server) apiRowDelete(w http.ResponseWriter, r *http.Request) {
	rev, _ := strconv.ParseInt(r.URL.Query().Get("revision"), 10, 64)
	_, err := s.svc.Row(r.Context(), actor(r), pathID(r), rowID(r))
	if err == nil {
		err = requireRevision(rev)
	}
	if err == nil {
		err = s.svc.DeleteRow(r.Context(), actor(r), pathID(r), rowID(r), rev)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}
