#!/usr/bin/env bash
# Runs the platform: the Aspire AppHost with its dashboard, the embedded PostgreSQL, the Postgres
# connector and the gateway on port 4000. Ctrl+C (or SIGTERM) stops everything.
set -euo pipefail
cd "$(dirname "$0")"
eng/install-prerequisites.sh
exec dotnet run --project McpPlatform.AppHost "$@"
