#!/usr/bin/env bash
# One user launches 300 executions at once; then another tenant launches one. Prints how long that one waited and how
# fast the burst ran, with workers shared by fewest calls in flight (the default) and with a fixed cap of half the
# workers per tenant (the former default).
# Figures also go to .local/test-results/bench/fairness.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
run_portal_benchmark fairness "FullyQualifiedName~FairDispatch" "fairness \("
