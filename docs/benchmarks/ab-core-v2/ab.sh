#!/usr/bin/env bash
# The gateway core v2 A/B (issue 13): the gateway hop cells of two gateway builds in the SAME bench run, each cell on
# gateway A and right after on gateway B (--gateway-b), for ROUNDS rounds (--rounds); then once more with A and B swapped,
# so that neither build is always measured first. One PostgreSQL, one connector (this checkout's) for both.
# Usage: docs/benchmarks/ab-core-v2/ab.sh OLD_CHECKOUT NEW_CHECKOUT OUTPUT_DIR [ROUNDS] [SECONDS]
#   (a checkout: e.g. `mkdir /tmp/gw-old && git archive 4cd2fb9 | tar -x -C /tmp/gw-old`, then
#    `dotnet build -c Release McpPlatform.Gateway` in it)
set -euo pipefail
old="$1"; new="$2"; out="$3"; rounds="${4:-3}"; seconds="${5:-5}"
cd "$(dirname "$0")/../../.."
for project in McpPlatform.Connectors.Postgres bench/McpPlatform.Bench; do
  dotnet build "$project" -c Release -v quiet -nologo >/dev/null
done
mkdir -p "$out"
only="${ONLY:-our connector (HTTP)|gateway /mcp (aggregate)|gateway /mcp/postgres_main|server-everything via our gateway}"
run() { # NAME A B
  echo "$1: load before $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
  dotnet bench/McpPlatform.Bench/bin/Release/net10.0/McpPlatform.Bench.dll --configuration Release \
    --gateway-build "$2" --gateway-b "$3" --rounds "$rounds" --only "$only" --seconds "$seconds" --output "$out/$1" > "$out/$1.txt" 2>&1 \
    || echo "$1: exit $?" | tee -a "$out/load.txt"
  echo "$1: load after $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
}
run a-old-b-new "$old" "$new"
run a-new-b-old "$new" "$old"
