package docgen_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"hatch/internal/demo"
	"hatch/internal/docgen"
	"hatch/internal/testkit"
)

// scanImage is a fake scan: a white A4-shaped picture with a dark frame.
func scanImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 420, 594))
	for y := 0; y < 594; y++ {
		for x := 0; x < 420; x++ {
			c := color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
			if x < 12 || y < 12 || x > 407 || y > 581 {
				c = color.RGBA{0x20, 0x20, 0x60, 0xFF}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

func encoded(t *testing.T, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, scanImage()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestApplicationPledgeScans: the signed 承诺书 prints after the cover
// whether it was uploaded as JPEG, PNG or PDF, each page watermarked; a
// file that cannot be embedded prints a page saying so, and never fails
// the document.
func TestApplicationPledgeScans(t *testing.T) {
	signed, err := docgen.Pledge(docgen.PledgeInput{OrgName: demoOrg, CarrierName: "启明星众创空间"})
	if err != nil {
		t.Fatal(err)
	}
	scans := []docgen.Scan{
		{Name: "承诺书.jpg", Data: encoded(t, func(b *bytes.Buffer, i image.Image) error { return jpeg.Encode(b, i, nil) })},
		{Name: "承诺书.png", Data: encoded(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) })},
		{Name: "承诺书.pdf", Data: signed},
		{Name: "承诺书.docx", Data: []byte("PK\x03\x04 not a scan")},
		{Name: "坏的.pdf", Data: []byte("%PDF-1.7\n garbage with no pages")},
	}
	a, files := buildApp(demo.CompleteApp())
	plain, err := docgen.Application(a, demoMeta(files))
	if err != nil {
		t.Fatal(err)
	}
	m := demoMeta(files)
	m.Pledge = scans
	pdf, err := docgen.Application(a, m)
	if err != nil {
		t.Fatalf("a bad scan failed the document: %v", err)
	}
	if got, want := testkit.PDFPages(t, pdf), testkit.PDFPages(t, plain)+len(scans); got != want {
		t.Fatalf("pages = %d, want %d (one per scan)", got, want)
	}
	wantOnPage := map[int]string{ // after the cover and the 目录
		3: "签字盖章的承诺书《承诺书.jpg》",
		4: "签字盖章的承诺书《承诺书.png》",
		5: "法定代表人", // the imported PDF's own text
		6: "《承诺书.docx》无法嵌入本申报书",
		7: "《坏的.pdf》无法嵌入本申报书",
	}
	for pg, want := range wantOnPage {
		got := squashed(text(t, pdf, "-f", strconv.Itoa(pg), "-l", strconv.Itoa(pg)))
		if !strings.Contains(got, squashed(want)) {
			t.Errorf("page %d lacks %q:\n%s", pg, want, got)
		}
		if !strings.Contains(got, demoMeta(nil).Version) {
			t.Errorf("page %d lacks the 版本号", pg)
		}
	}
	for i, img := range drawPages(t, pdf, "pledge", 3, 5) {
		if ink := inkShare(img); ink < 0.005 {
			t.Errorf("scan page %d is blank (%.2f%% ink)", []int{3, 5}[i], ink*100)
		}
	}
}

// drawPages draws the given pages of pdf at 60 dpi into the test's
// artifact directory (kept with go test -artifacts, to be looked at) and
// returns them.
func drawPages(t *testing.T, pdf []byte, name string, pgs ...int) []image.Image {
	t.Helper()
	p := tool(t, "pdftoppm")
	dir := t.ArtifactDir()
	src := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(src, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	var out []image.Image
	for _, pg := range pgs {
		n := strconv.Itoa(pg)
		dst := filepath.Join(dir, name+"-"+n)
		if msg, err := exec.Command(p, "-r", "60", "-png", "-singlefile", "-f", n, "-l", n, src, dst).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, msg)
		}
		f, err := os.Open(dst + ".png")
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("page %d: %v", pg, err)
		}
		out = append(out, img)
	}
	return out
}

// TestApplicationQRCode: the QR code printed on the cover, the 目录, a form
// page and a table page decodes to the verification address of this
// version.
func TestApplicationQRCode(t *testing.T) {
	p := tool(t, "pdftoppm")
	pdf, _ := demoPDF(t)
	src := testkit.TempFile(t, "app.pdf", pdf)
	m := demoMeta(nil)
	want := m.VerifyURL + "?v=" + m.Version
	for _, pg := range []int{1, 2, 3, 4} {
		t.Run("page "+strconv.Itoa(pg)+" decodes to the verification address", func(t *testing.T) {
			n := strconv.Itoa(pg)
			root := filepath.Join(t.TempDir(), "page")
			if out, err := exec.Command(p, "-r", "300", "-png", "-f", n, "-l", n, "-singlefile", src, root).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			raw, err := os.ReadFile(root + ".png")
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			bmp, err := gozxing.NewBinaryBitmapFromImage(corner(img))
			if err != nil {
				t.Fatal(err)
			}
			res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
			if err != nil {
				t.Fatalf("no QR code found: %v", err)
			}
			if res.GetText() != want {
				t.Errorf("QR code = %q, want %q", res.GetText(), want)
			}
		})
	}
}

// corner is the bottom-right 35 mm square of a page, where the QR code is.
func corner(img image.Image) image.Image {
	b := img.Bounds()
	side := b.Dx() * 35 / 210
	if b.Dx() > b.Dy() { // landscape
		side = b.Dy() * 35 / 210
	}
	r := image.Rect(b.Max.X-side, b.Max.Y-side, b.Max.X, b.Max.Y)
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r)
}

// TestApplicationAppendix: with the round's setting on, attachments print
// after the index in the index's order, each page captioned and carrying
// the 版本号; two PDFs print their own pages, not the first one's twice.
func TestApplicationAppendix(t *testing.T) {
	a, files := buildApp(demo.CompleteApp())
	var scans []docgen.Scan
	for i, f := range files[:3] {
		data, err := docgen.Pledge(docgen.PledgeInput{OrgName: "附件单位" + strconv.Itoa(i+1), CarrierName: "载体"})
		if err != nil {
			t.Fatal(err)
		}
		scans = append(scans, docgen.Scan{FileID: f.ID, Name: f.Name, Data: data})
	}
	m := demoMeta(files)
	plain, err := docgen.Application(a, m)
	if err != nil {
		t.Fatal(err)
	}
	m.Appendix = scans
	pdf, err := docgen.Application(a, m)
	if err != nil {
		t.Fatal(err)
	}
	// The 目录 lists the three, which may take it onto one more page.
	base, got := testkit.PDFPages(t, plain), testkit.PDFPages(t, pdf)
	if got != base+3 && got != base+4 {
		t.Fatalf("pages = %d, want %d, or %d with a longer 目录", got, base+3, base+4)
	}
	for i := range 3 {
		pg := strconv.Itoa(got - 2 + i)
		got := squashed(text(t, pdf, "-f", pg, "-l", pg))
		for _, want := range []string{"附件" + strconv.Itoa(i+1) + "《", "附件单位" + strconv.Itoa(i+1), demoMeta(nil).Version} {
			if !strings.Contains(got, want) {
				t.Errorf("page %s lacks %q:\n%s", pg, want, got)
			}
		}
	}
}
