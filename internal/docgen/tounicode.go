package docgen

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf16"
)

// gopdf (v0.33.0) writes each entry of a font's ToUnicode map as the code
// point in hex, "<0A31><0A31><20000>", which is right for the BMP only: the
// PDF specification wants the UTF-16BE code units, "<D840DC00>", and
// readers take the five digits for other characters, so text copied out
// of the PDF differs from what was printed. fixToUnicode rewrites those
// entries after the PDF is written. The maps are uncompressed streams, so
// an entry can be replaced in place; the objects after it move, so the
// stream's /Length and the cross-reference table are rewritten to match.

// wideEntry is an entry whose destination lies beyond the BMP.
var wideEntry = regexp.MustCompile(`(?m)^(<[0-9A-F]{4}><[0-9A-F]{4}>)<([0-9A-F]{5,6})>$`)

// edit replaces old[at:end] with by.
type edit struct {
	at, end int
	by      []byte
}

func fixToUnicode(pdf []byte) ([]byte, error) {
	var edits []edit
	for _, r := range bfranges(pdf) {
		for _, m := range wideEntry.FindAllSubmatchIndex(pdf[r[0]:r[1]], -1) {
			at, end := r[0]+m[4], r[0]+m[5]
			cp, err := strconv.ParseUint(string(pdf[at:end]), 16, 32)
			if err != nil {
				return nil, fmt.Errorf("docgen: ToUnicode entry: %w", err)
			}
			hi, lo := utf16.EncodeRune(rune(cp))
			edits = append(edits, edit{at - 1, end + 1, fmt.Appendf(nil, "<%04X%04X>", hi, lo)})
		}
	}
	if len(edits) == 0 {
		return pdf, nil
	}
	edits, err := withLengths(pdf, edits)
	if err != nil {
		return nil, err
	}
	return withXref(apply(pdf, edits), edits)
}

// bfranges finds the entries of the ToUnicode maps: the spans between
// "beginbfrange" and "endbfrange", found by plain search, since the font
// programs around them are megabytes of binary.
func bfranges(pdf []byte) [][2]int {
	var out [][2]int
	begin, end := []byte("beginbfrange\n"), []byte("endbfrange")
	for at := 0; ; {
		i := bytes.Index(pdf[at:], begin)
		if i < 0 {
			return out
		}
		start := at + i + len(begin)
		j := bytes.Index(pdf[start:], end)
		if j < 0 {
			return out
		}
		out = append(out, [2]int{start, start + j})
		at = start + j
	}
}

// withLengths adds to edits the new /Length of each stream they change.
func withLengths(pdf []byte, edits []edit) ([]edit, error) {
	grow := map[int]int{} // index of the stream's "/Length " → growth
	for _, e := range edits {
		i := bytes.LastIndex(pdf[:e.at], []byte("/Length "))
		if i < 0 {
			return nil, fmt.Errorf("docgen: ToUnicode map without /Length")
		}
		grow[i] += len(e.by) - (e.end - e.at)
	}
	out := append([]edit(nil), edits...)
	for i, d := range grow {
		start := i + len("/Length ")
		end := start + bytes.IndexByte(pdf[start:], '\n')
		n, err := strconv.Atoi(string(pdf[start:end]))
		if err != nil {
			return nil, fmt.Errorf("docgen: ToUnicode /Length: %w", err)
		}
		out = append(out, edit{start, end, strconv.AppendInt(nil, int64(n+d), 10)})
	}
	slices.SortFunc(out, func(a, b edit) int { return a.at - b.at })
	return out, nil
}

// apply makes the edits, which are ordered and do not overlap.
func apply(pdf []byte, edits []edit) []byte {
	out := make([]byte, 0, len(pdf)+16*len(edits))
	at := 0
	for _, e := range edits {
		out = append(out, pdf[at:e.at]...)
		out = append(out, e.by...)
		at = e.end
	}
	return append(out, pdf[at:]...)
}

// moved is where an offset of the old file lies in the new one.
func moved(off int, edits []edit) int {
	d := 0
	for _, e := range edits {
		if e.at >= off {
			break
		}
		d += len(e.by) - (e.end - e.at)
	}
	return off + d
}

// xrefEntry is one in-use entry of gopdf's cross-reference table.
var xrefEntry = regexp.MustCompile(`(?m)^(\d{10}) 00000 n $`)

// withXref rewrites the cross-reference table and startxref of pdf, in
// which the edits were made, to the objects' new offsets.
func withXref(pdf []byte, edits []edit) ([]byte, error) {
	sx := bytes.LastIndex(pdf, []byte("startxref\n"))
	if sx < 0 {
		return nil, fmt.Errorf("docgen: PDF without startxref")
	}
	numAt := sx + len("startxref\n")
	numEnd := numAt + bytes.IndexByte(pdf[numAt:], '\n')
	old, err := strconv.Atoi(string(pdf[numAt:numEnd]))
	if err != nil {
		return nil, fmt.Errorf("docgen: startxref: %w", err)
	}
	xref := moved(old, edits)
	if !bytes.HasPrefix(pdf[xref:], []byte("xref\n")) {
		return nil, fmt.Errorf("docgen: no xref table at %d", xref)
	}
	table := pdf[xref:sx]
	for _, m := range xrefEntry.FindAllSubmatchIndex(table, -1) {
		off, _ := strconv.Atoi(string(table[m[2]:m[3]]))
		copy(table[m[2]:m[3]], fmt.Appendf(nil, "%010d", moved(off, edits)))
	}
	out := append([]byte(nil), pdf[:numAt]...)
	out = strconv.AppendInt(out, int64(xref), 10)
	return append(out, pdf[numEnd:]...), nil
}
