package docgen

import (
	"fmt"
	"strings"
	"unicode"

	"hatch/internal/fonts"
)

// The fonts are internal/fonts': body text in the serif, bold text in the
// sans, and any character those lack in the first fallback that has it.

// mainFace is the face text of a style is set in.
func mainFace(bold bool) fonts.Face {
	if bold {
		return fonts.SansBold
	}
	return fonts.Serif
}

// useFace makes f at size the font the PDF draws with, adding f to the
// document the first time it is needed: a document embeds a fallback only
// if it prints one of its characters.
func (w *Writer) useFace(f fonts.Face, size float64) {
	if w.err != nil || w.face == (faceKey{f, size}) {
		return
	}
	if !w.added[f] {
		c, err := f.Container()
		if err != nil {
			w.fail(err)
			return
		}
		if err := w.pdf.AddTTFFontFromFontContainer(f.Name(), c); err != nil {
			w.fail(fmt.Errorf("docgen: add font %s: %w", f.Name(), err))
			return
		}
		w.added[f] = true
	}
	if err := w.pdf.SetFont(f.Name(), "", size); err != nil {
		w.fail(fmt.Errorf("docgen: set font %s: %w", f.Name(), err))
		return
	}
	w.face = faceKey{f, size}
}

// faceOf is the face that prints r in the current style. clean has
// replaced every character no face has, so the main face is only a guard.
func (w *Writer) faceOf(r rune) fonts.Face {
	main := mainFace(w.font.bold)
	if r < 0x80 {
		return main // both main faces have ASCII
	}
	if f, ok := fonts.For(r, main); ok {
		return f
	}
	return main
}

// clean prepares text for printing: control characters become spaces, and
// a character that no font prints becomes its code point in brackets
// (〔U+0627〕), so that nothing is substituted silently; the forms name such
// characters when they are typed (fonts.Missing).
func clean(s string) string {
	ok := true
	for _, r := range s {
		if unicode.IsControl(r) || r >= 0x80 && !printable(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			b.WriteByte(' ')
		case r >= 0x80 && !printable(r):
			fmt.Fprintf(&b, "〔U+%04X〕", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func printable(r rune) bool {
	_, ok := fonts.For(r, fonts.Serif)
	return ok
}
