#!/usr/bin/env bash
# Notification latency: from an approval request's commit to its mail in a real SMTP server in the test process and to
# its Adaptive Card at a real HTTP receiver (plan job, delivery job, SMTP/HTTP), p50 and p99 over 200 requests, beside a
# no-op Hangfire job's enqueue-to-run time measured in the same run (each of the two hops rides on that queue).
# Figures also go to .local/test-results/bench/notification-latency.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
run_portal_benchmark notification-latency "FullyQualifiedName~NotificationLatencyBenchmark" "notification latency|baseline"
