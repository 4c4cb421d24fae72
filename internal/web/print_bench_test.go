package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"

	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// BenchmarkLargeApplicationPrint compares, in one run and on the same large
// application, the 申报书 as the product makes it (下载材料: POST
// …/versions, gopdf) with headless Chromium printing the same content, the
// 核对申报信息 page, to an A4 PDF.
//
// The page's own print style sheet cuts the wide detail tables at the
// right margin, so Chromium prints it twice: as it is (chromium-asis-*),
// and with the print rules of fittedPrint added (chromium-*), which set
// the tables as the 申报书 does (landscape pages, 8.5 pt, every column),
// so both PDFs carry the same content.
//
// Reported per iteration: gopdf-ms (the whole request: load, build,
// render, store), html-ms (the server rendering 核对申报信息), chromium-ms
// and chromium-asis-ms (a running Chromium loading that HTML and printing
// it; the server's part is not included), ratio = chromium-ms / gopdf-ms,
// and the page count of each PDF. Once per run: chromium-start-ms
// (launching the browser) and chromium-cold-ms (its first print, fitted,
// in the fresh browser).
//
// Needs Chromium (/usr/bin/chromium or HATCH_CHROMIUM, see
// scripts/install-test-deps.sh): skipped without it, unless
// HATCH_TEST_REQUIRE_ALL is set.
func BenchmarkLargeApplicationPrint(b *testing.B) {
	bin := testkit.Chromium(b)
	st := storetest.New(b, "sqlite")
	s := newSite(b, st)
	app := s.demoApp(b)
	largeRows(b, st, app)
	br := s.browser().mustLogin("demo-applicant")
	path := fmt.Sprintf("/applications/%d", app)

	preview := br.get(path + "/preview") // also carries the CSRF token for the POST
	if preview.status != http.StatusOK {
		b.Fatalf("preview: %d", preview.status)
	}
	base := servePrinted(b, s.srv.URL, preview.body)
	fitted, asis := base+"/print-fitted", base+"/print"

	start := time.Now()
	page := launchPrinter(b, bin)
	startDur := time.Since(start)
	start = time.Now()
	coldPDF := printPDF(b, page, fitted, true)
	coldDur := time.Since(start)

	var gopdfDur, htmlDur, chromiumDur, asisDur time.Duration
	var chromePDF, asisPDF []byte
	for b.Loop() {
		start = time.Now()
		br.generate(path) // queued, rendered by the site's worker, followed until done
		gopdfDur += time.Since(start)

		start = time.Now()
		if p := br.get(path + "/preview"); p.status != http.StatusOK {
			b.Fatalf("preview: %d", p.status)
		}
		htmlDur += time.Since(start)

		start = time.Now()
		chromePDF = printPDF(b, page, fitted, true)
		chromiumDur += time.Since(start)

		start = time.Now()
		asisPDF = printPDF(b, page, asis, false)
		asisDur += time.Since(start)
	}

	n := float64(b.N)
	b.ReportMetric(ms(gopdfDur)/n, "gopdf-ms")
	b.ReportMetric(ms(htmlDur)/n, "html-ms")
	b.ReportMetric(ms(chromiumDur)/n, "chromium-ms")
	b.ReportMetric(ms(asisDur)/n, "chromium-asis-ms")
	b.ReportMetric(float64(chromiumDur)/float64(gopdfDur), "ratio")
	b.ReportMetric(ms(startDur), "chromium-start-ms")
	b.ReportMetric(ms(coldDur), "chromium-cold-ms")
	b.ReportMetric(float64(newestPages(b, s, app)), "gopdf-pages")
	b.ReportMetric(float64(pdfPageCount(chromePDF)), "chromium-pages")
	b.ReportMetric(float64(pdfPageCount(asisPDF)), "chromium-asis-pages")
	if pdfPageCount(coldPDF) != pdfPageCount(chromePDF) {
		b.Errorf("the cold print has %d pages, the warm one %d", pdfPageCount(coldPDF), pdfPageCount(chromePDF))
	}
	if dir := os.Getenv("HATCH_BENCH_KEEP_PDF"); dir != "" {
		// For looking at the Chromium print: HATCH_BENCH_KEEP_PDF=/some/dir.
		for name, pdf := range map[string][]byte{"chromium-fitted.pdf": chromePDF, "chromium-asis.pdf": asisPDF} {
			if err := os.WriteFile(filepath.Join(dir, name), pdf, 0o644); err != nil {
				b.Error(err)
			}
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// fittedPrint sets the detail tables as the 申报书 does: on landscape A4
// pages with its margins, at 8.5 pt, every column on the page; the rest on
// portrait A4 with 25 mm margins.
const fittedPrint = `<style>@media print {
@page { size: A4 portrait; margin: 25mm; }
@page wide { size: A4 landscape; margin: 15mm 15mm 24mm; }
.doc-table { page: wide; }
.table-scroll { overflow: visible; }
.data-table { font-size: 8.5pt; }
.data-table th, .data-table td { padding: 2pt 3pt; white-space: normal; overflow-wrap: anywhere; }
}</style>`

// servePrinted serves html, as fetched, at /print, with fittedPrint added
// at /print-fitted, and everything else (style sheet, script) from the
// Hatch server at base, so Chromium times only its own work: no session,
// no database, no template. It returns the server's URL.
func servePrinted(b *testing.B, base, html string) string {
	b.Helper()
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	fitted := strings.Replace(html, "</head>", fittedPrint+"</head>", 1)
	if fitted == html {
		b.Fatal("核对申报信息 has no </head>")
	}
	mux := http.NewServeMux()
	mux.Handle("/", httputil.NewSingleHostReverseProxy(u))
	for path, body := range map[string]string{"/print": html, "/print-fitted": fitted} {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			io.WriteString(w, body)
		})
	}
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv.URL
}

// launchPrinter starts headless Chromium with the e2e tests' flags and a
// fresh profile, and returns a blank tab.
func launchPrinter(b *testing.B, bin string) *rod.Page {
	b.Helper()
	l := launcher.New().Bin(bin).Headless(true).NoSandbox(true).
		Set("disable-background-networking").Set("disable-component-update").Set("disable-quic").
		Set("disable-sync").Set("no-first-run").Set("disable-gpu").Set("disable-dev-shm-usage").
		Set("lang", "zh-CN").
		UserDataDir(b.TempDir())
	u, err := l.Launch()
	if err != nil {
		b.Fatalf("launch %s: %v", bin, err)
	}
	b.Cleanup(l.Cleanup)
	br := rod.New().ControlURL(u).NoDefaultDevice()
	if err := br.Connect(); err != nil {
		b.Fatalf("connect to chromium: %v", err)
	}
	b.Cleanup(func() { br.Close() })
	page, err := br.Page(proto.TargetCreateTarget{URL: "about:blank"})
	if err == nil {
		// The blank page's own load must not end the wait for the first
		// print's.
		err = page.Timeout(time.Minute).WaitLoad()
	}
	if err != nil {
		b.Fatalf("open a tab: %v", err)
	}
	return page
}

// printPDF loads u in the tab, waits for its load event and prints it on
// A4 portrait with 25 mm margins, the 申报书's portrait pages, or on the
// page sizes of the page's own @page rules when cssPages.
func printPDF(b *testing.B, page *rod.Page, u string, cssPages bool) []byte {
	b.Helper()
	p := page.Timeout(5 * time.Minute)
	defer p.CancelTimeout()
	wait := p.WaitEvent(&proto.PageLoadEventFired{})
	if err := p.Navigate(u); err != nil {
		b.Fatalf("load %s: %v", u, err)
	}
	wait()
	const inch = 25.4 // mm
	w, h, m := 210/inch, 297/inch, 25/inch
	r, err := p.PDF(&proto.PagePrintToPDF{PaperWidth: &w, PaperHeight: &h,
		MarginTop: &m, MarginBottom: &m, MarginLeft: &m, MarginRight: &m,
		PrintBackground: true, PreferCSSPageSize: cssPages})
	if err != nil {
		b.Fatalf("print to PDF: %v", err)
	}
	pdf, err := io.ReadAll(r)
	if err != nil {
		b.Fatalf("read the PDF: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		b.Fatalf("Chromium printed no PDF (%d bytes)", len(pdf))
	}
	return pdf
}

// pdfPageCount counts the page objects of a PDF that keeps its objects
// uncompressed, as Chromium's does.
func pdfPageCount(pdf []byte) int {
	return len(pageObject.FindAll(pdf, -1))
}

var pageObject = regexp.MustCompile(`/Type\s*/Page\b`)

// newestPages is the page count of the application's newest version.
func newestPages(b *testing.B, s *site, app int64) int {
	b.Helper()
	vv, err := s.svc.Versions(context.Background(), s.applicant(), app)
	if err != nil || len(vv.Versions) == 0 {
		b.Fatalf("no version: %v", err)
	}
	return vv.Versions[0].Pages // newest first
}
