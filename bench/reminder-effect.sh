#!/usr/bin/env bash
# Reminders' effect on expiries: medium-risk requests of the demo policy run through their day under a shifted clock
# (the portal's own reminder and deadline sweeps, mail over real SMTP), once without reminders and once with them; the
# approvers are a model (each mail acted on with one chance, one seed for both runs), printed with the figures.
# Figures also go to .local/test-results/bench/reminder-effect.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
run_portal_benchmark reminder-effect "FullyQualifiedName~ReminderEffectBenchmark" "reminder effect|baseline"
