#!/usr/bin/env bash
# Application submissions/s through POST /api/v1/applications vs a plain JDBC single-row INSERT + commit,
# same thread count, same PostgreSQL, same run. Starts its own PostgreSQL and Kafka (devstack), 127.0.0.1 only.
# Builds through the reactor (-am), installs nothing. Result table: bench/results/submissions.md
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl approval-service -am test -Dbench.excluded=none -Dgroups=benchmark \
  -Dtest=SubmissionThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dxiaoneng.test.postgres.commits=${BENCH_COMMITS:-durable} -Dbench.submissions=${BENCH_SUBMISSIONS:-3000} -Dbench.threads=${BENCH_THREADS:-8} -Dbench.rounds=${BENCH_ROUNDS:-3} -Dbench.out=$PWD/bench/results/submissions.md"
cat bench/results/submissions.md
