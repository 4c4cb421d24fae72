package docgen

import (
	"fmt"

	"github.com/signintech/gopdf"
	"github.com/skip2/go-qrcode"
)

// Page marks of a versioned document: the 版本号 as a diagonal watermark
// behind the text, and a QR code that leads to the online verification of
// this version.
const (
	watermarkSize  = 54.0 // points
	watermarkAlpha = 0.25
	qrSize         = 18 * mm
	qrFromEdge     = 10 * mm // from the bottom and the right edge, clear of a trimmed or bound edge
)

var watermarkGray = [3]uint8{0xC8, 0xC8, 0xC8}

// marks draws the watermark and the QR code on every page.
type marks struct {
	w       *Writer
	text    string
	qr      gopdf.ImageHolder // nil: no QR code
	opacity gopdf.Transparency
}

// newMarks prepares the marks: the QR code is encoded once per document.
func newMarks(w *Writer, watermark, qrText string) (*marks, error) {
	m := &marks{w: w, text: clean(watermark)}
	t, err := gopdf.NewTransparency(watermarkAlpha, "")
	if err != nil {
		return nil, fmt.Errorf("docgen: watermark: %w", err)
	}
	m.opacity = t
	if qrText != "" {
		png, err := qrcode.Encode(qrText, qrcode.Medium, 256)
		if err != nil {
			return nil, fmt.Errorf("docgen: QR code: %w", err)
		}
		if m.qr, err = gopdf.ImageHolderByBytes(png); err != nil {
			return nil, fmt.Errorf("docgen: QR code: %w", err)
		}
	}
	return m, nil
}

// draw marks the current page; it is called when the page is added, so
// that everything else is drawn over the watermark.
func (m *marks) draw() {
	m.watermark()
	if m.qr != nil && m.w.err == nil {
		g := m.w.geom
		m.w.fail(m.w.pdf.ImageByHolder(m.qr, g.w-qrFromEdge-qrSize, g.h-qrFromEdge-qrSize,
			&gopdf.Rect{W: qrSize, H: qrSize}))
	}
}

// watermark draws the 版本号 diagonally across the page. A page holding a
// scan draws it again over the scan, which would hide it otherwise.
func (m *marks) watermark() {
	w := m.w
	if w.err != nil || m.text == "" {
		return
	}
	g := w.geom
	// A page may start in the middle of a paragraph or a table row: what
	// the marks change (font, text colour) is restored afterwards.
	font, ink := w.font, w.ink
	defer func() {
		if font.size > 0 {
			w.setFont(font.bold, font.size)
		}
		w.pdf.SetTextColor(ink[0], ink[1], ink[2])
	}()
	w.setFont(true, watermarkSize)
	tw := w.lineWidth(m.text)
	cx, cy := g.w/2, g.h/2
	// Inside Rotate/RotateReset (q … Q) the transparency of the cell is
	// undone afterwards; SetTransparency with Text would draw opaque text.
	w.pdf.Rotate(45, cx, cy)
	w.pdf.SetTextColor(watermarkGray[0], watermarkGray[1], watermarkGray[2])
	w.pdf.SetXY(cx-tw/2, cy-watermarkSize/2)
	op := m.opacity
	// The trailing space ends the word for text extraction: poppler
	// (pdftotext -nodiag) otherwise treats the text that follows as part
	// of the diagonal word and drops it.
	w.fail(w.pdf.CellWithOption(&gopdf.Rect{W: tw, H: watermarkSize}, m.text+" ",
		gopdf.CellOption{Align: gopdf.Left | gopdf.Middle, Transparency: &op}))
	w.pdf.RotateReset()
	w.pdf.SetTextColor(0, 0, 0)
}
