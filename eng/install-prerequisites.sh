#!/usr/bin/env bash
# Installs what the platform needs on a fresh Debian machine and is not there yet:
# PostgreSQL 15's server binaries (the embedded database the AppHost runs; no Docker needed).
# Safe to run again: it installs nothing that is already present.
set -euo pipefail

pg_bin="${LocalPostgres__BinDirectory:-/usr/lib/postgresql/15/bin}"

if [ -x "$pg_bin/postgres" ] && [ -x "$pg_bin/initdb" ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo"
fi

echo "Installing PostgreSQL 15 (Debian package postgresql-15)..." >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq postgresql-15 >/dev/null
# The package starts its own cluster on port 5432 where an init system runs; the platform does not use it.
echo "PostgreSQL 15 installed in $pg_bin." >&2
