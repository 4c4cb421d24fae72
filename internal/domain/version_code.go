package domain

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// VersionAlphabet is Crockford's base 32: no I, L, O or U, so a 版本号
// copied from paper by hand cannot be misread between letters and digits.
const VersionAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NormalizeVersionCode reads a 版本号 as it is typed from paper or scanned,
// wherever one is typed (the paper check, the public verification page):
// full-width characters as their ASCII forms (a Chinese input method types
// those), any case, spaces and dashes anywhere, O for 0 and I or L for 1,
// a whole verification URL. It returns the canonical 2021ZC-7K3M-Q9TX,
// or "" for what cannot be one.
func NormalizeVersionCode(in string) string {
	in = width.Fold.String(in)
	if i := strings.LastIndex(in, "v="); i >= 0 {
		in = in[i+2:]
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(in) {
		switch {
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		case unicode.IsSpace(r) || strings.ContainsRune(versionDashes, r):
			continue
		}
		if r > 0x7f {
			return ""
		}
		b.WriteRune(r)
	}
	s := b.String()
	// year (4 digits) + type (2 letters) + 8 code characters
	if len(s) != 14 || strings.Trim(s[:4], "0123456789") != "" || strings.Trim(s[4:6], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return ""
	}
	for _, r := range s[6:] {
		if !strings.ContainsRune(VersionAlphabet, r) {
			return ""
		}
	}
	return s[:6] + "-" + s[6:10] + "-" + s[10:]
}

// versionDashes are what people put between a 版本号's groups besides
// spaces: dashes of every kind (full-width ones are folded before), dots.
const versionDashes = "-‐‑‒–—―_.·・"

// SameVersion compares a 版本号 typed from paper with the stored one, both
// read by NormalizeVersionCode: differences it folds are typing slips, not
// other versions. Nothing matches a value that is no 版本号.
func SameVersion(typed, stored string) bool {
	a := NormalizeVersionCode(typed)
	return a != "" && a == NormalizeVersionCode(stored)
}
