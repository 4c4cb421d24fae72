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
//     so is the punctuation inside it (3.14, 1,000, 10:30, example.org);
//   - a number keeps to the unit after it (2025年, 12人, 第 3 行), and a
//     date written in characters (2021年3月8日) is one piece;
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
		w := 0.0
		for i := start; i < len(rs); i++ {
			w += width(rs[i])
			if w > avail && i > start && !isSpace(rs[i]) {
				end = lastBreak(rs, start, i)
				break
			}
		}
		lines = append(lines, strings.TrimRightFunc(string(rs[start:end]), isSpace))
		start = skipSpaces(rs, end)
	}
	return lines
}

// lastBreak is where a line that starts at start and overflows at rs[i]
// ends: at the last place before or at i where it may break, or at i when
// there is none (a word longer than the line is broken).
func lastBreak(rs []rune, start, i int) int {
	for j := i; j > start; j-- {
		if breakable(rs, j) {
			return j
		}
	}
	return i
}

func skipSpaces(rs []rune, i int) int {
	for i < len(rs) && isSpace(rs[i]) {
		i++
	}
	return i
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' }

// extent measures text as breakLines sets it: its width on one line, and
// the width of its widest piece that no break divides (a word, a number, a
// character with the punctuation that keeps to it), without the spaces a
// line would drop at its end.
func extent(text string, width func(rune) float64) (total, widest float64) {
	rs := []rune(text)
	piece, spaces := 0.0, 0.0
	for i, r := range rs {
		if i > 0 && breakable(rs, i) {
			widest, piece, spaces = max(widest, piece), 0, 0
		}
		w := width(r)
		total += w
		if isSpace(r) {
			spaces += w
		} else {
			piece, spaces = piece+spaces+w, 0
		}
	}
	return total, max(widest, piece)
}

// breakable reports whether a line may end between rs[i-1] and rs[i]:
// canBreak, unless that would divide a number or a date (see breakLines).
func breakable(rs []rune, i int) bool {
	a, b := rs[i-1], rs[i]
	if isIdeograph(a) && isIdeograph(b) {
		return true // most of what is set: answered first
	}
	if !canBreak(a, b) {
		return false
	}
	switch {
	case isDigit(a) && strings.ContainsRune(numberUnits, b):
		return false // 2025年, 12人
	case i < 2:
		return true
	case strings.ContainsRune(".,:", a) && isWordRune(rs[i-2]) && isWordRune(b):
		return false // 3.14, 1,000, 10:30
	case strings.ContainsRune("年月", a) && isDigit(rs[i-2]) && isDigit(b):
		return false // 2021年3月8日
	case isSpace(a) && isDigit(rs[i-2]) && strings.ContainsRune(numberUnits, b):
		return false // 第 3 行
	case isSpace(a) && rs[i-2] == '第' && isDigit(b):
		return false // 第 3 行
	}
	return true
}

// numberUnits are the characters that keep to the number before them.
const numberUnits = "年月日时分秒号万亿元角个人次项家名岁行页条"

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

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
	if isIdeograph(r) {
		return false
	}
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

// isIdeograph reports whether r is one of the common ideographs
// (U+4E00–U+9FFF): most of what is set, answered before the lists below
// are searched.
func isIdeograph(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }

// noLineStart lists the characters that may not begin a line (行首禁则).
func noLineStart(r rune) bool {
	return !isIdeograph(r) && strings.ContainsRune("，。、；：？！）》」』】〕〉〗〙〛”’…—～·・％‰℃°"+
		",.;:?!)]}%>", r)
}

// noLineEnd lists the characters that may not end a line (行尾禁则).
func noLineEnd(r rune) bool {
	return !isIdeograph(r) && strings.ContainsRune("（《「『【〔〈〖〘〚“‘￥＄"+"([{<$¥", r)
}
