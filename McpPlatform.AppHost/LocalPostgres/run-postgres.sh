#!/usr/bin/env bash
# Runs the embedded PostgreSQL server in the foreground for the AppHost's `postgres` resource.
# First run: initdb into PGDATA. Every run: the superuser password is set from POSTGRES_PASSWORD
# (so the Aspire parameter stays the truth), then postgres runs in the foreground until the AppHost
# stops it. PostgreSQL refuses to run as root: as root we drop to `postgres`.
set -euo pipefail

: "${PGDATA:?PGDATA (the data directory) must be set}"
: "${PGPORT:?PGPORT must be set}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
bin="${PG_BIN_DIR:-/usr/lib/postgresql/15/bin}"

if [ ! -x "$bin/postgres" ]; then
  echo "PostgreSQL binaries not found in $bin. Install them (Debian: apt-get install postgresql-15) or set LocalPostgres:BinDirectory." >&2
  exit 1
fi

as_postgres=()
if [ "$(id -u)" = 0 ]; then
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
  pwfile="$(mktemp)"
  trap 'rm -f "$pwfile"' EXIT
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  "${as_postgres[@]}" "$bin/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  trap - EXIT
  echo "initialized a new PostgreSQL data directory in $PGDATA"
fi

# Keep the superuser password equal to the parameter, also for a data directory made by an earlier run.
escaped="${POSTGRES_PASSWORD//\'/\'\'}"
printf "ALTER ROLE postgres PASSWORD '%s';\n" "$escaped" \
  | "${as_postgres[@]}" "$bin/postgres" --single -D "$PGDATA" -c log_min_messages=fatal postgres >/dev/null

unset POSTGRES_PASSWORD
# postgres treats SIGTERM as a "smart" shutdown that waits for every client (pooled connections never
# leave on their own); the AppHost's stop is SIGTERM, so turn it into a fast shutdown (SIGINT).
"${as_postgres[@]}" "$bin/postgres" -D "$PGDATA" -p "$PGPORT" \
  -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories= \
  -c shared_preload_libraries=pg_stat_statements \
  -c log_min_messages=warning &
server=$!
trap 'kill -INT "$server" 2>/dev/null' TERM INT
status=0
wait "$server" || status=$?
# wait returns early when a trapped signal arrives: wait again for the server to finish shutting down.
while kill -0 "$server" 2>/dev/null; do wait "$server" || status=$?; done
exit "$status"
