#!/usr/bin/env bash
# Runs every test of the solution: unit tests and the integration tests that start the real AppHost.
# Extra arguments go to `dotnet test` (e.g. --filter GatewayEndToEndTests).
set -euo pipefail
cd "$(dirname "$0")"
eng/install-prerequisites.sh
exec dotnet test McpPlatform.sln "$@"
