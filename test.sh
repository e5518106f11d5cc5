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
# Built first, then tested with --no-build and a node per test assembly (-m:3), so that the three assemblies run side by
# side from the start. Built and tested in one go, the integration tests (the longest) started only once a unit test
# assembly had finished (measured: 1-2 minutes later).
dotnet build McpPlatform.sln
# A test that hangs is stopped after 10 minutes and named in the log (with a dump under TestResults), instead of holding CI.
dotnet test McpPlatform.sln --no-build -m:3 --blame-hang-timeout 10m "$@" || status=$?
if [ -f "$summary" ]; then
  cat "$summary"
fi
exit "$status"
