#!/usr/bin/env bash
# Fetches the Chinese TrueType font that internal/docgen embeds into every
# generated PDF, from the npm package @expo-google-fonts/noto-sans-sc, and
# checks it against pinned SHA-256 sums.
#
# Writes:
#   internal/docgen/fonts/NotoSansSC-Regular.ttf  (Noto Sans SC 400, single-face
#                                                  TrueType with glyf outlines,
#                                                  full CJK coverage incl. Ext. A/B)
#   internal/docgen/fonts/NotoSansSC-Bold.ttf     (Noto Sans SC 700, for headings)
#   internal/docgen/fonts/OFL.txt                 (SIL Open Font License 1.1)
#
# The fonts are committed, so building Hatch needs nothing of this; run it only
# to reproduce or verify the committed files.
#
# Why this package: the Go PDF libraries need TrueType (glyf) outlines; Debian's
# fonts-noto-cjk ships CFF (OTF/TTC) and a GB2312-only subset lacks name
# characters such as 堃 喆 赟 镕.
#
# Usage: scripts/fetch-font.sh
# Needs: npm, tar, sha256sum. Network access to the npm registry.
set -euo pipefail

pkg="@expo-google-fonts/noto-sans-sc"
version="0.4.3"
regular_sha256="d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16"
bold_sha256="9a38ae0ab28cd5a256f9ea8e00dedc688aac17f7915fcb000572990afa956b96"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="$root/internal/docgen/fonts"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# npm pack prints the tarball's file name on stdout (about 57 MB).
tarball="$(cd "$tmp" && npm pack --silent "$pkg@$version" | tail -n 1)"
tar -xzf "$tmp/$tarball" -C "$tmp" \
	package/400Regular/NotoSansSC_400Regular.ttf \
	package/700Bold/NotoSansSC_700Bold.ttf \
	package/LICENSE_FONT

check() { # file expected-sha256
	local got
	got="$(sha256sum "$1" | cut -d' ' -f1)"
	if [ "$got" != "$2" ]; then
		echo "fetch-font: checksum mismatch for $1: got $got, want $2" >&2
		exit 1
	fi
}
check "$tmp/package/400Regular/NotoSansSC_400Regular.ttf" "$regular_sha256"
check "$tmp/package/700Bold/NotoSansSC_700Bold.ttf" "$bold_sha256"

mkdir -p "$out_dir"
install -m 0644 "$tmp/package/400Regular/NotoSansSC_400Regular.ttf" "$out_dir/NotoSansSC-Regular.ttf"
install -m 0644 "$tmp/package/700Bold/NotoSansSC_700Bold.ttf" "$out_dir/NotoSansSC-Bold.ttf"
install -m 0644 "$tmp/package/LICENSE_FONT" "$out_dir/OFL.txt"
echo "fetch-font: wrote $out_dir (from $pkg@$version)" >&2
