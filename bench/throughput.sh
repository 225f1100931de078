#!/usr/bin/env bash
# Executions per second end to end (API launch -> Completed) on one portal process, the wait from enqueue to the job's
# start (p50/p99) and database commits per execution: the simulator at 0 ms (as fast as 16 clients can launch, then
# paced at 120 launches/s for the wait before a job starts), at 200 ms, then a local webhook. Each run first completes
# ECONEURA_BENCH_WARMUP (5000) executions: on two cores the tiered JIT takes that long to settle.
# First, on the same cluster, the baseline: Hangfire no-op jobs/s, Marten appends of an execution's events, and both
# chained as the portal chains them (the first commit, then a job appending the rest). The first run's executions/s
# divided by that last figure is printed beside it: the goal figure, the one that travels between machines.
# ECONEURA_BENCH_EXECUTIONS, _CLIENTS, _WORKERS and _RATE change the load. Figures also go to .local/test-results/bench/throughput.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
ensure_debian_packages postgresql
export ECONEURA_TEST_PG="$(start_local_postgres postgres-bench 55434 fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
cd "$REPO_ROOT"
mkdir -p .local/test-results/bench
dotnet build Econeura.sln -c Release -nologo -clp:ErrorsOnly
run() {
  dotnet test e2e/Econeura.E2E -c Release --no-build --nologo --filter "FullyQualifiedName~ThroughputBenchmark" --logger "console;verbosity=detailed" \
    | grep -E "throughput \(|Failed!"
}
baseline="$(dotnet test tests/Econeura.Portal.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~ThroughputBaselineBenchmark" \
  --logger "console;verbosity=detailed" | grep -E "throughput baseline|Failed!" || true)"
export ECONEURA_BENCH_BASELINE="$(grep -oE 'together [^)]*\) [0-9.]+' <<<"$baseline" | grep -oE '[0-9.]+$')"
[ -n "$ECONEURA_BENCH_BASELINE" ] || die "No baseline was measured: $baseline"
{
  echo "$baseline"
  ECONEURA_BENCH_SIMULATOR_LATENCY_MS=0 run
  ECONEURA_BENCH_SIMULATOR_LATENCY_MS=0 ECONEURA_BENCH_RATE=120 ECONEURA_BENCH_EXECUTIONS=3000 run
  ECONEURA_BENCH_SIMULATOR_LATENCY_MS=200 run
  ECONEURA_BENCH_WEBHOOK=1 run
} | tee .local/test-results/bench/throughput.txt
