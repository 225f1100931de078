#!/usr/bin/env bash
# On conversation threads as their owner reads them: how long after a local streaming model sends its first piece that
# text is in the thread, and how long after its last piece the turn is recorded with its cost in the thread, for 1 and 50
# answers at once, the thread on the node making the call and on the other one, each beside a commit → the same threads
# (the live-update path) measured in the same run; then a 100-turn thread's open time (first render) beside a 1-turn
# thread's, and the server memory per open thread beside the approval queue's. Targets beside each figure (issue 21).
# Uses its own PostgreSQL (.local/postgres-bench) with track_commit_timestamp on, so commit times are the server's.
# Figures also go to .local/test-results/e2e/streaming.txt and streaming-thread.txt.
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
ensure_debian_packages postgresql
ensure_chromium
export ECONEURA_TEST_PG="$(start_local_postgres postgres-bench 55434 track_commit_timestamp=on fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
cd "$REPO_ROOT"
dotnet build e2e/Econeura.E2E -c Release -nologo -clp:ErrorsOnly
dotnet test e2e/Econeura.E2E -c Release --no-build --nologo --filter "FullyQualifiedName~StreamedAnswerBenchmark" --logger "console;verbosity=detailed" \
  | awk '/Error Message:/ { print; getline; print; next } /answer|thread open|memory per|Passed!|Failed!/'
