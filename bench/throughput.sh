#!/usr/bin/env bash
# Executions per second end to end (API launch -> Completed) on one portal process, the wait from enqueue to the job's
# start (p50/p99) and database commits per execution: the simulator at 0 ms and at 200 ms, then a local webhook.
# ECONEURA_BENCH_EXECUTIONS, _CLIENTS and _WORKERS change the load. Figures also go to .local/test-results/bench/throughput.txt.
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
{
  ECONEURA_BENCH_SIMULATOR_LATENCY_MS=0 run
  ECONEURA_BENCH_SIMULATOR_LATENCY_MS=200 run
  ECONEURA_BENCH_WEBHOOK=1 run
} | tee .local/test-results/bench/throughput.txt
