#!/usr/bin/env bash
# Prints how long after a local streaming model sends its first piece that text is in the reader's page, and how long
# after its last piece the run is recorded with its cost on the page: 1 and 50 answers at once, the page on the node
# making the call and on the other one. Targets beside each figure (issue 21): p50 ≤ 50 ms, p99 ≤ 150 ms; p99 ≤ 250 ms.
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
ensure_debian_packages postgresql
ensure_chromium
export ECONEURA_TEST_PG="$(start_local_postgres postgres-bench 55434 fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
cd "$REPO_ROOT"
dotnet build e2e/Econeura.E2E -c Release -nologo -clp:ErrorsOnly
dotnet test e2e/Econeura.E2E -c Release --no-build --nologo --filter "FullyQualifiedName~StreamedAnswerBenchmark" --logger "console;verbosity=detailed" \
  | grep -E "answer|Passed!|Failed!"
