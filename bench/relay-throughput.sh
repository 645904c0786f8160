#!/usr/bin/env bash
# Outbox relay throughput vs a plain kafka-clients producer, same broker, same run.
# Starts its own PostgreSQL and Kafka (devstack test infrastructure), 127.0.0.1 only.
# Result table: bench/results/relay-throughput.md
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -pl approval-service -am -Dbench.excluded=none -Dgroups=benchmark \
  -Dtest=RelayThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.events=${BENCH_EVENTS:-20000} -Dbench.rounds=${BENCH_ROUNDS:-3} -Dbench.out=$PWD/bench/results/relay-throughput.md"
cat bench/results/relay-throughput.md
