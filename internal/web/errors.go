package web

import (
	"net/http"
	"net/url"
	"path"
	"strconv"
	"time"

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
	if setRetryAfter(w, err) {
		if !isAPI(r) {
			refuseBack(w, r, err)
			return
		}
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

// setRetryAfter sends when to try again, in whole seconds, if err says;
// it reports whether it did.
func setRetryAfter(w http.ResponseWriter, err error) bool {
	retry := domain.RetryOf(err)
	if retry <= 0 {
		return false
	}
	w.Header().Set("Retry-After", strconv.Itoa(int((retry+time.Second-1)/time.Second)))
	return true
}

// refuseBack answers a page's action refused for now (a per-account limit,
// with when to try again) by leading back to the page it was taken
// from, the message on top of it, so that the user keeps their place —
// the table, the 工作台 with its filters. A page of another site is never
// led to: without a referring page of this one, it is the page above the
// action's address (a table's export leads to the table).
func refuseBack(w http.ResponseWriter, r *http.Request, err error) {
	setFlashKind(w, "error", domain.Message(err))
	http.Redirect(w, r, backOf(r), http.StatusSeeOther)
}

// backOf is the local page the request came from, or the page above it;
// never a refused link's own address, which would refuse again and again
// (a form posted to the address of its page goes back to that page).
func backOf(r *http.Request) string {
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host &&
		(r.Method != http.MethodGet || ref.Path != r.URL.Path) && len(ref.Path) > 1 && ref.Path[0] == '/' && ref.Path[1] != '/' && ref.Path[1] != '\\' {
		return (&url.URL{Path: ref.Path, RawQuery: ref.RawQuery}).String()
	}
	back := url.URL{Path: path.Dir(r.URL.Path)}
	if r.Method == http.MethodGet {
		back.RawQuery = r.URL.RawQuery // a list's export keeps the list's filter
	}
	return back.String()
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
