package ident

import (
	"strings"
	"time"
	"unicode/utf8"
)

// idWeights are the ISO 7064 MOD 11-2 weights of GB 11643 for positions 1..17.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// CheckIDNumber returns "" when id is a valid 18-digit 公民身份号码 whose
// birth date is real (from 1800 on: the standard's own example was born in
// 1880) and not after today (the calendar date in China, at midnight UTC:
// clock.Today), otherwise a sentence saying what is wrong and, for a
// character that does not belong, which one and where. The address code
// may be historical, so only its province prefix is checked. id should be
// canonical (Canonical): the check itself folds nothing.
func CheckIDNumber(id string, today time.Time) string {
	if id == "" {
		return "请填写身份证号码。"
	}
	if msg := idShape(id); msg != "" {
		return msg
	}
	if !validProvincePrefix(id[:2]) {
		return "居民身份证号码前两位不是有效的省级行政区划代码。"
	}
	if msg := checkBirthDate(id[6:14], today); msg != "" {
		return msg
	}
	if idCheckChar(id[:17]) != id[17] {
		return "居民身份证号码校验位不正确，请核对是否有输错的数字。"
	}
	return ""
}

// idShape checks the length and the characters: seventeen digits and a
// digit or X. The length counts characters, as users do.
func idShape(id string) string {
	n := utf8.RuneCountInString(id)
	if n != 18 {
		bad, r := firstOutside(id, func(_ int, r rune) bool { return r >= '0' && r <= '9' || r == 'X' })
		switch {
		case n == 15 && bad == 0:
			return "居民身份证号码应为18位，当前为15位：15位的旧号码已停用，请填写18位的号码。"
		case bad > 0:
			return "居民身份证号码应为18位，当前为" + itoa(n) + "位，其中" + idCharProblem(bad, r)
		}
		return "居民身份证号码应为18位，当前为" + itoa(n) + "位。"
	}
	if bad, r := firstOutside(id, idChar); bad > 0 {
		return "居民身份证号码" + idCharProblem(bad, r)
	}
	return ""
}

// idChar accepts a digit anywhere and X as the check character.
func idChar(pos int, r rune) bool { return r >= '0' && r <= '9' || pos == 18 && r == 'X' }

// idCharProblem says why the character at pos cannot be there, after
// "居民身份证号码".
func idCharProblem(pos int, r rune) string {
	at := "第" + itoa(pos) + "位"
	want := "应为数字"
	if pos == 18 {
		want = "应为数字或X"
	}
	switch r {
	case 'O':
		return at + "是字母O，" + want + "；如果是数字零，请填写0。"
	case 'I', 'L':
		return at + "是字母" + string(r) + "，" + want + "；如果是数字一，请填写1。"
	}
	return at + quoted(r) + want + "。"
}

// idCheckChar is the GB 11643 check character of 17 digits.
func idCheckChar(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// IDNumberWithCheck completes a 公民身份号码 from its 17 digits (address
// code, birth date YYYYMMDD, sequence number) with its check character. It
// is for making numbers (demo and test data); it returns "" when body is
// not 17 digits.
func IDNumberWithCheck(body string) string {
	if len(body) != 17 || strings.Trim(body, "0123456789") != "" {
		return ""
	}
	return body + string(idCheckChar(body))
}

// ValidIDNumber reports whether id is a valid 公民身份号码 as of today.
func ValidIDNumber(id string, today time.Time) bool { return CheckIDNumber(id, today) == "" }

func checkBirthDate(s string, today time.Time) string {
	d, err := time.Parse("20060102", s)
	if err != nil {
		return "居民身份证号码中的出生日期" + s + "不是有效日期。"
	}
	if d.Year() < 1800 || d.After(today) {
		return "居民身份证号码中的出生日期" + s + "不在合理范围内。"
	}
	return ""
}

// validProvincePrefix accepts 11–65 as mainland provinces, plus 71 (台湾),
// 81 (香港), 82 (澳门) and 83 (港澳台居民居住证).
func validProvincePrefix(p string) bool {
	n := int(p[0]-'0')*10 + int(p[1]-'0')
	return (n >= 11 && n <= 65) || n == 71 || n == 81 || n == 82 || n == 83
}

// MaskIDNumber hides the middle of an identity number for display, keeping
// the first 4 and last 4 characters: 1101**********002X.
func MaskIDNumber(id string) string {
	r := []rune(id)
	if len(r) <= 8 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:4]) + strings.Repeat("*", len(r)-8) + string(r[len(r)-4:])
}
