#!/usr/bin/env bash
# Issue 14's load test in one command: several keys' sessions measured alone, then while one more key floods far past
# its limits (requests per minute, calls in flight). Installs what is missing, builds the gateway and the runner in
# Release, starts the gateway with server-everything on loopback, prints the tables and writes
# docs/benchmarks/flood/results.md (and results.json). Options go to the runner (bench/README.md, "Flood"):
# --seconds N, --rounds N, --keys N, --sessions-per-key N, --think-ms N, --flood-callers N, --flood-rpm N,
# --flood-max-pending N, --flood-nice N, --output DIR, --smoke, --gateway-build DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/install-prerequisites.sh
for project in McpPlatform.Gateway bench/McpPlatform.Bench; do
  dotnet build "$project" -c Release -v quiet -nologo >/dev/null
done
exec dotnet bench/McpPlatform.Bench/bin/Release/net10.0/McpPlatform.Bench.dll --configuration Release --flood "$@"
