#!/usr/bin/env bash
# Installs what the browser tests (e2e/) need, only what is missing:
# - Debian packages: Chromium, CJK fonts (so screenshots show Chinese, not
#   boxes), poppler-utils (pdftoppm/pdftotext, to look inside generated
#   PDFs), and npm where Node.js is not installed yet;
# - axe-core, the accessibility checker the tests inject into pages, from
#   npm at the version e2e/package-lock.json pins, into e2e/node_modules.
# Idempotent and quiet; prints nothing when everything is already there.
# Run as root (or as a user with sudo) on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(chromium chromium-l10n fonts-noto-cjk poppler-utils)

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# quietly runs a command with its output in the log, shown only when it
# fails.
quietly() {
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-test-deps: $* failed" >&2
    exit 1
  fi
}

install_debian() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    installed "$p" || missing+=("$p")
  done
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-test-deps: need root to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "install-test-deps: installing ${missing[*]}" >&2
  quietly "${sudo[@]}" apt-get update -qq
  quietly "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# install_axe runs npm ci in e2e/ unless the pinned axe-core is there.
install_axe() {
  local want have
  want=$(sed -n 's/.*"axe-core": *"\([^"]*\)".*/\1/p' e2e/package.json)
  have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' e2e/node_modules/axe-core/package.json 2>/dev/null | head -n1 || true)
  [ -n "$want" ] && [ "$want" = "$have" ] && [ -f e2e/node_modules/axe-core/axe.min.js ] && return 0
  echo "install-test-deps: installing axe-core $want (npm ci in e2e/)" >&2
  quietly npm ci --prefix e2e --no-audit --no-fund
}

install_debian
install_axe
