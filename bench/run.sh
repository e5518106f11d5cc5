#!/usr/bin/env bash
# Runs the benchmark in one command: installs what is missing (PostgreSQL 15, the npm tools), builds the connector,
# the gateway and the runner in Release, starts everything on loopback and prints one table.
# Options go to the runner: --smoke (a few seconds, for CI), --seconds N (per cell, default 5), --output DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
eng/install-prerequisites.sh
for project in McpPlatform.Connectors.Postgres McpPlatform.Gateway bench/McpPlatform.Bench; do
  dotnet build "$project" -c Release -v quiet -nologo >/dev/null
done
exec dotnet bench/McpPlatform.Bench/bin/Release/net10.0/McpPlatform.Bench.dll --configuration Release "$@"
