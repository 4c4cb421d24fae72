package ident_test

import (
	"strings"
	"testing"
	"time"

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
		{"invalid/forbidden letter I", "9111000060003734IL", "不是允许的字符"},
		{"invalid/lower case not normalised", "91440101ma5cjq4n59", "不是允许的字符"},
		{"invalid/region not digits", "91A10000600037341L", "行政区划"},
		{"invalid/org code check", "91110000600037351L", "组织机构代码"},
		{"invalid/chinese characters", "统一社会信用代码统一社会信用代", "应为18位"},
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

func TestNormalizeUSCCAcceptsPastedLowerCase(t *testing.T) {
	if !ident.ValidUSCC(ident.NormalizeUSCC("  91440101ma5cjq4n59 ")) {
		t.Fatal("normalised lower-case code should be valid")
	}
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
		{"invalid/lower-case x not normalised", "11010519491231002x", "校验位"},
		{"invalid/second example changed", "440524188001010015", "校验位"},
		{"invalid/empty", "", "请填写"},
		{"invalid/15 digits legacy", "110105491231002", "应为18位"},
		{"invalid/letters in body", "1101051949123100AX", "前17位应为数字"},
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

func FuzzCheckUSCC(f *testing.F) {
	for _, s := range []string{"91110000600037341L", "", "统一", "91350200MA2Y0DEM69", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		msg := ident.CheckUSCC(ident.NormalizeUSCC(s))
		if msg == "" && len(ident.NormalizeUSCC(s)) != 18 {
			t.Fatalf("accepted %q of wrong length", s)
		}
	})
}

func FuzzCheckIDNumber(f *testing.F) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"11010519491231002X", "", "440524188001010014", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ident.CheckIDNumber(ident.NormalizeIDNumber(s), today) == "" && len(ident.NormalizeIDNumber(s)) != 18 {
			t.Fatalf("accepted %q of wrong length", s)
		}
	})
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
		if c := ident.USCCWithCheck(prefix); c != "" && ident.CheckUSCC(c) != "" && ident.CheckUSCC(c) != "统一社会信用代码第3至8位应为行政区划代码数字。" {
			t.Fatalf("USCCWithCheck(%q) = %q fails its check: %s", prefix, c, ident.CheckUSCC(c))
		}
		if id := ident.IDNumberWithCheck(body); id != "" {
			if msg := ident.CheckIDNumber(id, today); msg == "居民身份证号码校验位不正确，请核对是否有输错的数字。" {
				t.Fatalf("IDNumberWithCheck(%q) = %q has a wrong check character", body, id)
			}
		}
	})
}
