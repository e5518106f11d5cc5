#!/usr/bin/env bash
# Installs what the platform and its tests need on a fresh Debian machine and is not there yet:
# PostgreSQL 15's server binaries (the embedded database the AppHost runs; no Docker needed) and the
# hypopg extension (hypothetical indexes for the Postgres connector's index advice), docker-compose, chromium (the
# admin page's browser test), and the npm tools the tests run (tests/conformance, tests/clients).
# Safe to run again: it installs nothing that is already present.
set -euo pipefail

pg_bin="${LocalPostgres__BinDirectory:-/usr/lib/postgresql/15/bin}"

pg_share="${PG_SHARE_DIR:-/usr/share/postgresql/15}"
root="$(cd "$(dirname "$0")/.." && pwd)"

# The MCP conformance suite, the MCP Inspector CLI, their Node 22 and the benchmark alternatives (server-postgres, dbhub, mcp-proxy), pinned by tests/conformance/package-lock.json.
if [ ! -x "$root/tests/conformance/node_modules/.bin/conformance" ] || [ ! -x "$root/tests/conformance/node_modules/.bin/mcp-inspector" ] || [ ! -x "$root/tests/conformance/node_modules/.bin/mcp-proxy" ] || [ ! -f "$root/tests/conformance/node_modules/@bytebase/dbhub/dist/index.js" ]; then
  echo "Installing the MCP conformance suite (npm ci in tests/conformance)..." >&2
  npm ci --prefix "$root/tests/conformance" --no-audit --no-fund >/dev/null
fi

# The clients the client-surface tests run (Claude Code, Gemini CLI, Playwright, the OpenAPI 3.1 validator and a run-time
# OpenAPI client), pinned by tests/clients/package-lock.json: installed again when the lock file changed since (a marker).
clients="$root/tests/clients"
lock_sum="$(sha256sum "$clients/package-lock.json" | cut -d' ' -f1)"
marker="$clients/node_modules/.mcpplatform-lock-sha256"
if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$lock_sum" ]; then
  echo "Installing the client-surface test clients (npm ci in tests/clients)..." >&2
  npm ci --prefix "$clients" --no-audit --no-fund >/dev/null
  echo "$lock_sum" >"$marker"
fi

packages=()
if [ ! -x "$pg_bin/postgres" ] || [ ! -x "$pg_bin/initdb" ]; then
  packages+=(postgresql-15)
fi
if [ ! -f "$pg_share/extension/hypopg.control" ]; then
  packages+=(postgresql-15-hypopg)
fi
# docker-compose (v1, no daemon needed) validates the published compose files in the tests.
if ! command -v docker-compose >/dev/null 2>&1; then
  packages+=(docker-compose)
fi
# Debian's chromium: the admin page's browser test drives it headless with playwright-core (tests/clients).
if ! command -v chromium >/dev/null 2>&1; then
  packages+=(chromium)
fi
if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo"
fi

echo "Installing ${packages[*]} (Debian packages)..." >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${packages[@]}" >/dev/null
# The package starts its own cluster on port 5432 where an init system runs; the platform does not use it.
echo "Installed ${packages[*]}." >&2
