package docgen

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hatch/internal/clock"
	"hatch/internal/fonts"
	"hatch/internal/testkit"
)

var fixedPledge = PledgeInput{
	OrgName:     "厦门市堃喆赟镕科技创新服务有限公司",
	CarrierName: "鹭岛创客空间",
	RoundName:   "2025年度众创空间国家备案",
	Date:        time.Date(2025, 3, 1, 9, 30, 0, 0, clock.Zone),
}

// squash removes all white space, so that text wrapped over lines can be
// searched for.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

func checkPDF(t *testing.T, pdf []byte) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output does not start with %%PDF-: %q", pdf[:min(len(pdf), 16)])
	}
	if !bytes.Contains(pdf[max(0, len(pdf)-32):], []byte("%%EOF")) {
		t.Fatalf("output does not end with %%%%EOF")
	}
}

func TestPledgeIsPDF(t *testing.T) {
	pdf, err := Pledge(fixedPledge)
	if err != nil {
		t.Fatal(err)
	}
	checkPDF(t, pdf)
	again, err := Pledge(fixedPledge)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pdf, again) {
		t.Error("the same input gave two different PDFs")
	}
}

func TestPledgeText(t *testing.T) {
	pdf, err := Pledge(fixedPledge)
	if err != nil {
		t.Fatal(err)
	}
	text := squash(testkit.PDFText(t, pdf))
	for _, want := range []string{
		"承诺书",
		"科学技术部火炬高技术产业开发中心：",
		fixedPledge.OrgName,
		"堃喆赟镕",
		fixedPledge.CarrierName,
		fixedPledge.RoundName,
		fixedPledge.OrgName + "作为" + fixedPledge.CarrierName + "的运营主体，申报" + fixedPledge.RoundName,
		"虚报、瞒报",
		"版本号",
		"实地核查",
		"两年内不再申报",
		"火炬统计",
		"严重失信",
		"法定代表人（签字）：",
		"运营主体（公章）：",
		"日期：年月日", // left blank for hand filling
		"本承诺书由系统生成，请打印后由法定代表人签字并加盖公章，扫描后上传。",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, text)
		}
	}
	// The signed scan becomes a page of the 申报书, which has its own page
	// numbers: the one-page form carries none.
	for _, unwanted := range []string{"2025年3月1日", "2025-03-01", "〓", "第1页", "共1页"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("pdftotext output contains %q:\n%s", unwanted, text)
		}
	}
	for _, numeral := range []string{"一、", "二、", "三、", "四、", "五、", "六、"} {
		if !strings.Contains(text, numeral) {
			t.Errorf("promise %s missing", numeral)
		}
	}
}

func TestPledgeGolden(t *testing.T) {
	pdf, err := Pledge(fixedPledge)
	if err != nil {
		t.Fatal(err)
	}
	got := normalizeLayout(testkit.PDFText(t, pdf, "-layout"))
	testkit.Golden(t, filepath.Join("testdata", "pledge.golden.txt"), got)
}

// normalizeLayout drops trailing spaces and form feeds, which carry no
// layout and vary between poppler versions.
func normalizeLayout(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\f", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
}

func TestPledgeHostileInputs(t *testing.T) {
	long := strings.Repeat("超长名称科技", 333) + "有限公司" // 2,002 characters
	cases := []struct {
		name string
		in   PledgeInput
		// want is found in the squashed text; unprintable are shown as 〓.
		want        []string
		unprintable string
		minPages    int
	}{
		{name: "2000 characters", in: PledgeInput{OrgName: long, CarrierName: "空间"},
			want: []string{long + "作为空间的运营主体"}, minPages: 2},
		{name: "html and script", in: PledgeInput{
			OrgName:     `<script>alert("x")</script><b>公司</b>&amp;`,
			CarrierName: `'; DROP TABLE carriers; --`},
			want: []string{`<script>alert("x")</script><b>公司</b>&amp;`, `';DROPTABLEcarriers;--`}},
		{name: "emoji", in: PledgeInput{OrgName: "笑脸😀科技👨‍👩‍👧公司👍🏽", CarrierName: "🚀空间"},
			want: []string{"笑脸😀科技👨‍👩‍👧公司👍🏽", "🚀空间"}},
		{name: "rtl arabic", in: PledgeInput{OrgName: "شركة التقنية\u200f 公司", CarrierName: "\u202eabc"},
			want:        []string{"〔U+0634〕〔U+0631〕〔U+0643〕〔U+0629〕〔U+0627〕〔U+0644〕〔U+062A〕〔U+0642〕〔U+0646〕〔U+064A〕〔U+0629〕\u200f公司"},
			unprintable: "شركةالتقني"},
		{name: "ling", in: PledgeInput{OrgName: "〇〇七科技公司"},
			want: []string{"〇〇七科技公司"}},
		{name: "outside the BMP, in a fallback font", in: PledgeInput{OrgName: "𠀀科技公司"},
			want: []string{"𠀀科技公司"}},
		{name: "control characters", in: PledgeInput{OrgName: "甲\x00乙\r\n丙\t丁\x7f戊", CarrierName: "\n"},
			want: []string{"甲乙丙丁戊作为________________的运营主体"}},
		{name: "invalid utf-8", in: PledgeInput{OrgName: "甲\xff\xfe乙"},
			want: []string{"甲\uFFFD\uFFFD乙"}},
		{name: "empty", in: PledgeInput{},
			want: []string{"________________作为________________的运营主体，申报________________"}},
		{name: "long latin word", in: PledgeInput{OrgName: strings.Repeat("W", 300)},
			want: []string{strings.Repeat("W", 300)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pdf, err := Pledge(c.in)
			if err != nil {
				t.Fatal(err)
			}
			checkPDF(t, pdf)
			got := string(fonts.Missing(c.in.OrgName + c.in.CarrierName))
			if got != c.unprintable {
				t.Errorf("Unprintable = %q, want %q", got, c.unprintable)
			}
			pages := testkit.PDFPages(t, pdf)
			if pages < max(1, c.minPages) {
				t.Errorf("pdfinfo: %d pages, want at least %d", pages, max(1, c.minPages))
			}
			text := squash(testkit.PDFText(t, pdf))
			// One page carries no page number (see TestPledgeText); more
			// pages, which only absurd names need, are numbered.
			if want := fmt.Sprintf("第%d页共%d页", pages, pages); pages > 1 && !strings.HasSuffix(text, want) {
				t.Errorf("text does not end with %q", want)
			}
			if pages == 1 && strings.Contains(text, "第1页") {
				t.Error("a one-page 承诺书 carries a page number")
			}
			// Drop the page numbers, which interrupt text running over pages.
			text = regexp.MustCompile(`第\d+页共\d+页`).ReplaceAllString(text, "")
			// pdftotext wraps right-to-left characters in embedding marks of
			// its own (U+202B … U+202C).
			text = strings.NewReplacer("\u202b", "", "\u202c", "").Replace(text)
			for _, want := range append(c.want, "承诺书", "特此承诺。") {
				if !strings.Contains(text, squash(want)) {
					t.Errorf("text lacks %.300q:\n%.3000s", want, text)
				}
			}
		})
	}
}

func TestPledgeConcurrent(t *testing.T) {
	want, err := Pledge(fixedPledge)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			in := fixedPledge
			if i%2 == 1 {
				in.OrgName = strings.Repeat("𠀀喆", 100)
			}
			got, err := Pledge(in)
			switch {
			case err != nil:
				errs <- err
			case i%2 == 0 && !bytes.Equal(got, want):
				errs <- fmt.Errorf("goroutine %d: output differs", i)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestPledgeRendering renders page 1 and checks what a reader sees: ink
// within the 25 mm margins, the title centred, the body text justified to
// the right margin, and nothing in the bottom margin but the page number.
func TestPledgeRendering(t *testing.T) {
	tool := testkit.Tool(t, "pdftoppm", "poppler-utils")
	pdf, err := Pledge(fixedPledge)
	if err != nil {
		t.Fatal(err)
	}
	const dpi = 72 // one pixel per point
	root := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command(tool, "-r", strconv.Itoa(dpi), "-gray", "-png", "-f", "1", "-l", "1", "-singlefile",
		testkit.TempFile(t, "doc.pdf", pdf), root).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(root + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 595 || b.Dy() != 842 {
		t.Fatalf("page is %dx%d pixels at 72 dpi, want A4 595x842", b.Dx(), b.Dy())
	}
	dark := func(x, y int) bool {
		g, _, _, _ := img.At(x, y).RGBA()
		return g < 0x8000
	}
	rowInk := func(y int) (left, right int, ok bool) {
		left, right = b.Max.X, -1
		for x := b.Min.X; x < b.Max.X; x++ {
			if dark(x, y) {
				left, right = min(left, x), max(right, x)
			}
		}
		return left, right, right >= 0
	}
	// The bounding box of all ink, and the first band of rows with ink
	// (the title).
	inkL, inkR, inkT, inkB := b.Max.X, -1, -1, -1
	titleL, titleR, titleEnd := b.Max.X, -1, -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		l, r, ok := rowInk(y)
		if !ok {
			if inkT >= 0 && titleEnd < 0 {
				titleEnd = y
			}
			continue
		}
		if inkT < 0 {
			inkT = y
		}
		if titleEnd < 0 {
			titleL, titleR = min(titleL, l), max(titleR, r)
		}
		if float64(y) < float64(b.Max.Y)-20*mm { // above the footer
			inkL, inkR, inkB = min(inkL, l), max(inkR, r), y
		}
	}
	margin := 70 // 25 mm is 70.9 pt
	t.Logf("ink x %d..%d y %d..%d; title x %d..%d rows %d..%d", inkL, inkR, inkT, inkB, titleL, titleR, inkT, titleEnd)
	if inkL < margin-2 || inkR > b.Max.X-margin+2 || inkT < margin {
		t.Errorf("ink box x %d..%d, top %d: outside the 25 mm (%d pt) margins", inkL, inkR, inkT, margin)
	}
	if inkR < b.Max.X-margin-3 {
		t.Errorf("text ends at x=%d, %d pt short of the right margin: not justified", inkR, b.Max.X-margin-inkR)
	}
	if inkB > b.Max.Y-margin {
		t.Errorf("ink at y=%d, inside the bottom margin (%d)", inkB, b.Max.Y-margin)
	}
	if c := (titleL + titleR) / 2; c < b.Dx()/2-3 || c > b.Dx()/2+3 {
		t.Errorf("title spans x %d..%d, centre %d, want about %d", titleL, titleR, c, b.Dx()/2)
	}
	if h := titleEnd - inkT; h < 16 || titleR-titleL < 60 {
		t.Errorf("title is %dx%d pt, want a large title", titleR-titleL, h)
	}
}

func BenchmarkPledge(b *testing.B) {
	if _, err := Pledge(fixedPledge); err != nil { // load the fonts once
		b.Fatal(err)
	}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		pdf, err := Pledge(fixedPledge)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}
