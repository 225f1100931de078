#!/usr/bin/env bash
# Issue 20's overshoot table: for each row a fresh database and two portal nodes, a burst of launches against a company
# budget already partly spent (1 s agent calls), and where the month's spend ends against the limit; then what the
# reservation costs a launch's commit beside the same commit without it, and the budget check's own p50/p99.
# Figures also go to .local/test-results/bench/budget-overshoot.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
export ECONEURA_TEST_PG="$(start_local_postgres postgres-bench 55434 fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
cd "$REPO_ROOT"
mkdir -p .local/test-results/bench
dotnet build tests/Econeura.Portal.Tests -c Release -nologo -clp:ErrorsOnly
dotnet test tests/Econeura.Portal.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~BudgetOvershootBenchmark&Category=Benchmark" \
  --logger "console;verbosity=detailed" | grep -E "overshoot \||reservation \||Passed!|Failed!" | tee .local/test-results/bench/budget-overshoot.txt
