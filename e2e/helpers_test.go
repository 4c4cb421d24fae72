package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"
)

// stepTimeout bounds every single browser action or wait, so a hang fails
// the test instead of blocking CI.
const stepTimeout = 15 * time.Second

const screenshotDir = "screenshots"

// walk is one browser tab going through the site of one server.
type walk struct {
	t      *testing.T
	page   *rod.Page
	base   string
	engine string // sqlite or postgres: prefix of the screenshots
	n      int    // screenshots taken so far
}

// newBrowser launches the given Chromium headless, with a fresh profile,
// and returns a 1366×900 tab whose failures fail t.
func newBrowser(t *testing.T, bin string) *rod.Page {
	t.Helper()
	l := launcher.New().Bin(bin).Headless(true).NoSandbox(true).
		Set("disable-background-networking").Set("disable-component-update").Set("disable-quic").
		Set("disable-sync").Set("no-first-run").Set("disable-gpu").Set("disable-dev-shm-usage").
		// The users' locale for page text; headless Chromium still draws date
		// inputs as mm/dd/yyyy (LANGUAGE=zh_CN would fix that but breaks
		// file uploads in headless mode).
		Set("lang", "zh-CN").
		UserDataDir(t.TempDir())
	u, err := l.Launch()
	if err != nil {
		t.Fatalf("launch %s: %v", bin, err)
	}
	t.Cleanup(l.Cleanup)
	b := rod.New().ControlURL(u).NoDefaultDevice()
	if err := b.Connect(); err != nil {
		t.Fatalf("connect to chromium: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	b = b.WithPanic(func(v any) { t.Helper(); t.Fatalf("browser: %v", v) })
	page := b.MustPage()
	page.Timeout(stepTimeout).MustSetViewport(1366, 900, 1, false)
	return page
}

// pg is the tab with a fresh timeout, for one action.
func (w *walk) pg() *rod.Page { return w.page.Timeout(stepTimeout) }

// open loads path and waits for it.
func (w *walk) open(path string) {
	w.t.Helper()
	w.navigating(func(p *rod.Page) { p.MustNavigate(w.base + path) })
}

// click clicks the element sel and waits for the page it leads to.
func (w *walk) click(sel string) {
	w.t.Helper()
	w.navigating(func(p *rod.Page) { p.MustElement(sel).MustClick() })
}

// clickText clicks the element sel whose text matches the regexp re and
// waits for the page it leads to.
func (w *walk) clickText(sel, re string) {
	w.t.Helper()
	w.navigating(func(p *rod.Page) { p.MustElementR(sel, re).MustClick() })
}

// navigating runs action and waits until the next document has loaded.
func (w *walk) navigating(action func(p *rod.Page)) {
	w.t.Helper()
	p := w.pg()
	wait := p.WaitEvent(&proto.PageLoadEventFired{})
	action(p)
	wait()
	if err := p.GetContext().Err(); err != nil {
		w.t.Fatalf("page did not load within %s (now at %s)", stepTimeout, w.path())
	}
}

// path is the current URL's path and query.
func (w *walk) path() string {
	u, err := url.Parse(w.page.Timeout(stepTimeout).MustInfo().URL)
	if err != nil {
		w.t.Fatalf("current URL: %v", err)
	}
	return u.RequestURI()
}

func (w *walk) expectPath(want string) {
	w.t.Helper()
	if got := w.path(); got != want {
		w.t.Fatalf("at %s, want %s; page says:\n%s", got, want, clip(w.text("main"), 1500))
	}
}

// fill replaces the value of the text field sel by typing.
func (w *walk) fill(sel, value string) {
	w.t.Helper()
	el := w.pg().MustElement(sel)
	if value == "" {
		el.MustEval(`() => { this.value = "" }`)
		return
	}
	el.MustSelectAllText().MustInput(value)
}

// setValue sets a field's value by script, as for a date input, whose
// typed form depends on the browser's locale.
func (w *walk) setValue(sel, value string) {
	w.t.Helper()
	w.pg().MustElement(sel).MustEval(`(v) => {
		this.value = v
		this.dispatchEvent(new Event("input", {bubbles: true}))
		this.dispatchEvent(new Event("change", {bubbles: true}))
	}`, value)
}

// choose selects the option with the given value of the select sel.
func (w *walk) choose(sel, value string) {
	w.t.Helper()
	el := w.pg().MustElement(sel)
	if err := el.Select([]string{fmt.Sprintf("option[value=%q]", value)}, true, rod.SelectorTypeCSSSector); err != nil {
		w.t.Fatalf("select %s in %s: %v", value, sel, err)
	}
}

// text is the visible text of the element sel, which must be on the page
// (it has loaded, so there is no waiting for it).
func (w *walk) text(sel string) string {
	w.t.Helper()
	has, el, err := w.pg().Has(sel)
	if err != nil {
		w.t.Fatalf("find %s: %v", sel, err)
	}
	if !has {
		body, _ := w.pg().MustElement("body").Text()
		w.t.Fatalf("no %s at %s; page says:\n%s", sel, w.path(), clip(body, 1500))
	}
	return el.MustText()
}

// expectElement fails unless the page has an element sel.
func (w *walk) expectElement(sel string) {
	w.t.Helper()
	w.text(sel)
}

// expectText fails unless the element sel shows want.
func (w *walk) expectText(sel, want string) {
	w.t.Helper()
	if got := w.text(sel); !strings.Contains(got, want) {
		w.t.Fatalf("%s at %s shows %q, want it to contain %q", sel, w.path(), got, want)
	}
}

// has reports whether the page has an element sel, without waiting.
func (w *walk) has(sel string) bool {
	return w.pg().MustHas(sel)
}

// login signs in through the login form with the test captcha.
func (w *walk) login(user, password string) {
	w.t.Helper()
	w.open("/login")
	w.fill("#login", user)
	w.fill("#password", password)
	w.fill("#captcha", "424242")
	w.click(`form[action="/login"] button[type=submit]`)
}

// logout uses the 退出 button in the header.
func (w *walk) logout() {
	w.t.Helper()
	w.clickText(`header form[action="/logout"] button`, "^退出$")
	w.expectPath("/login")
}

// shot saves a full-page PNG as screenshots/<engine>-NN-name.png, and
// fails if the browser gave an empty or blank image.
func (w *walk) shot(name string) {
	w.t.Helper()
	w.capture(name, true, nil)
}

// capture takes a screenshot once the page and its fonts have loaded: the
// full page, the window, or a clip of it. It checks and saves the PNG,
// numbered with the walk's other shots, and returns it.
func (w *walk) capture(name string, full bool, clip *proto.PageViewport) []byte {
	w.t.Helper()
	w.n++
	p := w.pg()
	p.MustWait(`() => document.readyState === "complete" && document.fonts.status === "loaded"`)
	req := &proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatPng}
	if clip != nil {
		// Beyond the window only when the clip does not fit in it: for
		// that Chromium lays the page out anew without the scroll bar,
		// which moves centred content half its width off the clip.
		req.Clip, req.CaptureBeyondViewport = clip, !w.inWindow(clip)
	}
	img, err := p.Screenshot(full, req)
	if err != nil {
		w.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := checkImage(img); err != nil {
		w.t.Fatalf("screenshot %s: %v", name, err)
	}
	// A walk that does not clean its screenshots first may be the first to
	// take one in a fresh checkout.
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		w.t.Fatal(err)
	}
	file := filepath.Join(screenshotDir, fmt.Sprintf("%s-%02d-%s.png", w.engine, w.n, name))
	if err := os.WriteFile(file, img, 0o644); err != nil {
		w.t.Fatal(err)
	}
	return img
}

// inWindow reports whether the page area r is all in the window now.
func (w *walk) inWindow(r *proto.PageViewport) bool {
	win := w.pg().MustEval(`() => ({x: scrollX, y: scrollY, w: document.documentElement.clientWidth, h: innerHeight})`)
	x, y := win.Get("x").Num(), win.Get("y").Num()
	return r.X >= x && r.Y >= y && r.X+r.Width <= x+win.Get("w").Num() && r.Y+r.Height <= y+win.Get("h").Num()
}

// checkImage fails for an empty image, or one of a single colour (nothing
// was painted).
func checkImage(b []byte) error {
	if len(b) == 0 {
		return fmt.Errorf("empty")
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return err
	}
	r := img.Bounds()
	if r.Empty() {
		return fmt.Errorf("no pixels")
	}
	first := img.At(r.Min.X, r.Min.Y)
	for y := r.Min.Y; y < r.Max.Y; y += 7 {
		for x := r.Min.X; x < r.Max.X; x += 7 {
			if img.At(x, y) != first {
				return nil
			}
		}
	}
	return fmt.Errorf("blank %dx%d image", r.Dx(), r.Dy())
}

// cleanScreenshots creates the screenshot directory and removes an
// earlier run's screenshots of engine.
func cleanScreenshots(t *testing.T, engine string) {
	t.Helper()
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	// engine-NN-*.png only: the application walk's engine-app-* are its own.
	old, _ := filepath.Glob(filepath.Join(screenshotDir, engine+"-[0-9][0-9]-*.png"))
	for _, f := range old {
		os.Remove(f)
	}
}

// testFiles writes a tiny PNG and a minimal PDF for the upload forms.
func testFiles(t *testing.T) (pngPath, pdfPath string) {
	t.Helper()
	dir := t.TempDir()
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	pngPath, pdfPath = filepath.Join(dir, "license.png"), filepath.Join(dir, "idcard.pdf")
	if err := os.WriteFile(pngPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pdfPath, []byte(minimalPDF), 0o644); err != nil {
		t.Fatal(err)
	}
	return pngPath, pdfPath
}

const minimalPDF = "%PDF-1.4\n" +
	"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n"

// clip shortens s to at most n bytes, for failure messages.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
