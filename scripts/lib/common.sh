# Shared by scripts/start.sh and scripts/test.sh: install what the project needs and run a local PostgreSQL.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL_DIR="$REPO_ROOT/.local"

log() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt-get install the Debian packages that are missing, updating the package lists once.
ensure_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand."
  log "Installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Installs Debian's Chromium when missing and tells the end-to-end tests where it is (the one place that says so).
ensure_chromium() {
  ensure_debian_packages chromium
  export ECONEURA_CHROMIUM=/usr/bin/chromium
  [ -x "$ECONEURA_CHROMIUM" ] || die "Chromium is not at $ECONEURA_CHROMIUM after installing it."
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "The .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH."
  dotnet --list-sdks | grep -q '^10\.' || die "The .NET 10 SDK is required; found: $(dotnet --list-sdks | tr '\n' ' ')"
}

postgres_bin() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql."
  echo "$bin"
}

# Runs a PostgreSQL tool as the owner of the cluster: initdb refuses root, so root runs it as 'postgres'.
as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Closes every descriptor past stdin, stdout and stderr in the calling shell: call it in a subshell.
close_inherited_descriptors() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd="${fd##*/}"
    [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
  done
  return 0
}

# start_local_postgres NAME PORT [extra postgres -c settings...]
# Starts (creating it the first time) a cluster in .local/NAME listening on 127.0.0.1 only, on PORT or, when another
# program holds PORT, the next free one; prints its connection string (without database). The password is made once
# and kept in the cluster folder.
start_local_postgres() {
  local name="$1" port="$2"; shift 2
  ensure_debian_packages postgresql
  local bin; bin="$(postgres_bin)"
  local dir="$LOCAL_DIR/$name" data="$LOCAL_DIR/$name/data" socket="$LOCAL_DIR/$name/socket"
  mkdir -p "$dir" "$socket"
  if [ ! -f "$dir/password" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$dir/password")
  fi
  chmod 600 "$dir/password" # the cluster's owner alone (and root) may read it
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$dir"
    chmod 755 "$LOCAL_DIR" "$dir"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "Creating PostgreSQL cluster in .local/$name"
    as_cluster_owner "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 --pwfile="$dir/password" >/dev/null
  fi
  if as_cluster_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    port="$(cat "$dir/port")"
  else
    while port_in_use "$port"; do port=$((port + 1)); done
    echo "$port" > "$dir/port"
    local options="-p $port -k $socket -c listen_addresses=127.0.0.1"
    for setting in "$@"; do options="$options -c $setting"; done
    log "Starting PostgreSQL .local/$name on 127.0.0.1:$port"
    # The server outlives this script: it must not keep what the script holds open, such as the build lock of a caller
    # under flock (which would then stay taken until the server stops).
    (close_inherited_descriptors; as_cluster_owner "$bin/pg_ctl" -D "$data" -o "$options" -l "$dir/postgres.log" -w -t 60 start >/dev/null) \
      || { tail -n 20 "$dir/postgres.log" >&2; die "PostgreSQL did not start (log: .local/$name/postgres.log)."; }
  fi
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$(cat "$dir/password")"
}

# create_database CONNECTION NAME: creates the database if it does not exist.
create_database() {
  local connection="$1" database="$2" port password
  port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$connection")"
  password="$(sed -E 's/.*Password=([^;]+).*/\1/' <<<"$connection")"
  if ! PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='$database'" postgres | grep -q 1; then
    PGPASSWORD="$password" psql -q -h 127.0.0.1 -p "$port" -U postgres -c "create database \"$database\"" postgres
  fi
}

# Runs the portal test project's benchmarks matching a filter on the bench cluster (port 55434) and keeps the lines
# their figures are on: run_portal_benchmark NAME FILTER PATTERN. Figures also go to .local/test-results/bench/NAME.txt.
run_portal_benchmark() {
  local name="$1" filter="$2" pattern="$3"
  ensure_dotnet
  export ECONEURA_TEST_PG="$(start_local_postgres postgres-bench 55434 fsync=off synchronous_commit=off full_page_writes=off max_connections=300);Database=postgres"
  cd "$REPO_ROOT"
  mkdir -p .local/test-results/bench
  dotnet build tests/Econeura.Portal.Tests -c Release -nologo -clp:ErrorsOnly
  dotnet test tests/Econeura.Portal.Tests -c Release --no-build --nologo --filter "$filter&Category=Benchmark" --logger "console;verbosity=detailed" \
    | grep -E "$pattern|Passed!|Failed!" | tee ".local/test-results/bench/$name.txt"
}
