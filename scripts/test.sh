#!/usr/bin/env bash
# Runs every test of Hatch on both engines: installs what the browser and
# PDF tests need (Debian packages), starts a throw-away PostgreSQL and a
# throw-away S3-compatible server (scripts/s3-up.sh), and runs
# `go test` with HATCH_TEST_REQUIRE_ALL=1 so that a missing dependency fails
# the run instead of skipping tests. Extra arguments go to `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then
  scripts/install-test-deps.sh
fi
eval "$(scripts/pg-up.sh)"
trap 'scripts/pg-down.sh' EXIT
eval "$(scripts/s3-up.sh)"
trap 'scripts/pg-down.sh; scripts/s3-down.sh' EXIT

export HATCH_TEST_REQUIRE_ALL=1
# Tests live on a fixed day (testkit.Day, or HATCH_TEST_NOW when set) and
# run in a zone where that instant falls on another date than in China,
# so that a date read in the machine's zone instead of China's fails.
export TZ="${HATCH_TEST_TZ:-America/Los_Angeles}"
# Tests write thousands of small attachment files into temporary
# directories; on a memory file system they do not wait for the disk.
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ -z "${TMPDIR:-}" ]; then
  TMPDIR="$(mktemp -d /dev/shm/hatch-test.XXXXXX)"
  export TMPDIR
  trap 'scripts/pg-down.sh; scripts/s3-down.sh; rm -rf "$TMPDIR"' EXIT
fi
go vet ./...
go test -count=1 -timeout 20m "$@" ./...
