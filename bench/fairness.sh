#!/usr/bin/env bash
# One user launches 300 executions at once; then another tenant launches one. Prints how long that one waited, with
# the per-tenant cap on in-flight calls (the default) and without it (one shared queue in arrival order).
# Figures also go to .local/test-results/bench/fairness.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
export ECONEURA_TEST_PG="$(start_local_postgres postgres-bench 55434 fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
cd "$REPO_ROOT"
mkdir -p .local/test-results/bench
dotnet build tests/Econeura.Portal.Tests -c Release -nologo -clp:ErrorsOnly
dotnet test tests/Econeura.Portal.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~FairDispatch&Category=Benchmark" --logger "console;verbosity=detailed" \
  | grep -E "fairness \(|Passed!|Failed!" | tee .local/test-results/bench/fairness.txt
