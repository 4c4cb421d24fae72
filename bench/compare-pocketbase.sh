#!/usr/bin/env bash
# Row saves through HTTP, Hatch beside PocketBase, in one run: wrk with 200
# connections, each request creating one 累计创业团队 row with 8 to 13
# values (bench/teams.lua), the same rows and rules on both sides. Each
# server starts on a new, empty data directory; every measured phase comes
# after a warm-up of its own, and the servers take turns so that the
# machine's noise falls on both. Prints one line per measured phase (rows
# created, p50 and p99, the server's cores, and the rows it holds after
# warm-up and phase, read back through its API) and the ratio.
#
#   bench/compare-pocketbase.sh            # 2 turns of 20 s, SQLite
#   ROUNDS=3 DURATION=30s bench/compare-pocketbase.sh
#   HATCH_BENCH_POSTGRES_URL=postgres://… bench/compare-pocketbase.sh
#       adds Hatch on PostgreSQL: all rows into one application, then
#       spread over 20 applications (10 connections each)
#
# PocketBase (github.com/pocketbase/pocketbase/examples/base@v0.39.11, run
# with --automigrate=false: otherwise a collection made through its API is
# written as a migration beside its data directory, and the next turn's
# server would start with it) is
# built with `go install` into a cache directory; wrk is the Debian package.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONNS=${CONNS:-200}
CACHE=${HATCH_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hatch-bench}
WORK=$(mktemp -d)
# cleanup stops every server this script started: each names a path under
# $WORK on its command line (the loop runs in a subshell of its own, so its
# process ids are not known here).
cleanup() {
  pkill -f -- "$WORK/" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
if [ ! -x "$CACHE/bin/base" ]; then
  echo "building PocketBase v0.39.11 (once)" >&2
  GOBIN="$CACHE/bin" go install github.com/pocketbase/pocketbase/examples/base@v0.39.11
fi
go build -o "$WORK/hatch" ./cmd/hatch
go build -o "$WORK/hatch-load" ./cmd/hatch-load

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }
# post_ok URL AUTH DATA posts JSON, trying again a few times (a server just
# started may still be settling), and shows the last answer if all fail.
post_ok() {
  local out
  for _ in 1 2 3 4 5; do
    out=$(curl -s -w '\n%{http_code}' -X POST -H "Authorization: $2" -H 'Content-Type: application/json' -d "$3" "$1")
    case ${out##*$'\n'} in 2*) return 0 ;; esac
    sleep 1
  done
  echo "POST $1 failed: $out" >&2
  return 1
}
json_field() { python3 -c "import json,sys;print(json.load(sys.stdin)['$1'])"; }

# cpu_seconds prints the user+system CPU seconds the process has used.
cpu_seconds() { awk -v t="$(getconf CLK_TCK)" '{print ($14+$15)/t}' "/proc/$1/stat"; }

# measure runs the warm-up and the measured phase against URL and prints
# wrk's BENCH line with the server's cores used during the phase.
measure() {
  local name=$1 url=$2 pid=$3
  wrk -t2 -c"$CONNS" -d"$WARMUP" -s bench/teams.lua "$url" >/dev/null
  local c0 c1 line
  c0=$(cpu_seconds "$pid")
  line=$(wrk -t2 -c"$CONNS" -d"$DURATION" -s bench/teams.lua --latency "$url" | grep '^BENCH')
  c1=$(cpu_seconds "$pid")
  local secs=${DURATION%s}
  echo "$name $line cores=$(awk -v a="$c0" -v b="$c1" -v s="$secs" 'BEGIN{printf "%.2f", (b-a)/s}')"
}

# run_hatch NAME DATABASE_URL APPS: the rows go into APPS new applications
# of the demo applicant in turn (one application: every save waits for the
# one before on PostgreSQL, each updating the application's row).
run_hatch() {
  local name=$1 dburl=$2 apps=${3:-1} port dir
  port=$(free_port)
  dir=$(mktemp -d "$WORK/hatch.XXXX")
  HATCH_DATABASE_URL="$dburl" HATCH_TEST_CAPTCHA=424242 HATCH_RENDER_WORKERS=0 \
    "$WORK/hatch" -data "$dir" -addr "127.0.0.1:$port" >"$dir.log" 2>&1 &
  local pid=$!
  wait_http "http://127.0.0.1:$port/healthz"
  eval "$("$WORK/hatch-load" -url "http://127.0.0.1:$port" -captcha 424242 -session -apps "$apps")"
  local paths="" app
  for app in $HATCH_APPS; do paths+="/api/v1/applications/$app/tables/teams/rows "; done
  BENCH_TARGET=hatch BENCH_PATH="$paths" \
    BENCH_HEADERS="Cookie: $HATCH_COOKIE"$'\n'"X-CSRF-Token: $HATCH_CSRF" \
    measure "$name" "http://127.0.0.1:$port" "$pid" | tr -d '\n'
  # The rows the server holds after both phases, read back through its API.
  local stored=0
  for app in $HATCH_APPS; do
    stored=$((stored + $(curl -fs -H "Cookie: $HATCH_COOKIE" \
      "http://127.0.0.1:$port/api/v1/applications/$app/tables/teams?per_page=1" | json_field total)))
  done
  echo " stored=$stored"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run_pocketbase() {
  local port dir su=bench@example.com pw='Bench@2026pw' token user
  port=$(free_port)
  dir=$(mktemp -d "$WORK/pb.XXXX")
  "$CACHE/bin/base" superuser upsert "$su" "$pw" --dir "$dir" >/dev/null
  "$CACHE/bin/base" serve --http "127.0.0.1:$port" --dir "$dir" --dev=false --automigrate=false >"$dir.log" 2>&1 &
  local pid=$!
  local base="http://127.0.0.1:$port"
  wait_http "$base/api/health"
  token=$(curl -fs -X POST -H 'Content-Type: application/json' \
    -d "{\"identity\":\"$su\",\"password\":\"$pw\"}" "$base/api/collections/_superusers/auth-with-password" | json_field token)
  post_ok "$base/api/collections" "$token" "$(cat bench/pocketbase-teams.json)"
  post_ok "$base/api/collections/users/records" "$token" \
    "{\"email\":\"user@example.com\",\"password\":\"$pw\",\"passwordConfirm\":\"$pw\",\"verified\":true}"
  user=$(curl -fs -X POST -H 'Content-Type: application/json' \
    -d "{\"identity\":\"user@example.com\",\"password\":\"$pw\"}" "$base/api/collections/users/auth-with-password" | json_field token)
  BENCH_TARGET=pocketbase BENCH_PATH=/api/collections/teams/records BENCH_HEADERS="Authorization: $user" \
    measure pocketbase "$base" "$pid" | tr -d '\n'
  echo " stored=$(curl -fs -H "Authorization: $token" "$base/api/collections/teams/records?perPage=1" | json_field totalItems)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $CONNS connections, $WARMUP warm-up, $DURATION measured"
for i in $(seq 1 "$ROUNDS"); do
  run_pocketbase
  run_hatch hatch-sqlite ""
  if [ -n "${HATCH_BENCH_POSTGRES_URL:-}" ]; then
    db="bench_$$_$i"
    psql "$HATCH_BENCH_POSTGRES_URL" -qc "create database $db" >/dev/null
    run_hatch hatch-postgres "$(echo "$HATCH_BENCH_POSTGRES_URL" | sed "s#/[^/?]*?#/$db?#")"
    psql "$HATCH_BENCH_POSTGRES_URL" -qc "create database ${db}_apps" >/dev/null
    run_hatch hatch-postgres-20-apps "$(echo "$HATCH_BENCH_POSTGRES_URL" | sed "s#/[^/?]*?#/${db}_apps?#")" 20
  fi
done | tee "$WORK/results"
awk '{split($3,a,"="); rows[$1]+=a[2]}
  END{for (k in rows) if (k != "pocketbase" && rows["pocketbase"]) printf "%s / pocketbase, rows over all turns: %.2f\n", k, rows[k]/rows["pocketbase"]}' "$WORK/results"
