#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine with the .NET SDK, then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")"

# Real servers and clients the tests drive: Apache ZooKeeper 3.8 (server, zkCli), kazoo, and
# PostgreSQL for the sample's live database switch.
packages=(zookeeper zookeeper-bin python3-kazoo postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A throwaway PostgreSQL cluster for this run: its own directory and free port, password auth,
# stopped and removed on exit. It never touches a system cluster, so repeated runs do not collide.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/configcenter-pg.XXXXXX)
as_pg_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_postgres() {
  as_pg_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_postgres EXIT
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pg_password=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
as_pg_owner sh -c "umask 077; echo '$pg_password' > '$pg_dir/pwfile'"
as_pg_owner "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -E UTF8 --auth=scram-sha-256 --pwfile="$pg_dir/pwfile" >/dev/null
as_pg_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
export CONFIGCENTER_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$pg_port"

dotnet restore ConfigCenter.sln
dotnet build ConfigCenter.sln -c Release --no-restore
log=$(mktemp)
status=0
dotnet test ConfigCenter.sln -c Release --no-build 2>&1 | tee "$log" || status=$?

# One closing line over all test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
