package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// PDF builds a minimal one-page PDF (Helvetica, ASCII lines) with a
// correct cross-reference table.
func PDF(lines ...string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 18 Tf 72 770 Td")
	for i, l := range lines {
		if i == 1 {
			content.WriteString(" /F1 12 Tf")
		}
		if i > 0 {
			content.WriteString(" 0 -26 Td")
		}
		content.WriteString(" (" + pdfString(l) + ") Tj")
	}
	content.WriteString(" ET")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

func pdfString(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
}

// PNG is a small picture: a sky-to-ground gradient with a stripe whose
// hue depends on n, so the demo photos differ.
func PNG(n int) []byte {
	const w, h = 160, 100
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{R: uint8(60 + y), G: uint8(110 + y), B: uint8(200 - y), A: 255}
			if y > 60 && y < 75 {
				c = color.NRGBA{R: uint8(40 * n), G: uint8(90 + 7*n), B: uint8(x), A: 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// File is the n-th demo file, a small real file for a slot: a photo-like
// PNG for activities, media reports and site plans, a one-page PDF for
// documents.
func File(table, slot string, n int) []byte {
	if table == "activities" || table == "media" || slot == "layout" {
		return PNG(n)
	}
	what := map[string]string{
		"agreement": "Incubation agreement", "license": "Business licence copy (sealed)",
		"finance_proof": "Financing evidence", "training": "Incubation service training certificate",
		"certificate": "Honour certificate", "pledge": "Pledge, signed and sealed",
		"auth_letter": "Letter of authorisation, signed and sealed",
		"rules":       "Incubator rules: entry, graduation, exit and services", "audit": "Audit report of the previous year",
		"contract": "Employment contract", "letter": "Mentor appointment letter", "ip_proof": "Patent application receipts",
		"hte_proof": "High-tech enterprise certificate", "investment_proof": "Investment agreements and receipts",
		"revenue_proof": "Financial statements of two years", "listing_proof": "Acquisition or listing announcement",
		"designation": "Filing notice of the makerspace", "ledger": "Ledger extract: incubation service income",
		"title": "Real estate title certificate", "value_proof": "Original value of the building (ledger)",
		"lease": "Lease contract",
	}[slot]
	if what == "" {
		what = map[string]string{"venues": "Lease contract", "staff": "Employment contract or appointment letter",
			"sites": "Title certificate or lease contract", "funds": "Fund capital evidence",
			"fund_cases": "Investment agreement", "pro_staff": "Training certificate or work record",
			"platforms": "Platform equipment list"}[table]
	}
	return PDF("Qimingxing Makerspace - demo attachment",
		what, fmt.Sprintf("Document no. QMX-2021-%03d", n),
		"Fictional data for the Hatch demonstration site.")
}
