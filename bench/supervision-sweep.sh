#!/usr/bin/env bash
# Supervision at scale: open cases generated with SQL (generate_series) up to each of BENCH_SIZES; the daily sweep
# (deemed acceptances, lights, outbox events) timed, its statements under EXPLAIN (ANALYZE, BUFFERS), and the red-case
# list (HTTP and SQL). Starts its own PostgreSQL and Kafka (devstack), 127.0.0.1 only.
# Builds through the reactor (-am), installs nothing. Result: bench/results/supervision-sweep.md
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl approval-service -am test -Dbench.excluded=none -Dgroups=benchmark \
  -Dtest=SupervisionSweepBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.sizes=${BENCH_SIZES:-10000,100000,1000000} -Dbench.out=$PWD/bench/results/supervision-sweep.md"
cat bench/results/supervision-sweep.md
