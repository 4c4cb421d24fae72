package docgen

import (
	_ "embed"
	"fmt"
	"sync"
	"unicode"

	"github.com/signintech/gopdf"
)

// The fonts come from the npm package @expo-google-fonts/noto-sans-sc@0.4.3
// (Noto Sans SC 400 and 700, SIL Open Font License 1.1, see fonts/OFL.txt);
// scripts/fetch-font.sh fetches and checks them.
var (
	//go:embed fonts/NotoSansSC-Regular.ttf
	regularTTF []byte
	//go:embed fonts/NotoSansSC-Bold.ttf
	boldTTF []byte
)

const (
	familyRegular = "NotoSansSC-Regular"
	familyBold    = "NotoSansSC-Bold"

	// missingGlyph is printed in place of a character the font lacks:
	// 〓 (U+3013 GETA MARK) is the conventional 缺字 mark in Chinese and
	// Japanese typesetting.
	missingGlyph = '〓'
)

// The parsed fonts are shared, read-only, by all documents; each document
// keeps its own glyph subset.
var fonts struct {
	once      sync.Once
	container *gopdf.FontContainer
	err       error
}

func fontContainer() (*gopdf.FontContainer, error) {
	fonts.once.Do(func() {
		opt := gopdf.TtfOption{
			OnGlyphNotFoundSubstitute: func(rune) rune { return missingGlyph },
		}
		c := new(gopdf.FontContainer)
		if err := c.AddTTFFontDataWithOption(familyRegular, regularTTF, opt); err != nil {
			fonts.err = fmt.Errorf("docgen: load regular font: %w", err)
			return
		}
		if err := c.AddTTFFontDataWithOption(familyBold, boldTTF, opt); err != nil {
			fonts.err = fmt.Errorf("docgen: load bold font: %w", err)
			return
		}
		fonts.container = c
	})
	return fonts.container, fonts.err
}

// glyphChecker answers whether the regular font has a glyph for a rune.
// A probe document is enough: gopdf looks the rune up in the font's cmap.
var glyphChecker struct {
	once sync.Once
	mu   sync.Mutex
	pdf  *gopdf.GoPdf
	err  error
}

// Unprintable returns the distinct characters of s, in order of first
// appearance, that the documents cannot print and will show as 〓 (see the
// package comment). Characters that are dropped anyway (control and
// formatting characters such as zero-width joiners and variation selectors)
// are not listed. It returns nil when every character prints.
func Unprintable(s string) []rune {
	glyphChecker.once.Do(func() {
		c, err := fontContainer()
		if err != nil {
			glyphChecker.err = err
			return
		}
		p := new(gopdf.GoPdf)
		p.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
		if err := p.AddTTFFontFromFontContainer(familyRegular, c); err != nil {
			glyphChecker.err = err
			return
		}
		if err := p.SetFont(familyRegular, "", 10); err != nil {
			glyphChecker.err = err
			return
		}
		glyphChecker.pdf = p
	})
	var out []rune
	seen := map[rune]bool{}
	glyphChecker.mu.Lock()
	defer glyphChecker.mu.Unlock()
	for _, r := range clean(s) {
		if seen[r] || r == ' ' {
			continue
		}
		seen[r] = true
		if glyphChecker.err != nil {
			out = append(out, r)
			continue
		}
		if ok, err := glyphChecker.pdf.IsCurrFontContainGlyph(r); err != nil || !ok {
			out = append(out, r)
		}
	}
	return out
}

// clean prepares text for printing: control characters become spaces, and
// invisible formatting characters (zero-width joiners and spaces, bidi
// controls, byte-order marks, variation selectors, emoji skin-tone
// modifiers, tag characters), which the font has no glyph for and which
// would otherwise each print as 〓, are dropped.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if dropped(r) || unicode.IsControl(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case dropped(r):
		case unicode.IsControl(r):
			out = append(out, ' ')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

func dropped(r rune) bool {
	return unicode.Is(unicode.Cf, r) || // format: ZWJ, ZWSP, bidi marks, BOM, tags
		unicode.Is(unicode.Variation_Selector, r) ||
		(r >= 0x1F3FB && r <= 0x1F3FF) // emoji skin-tone modifiers
}
