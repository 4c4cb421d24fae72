#!/usr/bin/env bash
# Stops the server started by scripts/pg-up.sh and removes its files.
set -uo pipefail
[ -n "${HATCH_PGTMP:-}" ] || exit 0
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$HATCH_PGBIN/pg_ctl" -D "$HATCH_PGTMP/data" -m immediate -w stop >/dev/null 2>&1
rm -rf "$HATCH_PGTMP"
