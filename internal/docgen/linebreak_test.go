package docgen

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// unitWidth measures CJK characters as 2 and everything else as 1.
func unitWidth(r rune) float64 {
	if isCJK(r) || noLineStart(r) && r > 0x2000 || noLineEnd(r) && r > 0x2000 {
		return 2
	}
	return 1
}

func TestBreakLines(t *testing.T) {
	cases := []struct {
		name        string
		text        string
		first, rest float64
		want        []string
	}{
		{"fits", "承诺书", 10, 10, []string{"承诺书"}},
		{"empty", "", 10, 10, nil},
		{"spaces only", "   ", 10, 10, nil},
		{"cjk run without spaces wraps", "一二三四五六七八九十", 8, 8,
			[]string{"一二三四", "五六七八", "九十"}},
		{"first line indented", "一二三四五六七八九十", 4, 8,
			[]string{"一二", "三四五六", "七八九十"}},
		{"no comma at line start", "一二三四，五六", 8, 8,
			[]string{"一二三", "四，五六"}},
		{"no full stop at line start", "一二三四。", 8, 8,
			[]string{"一二三", "四。"}},
		{"no opening bracket at line end", "一二三（四）", 8, 8,
			[]string{"一二三", "（四）"}},
		{"latin word kept whole", "申报2025年度", 6, 6,
			[]string{"申报", "2025年", "度"}},
		{"latin words break at spaces", "hello big world", 9, 9,
			[]string{"hello big", "world"}},
		{"word longer than a line is broken", "abcdefghij", 4, 4,
			[]string{"abcd", "efgh", "ij"}},
		{"spaces dropped at line ends", "ab   cd", 3, 3, []string{"ab", "cd"}},
		{"line narrower than one character", "一二", 1, 1, []string{"一", "二"}},
		{"only punctuation", "，，，，，", 4, 4, []string{"，，", "，，", "，"}},
		{"mixed", "本单位（Hatch Ltd.）同意。", 14, 14,
			[]string{"本单位（Hatch", "Ltd.）同意。"}},
		{"a decimal is never broken at its point", "合计1234.5678元", 12, 12,
			[]string{"合计", "1234.5678元"}},
		{"a thousands separator does not end a line", "共1,000,000人", 12, 12,
			[]string{"共", "1,000,000人"}},
		{"a date in characters is one piece", "入驻于2021年3月8日", 12, 12,
			[]string{"入驻于", "2021年3月8日"}},
		{"第 n 行 stays together", "见附件第 12 行", 8, 8,
			[]string{"见附件", "第 12 行"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := breakLines(c.text, c.first, c.rest, unitWidth)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("breakLines(%q, %v, %v) (-want +got):\n%s", c.text, c.first, c.rest, diff)
			}
		})
	}
}

// TestBreakLinesKeepsText checks, over many widths, that no line is wider
// than allowed (unless it is a single character), that no line is empty,
// and that every non-space character comes out once, in order.
func TestBreakLinesKeepsText(t *testing.T) {
	text := "厦门市堃喆赟镕科技创新服务有限公司作为鹭岛创客空间（Egret Island Makerspace）的运营主体，" +
		"申报2025年度众创空间国家备案；网址https://example.org/a-very-long-path-without-spaces。" +
		strings.Repeat("长", 50) + "……——“引号”《书名》"
	for width := 1.0; width <= 80; width++ {
		lines := breakLines(text, width/2, width, unitWidth)
		for i, l := range lines {
			limit := width
			if i == 0 {
				limit = width / 2
			}
			w := 0.0
			for _, r := range l {
				w += unitWidth(r)
			}
			if l == "" || (w > limit && utf8.RuneCountInString(l) > 1) {
				t.Fatalf("width %v: line %d %q has width %v", width, i, l, w)
			}
		}
		if got, want := squash(strings.Join(lines, "")), squash(text); got != want {
			t.Fatalf("width %v: text changed:\n got %q\nwant %q", width, got, want)
		}
	}
}
