#!/usr/bin/env bash
# Issue #8's side-by-side benchmark (docs/benchmarks.md): Apache ZooKeeper 3.8 (Debian's package) and
# ConfigCenter (Release build) in the same shape, one after the other on this machine, with the same zoo.cfg
# (forceSync=yes, same tickTime, fresh data directories on the same disk); first standalone, then as 3-server
# ensembles on loopback. Every workload runs against each with identical parameters: create, setData, getData,
# a 90/10 mix, watch fan-out to 1,000 watchers, session churn; standalone also memory per znode (a fill of 1M
# znodes) and the restart after kill -9; the ensemble also leader failover (kill -9 of the leader under writes,
# 5 rounds). Then the report generator writes docs/benchmarks.md from both. Not part of ./test.sh.
#
#   benchmarks/run.sh                           # both shapes, the documented run (about 10 minutes on 2 idle cores)
#   benchmarks/run.sh --shape ensemble3         # one shape only (standalone or ensemble3); the page shows that one
#   benchmarks/run.sh --duration 30 --warmup 5  # longer runs; any option of `configcenter-loadgen compare --help`
#   benchmarks/run.sh --quiet-wait 60           # on a shared machine: wait up to 60 s for idle cores before each phase
#   benchmarks/run.sh --micro                   # also the BenchmarkDotNet micro-benchmarks (short job, a few more minutes)
#   BENCH_DOC=/tmp/benchmarks.md benchmarks/run.sh --znodes 100000   # a quick run that leaves docs/ alone
#
# Results: tables on stdout; benchmarks/results/compare-<time>-<shape>.{jsonl,txt} (git-ignored); the page in $BENCH_DOC.
set -euo pipefail
cd "$(dirname "$0")/.."

invocation="benchmarks/run.sh${*:+ $*}"
micro=false
shapes=(standalone ensemble3)
compare_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --micro) micro=true ;;
    --shape) i=$((i + 1)); shapes=("${args[i]:?--shape needs standalone or ensemble3}") ;;
    --shape=*) shapes=("${args[i]#--shape=}") ;;
    *) compare_args+=("${args[i]}") ;;
  esac
done
doc=${BENCH_DOC:-docs/benchmarks.md}

source benchmarks/prepare.sh
loadgen=(dotnet src/ConfigCenter.LoadGenerator/bin/Release/net10.0/configcenter-loadgen.dll)

results=benchmarks/results
mkdir -p "$results"
stamp=$(date -u +%Y%m%d-%H%M%S)
status=0
result_files=()
for shape in "${shapes[@]}"; do
  file="$results/compare-$stamp-$shape"
  shape_status=0
  # The work directory must be on the disk being compared; /tmp is on the root disk here.
  "${loadgen[@]}" compare --shape "$shape" \
    --server-dll src/ConfigCenter.Server/bin/Release/net10.0/ConfigCenter.Server.dll \
    --work-dir "${BENCH_WORK_DIR:-${TMPDIR:-/tmp}/configcenter-bench}" \
    --results "$file.jsonl" \
    --invocation "$invocation" \
    "${compare_args[@]}" | tee "$file.txt" || shape_status=$?
  # Exit 1 with result lines means a workload saw errors: the page still shows them. Anything else is fatal.
  if [ ! -s "$file.jsonl" ] || [ "$(wc -l < "$file.jsonl")" -lt 2 ]; then
    echo "compare --shape $shape wrote no result line (exit status $shape_status); see above" >&2
    exit "$([ "$shape_status" -ne 0 ] && echo "$shape_status" || echo 1)"
  fi
  [ "$shape_status" -ne 0 ] && status=$shape_status
  result_files+=("$file.jsonl")
done

micro_args=()
if [ "$micro" = true ]; then
  dotnet run -c Release --project benchmarks/ConfigCenter.Micro.Benchmarks -- \
    --job short --filter '*' --artifacts "$results/micro-$stamp" | tee "$results/micro-$stamp.txt"
  micro_args=(--micro "$results/micro-$stamp/results")
fi

"${loadgen[@]}" report --results "${result_files[@]}" --out "$doc" "${micro_args[@]}"
echo "wrote $doc from ${result_files[*]}"
exit "$status"
