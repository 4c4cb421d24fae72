package docgen

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // scans come as JPEG or PNG
	_ "image/png"
	"io"
	"math"
	"net/http"

	"github.com/signintech/gopdf"
)

// Page limits of embedded files: a 承诺书 has one or two pages, and a
// wrong upload must not swell every copy of the 申报书; an appended
// attachment may be longer, up to a point.
const (
	maxPledgePages   = 10
	maxAppendixPages = 50
)

// pledge prints the signed 承诺书 after the cover.
func (r *renderer) pledge(mk *marks) {
	for _, s := range r.d.Pledge {
		r.toc.startsAt("pledge", r.w.pages+1) // every file starts a page
		r.embed(mk, s, "签字盖章的承诺书《"+s.Name+"》", maxPledgePages)
	}
}

// appendix prints every attachment after the index, when the round asks
// for it, so that the paper copy carries them with the same 版本号.
func (r *renderer) appendix(mk *marks) {
	for i, a := range r.d.Appendix {
		r.toc.startsAt(appendixKey(i), r.w.pages+1)
		r.embed(mk, a.Scan, a.Caption, maxAppendixPages)
	}
}

// embed prints each page of a scan on a page of its own, fitted to the
// text area under its caption, with the watermark drawn again over it. A
// file that cannot be embedded prints as a page that says so, instead of
// failing the whole document.
func (r *renderer) embed(mk *marks, s Scan, caption string, maxPages int) {
	var err error
	switch http.DetectContentType(s.Data) {
	case "image/jpeg", "image/png":
		err = r.image(mk, s, caption)
	case "application/pdf":
		err = r.pdfPages(mk, s, caption, maxPages)
	default:
		err = fmt.Errorf("not an image or PDF")
	}
	if err != nil {
		r.unembeddable(s, caption)
	}
}

// scanPage starts a portrait page for a scan with its caption, and returns
// the box left for the scan.
func (r *renderer) scanPage(caption string) gopdf.Rect {
	w := r.w
	w.newPageIn(portraitA4)
	w.Text(caption, Style{Size: SizeFooter, Leading: 1.5, Align: Left, Gray: true, After: 1})
	return gopdf.Rect{W: w.textWidth(), H: w.bodyBottom() - w.y}
}

// fit is the size of a w×h picture scaled to fit box, keeping its shape.
func fit(w, h float64, box gopdf.Rect) (float64, float64) {
	if w <= 0 || h <= 0 {
		return box.W, box.H
	}
	k := math.Min(box.W/w, box.H/h)
	return w * k, h * k
}

func (r *renderer) image(mk *marks, s Scan, caption string) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(s.Data))
	if err != nil {
		return err
	}
	holder, err := gopdf.ImageHolderByBytes(s.Data)
	if err != nil {
		return err
	}
	box := r.scanPage(caption)
	w := r.w
	iw, ih := fit(float64(cfg.Width), float64(cfg.Height), box)
	x := w.geom.left + (box.W-iw)/2
	if err := w.pdf.ImageByHolder(holder, x, w.y, &gopdf.Rect{W: iw, H: ih}); err != nil {
		return err
	}
	w.y += ih
	mk.watermark()
	return nil
}

// pdfPages imports the pages of an uploaded PDF (gofpdi, through gopdf).
// The importer panics on files it cannot read; that is an error here. It
// caches its readers by the address of the source, so every source stays
// referenced until the document is done: a freed address reused by the
// next file would print the previous file's pages.
func (r *renderer) pdfPages(mk *marks, s Scan, caption string, maxPages int) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("import %s: %v", s.Name, p)
		}
	}()
	if !hasXref(s.Data) {
		return fmt.Errorf("import %s: no cross-reference table", s.Name)
	}
	w := r.w
	src := new(io.ReadSeeker)
	*src = bytes.NewReader(s.Data)
	r.sources = append(r.sources, src)
	sizes := w.pdf.GetStreamPageSizes(src)
	n := min(len(sizes), maxPages)
	if n == 0 {
		return fmt.Errorf("no pages")
	}
	for p := 1; p <= n; p++ {
		box := sizes[p]["/MediaBox"]
		tpl := w.pdf.ImportPageStream(src, p, "/MediaBox")
		area := r.scanPage(scanCaption(caption, p, n, len(sizes)))
		pw, ph := fit(box["w"], box["h"], area)
		w.pdf.UseImportedTemplate(tpl, w.geom.left+(area.W-pw)/2, w.y, pw, ph)
		w.y += ph
		mk.watermark()
	}
	return nil
}

// hasXref reports whether a PDF ends with a cross-reference table or
// stream that its last startxref points into. The importer reads a file
// without one in an endless loop, so such a file (which readers repair, and
// people do upload) gets the page that asks for it to be printed apart.
func hasXref(data []byte) bool {
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return false
	}
	var off int
	if _, err := fmt.Sscan(string(data[i+len("startxref"):min(len(data), i+len("startxref")+24)]), &off); err != nil ||
		off <= 0 || off >= i {
		return false
	}
	at := data[off:min(len(data), off+64)]
	return bytes.HasPrefix(bytes.TrimLeft(at, " \r\n\t"), []byte("xref")) || bytes.Contains(at, []byte(" obj"))
}

// scanCaption captions page p of an uploaded PDF of total pages, of which
// n print. It names the page within the file in words unlike the footer's
// "第 n 页 共 N 页", so that the page carries one page number: the
// 申报书's.
func scanCaption(caption string, p, n, total int) string {
	switch {
	case total == 1:
		return caption
	case p == n && n < total:
		return fmt.Sprintf("%s（原文件共 %d 页之第 %d 页；仅印前 %d 页，全文见系统存档）", caption, total, p, n)
	}
	return fmt.Sprintf("%s（原文件共 %d 页之第 %d 页）", caption, total, p)
}

// unembeddable is the page for a file that could not be printed.
func (r *renderer) unembeddable(s Scan, caption string) {
	w := r.w
	w.newPageIn(portraitA4)
	w.Text(caption, Style{Size: SizeFooter, Leading: 1.5, Align: Left, Gray: true, After: 1})
	w.Text("文件《"+s.Name+"》无法嵌入本申报书（只能嵌入 JPG、PNG 图片和常见的 PDF 文件）。"+
		"请将该文件另行打印，附于本页之后；或重新上传后再次生成申报书。",
		Style{Size: sizeText, Leading: 1.75, Indent: 2})
}
