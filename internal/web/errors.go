package web

import (
	"net/http"

	"hatch/internal/domain"
)

// status maps an error kind to its HTTP status, in one place.
func status(err error) int {
	switch domain.KindOf(err) {
	case domain.Invalid:
		return http.StatusUnprocessableEntity
	case domain.NotFound:
		return http.StatusNotFound
	case domain.Forbidden:
		return http.StatusForbidden
	case domain.Unauthenticated:
		return http.StatusUnauthorized
	case domain.Conflict:
		return http.StatusConflict
	case domain.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// errorPage is the data of the error page.
type errorPage struct {
	Page
	Status    int
	Text      string
	RequestID string
}

// fail answers with err: JSON for the API, a page for browsers. Internal
// errors are logged with the request id; the user sees only a safe message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code == http.StatusInternalServerError {
		s.log.Error("internal error", "id", requestID(r), "path", r.URL.Path, "err", err)
	}
	if isAPI(r) {
		writeJSON(
			w,
			code,
			apiError{Error: domain.Message(err), Fields: fieldMap(domain.FieldsOf(err))},
		)
		return
	}
	p := errorPage{Page: s.page(w, r, "出错了", ""), Status: code, RequestID: requestID(r)}
	p.Text = domain.Message(err)
	s.render(w, r, code, "error", p)
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

func fieldMap(fe domain.FieldErrors) map[string]string {
	if len(fe) == 0 {
		return nil
	}
	m := map[string]string{}
	for _, e := range fe {
		if _, ok := m[e.Field]; !ok {
			m[e.Field] = e.Message
		}
	}
	return m
}
