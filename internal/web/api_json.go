package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
)

// maxJSONBody caps a JSON request body. Uploads are multipart and have their
// own, larger limit (maxForm); nothing sent as JSON needs more than this.
const maxJSONBody = 1 << 20

// badRequest is the one message for a body the API cannot read.
const badRequest = "请求格式不正确"

// decodeJSON reads exactly one JSON value from the body into v. Unknown
// fields are refused rather than ignored, so a client's typo (or a field it
// thinks it may set, such as a role) fails loudly instead of silently.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return &domain.Error{Kind: domain.Invalid, Message: badRequest + "：请求体只能包含一个 JSON 对象。"}
	}
	return nil
}

// jsonError turns a decoding error into an Invalid error, naming the field
// when the decoder knows it, so the client can see what to fix.
func jsonError(err error) error {
	var fe domain.FieldErrors
	var typeErr *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return &domain.Error{Kind: domain.Invalid, Message: badRequest + "：请求体超过 1 MB。", Err: err}
	case errors.As(err, &typeErr) && typeErr.Field != "":
		fe.Add(typeErr.Field, typeErr.Field, "类型不正确，应为 "+typeErr.Type.String()+"。")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		fe.Add(name, name, "不支持此字段。")
	}
	return &domain.Error{Kind: domain.Invalid, Message: badRequest, Fields: fe, Err: err}
}

// parseMultipart reads a multipart body for an upload. Files beyond a small
// memory budget spool to disk; the caller must defer the returned cleanup,
// because the server only removes temporary files of the original request,
// not of the copies our middleware makes with WithContext.
// editableUpload checks, before reading a large body, that the actor may
// change the application at all, then parses the multipart upload. It
// answers the failure itself and reports whether to go on; call the
// returned cleanup when done.
func (s *Server) editableUpload(w http.ResponseWriter, r *http.Request) (func(), bool) {
	if err := s.svc.CheckEditable(r.Context(), actor(r), pathID(r)); err != nil {
		s.fail(w, r, err)
		return func() {}, false
	}
	cleanup, err := parseMultipart(r)
	if err != nil {
		s.fail(w, r, err)
		return cleanup, false
	}
	return cleanup, true
}

func parseMultipart(r *http.Request) (func(), error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return func() {}, &domain.Error{
			Kind:    domain.Invalid,
			Message: badRequest + "：上传文件须使用 multipart/form-data。",
		}
	}
	if r.MultipartForm == nil {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return func() {}, &domain.Error{Kind: domain.Invalid, Message: badRequest, Err: err}
		}
	}
	return func() { r.MultipartForm.RemoveAll() }, nil
}

// isMultipart reports whether the body is a multipart form.
func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/")
}

// renameFields maps the service's field names (the page forms' input
// names) to the API's JSON names where the two differ, so every error's
// fields name keys the client actually sent.
func renameFields(err error, names map[string]string) error {
	var de *domain.Error
	if !errors.As(err, &de) || len(de.Fields) == 0 {
		return err
	}
	out := *de
	out.Fields = make(domain.FieldErrors, len(de.Fields))
	for i, f := range de.Fields {
		if n, ok := names[f.Field]; ok {
			f.Field = n
		}
		out.Fields[i] = f
	}
	return &out
}

// apiTime formats a time as RFC 3339 in China time, the zone every user
// reads; the zero time is "" so that omitempty leaves it out.
func apiTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.Zone).Format(time.RFC3339)
}

// noContent answers a successful action that has nothing to return.
func noContent(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
