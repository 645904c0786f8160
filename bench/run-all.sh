#!/usr/bin/env bash
# Every benchmark, one after the other (never in parallel: they would measure each other), then the summary table
# and chart (bench/results/SUMMARY.md, bench/results/summary.svg). Bounded; 127.0.0.1 only; each benchmark starts
# and stops its own infrastructure. About an hour on 2 CPUs.
#   BENCH_ONLY="gateway events"   run only these (names below); BENCH_NO_BUILD=1 skips packaging
set -uo pipefail
cd "$(dirname "$0")/.."
ALL="relay-throughput submissions supervision-sweep complaint-intake complaint-funnel annual-report gateway stack"
ONLY=${BENCH_ONLY:-$ALL}
failed=()

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  ./run.sh --build-only || exit 1   # once for every benchmark; prints its own "Building …" line
fi
export BENCH_NO_BUILD=1

for name in $ONLY; do
  case $name in
    stack|events|footprint)
      # events and footprint share one start of the whole stack
      echo "=== events + footprint ($(date -u +%H:%M:%S))"
      ( . bench/lib.sh; stack_benchmark "EventLatencyBenchmark,FootprintBenchmark" ) || failed+=("$name") ;;
    *)
      if [ -x "bench/$name.sh" ]; then
        echo "=== $name ($(date -u +%H:%M:%S))"
        "bench/$name.sh" || failed+=("$name")
      else
        echo "=== $name: no bench/$name.sh, skipped"
      fi ;;
  esac
done

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" bench/Summary.java bench/results
if [ ${#failed[@]} -gt 0 ]; then
  echo "Benchmarks that failed to run: ${failed[*]}"; exit 1
fi
