package ident

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Canonical is an identifier as Hatch stores and compares it: a
// 统一社会信用代码 or a 居民身份证号码 folded from what people type or paste
// to the characters the standards use. Full-width letters and digits (an
// input method left in full-width mode types "９１１１…") become ASCII,
// lower-case letters become capitals (both standards use capitals only),
// and spaces, zero-width characters and the dashes people group digits
// with are removed.
//
// Nothing else changes: a character with no ASCII form is kept as typed,
// so that the check can name it, and no character becomes another one
// (the letter O is not the digit 0; which was meant is the user's call).
// Canonicalising twice changes nothing.
func Canonical(s string) string {
	if alreadyCanonical(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r = foldRune(r); r >= 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// alreadyCanonical is the common case, a code typed as it should be: it
// saves building a copy on every save and every comparison.
func alreadyCanonical(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// foldRune maps one character to its canonical form, -1 to drop it.
func foldRune(r rune) rune {
	if r >= '！' && r <= '～' { // the full-width forms of ASCII ! … ~
		r -= '！' - '!'
	}
	switch {
	case r >= 'a' && r <= 'z':
		return r - 'a' + 'A'
	case separator(r):
		return -1
	}
	return r
}

// separator reports the characters people put between groups of digits:
// every kind of space (the ideographic one included), the invisible ones a
// paste carries along, and dashes.
func separator(r rune) bool {
	switch r {
	case '-', '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣',
		'\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.IsSpace(r)
}

// firstOutside returns the 1-based position and the character of the first
// rune of code that ok refuses; 0 when there is none.
func firstOutside(code string, ok func(i int, r rune) bool) (int, rune) {
	i := 0
	for _, r := range code {
		i++
		if !ok(i, r) {
			return i, r
		}
	}
	return 0, 0
}

// quoted shows a character inside a message: as itself in “”, or, for one
// that would show nothing (a control or format character) or cannot be
// read, in words with its code point.
func quoted(r rune) string {
	switch {
	case r == utf8.RuneError:
		return "一个无法识别的字符"
	case !unicode.IsGraphic(r):
		return "不可见字符（U+" + strings.ToUpper(strconv.FormatInt(int64(r), 16)) + "）"
	}
	return "“" + string(r) + "”"
}

// itoa keeps the messages readable.
func itoa(n int) string { return strconv.Itoa(n) }
