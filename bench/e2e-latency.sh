#!/usr/bin/env bash
# Prints the time from clicking Launch on one portal node to Completed showing in a browser open on another node
# (median of 10). ECONEURA_BENCH_SIMULATOR_LATENCY_MS sets the simulated agent's own latency (default 0).
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
ensure_debian_packages postgresql
ensure_chromium
export ECONEURA_TEST_PG="$(start_local_postgres postgres-test 55433 fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
cd "$REPO_ROOT"
dotnet build e2e/Econeura.E2E -c Release -nologo -clp:ErrorsOnly
dotnet test e2e/Econeura.E2E -c Release --no-build --nologo --filter "FullyQualifiedName~LaunchLatencyBenchmark" --logger "console;verbosity=detailed" \
  | grep -E "launch click|Passed!|Failed!"
