package fonts_test

import (
	"testing"
	"unicode"

	"hatch/internal/fonts"

	"github.com/signintech/gopdf"
)

func TestMissing(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"nothing in empty text", "", ""},
		{"common text, rare name characters and 〇 all print", "厦门市堃喆赟镕科技有限公司 ABC 123 〇", ""},
		{"extensions B to H print", "𠀀𪜀𫝀𫠠𬺰𰀀𱍐", ""},
		{"compatibility ideographs print", "\uF900\U0002F800", ""},
		{"emoji, joiners, selectors and skin tones print", "👨\u200d👩\ufe0f👍🏽", ""},
		{"control characters are spaces, never missing", "\x00\n\t", ""},
		{"right-to-left letters are missing, each once", "שלום ا ا", "שלוםا"},
		{"a byte-order mark inside text is missing", "甲\ufeff乙", "\ufeff"},
		{"an unassigned code point is missing", "\U000E01F0x", "\U000E01F0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(fonts.Missing(c.in)); got != c.want {
				t.Errorf("Missing(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestForPrefersTheTextsOwnFace(t *testing.T) {
	for _, c := range []struct {
		name string
		r    rune
		main fonts.Face
		want fonts.Face
	}{
		{"a common character in body text is the serif's", '厦', fonts.Serif, fonts.Serif},
		{"a common character in bold text is the sans's", '厦', fonts.SansBold, fonts.SansBold},
		{"extension B falls back to 花園明朝A where it has it", '𠀀', fonts.Serif, fonts.HanaMinA},
		{"extension C falls back to 花園明朝B's second part", '𪜀', fonts.Serif, fonts.HanaMinBC},
		{"extension B falls back to 花園明朝B where 花園明朝A lacks it", '\U00020001', fonts.Serif, fonts.HanaMinB},
		{"extension G falls back to BabelStone Han", '𰀀', fonts.Serif, fonts.BabelStone},
		{"an emoji falls back to Symbola", '😀', fonts.SansBold, fonts.Symbola},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got, ok := fonts.For(c.r, c.main); !ok || got != c.want {
				t.Errorf("For(%q, %s) = %s, %v; want %s", c.r, c.main.Name(), got.Name(), ok, c.want.Name())
			}
		})
	}
}

func FuzzMissing(f *testing.F) {
	for _, s := range []string{"", "厦门", "𠀀😀", "ا", "\xff\xfe", "\ufeff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range fonts.Missing(s) {
			if _, ok := fonts.For(r, fonts.Serif); ok {
				t.Errorf("%q is missing but has a face", r)
			}
		}
	})
}

// TestCoverageIsTheFontsOwn: the coverage file says of every character
// what each font's own character map says, so that a character checked as
// printable is one the document can draw.
func TestCoverageIsTheFontsOwn(t *testing.T) {
	for _, f := range []fonts.Face{fonts.Serif, fonts.SansBold, fonts.HanaMinA, fonts.HanaMinB, fonts.HanaMinBC, fonts.BabelStone, fonts.Symbola} {
		t.Run(f.Name(), func(t *testing.T) {
			c, err := f.Container()
			if err != nil {
				t.Fatal(err)
			}
			p := new(gopdf.GoPdf)
			p.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
			if err := p.AddTTFFontFromFontContainer(f.Name(), c); err != nil {
				t.Fatal(err)
			}
			if err := p.SetFont(f.Name(), "", 10); err != nil {
				t.Fatal(err)
			}
			wrong := 0
			for r := rune(0x20); r <= unicode.MaxRune; r++ {
				if r == 0x40000 { // no font has planes 4 to 13; the file must say so too
					for ; r < 0xE0000; r++ {
						if fonts.Has(f, r) {
							t.Fatalf("the coverage file gives U+%04X", r)
						}
					}
				}
				has, _ := p.IsCurrFontContainGlyph(r)
				if has != fonts.Has(f, r) {
					if wrong++; wrong <= 5 {
						t.Errorf("U+%04X: the font says %v, the coverage file %v", r, has, !has)
					}
				}
			}
		})
	}
}
