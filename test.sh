#!/usr/bin/env bash
# Runs every test of the solution: unit tests and the integration tests that start the real AppHost.
# Extra arguments go to `dotnet test` (e.g. --filter GatewayEndToEndTests).
set -euo pipefail
cd "$(dirname "$0")"
eng/install-prerequisites.sh
# The conformance tests write the suite's summary lines here; they are printed after the test run.
summary=TestResults/conformance-summary.txt
rm -f "$summary"
status=0
# A test that hangs is stopped after 10 minutes and named in the log (with a dump under TestResults), instead of holding CI.
# -m:3: the three test assemblies run side by side; MSBuild's default of one node per core made the integration
# tests, the longest, wait on 2 cores until a unit test assembly had finished.
dotnet test McpPlatform.sln -m:3 --blame-hang-timeout 10m "$@" || status=$?
if [ -f "$summary" ]; then
  cat "$summary"
fi
exit "$status"
