#!/usr/bin/env bash
# Issue #8's side-by-side benchmark (docs/benchmarks.md): Apache ZooKeeper 3.8 (Debian's package) and
# ConfigCenter (Release build) in the same shape, one after the other on this machine, with the same zoo.cfg
# (forceSync=yes, same tickTime, fresh data directories on the same disk). Every workload runs against each
# with identical parameters: create, setData, getData, a 90/10 mix, watch fan-out to 1,000 watchers, session
# churn, memory per znode (a fill of 1M znodes) and the restart after kill -9. Then the report generator
# writes docs/benchmarks.md. Not part of ./test.sh.
#
#   benchmarks/run.sh                           # standalone, the documented run (about 5 minutes on 2 idle cores)
#   benchmarks/run.sh --shape ensemble3         # a 3-server ensemble on loopback: not available yet, exits 1
#   benchmarks/run.sh --duration 30 --warmup 5  # longer runs; any option of `configcenter-loadgen compare --help`
#   benchmarks/run.sh --quiet-wait 60           # on a shared machine: wait up to 60 s for idle cores before each phase
#   benchmarks/run.sh --micro                   # also the BenchmarkDotNet micro-benchmarks (short job, a few more minutes)
#   BENCH_DOC=/tmp/benchmarks.md benchmarks/run.sh --znodes 100000   # a quick run that leaves docs/ alone
#
# Results: tables on stdout; benchmarks/results/compare-<time>.{jsonl,txt} (git-ignored); the page in $BENCH_DOC.
set -euo pipefail
cd "$(dirname "$0")/.."

invocation="benchmarks/run.sh${*:+ $*}"
micro=false
compare_args=()
for arg in "$@"; do
  if [ "$arg" = "--micro" ]; then micro=true; else compare_args+=("$arg"); fi
done
doc=${BENCH_DOC:-docs/benchmarks.md}

source benchmarks/prepare.sh
loadgen=(dotnet src/ConfigCenter.LoadGenerator/bin/Release/net10.0/configcenter-loadgen.dll)

results=benchmarks/results
mkdir -p "$results"
stamp=$(date -u +%Y%m%d-%H%M%S)
status=0
# The work directory must be on the disk being compared; /tmp is on the root disk here.
"${loadgen[@]}" compare \
  --server-dll src/ConfigCenter.Server/bin/Release/net10.0/ConfigCenter.Server.dll \
  --work-dir "${BENCH_WORK_DIR:-${TMPDIR:-/tmp}/configcenter-bench}" \
  --results "$results/compare-$stamp.jsonl" \
  --invocation "$invocation" \
  "${compare_args[@]}" | tee "$results/compare-$stamp.txt" || status=$?
# Exit 1 with result lines means a workload saw errors: the page still shows them. Anything else is fatal.
if [ ! -s "$results/compare-$stamp.jsonl" ] || [ "$(wc -l < "$results/compare-$stamp.jsonl")" -lt 2 ]; then
  exit "$([ "$status" -ne 0 ] && echo "$status" || echo 1)"
fi

micro_args=()
if [ "$micro" = true ]; then
  dotnet run -c Release --project benchmarks/ConfigCenter.Micro.Benchmarks -- \
    --job short --filter '*' --artifacts "$results/micro-$stamp" | tee "$results/micro-$stamp.txt"
  micro_args=(--micro "$results/micro-$stamp/results")
fi

"${loadgen[@]}" report --results "$results/compare-$stamp.jsonl" --out "$doc" "${micro_args[@]}"
echo "wrote $doc from $results/compare-$stamp.jsonl"
exit "$status"
