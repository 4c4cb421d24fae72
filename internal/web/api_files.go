package web

import (
	"net/http"
	"strconv"
)

// apiFileUpload is POST /api/v1/applications/{id}/files (multipart:
// row_id, slot, file).
func (s *Server) apiFileUpload(w http.ResponseWriter, r *http.Request) {
	cleanup, ok := s.editableUpload(w, r)
	defer cleanup()
	if !ok {
		return
	}
	rid, _ := strconv.ParseInt(r.FormValue("row_id"), 10, 64)
	up, done := formUpload(r, "file")
	defer done()
	f, err := s.svc.AttachFile(r.Context(), actor(r), pathID(r), rid, r.FormValue("slot"), up)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, appFileOf(f))
}

func (s *Server) apiFileDelete(w http.ResponseWriter, r *http.Request) {
	fid, _ := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err := s.svc.DetachFile(r.Context(), actor(r), pathID(r), fid); err != nil {
		s.fail(w, r, err)
		return
	}
	noContent(w)
}
