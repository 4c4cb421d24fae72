// Package docgen generates the printable documents of Hatch as A4 PDF files:
// the forms an applicant downloads, fills in by hand, signs, seals and
// uploads again (the first is the 承诺书, see Pledge).
//
// The package is pure: data in, PDF bytes out. It does no HTTP, no SQL and
// reads no files at run time: the Chinese font (Noto Sans SC, a single-face
// TrueType font with glyf outlines covering all of GB 18030's BMP
// ideographs, so names with 堃 喆 赟 镕 print) is embedded with go:embed and
// subset into every PDF. scripts/fetch-font.sh reproduces the font files
// from their pinned source and checksums.
//
// Characters the font has no glyph for (emoji, Arabic, CJK Extension B such
// as 𠀀) never make generation fail: each prints as 〓, the typesetters' mark
// for a missing character, and Unprintable lists them so that a caller can
// warn the user before they print.
//
// Its files: document.go builds the content model (Build) that the
// 核对申报信息 page shows and application.go lays out as the 申报书, with
// contents.go for its 目录, table.go for the detail tables (column widths
// from their content), scan.go for uploaded scans and watermark.go for the
// 版本号 and the QR code on every page; pledge.go is the 承诺书, which
// pledge_docx.go also writes as a Word document with docx.go (the few
// WordprocessingML parts such a document needs);
// writer.go, linebreak.go and fonts.go are the page writer, Chinese line
// breaking and the embedded font.
package docgen
