#!/usr/bin/env bash
# One user launches 300 executions at once; then another tenant launches one. Prints how long that one waited, with
# the per-tenant cap on in-flight calls (the default) and without it (one shared queue in arrival order).
# Figures also go to .local/test-results/bench/fairness.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
run_portal_benchmark fairness "FullyQualifiedName~FairDispatch" "fairness \("
