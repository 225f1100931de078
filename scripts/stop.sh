#!/usr/bin/env bash
# Stops the local PostgreSQL clusters that start.sh, test.sh and the benchmarks left running in .local/ (their data stays).
source "$(dirname "$0")/lib/common.sh"
stopped=0
for data in "$LOCAL_DIR"/*/data; do
  [ -f "$data/PG_VERSION" ] || continue
  if as_cluster_owner "$(postgres_bin)/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "Stopping PostgreSQL .local/$(basename "$(dirname "$data")")"
    as_cluster_owner "$(postgres_bin)/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    stopped=$((stopped + 1))
  fi
done
echo "$stopped local PostgreSQL cluster(s) stopped."
