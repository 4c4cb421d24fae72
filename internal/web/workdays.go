package web

import (
	"net/http"

	"hatch/internal/domain"
)

// handleWorkdayEnd answers the 公示 form's script: the fifth working day
// of a period starting on ?from=, by the server's holiday calendar, or why
// there is none. Public reference data, like /regions.json.
func (s *Server) handleWorkdayEnd(w http.ResponseWriter, r *http.Request) {
	end, err := s.svc.PublicityEnd(r.Context(), r.URL.Query().Get("from"))
	if err != nil {
		writeJSON(w, http.StatusOK, map[string]string{"error": domain.Message(err)})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"end": end})
}
