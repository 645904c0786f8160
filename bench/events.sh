#!/usr/bin/env bash
# Submission → visible in evaluation-service's projection, p50/p99 at a fixed open-loop rate (default 100/s), on the
# whole stack started by the system tests' launcher (port offset BENCH_PORT_OFFSET, default 23000), 127.0.0.1 only.
# Result table: bench/results/events.md
#   BENCH_RATE (100) BENCH_SECONDS (30) BENCH_WARMUP (180, seconds) XIAONENG_EVALUATION_CONSUMERS_PER_TOPIC (3) BENCH_NO_BUILD=1 skips packaging
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
# evaluation-service as deployed for one instance taking the whole rate: one ordered consumer per partition of each
# lifecycle topic (three), instead of the default of one per replica (several replicas share the partitions).
export XIAONENG_EVALUATION_CONSUMERS_PER_TOPIC="${XIAONENG_EVALUATION_CONSUMERS_PER_TOPIC:-3}"
stack_benchmark EventLatencyBenchmark -Dbench.rate="${BENCH_RATE:-100}" -Dbench.seconds="${BENCH_SECONDS:-30}" \
  -Dbench.warmupSeconds="${BENCH_WARMUP:-180}" "$@"
