#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine with the .NET SDK, then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")"

# Real servers and clients the tests drive: Apache ZooKeeper 3.8 (server, zkCli) and kazoo.
packages=(zookeeper zookeeper-bin python3-kazoo)
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
