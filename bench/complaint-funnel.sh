#!/usr/bin/env bash
# Funnel statistics at scale: complaints generated with SQL (generate_series, realistic mix of states, departments,
# categories, channels and timestamps) up to each of BENCH_SIZES (their funnel deltas set-based, a day of pending deltas through the trigger); compaction timed;
# the old aggregate over complaint (baseline) vs the rollup per dimension, with pending deltas, department-scoped,
# and over HTTP; EXPLAIN (ANALYZE, BUFFERS) at the largest size. Starts its own PostgreSQL and Kafka (devstack),
# 127.0.0.1 only. Builds through the reactor (-am), installs nothing. Result: bench/results/complaint-funnel.md
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl complaint-service -am test -Dbench.excluded=none -Dgroups=benchmark \
  -Dtest=ComplaintFunnelBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.sizes=${BENCH_SIZES:-10000,100000,1000000} -Dbench.out=$PWD/bench/results/complaint-funnel.md"
cat bench/results/complaint-funnel.md
