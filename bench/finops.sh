#!/usr/bin/env bash
# Seeds a year of one million priced executions (200 people, 11 departments) into a fresh database, then prints the
# finance dashboard's query times on the pre-aggregated table beside a raw GROUP BY over the cost events, and the
# finance page's first render. Figures also go to .local/test-results/bench/finops.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
export ECONEURA_TEST_PG="$(start_local_postgres postgres-bench 55434 track_commit_timestamp=on fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
cd "$REPO_ROOT"
dotnet build tests/Econeura.Portal.Tests -c Release -nologo -clp:ErrorsOnly
dotnet test tests/Econeura.Portal.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~SpendBenchmark" --logger "console;verbosity=detailed" \
  | grep -E "seeded|totals agree|dashboard \(|budget spend|first render|Passed!|Failed!"
