#!/usr/bin/env bash
# The yearly evaluation report at scale: projections (applications, handlers, complaints) and ratings, rectifications,
# survey ballots and commitments of one year generated with SQL (generate_series) up to each of BENCH_SIZES
# applications (a complaint per ten applications); the whole report (every section from the raw facts) timed
# in-process and through HTTP, section by section, with EXPLAIN (ANALYZE, BUFFERS) of the heaviest statements.
# Starts its own PostgreSQL and Kafka (devstack), 127.0.0.1 only. Builds through the reactor (-am), installs nothing.
# Result: bench/results/annual-report.md
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl evaluation-service -am test -Dbench.excluded=none -Dgroups=benchmark \
  -Dtest=AnnualReportBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.sizes=${BENCH_SIZES:-10000,100000,1000000} -Dbench.out=$PWD/bench/results/annual-report.md"
cat bench/results/annual-report.md
