#!/usr/bin/env bash
# Writes 100,000 finished executions of one tenant (and 20,000 of another) into a fresh database, then prints p50/p95
# of the executions list's query (count and page): first page, a middle page, a month, sorted by agent, a status, a
# search, one person's own list; and the page's first render. Figures also go to .local/test-results/bench/executions-list.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
export ECONEURA_TEST_PG="$(start_local_postgres postgres-bench 55434 fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
cd "$REPO_ROOT"
dotnet build tests/Econeura.Portal.Tests -c Release -nologo -clp:ErrorsOnly
dotnet test tests/Econeura.Portal.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~ExecutionListBenchmark" --logger "console;verbosity=detailed" \
  | grep -E "seeded|list query|first render|Passed!|Failed!"
