package docgen

import (
	"strings"
	"unicode"
)

// breakLines splits text into lines no wider than first (the first line)
// and rest (every other line), measuring each rune with width.
//
// It follows the rules of Chinese typesetting rather than gopdf's SplitText
// (which breaks at any rune and knows nothing of punctuation):
//   - a line may break between any two CJK characters, and between CJK and
//     Latin text, so long runs without spaces wrap;
//   - a run of Latin letters and digits (a word, a number, a URL) is kept
//     whole unless it is longer than a line, and then broken where it must;
//   - a line never starts with closing punctuation (，。、；：？！）》” …) and
//     never ends with opening punctuation (（《“ …): the character before is
//     carried to the next line with it (避头尾);
//   - spaces at the ends of lines are dropped.
//
// Every line has at least one rune, so the loop always advances, whatever
// the widths.
func breakLines(text string, first, rest float64, width func(rune) float64) []string {
	rs := []rune(text)
	var lines []string
	start := skipSpaces(rs, 0)
	for start < len(rs) {
		avail := rest
		if len(lines) == 0 {
			avail = first
		}
		end := len(rs) // where the line ends (exclusive) if everything fits
		lastBreak := -1
		w := 0.0
		for i := start; i < len(rs); i++ {
			if i > start && canBreak(rs[i-1], rs[i]) {
				lastBreak = i
			}
			w += width(rs[i])
			if w > avail && i > start && !isSpace(rs[i]) {
				if lastBreak > start {
					end = lastBreak
				} else {
					end = i // nowhere to break: break inside the word
				}
				break
			}
		}
		lines = append(lines, strings.TrimRightFunc(string(rs[start:end]), isSpace))
		start = skipSpaces(rs, end)
	}
	return lines
}

func skipSpaces(rs []rune, i int) int {
	for i < len(rs) && isSpace(rs[i]) {
		i++
	}
	return i
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' }

// canBreak reports whether a line may end between a and b.
func canBreak(a, b rune) bool {
	switch {
	case isSpace(b):
		return false // break after the spaces, not before them
	case isSpace(a):
		return true
	case noLineStart(b), noLineEnd(a):
		return false
	case isWordRune(a) && isWordRune(b):
		return false
	}
	return true
}

// isWordRune reports whether r belongs to a run that is kept together:
// anything that is neither a space nor a CJK character nor CJK punctuation.
func isWordRune(r rune) bool {
	if isSpace(r) || noLineStart(r) || noLineEnd(r) {
		return false
	}
	return !isCJK(r)
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) ||
		unicode.Is(unicode.Bopomofo, r) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK symbols and punctuation (〇 〓 …)
		(r >= 0xFF00 && r <= 0xFFEF) || // full-width forms
		(r >= 0x2E80 && r <= 0x2FFF) || // radicals, ideographic description
		r >= 0x1F000 // emoji and other pictographs: one per break
}

// noLineStart lists the characters that may not begin a line (行首禁则).
func noLineStart(r rune) bool {
	return strings.ContainsRune("，。、；：？！）》」』】〕〉〗〙〛”’…—～·・％‰℃°"+
		",.;:?!)]}%>", r)
}

// noLineEnd lists the characters that may not end a line (行尾禁则).
func noLineEnd(r rune) bool {
	return strings.ContainsRune("（《「『【〔〈〖〘〚“‘￥＄"+"([{<$¥", r)
}
