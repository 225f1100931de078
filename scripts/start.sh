#!/usr/bin/env bash
# Starts the portal on http://127.0.0.1:5080 in Development: development sign-in, simulator agents, demo data.
# Uses ConnectionStrings__Econeura when set; otherwise runs a local PostgreSQL in .local/postgres (port 55432).
source "$(dirname "$0")/lib/common.sh"
ensure_dotnet

PORT="${ECONEURA_PORT:-5080}"
if [ -z "${ConnectionStrings__Econeura:-}" ]; then
  # Room for two portal processes (Database:Nodes × (MaxPoolSize + JobStoragePoolSize + 1) = 82) beside psql and benchmarks.
  connection="$(start_local_postgres postgres 55432 max_connections=200)"
  create_database "$connection" econeura
  export ConnectionStrings__Econeura="$connection;Database=econeura"
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Econeura__SeedDemoHistory="${Econeura__SeedDemoHistory:-true}"
log "Econeura portal: http://127.0.0.1:$PORT  (Ctrl+C to stop)"
cd "$REPO_ROOT"
dotnet build Econeura.Portal -c Release -nologo -clp:ErrorsOnly
# The built app runs on its own: 'dotnet run' would keep a ~280 MB build host alive beside it.
exec dotnet Econeura.Portal/bin/Release/net10.0/Econeura.Portal.dll --contentRoot "$REPO_ROOT/Econeura.Portal" --urls "http://127.0.0.1:$PORT"
