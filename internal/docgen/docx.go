package docgen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A Word document (.docx) is a zip of a few WordprocessingML parts. The
// forms that people may want to edit before printing need only paragraphs
// of text in one font, so this file writes those parts itself rather than
// bringing in a library for the whole format.

// Twips (twentieths of a point) are WordprocessingML's unit of length.
const (
	twipsPerPt = 20
	twipsPerMM = 56.6929
)

// docxFont is the body font: 宋体 (SimSun), which Word and WPS both have on
// Chinese systems, for Chinese text; Times New Roman for Latin letters and
// digits, as Chinese official documents set them.
const (
	docxEastAsiaFont = "宋体"
	docxLatinFont    = "Times New Roman"
)

// docxPara is one paragraph's layout.
type docxPara struct {
	Align  string  // "left", "center", "right" or "both" (justified); "" is both
	Indent bool    // first line indented by two characters
	Left   float64 // left indent in mm
	Size   float64 // font size in points; 0 means SizeBody
	Bold   bool
	Gray   bool
	Before float64 // space above, in mm
	After  float64 // space below, in mm
	Lines  float64 // exact line height as a multiple of the size; 0 means 1.8
	TabAt  float64 // a tab stop, in mm from the left margin; 0 for none
}

// docxRun is a piece of a paragraph's text, or a tab to the paragraph's
// tab stop. An underlined tab is a line to write on: Word draws the
// underline of a tab, not always of trailing spaces.
type docxRun struct {
	Text      string
	Tab       bool
	Underline bool
}

// docxWriter collects paragraphs and packages them as a .docx.
type docxWriter struct {
	info Info
	body bytes.Buffer
}

func newDocx(info Info) *docxWriter { return &docxWriter{info: info} }

// para adds a paragraph of runs.
func (d *docxWriter) para(p docxPara, runs ...docxRun) {
	size := p.Size
	if size == 0 {
		size = SizeBody
	}
	// Exact line heights, as the PDF's, keep the page the same in Word, WPS
	// and LibreOffice whichever font they find for 宋体.
	lines := p.Lines
	if lines == 0 {
		lines = 1.8
	}
	align := p.Align
	if align == "" {
		align = "both"
	}
	b := &d.body
	b.WriteString(`<w:p><w:pPr>`)
	fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="exact"/>`,
		mmTwips(p.Before), mmTwips(p.After), int(lines*size*twipsPerPt+0.5))
	if p.Indent || p.Left > 0 {
		b.WriteString(`<w:ind`)
		if p.Left > 0 {
			fmt.Fprintf(b, ` w:left="%d"`, mmTwips(p.Left))
		}
		if p.Indent {
			fmt.Fprintf(b, ` w:firstLineChars="200" w:firstLine="%d"`, int(2*size*twipsPerPt))
		}
		b.WriteString(`/>`)
	}
	if p.TabAt > 0 {
		fmt.Fprintf(b, `<w:tabs><w:tab w:val="left" w:pos="%d"/></w:tabs>`, mmTwips(p.TabAt))
	}
	fmt.Fprintf(b, `<w:jc w:val="%s"/></w:pPr>`, align)
	for _, r := range runs {
		b.WriteString(`<w:r><w:rPr>`)
		if p.Bold {
			b.WriteString(`<w:b/><w:bCs/>`)
		}
		if p.Gray {
			b.WriteString(`<w:color w:val="666666"/>`)
		}
		fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, int(size*2), int(size*2))
		if r.Underline {
			b.WriteString(`<w:u w:val="single"/>`)
		}
		b.WriteString(`</w:rPr>`)
		if r.Tab {
			b.WriteString(`<w:tab/></w:r>`)
			continue
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		xmlText(b, r.Text)
		b.WriteString(`</w:t></w:r>`)
	}
	b.WriteString(`</w:p>`)
}

func mmTwips(mm float64) int { return int(mm*twipsPerMM + 0.5) }

// xmlText writes s escaped for XML character data.
func xmlText(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(docxClean(s))) // a bytes.Buffer does not fail
}

// docxClean makes s safe for a Word paragraph: control characters, which
// XML 1.0 cannot carry or Word would show as breaks, become spaces, and
// bytes that are not UTF-8 become U+FFFD. Everything else, emoji and rare
// ideographs included, is kept: Word finds a font for them.
func docxClean(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, badXMLRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if badXMLRune(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// badXMLRune reports a character a paragraph's text must not contain:
// controls, and the two non-characters XML forbids.
func badXMLRune(r rune) bool {
	return unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF
}

// bytes packages the document. The zip's times are the document's, so the
// same input gives the same file.
func (d *docxWriter) bytes() ([]byte, error) {
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	for _, part := range d.parts() {
		w, err := z.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate,
			Modified: d.modified()})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(xml.Header + part.body)); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// modified is the parts' time in the zip: the document's, or the zip
// format's earliest when it has none.
func (d *docxWriter) modified() time.Time {
	if d.info.Created.IsZero() {
		return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return d.info.Created.UTC()
}

type docxPart struct{ name, body string }

// parts are the package's files, [Content_Types].xml first as readers
// expect.
func (d *docxWriter) parts() []docxPart {
	return []docxPart{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxPackageRels},
		{"docProps/core.xml", d.coreProps()},
		{"word/_rels/document.xml.rels", docxDocumentRels},
		{"word/styles.xml", docxStyles},
		{"word/document.xml", d.document()},
	}
}

func (d *docxWriter) document() string {
	return `<w:document xmlns:w="` + nsW + `"><w:body>` + d.body.String() +
		fmt.Sprintf(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>`+
			`<w:pgMar w:top="%[1]d" w:right="%[1]d" w:bottom="%[1]d" w:left="%[1]d" w:header="851" w:footer="851" w:gutter="0"/>`+
			`</w:sectPr></w:body></w:document>`, mmTwips(margin/mm))
}

// coreProps names the title and subject that Word shows in the file's
// properties, and when it was made.
func (d *docxWriter) coreProps() string {
	var b bytes.Buffer
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	xmlText(&b, d.info.Title)
	b.WriteString(`</dc:title><dc:subject>`)
	xmlText(&b, d.info.Subject)
	b.WriteString(`</dc:subject>`)
	if !d.info.Created.IsZero() {
		fmt.Fprintf(&b, `<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>`,
			d.info.Created.UTC().Format(time.RFC3339))
	}
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

const nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// The content types of a .docx with a document, its styles and its
// properties.
const (
	mimeDocx         = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	docxContentTypes = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="` + mimeDocx + `.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`</Types>`
	docxPackageRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`</Relationships>`
	docxDocumentRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`</Relationships>`
	// docxStyles sets the fonts and language of every paragraph.
	docxStyles = `<w:styles xmlns:w="` + nsW + `"><w:docDefaults><w:rPrDefault><w:rPr>` +
		`<w:rFonts w:ascii="` + docxLatinFont + `" w:hAnsi="` + docxLatinFont + `" w:eastAsia="` + docxEastAsiaFont +
		`" w:cs="` + docxLatinFont + `"/>` +
		`<w:kern w:val="2"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>` +
		`</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`</w:styles>`
)
