#!/usr/bin/env bash
# Runs every test: domain, integration and component (against a real PostgreSQL), and end-to-end (Chromium).
# Installs PostgreSQL and Chromium when missing and runs a disposable PostgreSQL in .local/postgres-test (port 55433).
# Prints the line and branch coverage of Econeura.Domain and Econeura.Portal (coverlet, merged over the test projects;
# reports in .local/test-results/coverage/), the name and message of every failed test, then, last, one line of totals
# over all test projects:
# "N passed, N failed, N skipped".
# ECONEURA_TEST_FILTER narrows the run to some tests, e.g. ECONEURA_TEST_FILTER=FullyQualifiedName~DatabaseStopTests.
source "$(dirname "$0")/lib/common.sh"
ensure_dotnet
ensure_debian_packages postgresql
ensure_chromium

server="$(start_local_postgres postgres-test 55433 fsync=off synchronous_commit=off full_page_writes=off max_connections=300)"
export ECONEURA_TEST_PG="$server;Database=postgres"

cd "$REPO_ROOT"
results="$LOCAL_DIR/test-results"
rm -rf "$results"
log "Building (Release)"
dotnet build Econeura.sln -c Release -nologo -clp:ErrorsOnly

status=0
mkdir -p "$results/coverage"
for project in tests/Econeura.Domain.Tests tests/Econeura.Portal.Tests e2e/Econeura.E2E; do
  name="$(basename "$project")"
  log "Testing $name"
  # The end-to-end tests run the portal as separate processes, which coverlet does not follow: no coverage from them.
  coverage=()
  [ "$name" = Econeura.E2E ] || coverage=(--collect "XPlat Code Coverage" --settings tests/coverage.runsettings)
  # Benchmarks live beside the tests they measure but run only from bench/ scripts.
  dotnet test "$project" -c Release --no-build --nologo --filter "Category!=Benchmark${ECONEURA_TEST_FILTER:+&$ECONEURA_TEST_FILTER}" \
    "${coverage[@]}" --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" || status=1
  [ -f "$results/$name.trx" ] || { echo "No test results from $name: it did not run." >&2; status=1; }
  # coverlet writes into a folder named by a fresh GUID: keep its reports under the project's name.
  for report in "$results"/*/coverage.json "$results"/*/coverage.cobertura.xml; do
    [ -f "$report" ] || continue
    mv "$report" "$results/coverage/$name.${report##*/coverage.}"
    rmdir "$(dirname "$report")" 2>/dev/null || true
  done
done

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  total=$((total + $(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")))
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
done
[ "$total" -gt 0 ] || { echo "No test was executed." >&2; status=1; }
command -v python3 >/dev/null || ensure_debian_packages python3
python3 scripts/lib/coverage.py "$results" || echo "No coverage figures: see above." >&2
python3 scripts/lib/failures.py "$results"
echo "Test results and artifacts: $results"
echo "$passed passed, $failed failed, $((total - passed - failed)) skipped"
exit $status
