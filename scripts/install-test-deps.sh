#!/usr/bin/env bash
# Installs the Debian packages the browser tests (e2e/) need, only those
# missing: Chromium, CJK fonts (so screenshots show Chinese, not boxes) and
# poppler-utils (pdftoppm/pdftotext, to look inside generated PDFs).
# Idempotent and quiet; prints nothing when everything is already there.
# Run as root (or as a user with sudo) on Debian 12.
set -euo pipefail

PACKAGES=(chromium chromium-l10n fonts-noto-cjk poppler-utils)

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

missing=()
for p in "${PACKAGES[@]}"; do
  installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-test-deps: need root to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi

echo "install-test-deps: installing ${missing[*]}" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# apt's output goes to a log that is shown only when something fails.
if ! { "${SUDO[@]}" apt-get update -qq &&
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-test-deps: apt-get failed" >&2
  exit 1
fi
