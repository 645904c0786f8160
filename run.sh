#!/usr/bin/env bash
# Starts the whole Xiaoneng system locally with demo data: PostgreSQL, Kafka, Keycloak and the four
# applications, all from Maven artifacts. Ctrl-C stops everything.
#   ./run.sh [--fresh] [--port-offset N] [--data-dir DIR] [--no-build]
#   ./run.sh --build-only   packages the services and the launcher as the stack runs them (the benchmarks use it)
set -euo pipefail
cd "$(dirname "$0")"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$JAVA" >/dev/null 2>&1; then
  echo "run.sh: no Java found. Install a JDK 17 or newer and put it on PATH or set JAVA_HOME." >&2
  exit 1
fi
spec=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
major=${spec#1.}; major=${major%%.*}
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
  echo "run.sh: $JAVA is Java ${spec:-unknown}; Xiaoneng needs a JDK 17 or newer (set JAVA_HOME)." >&2
  exit 1
fi

build=1
build_only=0
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --build-only) build_only=1 ;;
    *) args+=("$arg") ;;
  esac
done

if [ "$build" = 1 ]; then
  echo "Building the services and the devstack (./mvnw -DskipTests package)…"
  # aot-jar: the JVM's own class loader loads the application, so the AppCDS archive / AOT cache can hold it
  ./mvnw -B -q -DskipTests package -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.jar.appcds.enabled=true -pl devstack,approval-service,complaint-service,evaluation-service,integration-service,gateway -am
fi
if [ "$build_only" = 1 ]; then
  exit 0
fi

# exec: Ctrl-C and SIGTERM reach the launcher directly, which stops every component it started.
exec "$JAVA" -cp "devstack/target/classes:devstack/target/lib/*" io.xiaoneng.devstack.DevStack \
  --project-dir "$PWD" "${args[@]}"
