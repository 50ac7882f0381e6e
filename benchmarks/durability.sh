#!/usr/bin/env bash
# The durability benchmark (docs/benchmarks-durability.md): ConfigCenter and Apache ZooKeeper 3.8 side by side,
# both with forceSync=yes, one after the other on this machine: create throughput, a fill of 1M znodes,
# restart after kill -9, resident memory, snapshot and log sizes, and the ratios ours / ZooKeeper.
# Takes about 5-8 minutes and needs ~3 GB free under the work directory. Not part of ./test.sh.
#
#   benchmarks/durability.sh                         # the documented run
#   benchmarks/durability.sh --fill-count 100000     # any option of `configcenter-loadgen durability --help`
#
# Results: the table and JSON lines on stdout, also kept in benchmarks/results/durability-<time>.{txt,json}.
set -euo pipefail
cd "$(dirname "$0")/.."

source benchmarks/prepare.sh

results=benchmarks/results
mkdir -p "$results"
stamp=$(date -u +%Y%m%d-%H%M%S)
# The work directory must be on the disk being compared; /tmp is on the root disk here.
dotnet src/ConfigCenter.LoadGenerator/bin/Release/net10.0/configcenter-loadgen.dll durability \
  --server-dll src/ConfigCenter.Server/bin/Release/net10.0/ConfigCenter.Server.dll \
  --work-dir "${BENCH_WORK_DIR:-${TMPDIR:-/tmp}/configcenter-bench}" \
  --json-out "$results/durability-$stamp.json" \
  "$@" | tee "$results/durability-$stamp.txt"
