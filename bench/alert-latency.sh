#!/usr/bin/env bash
# Budget alert latency: from a crossing's commit to a real HTTP receiver getting the post (queue, claim, post), p50 and
# p99 over 200 alerts, beside a no-op Hangfire job's enqueue-to-run time measured in the same run (the queue the
# delivery rides on). Figures also go to .local/test-results/bench/alert-latency.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
export ECONEURA_TEST_PG="$(start_local_postgres postgres-bench 55434 fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
cd "$REPO_ROOT"
mkdir -p .local/test-results/bench
dotnet build tests/Econeura.Portal.Tests -c Release -nologo -clp:ErrorsOnly
dotnet test tests/Econeura.Portal.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~AlertLatencyBenchmark" --logger "console;verbosity=detailed" \
  | grep -E "alert latency|baseline|Passed!|Failed!" | tee .local/test-results/bench/alert-latency.txt
