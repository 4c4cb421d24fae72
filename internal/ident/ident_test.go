package ident_test

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"hatch/internal/ident"
)

func TestCheckUSCC(t *testing.T) {
	tests := []struct {
		name    string
		code    string
		wantMsg string // substring of the message; "" means valid
	}{
		{"valid/standard example 1", "91110000600037341L", ""},
		{"valid/standard example 2", "91350200776049653A", ""},
		{"valid/standard example 3", "91440101MA5CJQ4N59", ""},
		{"valid/demo migrated org", "91350200MA2Y0DEM69", ""},
		{"valid/demo 2", "91110108MA01DEMA94", ""},
		{"valid/demo 3", "91440300MA5DEM0A63", ""},
		{"invalid/last char changed 1", "91110000600037341M", "校验位"},
		{"invalid/last char changed 2", "91350200776049653B", "校验位"},
		{"invalid/last char changed 3", "91440101MA5CJQ4N58", "校验位"},
		{"invalid/empty", "", "请填写"},
		{"invalid/too short", "9111000060003734", "应为18位"},
		{"invalid/too long", "91110000600037341LX", "应为18位"},
		{"invalid/forbidden letter I", "9111000060003734IL", "第17位是字母I，不是可用的字符（代码中不使用字母I、O、S、V、Z）；如果是数字一，请填写1。"},
		{"invalid/letter O is not the digit 0", "91110000600O37341L", "第12位是字母O，不是可用的字符（代码中不使用字母I、O、S、V、Z）；如果是数字零，请填写0。"},
		{"invalid/letter Z", "9111000060003734ZL", "第17位是字母Z，不是可用的字符"},
		{"invalid/lower case is not canonical", "91440101ma5cjq4n59", "第9位“m”不是可用的字符"},
		{"invalid/region not digits", "91A10000600037341L", "第3位“A”应为数字：第3至8位是登记管理机关的行政区划代码。"},
		{"invalid/org code check", "91110000600037351L", "组织机构代码"},
		{"invalid/chinese characters", "统一社会信用代码统一社会信用代", "统一社会信用代码应为18位，当前为15位，其中第1位“统”不是可用的字符"},
		{"invalid/18 chinese characters: never 应为18位，当前为18位", "统一社会信用代码统一社会信用代码统一", "统一社会信用代码第1位“统”不是可用的字符：代码只由数字和大写英文字母组成（不含I、O、S、V、Z）。"},
		{"invalid/full-width not canonical", "９１１１００００６０００３７３４１Ｌ", "第1位“９”不是可用的字符"},
		{"invalid/invisible character named by its code point", "9111000060003734\u200e1L", "第17位不可见字符（U+200E）不是可用的字符"},
		{"invalid/broken UTF-8", "91110000600037341\xff", "第18位一个无法识别的字符不是可用的字符"},
		{"invalid/too short with a stray full stop", "9111000060003734。", "应为18位，当前为17位，其中第17位“。”不是可用的字符"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ident.CheckUSCC(tt.code)
			if tt.wantMsg == "" && got != "" {
				t.Fatalf("CheckUSCC(%q) = %q, want valid", tt.code, got)
			}
			if tt.wantMsg != "" && !strings.Contains(got, tt.wantMsg) {
				t.Fatalf("CheckUSCC(%q) = %q, want message containing %q", tt.code, got, tt.wantMsg)
			}
		})
	}
}

// TestCanonical: what people type or paste folds to the code the
// standards write, and the check then accepts it or names what is wrong;
// nothing folds one character into another.
func TestCanonical(t *testing.T) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, typed, want string
		check             func(string) string
		wantMsg           string // substring of the check's message on want; "" means valid
	}{
		{"USCC/as it should be", "91440101MA5CJQ4N59", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/lower case, pasted with spaces", "  91440101ma5cjq4n59 ", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/mixed case", "91110108Ma01DemA94", "91110108MA01DEMA94", ident.CheckUSCC, ""},
		{"USCC/full width", "９１４４０１０１ＭＡ５ＣＪＱ４Ｎ５９", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/full-width lower case", "９１４４０１０１ｍａ５ｃｊｑ４ｎ５９", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/grouped with spaces", "9144 0101 MA5C JQ4N 59", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/ideographic and no-break spaces", "914401\u300001MA5C\u00a0JQ4N59", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/tabs and line breaks from a spreadsheet", "\t91440101MA5CJQ4N59\r\n", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/zero-width characters of a paste", "\ufeff91440101\u200bMA5CJQ4N59", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/hyphens", "914401-01MA5CJQ4N-59", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/full-width hyphen and dashes", "914401－01MA5CJQ4N—59", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/en dash and minus sign", "914401–01MA5CJQ4N−59", "91440101MA5CJQ4N59", ident.CheckUSCC, ""},
		{"USCC/the issue's code", "91110108ma0h01072t", "91110108MA0H01072T", ident.CheckUSCC, ""},
		{"USCC/letter O is not folded to 0", "91110108MAo1DEMA94", "91110108MAO1DEMA94", ident.CheckUSCC,
			"统一社会信用代码第11位是字母O，不是可用的字符（代码中不使用字母I、O、S、V、Z）；如果是数字零，请填写0。"},
		{"USCC/full-width letter O", "91110108MAＯ1DEMA94", "91110108MAO1DEMA94", ident.CheckUSCC, "第11位是字母O"},
		{"USCC/full-width I, the issue's example", "9111ＩＩ08MA01DEMA94", "9111II08MA01DEMA94", ident.CheckUSCC,
			"统一社会信用代码第5位是字母I，不是可用的字符"},
		{"USCC/a Chinese character is kept and named", "91110108MA01DEM统94", "91110108MA01DEM统94", ident.CheckUSCC,
			"统一社会信用代码第16位“统”不是可用的字符"},
		{"USCC/a full-width full stop is folded, then named", "91110108MA01DEMA9４．", "91110108MA01DEMA94.", ident.CheckUSCC,
			"应为18位，当前为19位，其中第19位“.”不是可用的字符"},
		{"USCC/a dotless i is not a capital I", "91110108MA01DEMAı4", "91110108MA01DEMAı4", ident.CheckUSCC, "第17位“ı”不是可用的字符"},
		{"USCC/empty after folding", " - ", "", ident.CheckUSCC, "请填写统一社会信用代码。"},
		{"ID/as it should be", "11010519491231002X", "11010519491231002X", idCheck(today), ""},
		{"ID/lower-case x", "11010519491231002x", "11010519491231002X", idCheck(today), ""},
		{"ID/full width", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", idCheck(today), ""},
		{"ID/full-width lower-case x", "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", idCheck(today), ""},
		{"ID/grouped 6-8-4 with spaces", "110105 19491231 002X", "11010519491231002X", idCheck(today), ""},
		{"ID/grouped with hyphens", "110105-19491231-002x", "11010519491231002X", idCheck(today), ""},
		{"ID/letter O is not folded to 0", "11O10519491231002X", "11O10519491231002X", idCheck(today),
			"居民身份证号码第3位是字母O，应为数字；如果是数字零，请填写0。"},
		{"ID/letter l is not folded to 1", "1101051949123l002X", "1101051949123L002X", idCheck(today),
			"居民身份证号码第14位是字母L，应为数字；如果是数字一，请填写1。"},
		{"ID/a check character other than X", "11010519491231002Y", "11010519491231002Y", idCheck(today),
			"居民身份证号码第18位“Y”应为数字或X。"},
		{"ID/a Chinese character among 18", "110105194912310０2号", "11010519491231002号", idCheck(today),
			"居民身份证号码第18位“号”应为数字或X。"},
		{"ID/15-digit legacy number", "110105 491231 002", "110105491231002", idCheck(today), "15位的旧号码已停用"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ident.Canonical(tt.typed)
			if got != tt.want {
				t.Fatalf("Canonical(%q) = %q, want %q", tt.typed, got, tt.want)
			}
			if again := ident.Canonical(got); again != got {
				t.Fatalf("Canonical is not idempotent: %q then %q", got, again)
			}
			msg := tt.check(got)
			if tt.wantMsg == "" && msg != "" {
				t.Fatalf("check(%q) = %q, want valid", got, msg)
			}
			if tt.wantMsg != "" && !strings.Contains(msg, tt.wantMsg) {
				t.Fatalf("check(%q) = %q, want message containing %q", got, msg, tt.wantMsg)
			}
			if strings.Contains(msg, "应为18位，当前为18位") {
				t.Fatalf("check(%q) contradicts itself: %q", got, msg)
			}
		})
	}
}

func idCheck(today time.Time) func(string) string {
	return func(id string) string { return ident.CheckIDNumber(id, today) }
}

func TestCheckIDNumber(t *testing.T) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		id      string
		wantMsg string
	}{
		{"valid/standard example with X", "11010519491231002X", ""},
		{"valid/second example", "440524188001010014", ""},
		{"invalid/check digit changed", "110105194912310021", "校验位"},
		{"invalid/lower-case x is not canonical", "11010519491231002x", "第18位“x”应为数字或X。"},
		{"invalid/second example changed", "440524188001010015", "校验位"},
		{"invalid/empty", "", "请填写"},
		{"invalid/15 digits legacy", "110105491231002", "应为18位，当前为15位：15位的旧号码已停用"},
		{"invalid/letters in body", "1101051949123100AX", "第17位“A”应为数字。"},
		{"invalid/too long", "11010519491231002X1", "应为18位，当前为19位。"},
		{"invalid/18 Chinese characters: never 应为18位，当前为18位", "居民身份证号码居民身份证号码居民身份", "居民身份证号码第1位“居”应为数字。"},
		{"invalid/province prefix 99", "990105194912310028", "省级行政区划"},
		{"invalid/impossible date", "110105194902300028", "不是有效日期"},
		{"invalid/future birth date", "110105209901010028", "合理范围"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ident.CheckIDNumber(tt.id, today)
			if tt.wantMsg == "" && got != "" {
				t.Fatalf("CheckIDNumber(%q) = %q, want valid", tt.id, got)
			}
			if tt.wantMsg != "" && !strings.Contains(got, tt.wantMsg) {
				t.Fatalf("CheckIDNumber(%q) = %q, want message containing %q", tt.id, got, tt.wantMsg)
			}
		})
	}
}

func TestCheckDocument(t *testing.T) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		typ   ident.IDType
		num   string
		valid bool
	}{
		{"idcard uses checksum", ident.IDCard, "11010519491231002X", true},
		{"idcard bad checksum rejected", ident.IDCard, "110105194912310021", false},
		{"passport plausible", ident.Passport, "E12345678", true},
		{"passport with punctuation rejected", ident.Passport, "E1234-5678", false},
		{"passport too short rejected", ident.Passport, "E12", false},
		{"unknown type rejected", ident.IDType("x"), "E12345678", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ident.CheckDocument(tt.typ, tt.num, today) == ""
			if got != tt.valid {
				t.Fatalf("CheckDocument(%s, %q) valid=%v, want %v", tt.typ, tt.num, got, tt.valid)
			}
		})
	}
}

func TestMaskIDNumber(t *testing.T) {
	if got := ident.MaskIDNumber("11010519491231002X"); got != "1101**********002X" {
		t.Fatalf("MaskIDNumber = %q", got)
	}
	if got := ident.MaskIDNumber("E123"); got != "****" {
		t.Fatalf("MaskIDNumber short = %q", got)
	}
}

// FuzzCheckUSCC: whatever is typed, the check accepts only 18 characters of
// the GB 32100 alphabet, and its message never contradicts itself.
func FuzzCheckUSCC(f *testing.F) {
	for _, s := range []string{"91110000600037341L", "", "统一", "91350200MA2Y0DEM69", "\x00\xff",
		"９１１１００００６０００３７３４１ｌ", "9111 0000-6000 3734 1L", "91110000600O37341L", "统一社会信用代码统一社会信用代码统一"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code := ident.Canonical(s)
		msg := ident.CheckUSCC(code)
		if msg == "" && (len(code) != 18 || strings.Trim(code, "0123456789ABCDEFGHJKLMNPQRTUWXY") != "") {
			t.Fatalf("accepted %q (typed %q)", code, s)
		}
		if strings.Contains(msg, "应为18位，当前为18位") {
			t.Fatalf("CheckUSCC(%q) contradicts itself: %s", code, msg)
		}
	})
}

// FuzzCheckIDNumber: whatever is typed, the check accepts only 18
// characters, seventeen digits and a digit or X.
func FuzzCheckIDNumber(f *testing.F) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"11010519491231002X", "", "440524188001010014", "\xff",
		"１１０１０５１９４９１２３１００２ｘ", "110105 19491231 002x", "居民身份证号码居民身份证号码居民身份"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id := ident.Canonical(s)
		msg := ident.CheckIDNumber(id, today)
		if msg == "" && (len(id) != 18 || strings.Trim(id[:17], "0123456789") != "" || strings.Trim(id[17:], "0123456789X") != "") {
			t.Fatalf("accepted %q (typed %q)", id, s)
		}
		if strings.Contains(msg, "应为18位，当前为18位") {
			t.Fatalf("CheckIDNumber(%q) contradicts itself: %s", id, msg)
		}
	})
}

// FuzzCanonical: canonicalising twice changes nothing; what is left is
// capitals, digits and whatever has no ASCII form (kept for the check to
// name), never a lower-case or full-width letter, a space or a dash; and a value made
// only of ASCII letters, digits, spaces and dashes, in either width,
// comes out as plain ASCII.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"", "91110108ma0h01072t", "９１１１ ｍａ－０", "\u3000\ufeff", "11010519491231002x", "\xff\x00", "ı ſ K"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := ident.Canonical(s)
		if again := ident.Canonical(c); again != c {
			t.Fatalf("Canonical(%q) = %q, then %q", s, c, again)
		}
		if !utf8.ValidString(c) {
			t.Fatalf("Canonical(%q) = %q is not valid UTF-8", s, c)
		}
		for _, r := range c {
			if r >= 'a' && r <= 'z' || r >= '！' && r <= '～' || unicode.IsSpace(r) || r == '-' {
				t.Fatalf("Canonical(%q) = %q keeps %q", s, c, r)
			}
		}
		if plainCode(s) {
			for i := 0; i < len(c); i++ {
				if !(c[i] >= '0' && c[i] <= '9' || c[i] >= 'A' && c[i] <= 'Z') {
					t.Fatalf("Canonical(%q) = %q is not ASCII letters and digits", s, c)
				}
			}
		}
	})
}

// plainCode: s is made of letters and digits (ASCII or full-width),
// spaces and hyphens only, the things people type for a code.
func plainCode(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		case r == ' ' || r == '\u3000' || r == '-' || r == '－':
		default:
			return false
		}
	}
	return true
}

// TestWithCheckCompletesWhatTheChecksAccept: the generators make the
// domain.md §7 vectors from their bodies, and everything they make passes
// the checks.
func TestWithCheckCompletesWhatTheChecksAccept(t *testing.T) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	usccs := []struct{ prefix, want string }{
		{"9111000060003734", "91110000600037341L"},
		{"9135020077604965", "91350200776049653A"},
		{"913502007760496", ""},  // too short
		{"91350200776049I5", ""}, // I is not in the alphabet
		{"9135020077604!65", ""}, // nor is !
	}
	for _, tt := range usccs {
		t.Run("USCC "+tt.prefix, func(t *testing.T) {
			got := ident.USCCWithCheck(tt.prefix)
			if got != tt.want {
				t.Fatalf("USCCWithCheck(%q) = %q, want %q", tt.prefix, got, tt.want)
			}
			if got != "" && !ident.ValidUSCC(got) {
				t.Fatalf("%s fails CheckUSCC: %s", got, ident.CheckUSCC(got))
			}
		})
	}
	ids := []struct{ body, want string }{
		{"11010519491231002", "11010519491231002X"},
		{"44052418800101001", "440524188001010014"},
		{"4405241880010100", ""},  // too short
		{"4405241880010100a", ""}, // not a digit
	}
	for _, tt := range ids {
		t.Run("ID "+tt.body, func(t *testing.T) {
			got := ident.IDNumberWithCheck(tt.body)
			if got != tt.want {
				t.Fatalf("IDNumberWithCheck(%q) = %q, want %q", tt.body, got, tt.want)
			}
			if got != "" && !ident.ValidIDNumber(got, today) {
				t.Fatalf("%s fails CheckIDNumber: %s", got, ident.CheckIDNumber(got, today))
			}
		})
	}
}

func FuzzWithCheck(f *testing.F) {
	f.Add("9135020077604965", "11010519491231002")
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, prefix, body string) {
		if c := ident.USCCWithCheck(prefix); c != "" && ident.CheckUSCC(c) != "" && !strings.Contains(ident.CheckUSCC(c), "第3至8位是登记管理机关的行政区划代码") {
			t.Fatalf("USCCWithCheck(%q) = %q fails its check: %s", prefix, c, ident.CheckUSCC(c))
		}
		if id := ident.IDNumberWithCheck(body); id != "" {
			if msg := ident.CheckIDNumber(id, today); msg == "居民身份证号码校验位不正确，请核对是否有输错的数字。" {
				t.Fatalf("IDNumberWithCheck(%q) = %q has a wrong check character", body, id)
			}
		}
	})
}
