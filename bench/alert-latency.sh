#!/usr/bin/env bash
# Budget alert latency: from a crossing's commit to a real HTTP receiver getting the post (queue, claim, post), p50 and
# p99 over 200 alerts, beside a no-op Hangfire job's enqueue-to-run time measured in the same run (the queue the
# delivery rides on). Figures also go to .local/test-results/bench/alert-latency.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
run_portal_benchmark alert-latency "FullyQualifiedName~AlertLatencyBenchmark" "alert latency|baseline"
