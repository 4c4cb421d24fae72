package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
	"hatch/internal/sheet"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// teamBook is an import file of n valid teams, as the template filled in.
func teamBook(tb testing.TB, n int) []byte {
	tb.Helper()
	rows := make([]domain.Values, n)
	for i := range rows {
		rows[i] = domain.Values{"name": fmt.Sprintf("基准团队%05d", i), "leader": "张三", "state": "在孵",
			"members": fmt.Sprint(2 + i%9), "project": "智能硬件", "field": "电子信息",
			"joined_on": "2021-01-15", "financed": "否"}
	}
	body, err := sheet.TableBook(form.Makerspace.Table("teams"), sheet.Guide{Cutoff: "2021-10-31"}, rows)
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// freshApp is a new draft application of demo-applicant, on a new carrier.
func (s *site) freshApp(tb testing.TB, n int) int64 {
	tb.Helper()
	ctx := context.Background()
	a := s.applicant()
	c, err := s.svc.CreateCarrier(ctx, a, service.CarrierInput{Kind: "makerspace", Name: fmt.Sprintf("基准众创空间%d", n),
		Address: "北京市海淀区中关村大街1号", RegionCode: "110108", StartedOn: "2018-03-15"})
	if err != nil {
		tb.Fatal(err)
	}
	rounds, err := s.svc.OpenRounds(ctx, "makerspace")
	if err != nil || len(rounds) == 0 {
		tb.Fatalf("rounds: %v", err)
	}
	id, err := s.svc.CreateApplication(ctx, a, c, rounds[0].ID)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// BenchmarkTableImport is an import through the API as a client makes it:
// the file posted, read, checked and previewed, then committed, into a new
// application each time.
func BenchmarkTableImport(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		file := teamBook(b, n)
		for _, engine := range storetest.Engines {
			b.Run(fmt.Sprintf("%d-rows/%s", n, engine), func(b *testing.B) {
				// One account importing again and again: the per-account
				// import rate (HATCH_LIMIT_IMPORTS) is lifted.
				s := newSiteWith(b, storetest.New(b, engine), func(st *service.Settings) {
					st.KeepRoundsOpen = true
					st.Limits.Imports = service.Rate{}
				})
				c := s.as("demo-applicant")
				u, _ := url.Parse(s.srv.URL)
				cookie := c.c.Jar.Cookies(u)[0]
				h := s.srv.Config.Handler
				var peak uint64
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					app := s.freshApp(b, i)
					runtime.GC()
					stop := testkit.PeakHeap()
					b.StartTimer()
					importFile(b, h, cookie, c.csrf, app, file)
					b.StopTimer()
					peak = max(peak, stop())
					b.StartTimer()
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			})
		}
	}
}

func importFile(b *testing.B, h http.Handler, cookie *http.Cookie, csrf string, app int64, file []byte) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "团队.xlsx")
	fw.Write(file)
	mw.Close()
	base := fmt.Sprintf("/api/v1/applications/%d", app)
	rec := serve(h, cookie, csrf, "POST", base+"/tables/teams/imports", mw.FormDataContentType(), &body)
	if rec.Code != http.StatusCreated {
		b.Fatalf("import: %d %s", rec.Code, rec.Body)
	}
	var id int64
	fmt.Sscanf(rec.Body.String(), `{"id":%d`, &id)
	if rec := serve(h, cookie, csrf, "POST", fmt.Sprintf("%s/imports/%d/commit", base, id), "", nil); rec.Code != http.StatusOK {
		b.Fatalf("commit %d: %d %s", id, rec.Code, rec.Body)
	}
}

func serve(h http.Handler, cookie *http.Cookie, csrf, method, path, ctype string, body *bytes.Buffer) *httptest.ResponseRecorder {
	var req *http.Request
	if body == nil {
		req = httptest.NewRequest(method, path, nil)
	} else {
		req = httptest.NewRequest(method, path, body)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("X-CSRF-Token", csrf)
	req.AddCookie(cookie)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// BenchmarkTableExport is the template and the export of an 800-row table
// through the server.
func BenchmarkTableExport(b *testing.B) {
	// One account downloading again and again: the per-account export
	// rate (HATCH_LIMIT_EXPORTS) is lifted.
	s := newSiteWith(b, storetest.New(b, "sqlite"), func(st *service.Settings) {
		st.KeepRoundsOpen = true
		st.Limits.Exports = service.Rate{}
	})
	c := s.as("demo-applicant")
	u, _ := url.Parse(s.srv.URL)
	cookie := c.c.Jar.Cookies(u)[0]
	h := s.srv.Config.Handler
	app := s.freshApp(b, 0)
	importFile(b, h, cookie, c.csrf, app, teamBook(b, 800))
	for _, what := range []string{"template", "export"} {
		b.Run(what, func(b *testing.B) {
			path := fmt.Sprintf("/api/v1/applications/%d/tables/teams/%s", app, what)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if rec := serve(h, cookie, "", "GET", path, "", nil); rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", what, rec.Code)
				}
			}
		})
	}
}
