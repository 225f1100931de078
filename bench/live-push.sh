#!/usr/bin/env bash
# Prints how long after a commit the changed row is in the DOM of every open page (approval queue and executions
# list; 1, 10 and 25 pages; on the committing node and the other one), and the server memory per open queue page.
# Uses its own PostgreSQL (.local/postgres-bench) with track_commit_timestamp on, so the commit time is the server's.
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
ensure_debian_packages postgresql
ensure_chromium
export ECONEURA_TEST_PG="$(start_local_postgres postgres-bench 55434 track_commit_timestamp=on fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
export ECONEURA_BENCH_SIMULATOR_LATENCY_MS="${ECONEURA_BENCH_SIMULATOR_LATENCY_MS:-0}"
cd "$REPO_ROOT"
dotnet build e2e/Econeura.E2E -c Release -nologo -clp:ErrorsOnly
dotnet test e2e/Econeura.E2E -c Release --no-build --nologo --filter "FullyQualifiedName~LivePushBenchmark" --logger "console;verbosity=detailed" \
  | grep -E "page\(s\)|memory per|Passed!|Failed!"
