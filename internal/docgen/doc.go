// Package docgen generates the printable documents of Hatch as A4 PDF files:
// the forms an applicant downloads, fills in by hand, signs, seals and
// uploads again (the first is the 承诺书, see Pledge).
//
// The package is pure: data in, PDF bytes out. It does no HTTP, no SQL and
// reads no files at run time: the fonts are internal/fonts', embedded in the
// binary, and each document embeds the subset of glyphs it uses. Body text
// is set in a Song/Ming-style serif and headings in a bold sans; a
// character those lack is drawn in the first fallback font that has it
// (CJK Extensions A–H, compatibility ideographs, emoji), so what was typed
// prints as itself, and the text layer gives it back when copied
// (tounicode.go mends gopdf's map for characters beyond the BMP). A
// character no font has prints as its code point, 〔U+0627〕, never as a
// look-alike; fonts.Missing lets the forms say so when it is typed.
//
// Its files: document.go builds the content model (Build) that the
// 核对申报信息 page shows and application.go lays out as the 申报书, with
// contents.go for its 目录, table.go for the detail tables (column widths
// from their content), scan.go for uploaded scans and watermark.go for the
// 版本号 and the QR code on every page; pledge.go is the 承诺书, which
// pledge_docx.go also writes as a Word document with docx.go (the few
// WordprocessingML parts such a document needs);
// writer.go, linebreak.go and fonts.go are the page writer, Chinese line
// breaking and the choice of font for each character.
package docgen
