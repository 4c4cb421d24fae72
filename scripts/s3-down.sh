#!/usr/bin/env bash
# Stops the server started by scripts/s3-up.sh and removes its files.
set -uo pipefail
[ -n "${HATCH_S3TMP:-}" ] || exit 0
if [ -f "$HATCH_S3TMP/pid" ]; then
  pid=$(cat "$HATCH_S3TMP/pid")
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
fi
rm -rf "$HATCH_S3TMP"
