#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests and prints the shell
# exports that point at it: eval "$(scripts/pg-up.sh)". Installs the Debian
# package when the server is missing. Stop it with scripts/pg-down.sh.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/postgres" ]; then
  echo "installing postgresql (Debian package)" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
RUNAS=postgres
# The server refuses to run as root, so it runs as the postgres system user.
id -u "$RUNAS" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUNAS"
PGTMP=$(mktemp -d /tmp/hatch-pg.XXXXXX)
chown "$RUNAS" "$PGTMP"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$RUNAS" -- "$@"; else "$@"; fi; }
as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGTMP/initdb.log" 2>&1
as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGTMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
echo "export HATCH_PGTMP=$PGTMP HATCH_PGBIN=$PGBIN"
echo "export HATCH_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable'"
