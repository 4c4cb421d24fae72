package docgen

import (
	"strings"
	"unicode/utf8"
)

// MimeDocx is the media type of a Word document.
const MimeDocx = mimeDocx

// PledgeDocx generates the 承诺书 template as a Word document with the same
// wording and names as Pledge, for applicants who prefer to edit it in Word
// or WPS before printing. Names keep every character Word can show (the PDF
// marks what its font lacks); only control characters become spaces.
func PledgeDocx(in PledgeInput) ([]byte, error) {
	t := pledgeWording(in, func(s string) string { return orBlank(docxClean(s)) })
	d := newDocx(Info{Title: t.Title, Subject: docxClean(in.RoundName), Created: in.Date})
	d.para(docxPara{Align: "center", Size: SizeTitle, Bold: true, Lines: 1.5, Before: 8, After: 6},
		docxRun{Text: t.Title})
	d.para(docxPara{Align: "left", After: 1}, docxRun{Text: t.Addressee})
	for _, p := range t.Paras {
		d.para(docxPara{Indent: true}, docxRun{Text: p})
	}
	signatureBlock(d, t.Sign)
	d.para(docxPara{Align: "left", Size: SizeSmall, Gray: true, Lines: 1.5, Before: 10}, docxRun{Text: t.Note})
	return d.bytes()
}

// signatureBlock sets the signature lines as the PDF does: a block whose
// longest line ends near the right margin, each blank an underlined tab of
// its length.
func signatureBlock(d *docxWriter, lines []SignLine) {
	const textWidth = 210 - 2*margin/mm
	widest := 0.0
	for _, l := range lines {
		widest = max(widest, labelMM(l.Label)+l.Blank)
	}
	left := max(0, textWidth-widest-2*SizeBody*ptMM)
	for i, l := range lines {
		p := docxPara{Align: "left", Left: left, Lines: 2.6, After: l.Below}
		if i == 0 {
			p.Before = 14
		}
		runs := []docxRun{{Text: l.Label}}
		if l.Blank > 0 {
			p.TabAt = left + labelMM(l.Label) + l.Blank
			runs = append(runs, docxRun{Tab: true, Underline: true})
		}
		d.para(p, runs...)
	}
}

// ptMM is a point in millimetres.
const ptMM = 25.4 / 72

// labelMM is the width of a label of full-width characters in the body
// size, in millimetres; each half-width character counts half.
func labelMM(s string) float64 {
	full := utf8.RuneCountInString(s)
	half := len(strings.Map(func(r rune) rune {
		if r < 0x80 {
			return r
		}
		return -1
	}, s))
	return (float64(full) - float64(half)/2) * SizeBody * ptMM
}
