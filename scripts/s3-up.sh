#!/usr/bin/env bash
# Starts a throw-away S3-compatible server (versitygw over a temporary
# directory) for the tests and prints the shell exports that point at it:
# eval "$(scripts/s3-up.sh)". The first run builds the server with
# `go install` at a pinned version into a cache directory outside the
# repository (HATCH_TOOLS_CACHE, by default ~/.cache/hatch-tools); later
# runs reuse it. Stop it with scripts/s3-down.sh.
set -euo pipefail
VERSION=v1.8.0
CACHE=${HATCH_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hatch-tools}
BIN=$CACHE/versitygw-$VERSION/versitygw
if [ ! -x "$BIN" ]; then
  echo "installing versitygw $VERSION (go install, about a minute)" >&2
  mkdir -p "$(dirname "$BIN")"
  GOBIN=$(dirname "$BIN") GOFLAGS=-mod=mod go install "github.com/versity/versitygw/cmd/versitygw@$VERSION" >&2
fi
S3TMP=$(mktemp -d /tmp/hatch-s3.XXXXXX)
mkdir -p "$S3TMP/data"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
ACCESS=hatch-test
SECRET=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
ROOT_ACCESS_KEY=$ACCESS ROOT_SECRET_KEY=$SECRET setsid "$BIN" --port "127.0.0.1:$PORT" posix "$S3TMP/data" \
  >"$S3TMP/server.log" 2>&1 </dev/null &
echo $! >"$S3TMP/pid"
# Ready when the port accepts connections.
ready() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
for _ in $(seq 1 100); do
  ready && break
  if ! kill -0 "$(cat "$S3TMP/pid")" 2>/dev/null; then
    cat "$S3TMP/server.log" >&2; echo "versitygw did not start" >&2; exit 1
  fi
  sleep 0.1
done
ready || { cat "$S3TMP/server.log" >&2; echo "versitygw did not answer" >&2; exit 1; }
echo "export HATCH_S3TMP=$S3TMP HATCH_TEST_S3_BIN=$BIN"
echo "export HATCH_TEST_S3_URL='s3://hatch-test?endpoint=127.0.0.1:$PORT&region=us-east-1&secure=false&create=true'"
echo "export HATCH_TEST_S3_ACCESS_KEY=$ACCESS HATCH_TEST_S3_SECRET_KEY=$SECRET"
