// Package ident validates the national identifiers Hatch accepts: the
// 统一社会信用代码 (GB 32100-2015) and the 公民身份号码 (GB 11643-1999).
// Canonical folds what people type into the one form both are stored and
// compared in; each check then returns a Chinese sentence saying what is
// wrong, so forms can show it beside the field.
package ident

import (
	"strings"
	"unicode/utf8"
)

// usccCharset is the 31-character alphabet of GB 32100: digits and capital
// letters without I, O, S, V and Z. A character's value is its index.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are 3^(i-1) mod 31 for positions 1..17.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgCodeWeights are the GB 11714 weights for positions 9..16 of a USCC.
var orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// CheckUSCC returns "" when code is a valid 统一社会信用代码, otherwise a
// sentence saying what is wrong and, for a character that does not belong,
// which one and where. code should be canonical (Canonical): the check
// itself folds nothing, so what it accepts is exactly what is stored.
func CheckUSCC(code string) string {
	if code == "" {
		return "请填写统一社会信用代码。"
	}
	if n := utf8.RuneCountInString(code); n != 18 {
		msg := "统一社会信用代码应为18位，当前为" + itoa(n) + "位"
		if pos, r := firstOutside(code, inUSCCCharset); pos > 0 {
			return msg + "，其中" + usccCharProblem(pos, r)
		}
		return msg + "。"
	}
	if pos, r := firstOutside(code, inUSCCCharset); pos > 0 {
		return "统一社会信用代码" + usccCharProblem(pos, r)
	}
	vals := make([]int, 18)
	for i := 0; i < 18; i++ {
		vals[i] = strings.IndexByte(usccCharset, code[i])
	}
	for i := 2; i < 8; i++ {
		if vals[i] > 9 {
			return "统一社会信用代码第" + itoa(i+1) + "位“" + code[i:i+1] +
				"”应为数字：第3至8位是登记管理机关的行政区划代码。"
		}
	}
	if !orgCodeValid(code[8:17]) {
		return "统一社会信用代码第9至17位（组织机构代码）校验不通过，请核对。"
	}
	if usccCheckChar(vals[:17]) != code[17] {
		return "统一社会信用代码校验位不正确，请核对是否有输错的字符。"
	}
	return ""
}

func inUSCCCharset(_ int, r rune) bool {
	return r < utf8.RuneSelf && strings.IndexByte(usccCharset, byte(r)) >= 0
}

// usccCharProblem says why the character at pos cannot be in a code, after
// "统一社会信用代码". The letters GB 32100 leaves out are named, and the two
// that look like digits say which digit was perhaps meant: folding never
// guesses that.
func usccCharProblem(pos int, r rune) string {
	const left = "（代码中不使用字母I、O、S、V、Z）"
	at := "第" + itoa(pos) + "位"
	switch r {
	case 'O':
		return at + "是字母O，不是可用的字符" + left + "；如果是数字零，请填写0。"
	case 'I':
		return at + "是字母I，不是可用的字符" + left + "；如果是数字一，请填写1。"
	case 'S', 'V', 'Z':
		return at + "是字母" + string(r) + "，不是可用的字符" + left + "。"
	}
	return at + quoted(r) + "不是可用的字符：代码只由数字和大写英文字母组成（不含I、O、S、V、Z）。"
}

// ValidUSCC reports whether code is a valid 统一社会信用代码.
func ValidUSCC(code string) bool { return CheckUSCC(code) == "" }

func usccCheckChar(vals []int) byte {
	sum := 0
	for i, v := range vals {
		sum += v * usccWeights[i]
	}
	return usccCharset[(31-sum%31)%31]
}

// orgCodeValid checks the GB 11714 organisation code embedded in positions
// 9..17: eight body characters (0-9, A-Z = 10..35) and a check character.
func orgCodeValid(s string) bool {
	want, ok := orgCodeCheckChar(s[:8])
	return ok && s[8] == want
}

// orgCodeCheckChar is the GB 11714 check character of eight body
// characters; ok is false when one is outside 0-9, A-Z.
func orgCodeCheckChar(body string) (byte, bool) {
	sum := 0
	for i := 0; i < 8; i++ {
		v := orgCodeValue(body[i])
		if v < 0 {
			return 0, false
		}
		sum += v * orgCodeWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X', true
	case 11:
		return '0', true
	default:
		return byte('0' + c), true
	}
}

// USCCWithCheck completes a 统一社会信用代码 from its first 16 characters
// (registration authority and type, the six-digit region code and the eight
// organisation-code characters) with both check characters, the GB 11714
// one and the GB 32100 one. It is for making codes (demo and test data);
// it returns "" when the characters cannot form a code.
func USCCWithCheck(prefix16 string) string {
	if len(prefix16) != 16 {
		return ""
	}
	org, ok := orgCodeCheckChar(prefix16[8:16])
	if !ok {
		return ""
	}
	code := prefix16 + string(org)
	vals := make([]int, 17)
	for i := range vals {
		if vals[i] = strings.IndexByte(usccCharset, code[i]); vals[i] < 0 {
			return ""
		}
	}
	return code + string(usccCheckChar(vals))
}

func orgCodeValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}
