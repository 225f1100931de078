#!/usr/bin/env bash
# Issue 20's overshoot table: for each row a fresh database and two portal nodes, a burst of launches against a company
# budget already partly spent (1 s agent calls), and where the month's spend ends against the limit; then what the
# reservation costs a launch's commit beside the same commit without it, and the budget check's own p50/p99.
# Figures also go to .local/test-results/bench/budget-overshoot.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
run_portal_benchmark budget-overshoot "FullyQualifiedName~BudgetOvershootBenchmark" "overshoot \||reservation \|"
