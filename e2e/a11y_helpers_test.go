package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/go-rod/rod"
)

// shotAround saves a PNG of el with margin pixels of the page around it,
// and returns the picture and where el's border box is in it.
func (w *walk) shotAround(name string, el *rod.Element, margin float64) (image.Image, image.Rectangle) {
	w.t.Helper()
	box := elementBox(el)
	clip := box
	clip.X, clip.Y = box.X-margin, box.Y-margin
	clip.Width, clip.Height = box.Width+2*margin, box.Height+2*margin
	img, err := png.Decode(bytes.NewReader(w.capture(name, false, &clip)))
	if err != nil {
		w.t.Fatalf("screenshot %s: %v", name, err)
	}
	m := int(math.Round(margin))
	return img, image.Rect(m, m, m+int(math.Round(box.Width)), m+int(math.Round(box.Height)))
}

// Where a focus ring is looked for: the page's ring is a 3 px outline
// with a dark edge to 5 px, so the band 3–5 px outside the border box is
// where it must stand out from the page, seen 8 px out.
const (
	ringFrom, ringTo = 3, 5
	pageAt           = 8
)

// ringContrasts is, for each side of box in img, the best contrast
// between a pixel of the focus ring's outer band and the page beyond it.
func ringContrasts(img image.Image, box image.Rectangle) map[string]float64 {
	mid := box.Min.Add(box.Max).Div(2)
	sides := map[string]struct {
		from image.Point // the border box's edge at the middle of the side
		out  image.Point // one pixel outwards
	}{
		"top":    {image.Pt(mid.X, box.Min.Y-1), image.Pt(0, -1)},
		"bottom": {image.Pt(mid.X, box.Max.Y), image.Pt(0, 1)},
		"left":   {image.Pt(box.Min.X-1, mid.Y), image.Pt(-1, 0)},
		"right":  {image.Pt(box.Max.X, mid.Y), image.Pt(1, 0)},
	}
	out := map[string]float64{}
	for name, s := range sides {
		page := img.At(s.from.X+s.out.X*pageAt, s.from.Y+s.out.Y*pageAt)
		best := 0.0
		for d := ringFrom; d < ringTo; d++ {
			best = math.Max(best, contrast(img.At(s.from.X+s.out.X*d, s.from.Y+s.out.Y*d), page))
		}
		out[name] = best
	}
	return out
}

// contrast is the WCAG contrast ratio of two colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// luminance is WCAG's relative luminance of an sRGB colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

var rgbRe = regexp.MustCompile(`^rgba?\((\d+), (\d+), (\d+)`)

// cssColour reads a computed CSS colour, rgb(r, g, b).
func cssColour(t *testing.T, s string) color.Color {
	t.Helper()
	m := rgbRe.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("not a computed colour: %q", s)
	}
	v := func(i int) uint8 { n, _ := strconv.Atoi(m[i]); return uint8(n) }
	return color.RGBA{R: v(1), G: v(2), B: v(3), A: 255}
}
