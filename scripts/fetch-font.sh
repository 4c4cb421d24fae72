#!/usr/bin/env bash
# Fetches the fonts that internal/fonts embeds into every generated PDF, from
# pinned sources with checksums, and writes them to internal/fonts/data:
#
#   NotoSerifSC-Regular.ttf  body text (Noto Serif SC 400, a Song/Ming-style
#                            serif as official documents use), from the npm
#                            package @expo-google-fonts/noto-serif-sc
#   NotoSansSC-Bold.ttf      titles and headings (Noto Sans SC 700), from
#                            @expo-google-fonts/noto-sans-sc
#   HanaMinA.ttf             fallbacks, glyph by glyph, for what Noto lacks:
#   HanaMinB-Ext*.ttf          CJK Extensions A–F and the compatibility
#   BabelStoneHan.ttf          ideographs (花園明朝 A/B, Debian fonts-hanazono);
#   Symbola.ttf                Extensions G–H (BabelStone Han, Debian
#                              fonts-babelstone-han); emoji, symbols and the
#                              invisible joiners and selectors (Symbola,
#                              Debian fonts-symbola)
#   coverage.tsv             the characters each font has, as ranges
#   *.txt                    each font's licence, as its package ships it
#
# Each fallback is cut (fontTools' subsetter) to the characters it is there
# for and that no font before it has: together they cover about 75,000
# characters in 38 MB, stored uncompressed so that a process reads in only
# the pages a document uses (see internal/fonts).
#
# The fonts are committed, so building Hatch needs nothing of this; run it only
# to change a font. Needs: npm, apt-get (Debian bookworm's archive), tar,
# dpkg-deb, sha256sum and /usr/bin/python3 with python3-fonttools.
#
# Usage: scripts/fetch-font.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="$root/internal/fonts/data"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

check() { # file expected-sha256
	local got
	got="$(sha256sum "$1" | cut -d' ' -f1)"
	if [ "$got" != "$2" ]; then
		echo "fetch-font: checksum mismatch for $1: got $got, want $2" >&2
		exit 1
	fi
}

npm_font() { # package version path-in-package sha256 output
	local tarball
	tarball="$(cd "$tmp" && npm pack --silent "$1@$2" | tail -n 1)"
	mkdir -p "$tmp/$1"
	tar -xzf "$tmp/$tarball" -C "$tmp/$1" "package/$3" package/LICENSE_FONT
	check "$tmp/$1/package/$3" "$4"
	install -m 0644 "$tmp/$1/package/$3" "$out_dir/$5"
	install -m 0644 "$tmp/$1/package/LICENSE_FONT" "$out_dir/OFL.txt"
}

deb_font() { # package version sha256 path-in-package
	(cd "$tmp" && apt-get download -q "$1=$2" >/dev/null 2>&1)
	local deb
	deb="$(ls "$tmp/$1"_*.deb)"
	check "$deb" "$3"
	dpkg-deb -x "$deb" "$tmp/root"
	echo "$tmp/root/$4"
}

mkdir -p "$out_dir"
rm -f "$out_dir"/*.ttf

npm_font @expo-google-fonts/noto-serif-sc 0.4.3 400Regular/NotoSerifSC_400Regular.ttf \
	c358a69de3df5f423a8946a7b03e3126fb6ba116f1130a463455b4e39e1f0742 NotoSerifSC-Regular.ttf
npm_font @expo-google-fonts/noto-sans-sc 0.4.3 700Bold/NotoSansSC_700Bold.ttf \
	9a38ae0ab28cd5a256f9ea8e00dedc688aac17f7915fcb000572990afa956b96 NotoSansSC-Bold.ttf

hana_a="$(deb_font fonts-hanazono 20170904-2.1 \
	a6943366b4f5a6cec34221f8b4eb22555a628f0ee6ef4e3d3401cabe9363aeae usr/share/fonts/truetype/hanazono/HanaMinA.ttf)"
hana_b="$tmp/root/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
babel="$(deb_font fonts-babelstone-han 15.0.5-2 \
	c7b7f9b5b78ad14c94d7e6d2b103307a7a643844c7db856fb97611d9d8a80589 usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf)"
symbola="$(deb_font fonts-symbola 2.60-1.1 \
	408244997437d4103e9cdc9dd75db29d0e5fbee6e6874536173995204033a6df usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf)"
cp "$tmp/root/usr/share/doc/fonts-hanazono/copyright" "$out_dir/HanaMin-LICENSE.txt"
cp "$tmp/root/usr/share/doc/fonts-babelstone-han/copyright" "$out_dir/BabelStoneHan-LICENSE.txt"
cp "$tmp/root/usr/share/doc/fonts-symbola/copyright" "$out_dir/Symbola-LICENSE.txt"

# Cut each fallback to what it is there for and no earlier font has.
/usr/bin/python3 - "$out_dir" "$tmp" "$hana_a" "$hana_b" "$babel" "$symbola" <<'EOF'
import sys, unicodedata
from fontTools.ttLib import TTFont
from fontTools import subset

out, tmp, hana_a, hana_b, babel, symbola = sys.argv[1:]

# The Han blocks: radicals, strokes, description characters, the unified
# ideographs of every extension, and the compatibility ideographs.
HAN = [(0x2E80, 0x2FFF), (0x3005, 0x3007), (0x31C0, 0x31EF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
       (0xF900, 0xFAFF), (0x20000, 0x2FA1F), (0x30000, 0x323AF)]

def han(c):
    return any(a <= c <= b for a, b in HAN)

def rtl(c):  # a right-to-left letter or mark, not an invisible control
    ch = chr(c)
    return unicodedata.bidirectional(ch) in ("R", "AL") and unicodedata.category(ch) != "Cf"

covered = set()
for f in ("NotoSerifSC-Regular.ttf", "NotoSansSC-Bold.ttf"):
    covered |= set(TTFont(f"{out}/{f}", lazy=True).getBestCmap())

def cut(src, name, want):
    cmap = TTFont(src, lazy=True).getBestCmap()
    keep = sorted(c for c in cmap if c not in covered and want(c))
    covered.update(keep)
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.glyph_names = False
    font = subset.load_font(src, opts)
    # gopdf reads a font only through its BMP (format 4) cmap, so one BMP
    # character stays even where the font is there for others.
    anchor = [0x20] if 0x20 in cmap else [c for c in sorted(cmap) if c <= 0xFFFF][:1]
    s = subset.Subsetter(opts)
    s.populate(unicodes=keep + anchor)
    s.subset(font)
    subset.save_font(font, f"{tmp}/{name}", opts)
    print(f"{name}: {len(keep)} characters", file=sys.stderr)

cut(hana_a, "HanaMinA.ttf", han)
# 花園明朝B in two: Extension B alone, where most 生僻字 of names lie, and
# the rest; a document loads only the part it prints from.
cut(hana_b, "HanaMinB-ExtB.ttf", lambda c: 0x20000 <= c <= 0x2A6DF)
cut(hana_b, "HanaMinB-ExtCF.ttf", han)
cut(babel, "BabelStoneHan.ttf", lambda c: han(c) or 0xE0000 <= c <= 0xE007F)
# Right-to-left letters are left out: the documents set every line left to
# right, so they would print in the wrong order.
cut(symbola, "Symbola.ttf", lambda c: not han(c) and not rtl(c))
EOF
for f in HanaMinA HanaMinB-ExtB HanaMinB-ExtCF BabelStoneHan Symbola; do
	install -m 0644 "$tmp/$f.ttf" "$out_dir/$f.ttf"
done

# Which characters each font has, as ranges, so that the question "does
# this print?" is answered without decompressing and parsing the fonts.
/usr/bin/python3 - "$out_dir" "$tmp" >"$out_dir/coverage.tsv" <<'EOF'
import sys
from fontTools.ttLib import TTFont
out, tmp = sys.argv[1:]
print("# Generated by scripts/fetch-font.sh: the characters each font has.")
print("# Columns: font<TAB>first<TAB>last (hex code points, inclusive).")
for name, path in [("NotoSerifSC-Regular", f"{out}/NotoSerifSC-Regular.ttf"),
                   ("NotoSansSC-Bold", f"{out}/NotoSansSC-Bold.ttf"),
                   ("HanaMinA", f"{tmp}/HanaMinA.ttf"), ("HanaMinB-ExtB", f"{tmp}/HanaMinB-ExtB.ttf"),
                   ("HanaMinB-ExtCF", f"{tmp}/HanaMinB-ExtCF.ttf"),
                   ("BabelStoneHan", f"{tmp}/BabelStoneHan.ttf"), ("Symbola", f"{tmp}/Symbola.ttf")]:
    cps = sorted(TTFont(path, lazy=True).getBestCmap())
    start = prev = cps[0]
    for c in cps[1:] + [None]:
        if c is not None and c == prev + 1:
            prev = c
            continue
        print(f"{name}\t{start:X}\t{prev:X}")
        if c is not None:
            start = prev = c
EOF
ls -l "$out_dir" >&2
