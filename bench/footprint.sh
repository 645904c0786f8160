#!/usr/bin/env bash
# Each service's time to ready and RSS after its first request (JVM mode, as run.sh runs it), started as a fresh JVM
# beside the whole stack (port offset BENCH_PORT_OFFSET, default 23000), 127.0.0.1 only.
# Result table: bench/results/footprint.md
#   BENCH_ROUNDS (3) BENCH_NO_BUILD=1 skips packaging the services
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
stack_benchmark FootprintBenchmark -Dbench.rounds="${BENCH_ROUNDS:-3}" "$@"
