package web

import (
	"net/http"

	"hatch/internal/service"
)

// apiImport is an import's preview: what a commit would change, and every
// problem at its sheet row and column.
type apiImport struct {
	ID        int64            `json:"id"`
	Table     string           `json:"table"`
	Mode      string           `json:"mode"`
	FileName  string           `json:"file_name"`
	Sheet     string           `json:"sheet"`
	New       int              `json:"new"`
	Updated   int              `json:"updated"`
	Unchanged int              `json:"unchanged"`
	Removed   int              `json:"removed"`
	CanCommit bool             `json:"can_commit"`
	Refusals  []apiCellProblem `json:"refusals"`
	Problems  []apiCellProblem `json:"problems"`
	Ignored   []string         `json:"ignored_columns"`
	Missing   []string         `json:"missing_columns"`
}

type apiCellProblem struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func apiImportOf(p service.ImportPreview) apiImport {
	out := apiImport{
		ID:        p.ID,
		Table:     p.Table.Key,
		Mode:      p.Mode,
		FileName:  p.FileName,
		Sheet:     p.Sheet,
		New:       p.New,
		Updated:   p.Updated,
		Unchanged: p.Unchanged,
		Removed:   p.Removed,
		CanCommit: p.CanCommit(),
		Refusals:  cellProblems(p.Refusals),
		Problems:  cellProblems(p.Problems),
		Ignored:   nonNil(p.Ignored),
		Missing:   nonNil(p.Missing),
	}
	return out
}

func cellProblems(list []service.CellProblem) []apiCellProblem {
	out := make([]apiCellProblem, len(list))
	for i, c := range list {
		out[i] = apiCellProblem{Row: c.Line, Column: c.Column, Field: c.Label, Message: c.Message}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// apiImportCreate is POST /api/v1/applications/{id}/tables/{table}/imports
// (multipart: file, mode).
func (s *Server) apiImportCreate(w http.ResponseWriter, r *http.Request) {
	cleanup, ok := s.editableUpload(w, r)
	defer cleanup()
	if !ok {
		return
	}
	up, done := formUpload(r, "file")
	defer done()
	p, err := s.svc.PreviewImport(r.Context(), actor(r), pathID(r), service.ImportInput{
		Table: r.PathValue("table"), Mode: r.FormValue("mode"), File: up})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, apiImportOf(p))
}

func (s *Server) apiImportGet(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.Import(r.Context(), actor(r), pathID(r), importIDOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiImportOf(p))
}

// apiImportResult is what a committed import changed.
type apiImportResult struct {
	Table   string `json:"table"`
	New     int    `json:"new"`
	Updated int    `json:"updated"`
	Removed int    `json:"removed"`
}

func (s *Server) apiImportCommit(w http.ResponseWriter, r *http.Request) {
	res, err := s.svc.CommitImport(r.Context(), actor(r), pathID(r), importIDOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(
		w,
		http.StatusOK,
		apiImportResult{Table: res.Table.Key, New: res.New, Updated: res.Updated,
			Removed: res.Removed},
	)
}

func (s *Server) apiImportDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.CancelImport(r.Context(), actor(r), pathID(r), importIDOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}

// apiFiles is an archive's preview.
type apiFiles struct {
	ID        int64          `json:"id"`
	Table     string         `json:"table"`
	FileName  string         `json:"file_name"`
	CanCommit bool           `json:"can_commit"`
	Matched   []apiFileMatch `json:"matched"`
	Unmatched []apiFileMatch `json:"unmatched"`
	Ambiguous []apiFileMatch `json:"ambiguous"`
	Refused   []apiFileMatch `json:"refused"`
}

type apiFileMatch struct {
	Name    string `json:"name"`
	Size    int64  `json:"size"`
	Row     int    `json:"row,omitempty"`
	RowName string `json:"row_name,omitempty"`
	Slot    string `json:"slot,omitempty"`
	Problem string `json:"problem,omitempty"`
}

func apiFilesOf(p service.FilesPreview) apiFiles {
	list := func(ms []service.FileMatch) []apiFileMatch {
		out := make([]apiFileMatch, len(ms))
		for i, m := range ms {
			out[i] = apiFileMatch{
				Name:    m.Name,
				Size:    m.Size,
				Row:     m.Row,
				RowName: m.RowName,
				Slot:    m.Slot,
				Problem: m.Problem,
			}
		}
		return out
	}
	return apiFiles{ID: p.ID, Table: p.Table.Key, FileName: p.FileName, CanCommit: p.CanCommit(),
		Matched: list(
			p.Matched,
		), Unmatched: list(p.Unmatched), Ambiguous: list(p.Ambiguous), Refused: list(p.Refused)}
}

// apiFilesCreate is POST /api/v1/applications/{id}/tables/{table}/attachments
// (multipart: zip).
func (s *Server) apiFilesCreate(w http.ResponseWriter, r *http.Request) {
	cleanup, ok := s.editableUpload(w, r)
	defer cleanup()
	if !ok {
		return
	}
	up, done := formUpload(r, "zip")
	defer done()
	p, err := s.svc.PreviewFiles(r.Context(), actor(r), pathID(r), r.PathValue("table"), up)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, apiFilesOf(p))
}

func (s *Server) apiFilesGet(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.Files(r.Context(), actor(r), pathID(r), importIDOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiFilesOf(p))
}

// apiFilesResult is what a committed archive attached.
type apiFilesResult struct {
	Table    string         `json:"table"`
	Attached int            `json:"attached"`
	Failed   []apiFileMatch `json:"failed"`
}

func (s *Server) apiFilesCommit(w http.ResponseWriter, r *http.Request) {
	res, err := s.svc.CommitFiles(r.Context(), actor(r), pathID(r), importIDOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiFilesResult{Table: res.Table.Key, Attached: res.Attached, Failed: []apiFileMatch{}}
	for _, f := range res.Failed {
		out.Failed = append(
			out.Failed,
			apiFileMatch{Name: f.Name, Size: f.Size, Row: f.Row, RowName: f.RowName,
				Slot: f.Slot, Problem: f.Problem},
		)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiFilesDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.CancelFiles(r.Context(), actor(r), pathID(r), importIDOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}
