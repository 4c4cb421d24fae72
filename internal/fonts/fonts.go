// Package fonts holds the fonts that the generated documents embed, and
// answers which of them prints a character: the question both the printer
// (docgen) and the checks of what users type (form) ask.
//
// A document's text is set in a Song/Ming-style serif (Noto Serif SC), its
// titles and headings in a bold sans (Noto Sans SC Bold). A character
// those lack falls back, glyph by glyph, to 花園明朝 A and B (CJK
// Extensions A–F and the compatibility ideographs), BabelStone Han
// (Extensions G–H) and Symbola (emoji, symbols, and the invisible joiners
// and selectors of emoji sequences). A character none has is Missing: the
// documents print its code point instead, and the forms say so beside the
// field.
//
// The files come from pinned packages with checksums (scripts/fetch-font.sh;
// licences in data/*.txt). The fallbacks are cut to what they are there for
// and parsed the first time a document prints one of their characters.
// They are embedded uncompressed on purpose: the operating system then
// reads in only the pages a document uses, where a compressed font would
// have to be inflated whole onto the heap (measured on the large 申报书
// with every fallback in use: 101 MB peak RSS against 155 MB, 17 MB more
// binary). Which characters each font has is
// read from data/coverage.tsv, written by the same script, so that checking
// what a user typed never loads a font.
package fonts

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/signintech/gopdf"
)

var (
	//go:embed data/NotoSerifSC-Regular.ttf
	serifTTF []byte
	//go:embed data/NotoSansSC-Bold.ttf
	sansBoldTTF []byte
	//go:embed data/HanaMinA.ttf
	hanaMinATTF []byte
	//go:embed data/HanaMinB-ExtB.ttf
	hanaMinBExtBTTF []byte
	//go:embed data/HanaMinB-ExtCF.ttf
	hanaMinBExtCFTTF []byte
	//go:embed data/BabelStoneHan.ttf
	babelStoneTTF []byte
	//go:embed data/Symbola.ttf
	symbolaTTF []byte
)

// Face is one embedded font.
type Face int

// The faces, the two main ones first and the fallbacks in the order they
// are tried.
const (
	Serif Face = iota
	SansBold
	HanaMinA
	HanaMinB  // Extension B
	HanaMinBC // Extensions C to F
	BabelStone
	Symbola
)

type face struct {
	name string
	ttf  []byte
}

var faces = [...]face{
	Serif:      {"NotoSerifSC-Regular", serifTTF},
	SansBold:   {"NotoSansSC-Bold", sansBoldTTF},
	HanaMinA:   {"HanaMinA", hanaMinATTF},
	HanaMinB:   {"HanaMinB-ExtB", hanaMinBExtBTTF},
	HanaMinBC:  {"HanaMinB-ExtCF", hanaMinBExtCFTTF},
	BabelStone: {"BabelStoneHan", babelStoneTTF},
	Symbola:    {"Symbola", symbolaTTF},
}

// fallbacks are tried in this order after the text's own face.
var fallbacks = [...]Face{HanaMinA, HanaMinB, HanaMinBC, BabelStone, Symbola}

// Name is the font's family name in a PDF.
func (f Face) Name() string { return faces[f].name }

// containers are the faces parsed once, shared read-only by all documents
// (each keeps its own glyph subset).
var containers [len(faces)]func() (*gopdf.FontContainer, error)

func init() {
	for i := range faces {
		f := Face(i)
		containers[i] = sync.OnceValues(func() (*gopdf.FontContainer, error) { return load(f) })
	}
}

func load(f Face) (*gopdf.FontContainer, error) {
	ttf := faces[f].ttf
	c := new(gopdf.FontContainer)
	// A glyph asked of a face that lacks it is a bug of For; it prints as
	// the font's empty glyph rather than failing the document.
	opt := gopdf.TtfOption{OnGlyphNotFoundSubstitute: func(rune) rune { return 0 }}
	if err := c.AddTTFFontDataWithOption(f.Name(), ttf, opt); err != nil {
		return nil, fmt.Errorf("fonts: load %s: %w", f.Name(), err)
	}
	return c, nil
}

// Container is the parsed font, to add to a document.
func (f Face) Container() (*gopdf.FontContainer, error) { return containers[f]() }

//go:embed data/coverage.tsv
var coverageTSV string

// coverage is, for each face, the ranges of characters it has, in order.
var coverage = sync.OnceValue(func() [len(faces)][][2]rune {
	var out [len(faces)][][2]rune
	byName := map[string]Face{}
	for i := range faces {
		byName[faces[i].name] = Face(i)
	}
	for _, line := range strings.Split(coverageTSV, "\n") {
		col := strings.Split(line, "\t")
		if len(col) != 3 || strings.HasPrefix(line, "#") {
			continue
		}
		f, ok := byName[col[0]]
		first, err1 := strconv.ParseUint(col[1], 16, 32)
		last, err2 := strconv.ParseUint(col[2], 16, 32)
		if !ok || err1 != nil || err2 != nil {
			panic("fonts: malformed coverage.tsv line " + strconv.Quote(line)) // the tests read it whole
		}
		out[f] = append(out[f], [2]rune{rune(first), rune(last)})
	}
	return out
})

// has reports whether f has a glyph for r.
func (f Face) has(r rune) bool {
	rs := coverage()[f]
	i := sort.Search(len(rs), func(i int) bool { return rs[i][1] >= r })
	return i < len(rs) && rs[i][0] <= r
}

// choice is a cached answer of For.
type choice struct {
	face Face
	ok   bool
}

var chosen sync.Map // key{r, main} → choice

type key struct {
	r    rune
	main Face
}

// For returns the face that prints r in text set in main: main itself when
// it has the glyph, else the other main face, else the first fallback that
// has it. ok is false when none has it.
func For(r rune, main Face) (Face, bool) {
	k := key{r, main}
	if c, ok := chosen.Load(k); ok {
		return c.(choice).face, c.(choice).ok
	}
	c := choice{}
	for _, f := range append([]Face{main, other(main)}, fallbacks[:]...) {
		if f.has(r) {
			c = choice{f, true}
			break
		}
	}
	chosen.Store(k, c)
	return c.face, c.ok
}

func other(main Face) Face {
	if main == Serif {
		return SansBold
	}
	return Serif
}

// Missing returns the distinct characters of s, in order of first
// appearance, that no embedded font prints. Spaces and control characters
// (which print as spaces) are never missing. It returns nil when every
// character prints.
func Missing(s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if seen[r] || unicode.IsControl(r) || r == ' ' {
			continue
		}
		seen[r] = true
		if _, ok := For(r, Serif); !ok {
			out = append(out, r)
		}
	}
	return out
}
