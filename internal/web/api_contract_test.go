package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// The contract test: every /api exchange any test of this package makes
// goes through contractHandler, which holds it against api/openapi.yaml.
// A response must have a status the operation declares by number, and a
// body that matches that status's schema; a request the document refuses
// must not succeed. So the document and the server cannot drift apart
// without a test failing.

const openAPIFile = "../../api/openapi.yaml"

var contract struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// loadContract reads and validates the document once per test binary.
func loadContract(t testing.TB) (*openapi3.T, routers.Router) {
	t.Helper()
	contract.once.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromFile(openAPIFile)
		if err == nil {
			err = doc.Validate(context.Background())
		}
		if err == nil {
			// Paths are matched as they are written: the one server, "/",
			// adds nothing to them.
			routed := *doc
			routed.Servers = nil
			contract.router, err = legacy.NewRouter(&routed)
		}
		contract.doc, contract.err = doc, err
	})
	if contract.err != nil {
		t.Fatalf("api/openapi.yaml: %v", contract.err)
	}
	return contract.doc, contract.router
}

// contractHandler serves h and reports, as a test error, every /api
// exchange that breaks the document.
func contractHandler(t testing.TB, h http.Handler) http.Handler {
	_, router := loadContract(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			h.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("%s %s: reading the request: %v", r.Method, r.URL, err)
		}
		copied := r.Clone(context.Background())
		copied.Body = io.NopCloser(bytes.NewReader(body))
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		if err := checkExchange(router, copied, rec); err != nil {
			t.Errorf("%s %s answered %d, against api/openapi.yaml: %v\nrequest: %.300s\nresponse: %.600s",
				r.Method, r.URL, rec.Code, err, body, rec.Body.Bytes())
		}
	})
}

// checkExchange holds one request and its recorded response against the
// document.
func checkExchange(router routers.Router, req *http.Request, rec *httptest.ResponseRecorder) error {
	route, params, err := router.FindRoute(req)
	if err != nil {
		if rec.Code == http.StatusNotFound || rec.Code == http.StatusMethodNotAllowed {
			return nil // an address the API does not have, refused as such
		}
		return fmt.Errorf("no operation for this address: %v", err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && rec.Code < 400 {
		return fmt.Errorf("the request breaks the document, yet it succeeded: %v", err)
	}
	resp := route.Operation.Responses.Status(rec.Code)
	if resp == nil && rec.Code >= 500 {
		// A server error (a database that does not answer) may come from
		// any operation: its default answer describes it.
		resp = route.Operation.Responses.Default()
	}
	if resp == nil {
		return fmt.Errorf("status %d is not declared (declared: %s)", rec.Code, declared(route.Operation))
	}
	if ct := resp.Value.Content; len(ct) == 0 && rec.Body.Len() > 0 {
		return fmt.Errorf("status %d declares no body, yet one was sent", rec.Code)
	}
	return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options:                opts,
	})
}

// declared lists the statuses an operation names.
func declared(op *openapi3.Operation) string {
	var codes []string
	for code := range op.Responses.Map() {
		if _, err := strconv.Atoi(code); err == nil {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	return strings.Join(codes, ", ")
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, _ := loadContract(t)
	if n := doc.Paths.Len(); n < 30 {
		t.Fatalf("the document has only %d paths; was it read whole?", n)
	}
}

// Every object an answer holds says which of its fields are always there,
// so a client can rely on them and the contract test holds the server to
// them.
func TestOpenAPIAnswersNameTheirRequiredFields(t *testing.T) {
	doc, _ := loadContract(t)
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if ref.Ref != "" {
			where = ref.Ref
		}
		if len(s.Properties) > 0 && len(s.Required) == 0 {
			t.Errorf("%s: an object without a required list", where)
		}
		for name, p := range s.Properties {
			walk(where+"."+name, p)
		}
		walk(where+"[]", s.Items)
		walk(where+"{}", s.AdditionalProperties.Schema)
		for _, list := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
			for _, sub := range list {
				walk(where, sub)
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code, resp := range op.Responses.Map() {
				for _, media := range resp.Value.Content {
					walk(method+" "+path+" "+code, media.Schema)
				}
			}
		}
	}
	if len(seen) < 40 {
		t.Fatalf("walked only %d schemas; are the answers' schemas read?", len(seen))
	}
}
