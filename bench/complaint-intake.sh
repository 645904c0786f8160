#!/usr/bin/env bash
# Complaint intake/s through POST /api/v1/complaints (intake clerk, hotline, named complainant: encryption, audit,
# funnel delta and outbox in one transaction) vs a plain JDBC single-row INSERT + commit, same thread count, same
# PostgreSQL, same run. Starts its own PostgreSQL and Kafka (devstack), 127.0.0.1 only.
# Builds through the reactor (-am), installs nothing. Result table: bench/results/complaint-intake.md
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl complaint-service -am test -Dbench.excluded=none -Dgroups=benchmark \
  -Dtest=ComplaintIntakeBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dxiaoneng.test.postgres.commits=${BENCH_COMMITS:-durable} -Dbench.complaints=${BENCH_COMPLAINTS:-2000} -Dbench.threads=${BENCH_THREADS:-8} -Dbench.rounds=${BENCH_ROUNDS:-3} -Dbench.warmup=${BENCH_WARMUP:-300} -Dbench.out=$PWD/bench/results/complaint-intake.md"
cat bench/results/complaint-intake.md
