package docgen_test

import (
	"bytes"
	"cmp"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hatch/internal/demo"
	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/testkit"
)

// pages is the text of every page of pdf (pdftotext, -layout when asked).
func pages(t *testing.T, pdf []byte, layout bool) []string {
	t.Helper()
	var args []string
	if layout {
		args = append(args, "-layout")
	}
	return strings.Split(strings.TrimRight(text(t, pdf, args...), "\f"), "\f")
}

// tocLine is an entry of the 目录 as printed: its title and page number.
type tocLine struct {
	title string // squashed
	page  int
}

// word is a word of pdftotext -bbox, in points from the top left.
type word struct {
	x0, y0, x1 float64
	text       string
}

var (
	bboxPage = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	bboxWord = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
	digits   = regexp.MustCompile(`^\d+$`)
)

// words returns the words of every page above its footer band (the lowest
// 30 mm), line by line.
func words(t *testing.T, pdf []byte) [][]word {
	t.Helper()
	var out [][]word
	parts := bboxPage.Split(text(t, pdf, "-bbox"), -1)
	heights := bboxPage.FindAllStringSubmatch(text(t, pdf, "-bbox"), -1)
	for i, part := range parts[1:] {
		h, _ := strconv.ParseFloat(heights[i][2], 64)
		var ws []word
		for _, m := range bboxWord.FindAllStringSubmatch(part, -1) {
			var w word
			w.x0, _ = strconv.ParseFloat(m[1], 64)
			w.y0, _ = strconv.ParseFloat(m[2], 64)
			w.x1, _ = strconv.ParseFloat(m[3], 64)
			w.text = m[4]
			if w.y0 < h-30*72/25.4 {
				ws = append(ws, w)
			}
		}
		// pdftotext orders words by its guess of the text flow; the
		// 目录's numbers, drawn last, go by line.
		slices.SortStableFunc(ws, func(a, b word) int {
			if math.Abs(a.y0-b.y0) > 1 {
				return cmp.Compare(a.y0, b.y0)
			}
			return cmp.Compare(a.x0, b.x0)
		})
		out = append(out, ws)
	}
	return out
}

// readContents reads the 目录, which starts on page 2 and ends before the
// page its first entry names: a number that ends at the right margin ends
// an entry, and what comes before it since the previous one is its title.
func readContents(t *testing.T, pdf []byte) (entries []tocLine, last int) {
	t.Helper()
	all := words(t, pdf)
	pending := ""
	for p := 2; p <= len(all); p++ {
		if len(entries) > 0 && p >= entries[0].page {
			return entries, p - 1
		}
		right := 0.0
		for _, w := range all[p-1] {
			right = max(right, w.x1)
		}
		for _, w := range all[p-1] {
			switch {
			case w.text == "目" || w.text == "录":
			case digits.MatchString(w.text) && w.x1 > right-1:
				n, _ := strconv.Atoi(w.text)
				entries = append(entries, tocLine{title: pending, page: n})
				pending = ""
			default:
				pending += w.text
			}
		}
	}
	t.Fatal("the 目录 never ends")
	return nil, 0
}

// hasLine reports whether a page of layout text has a line that is title
// and nothing else.
func hasLine(page, title string) bool {
	for _, l := range strings.Split(page, "\n") {
		if squashed(l) == title {
			return true
		}
	}
	return false
}

// checkContents checks every entry against the page it names: the heading
// or table title is a line of that page and of no page before it (after
// the 目录); an attachment's or the 承诺书's caption begins the page.
func checkContents(t *testing.T, layout []string, entries []tocLine, last int) {
	t.Helper()
	for _, e := range entries {
		if e.page <= last || e.page > len(layout) {
			t.Errorf("%s: page %d, outside the document after the 目录 (pages %d–%d)", e.title, e.page, last+1, len(layout))
			continue
		}
		if strings.HasPrefix(e.title, "附件") || e.title == "签字盖章的承诺书" {
			if got := squashed(layout[e.page-1]); !strings.HasPrefix(got, e.title) {
				t.Errorf("%s: page %d begins %.40q", e.title, e.page, got)
			}
			continue
		}
		if !hasLine(layout[e.page-1], e.title) {
			t.Errorf("%s: not a line of page %d:\n%s", e.title, e.page, layout[e.page-1])
		}
		for p := last + 1; p < e.page; p++ {
			if hasLine(layout[p-1], e.title) {
				t.Errorf("%s: on page %d already, the 目录 says %d", e.title, p, e.page)
			}
		}
	}
}

// TestApplicationContents: the 目录 follows the cover and names the page
// on which each part, each detail table, the 承诺书 and each appended
// attachment starts, also when it takes several pages itself.
func TestApplicationContents(t *testing.T) {
	a, files := buildApp(demo.CompleteApp())
	pledge, err := docgen.Pledge(docgen.PledgeInput{OrgName: demoOrg, CarrierName: "启明星众创空间"})
	if err != nil {
		t.Fatal(err)
	}
	scan := encoded(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) })
	tests := []struct {
		name     string
		appended int // attachments printed after the index
		tocPages int // at least
	}{
		{"one page of 目录 lists every part and table with its page", 0, 1},
		{"a 目录 of several pages still gives every page right", 40, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := demoMeta(files)
			m.Pledge = []docgen.Scan{{Name: "承诺书.pdf", Data: pledge}}
			for _, f := range files[:tt.appended] {
				m.Appendix = append(m.Appendix, docgen.Scan{FileID: f.ID, Name: f.Name, Data: scan})
			}
			doc, err := docgen.Build(a, m)
			if err != nil {
				t.Fatal(err)
			}
			pdf, _, err := docgen.Render(doc)
			if err != nil {
				t.Fatal(err)
			}
			layout := pages(t, pdf, true)
			entries, last := readContents(t, pdf)
			if last-1 < tt.tocPages {
				t.Errorf("the 目录 takes %d pages, want at least %d", last-1, tt.tocPages)
			}
			var want []string
			want = append(want, "签字盖章的承诺书")
			for _, p := range doc.Parts {
				want = append(want, squashed(p.Heading))
				for _, tb := range p.Tables {
					if tb.Title != "" {
						want = append(want, squashed(tb.Title))
					}
				}
			}
			if len(doc.Appendix) > 0 {
				want = append(want, "附件")
			}
			for _, ap := range doc.Appendix {
				want = append(want, squashed(ap.Title))
			}
			var got []string
			for _, e := range entries {
				got = append(got, e.title)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("the 目录 lists\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			checkContents(t, layout, entries, last)
		})
	}
}

var pageNumber = regexp.MustCompile(`第\s*(\d+)\s*页[\s，,]*共\s*(\d+)\s*页`)

// TestApplicationOnePageNumberPerPage: every page carries exactly one page
// number, the 申报书's own, also the pages that print an uploaded PDF (the
// 承诺书 downloaded from the system carries none of its own).
func TestApplicationOnePageNumberPerPage(t *testing.T) {
	pledge, err := docgen.Pledge(docgen.PledgeInput{OrgName: demoOrg, CarrierName: "启明星众创空间"})
	if err != nil {
		t.Fatal(err)
	}
	photo := encoded(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) })
	a, files := buildApp(demo.CompleteApp())
	tests := []struct {
		name     string
		pledge   []docgen.Scan
		appendix []docgen.Scan
	}{
		{"without uploads", nil, nil},
		{"the 承诺书 uploaded as the PDF the system made, signed", []docgen.Scan{{Name: "承诺书.pdf", Data: pledge}}, nil},
		{"the 承诺书 photographed, and PDFs appended", []docgen.Scan{{Name: "承诺书.png", Data: photo}},
			[]docgen.Scan{{FileID: files[0].ID, Name: "a.pdf", Data: pledge}, {FileID: files[1].ID, Name: "b.pdf", Data: pledge}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := demoMeta(files)
			m.Pledge, m.Appendix = tt.pledge, tt.appendix
			pdf, err := docgen.Application(a, m)
			if err != nil {
				t.Fatal(err)
			}
			all := pages(t, pdf, false)
			for i, p := range all {
				found := pageNumber.FindAllStringSubmatch(p, -1)
				want := []string{strconv.Itoa(i + 1), strconv.Itoa(len(all))}
				if len(found) != 1 || found[0][1] != want[0] || found[0][2] != want[1] {
					t.Errorf("page %d carries %q, want only 第 %s 页 共 %s 页", i+1, found, want[0], want[1])
				}
			}
		})
	}
}

// TestApplicationQRCodeClear: on portrait and landscape pages alike, no ink
// comes within 10 mm of an edge, the QR code included, and the QR code
// keeps clear of the body and of the footer, also the long footer of a
// draft.
func TestApplicationQRCodeClear(t *testing.T) {
	p := tool(t, "pdftoppm")
	a, files := buildApp(demo.CompleteApp())
	m := demoMeta(files)
	m.Draft = "尚有 12 处问题未改正"
	pdf, err := docgen.Application(a, m)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := readContents(t, pdf)
	src := testkit.TempFile(t, "app.pdf", pdf)
	tests := []struct {
		name string
		page int
	}{
		{"the cover", 1}, {"the 目录", 2}, {"a portrait page", 3},
		{"a landscape page of teams", entryPage(t, entries, "累计创业团队情况汇总表")},
		{"the attachment index", entryPage(t, entries, "十、附件目录")},
	}
	for _, tt := range tests {
		t.Run(tt.name+" keeps 10 mm clear at its edges and the QR code clear of the rest", func(t *testing.T) {
			img := render(t, p, src, tt.page, 100)
			px := func(v float64) int { return int(v * 100 / 25.4) } // mm to pixels
			b := img.Bounds()
			inner := image.Rect(px(10), px(10), b.Dx()-px(10), b.Dy()-px(10))
			if r, ok := darkOutside(img, inner); ok {
				t.Errorf("ink at %v, within 10 mm of an edge (page %dx%d px)", r, b.Dx(), b.Dy())
			}
			// The body ends 32 mm above the bottom edge.
			corner := image.Rect(b.Dx()-px(30), b.Dy()-px(30), b.Dx(), b.Dy())
			qr, ok := darkBounds(img, corner)
			if !ok || qr.Dx() < px(14) || qr.Dy() < px(14) {
				t.Fatalf("no QR code in the bottom-right corner: ink at %v", qr)
			}
			// 3 mm above and to the left of the QR code, nothing.
			for _, r := range []image.Rectangle{
				image.Rect(qr.Min.X-px(3), qr.Min.Y-px(3), qr.Max.X, qr.Min.Y),
				image.Rect(qr.Min.X-px(3), qr.Min.Y, qr.Min.X, qr.Max.Y),
			} {
				if ink, found := darkBounds(img, r); found {
					t.Errorf("ink at %v, within 3 mm of the QR code at %v", ink, qr)
				}
			}
		})
	}
}

func entryPage(t *testing.T, entries []tocLine, title string) int {
	t.Helper()
	for _, e := range entries {
		if e.title == squashed(title) {
			return e.page
		}
	}
	t.Fatalf("%s is not in the 目录", title)
	return 0
}

// render draws page n of the PDF file src at dpi.
func render(t *testing.T, pdftoppm, src string, n, dpi int) image.Image {
	t.Helper()
	root := filepath.Join(t.TempDir(), "page")
	pg, res := strconv.Itoa(n), strconv.Itoa(dpi)
	if out, err := exec.Command(pdftoppm, "-r", res, "-png", "-f", pg, "-l", pg, "-singlefile", src, root).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	return readPNG(t, root+".png")
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// dark is ink: darker than mid-grey (the watermark is much lighter).
func dark(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return (r+g+b)/3 < 0x8000
}

// darkBounds is the bounding box of the ink within r.
func darkBounds(img image.Image, r image.Rectangle) (image.Rectangle, bool) {
	r = r.Intersect(img.Bounds())
	box, found := image.Rectangle{}, false
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if dark(img, x, y) {
				box, found = box.Union(image.Rect(x, y, x+1, y+1)), true
			}
		}
	}
	return box, found
}

// darkOutside finds ink outside the rectangle inner.
func darkOutside(img image.Image, inner image.Rectangle) (image.Rectangle, bool) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if !(image.Point{x, y}).In(inner) && dark(img, x, y) {
				return image.Rect(x, y, x+1, y+1), true
			}
		}
	}
	return image.Rectangle{}, false
}

// TestApplicationKeepsValuesWhole: in the detail tables, with long names
// and texts crowding them, and long unbroken words squeezing every column,
// a 统一社会信用代码, a date, an identity number and a figure each print on
// one line, never split (pdftotext -layout of the table pages shows each
// value whole on a line).
func TestApplicationKeepsValuesWhole(t *testing.T) {
	d := demo.CompleteApp()
	for i := range 6 {
		n := strconv.Itoa(i)
		long := strings.Repeat("智能制造与工业互联网", 8)
		if i%2 == 1 {
			long = strings.Repeat("Quantum", 30)
		}
		d.Rows = append(d.Rows,
			demo.Row{Table: "teams", Values: domain.Values{"name": long + n, "leader": long, "state": "已注册为企业",
				"members": "1234", "project": long, "field": "电子信息", "joined_on": "2021-01-0" + n,
				"company": long, "company_uscc": "91110108MA0QM1010X", "registered_on": "2021-02-0" + n,
				"financed": "是", "financed_on": "2021-03-0" + n, "amount": "99999999.9" + n, "finance_type": "天使投资"}},
			demo.Row{Table: "staff", Values: domain.Values{"name": long, "gender": "男",
				"id_number": "11010519491231002" + "X", "education": "大学本科", "title": long, "category": "专职服务人员",
				"trained": "否", "experience": long + long}},
			demo.Row{Table: "enterprises", Values: domain.Values{"name": long + n, "uscc": "91110108MA0QM1" + n + "10X",
				"registered_on": "2020-12-1" + n, "capital": "12345678.5" + n, "source": "直接入驻", "joined_on": "2021-04-1" + n,
				"state": "在孵", "employees": "100000", "field": long}},
		)
	}
	a, files := buildApp(d)
	pdf, err := docgen.Application(a, demoMeta(files))
	if err != nil {
		t.Fatal(err)
	}
	layout := text(t, pdf, "-layout")
	tests := []struct {
		name  string
		table string
		keys  []string
	}{
		{"a 统一社会信用代码 is never split", "teams", []string{"company_uscc"}},
		{"a 统一社会信用代码 of an enterprise is never split", "enterprises", []string{"uscc"}},
		{"a date is never split", "teams", []string{"joined_on", "registered_on", "financed_on"}},
		{"an identity number is never split", "staff", []string{"id_number"}},
		{"a figure is never split", "enterprises", []string{"capital", "employees", "registered_on"}},
		{"an amount is never split", "teams", []string{"amount", "members"}},
	}
	doc, err := docgen.Build(a, demoMeta(files))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range printed(t, doc, tt.table, tt.keys) {
				if !strings.Contains(layout, v) {
					t.Errorf("%q is not whole on any line", v)
				}
			}
		})
	}
}

// printed returns the cells of a table's columns as the document prints
// them (an identity number masked).
func printed(t *testing.T, doc *docgen.Document, table string, keys []string) []string {
	t.Helper()
	var out []string
	for _, p := range doc.Parts {
		for _, tb := range p.Tables {
			if tb.Key != table {
				continue
			}
			for ci, c := range tb.Columns {
				if c.Field == nil || !slices.Contains(keys, c.Field.Key) {
					continue
				}
				if !c.Whole() {
					t.Fatalf("%s.%s is not declared whole", table, c.Field.Key)
				}
				for _, r := range tb.Rows {
					if v := r.Cells[ci]; v != "" && v != "—" {
						out = append(out, v)
					}
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no values of %s %v", table, keys)
	}
	return out
}
