#!/usr/bin/env bash
# Catalog reads (GET /api/v1/catalog/items, public) direct to approval-service, through the gateway, and through
# nginx as a reverse proxy to the same service — in one run, on 127.0.0.1 only. Starts the whole stack with the
# devstack launcher (port offset BENCH_PORT_OFFSET, default 22000: below the ephemeral port range) and nginx (Debian package; installed with apt-get
# when missing and possible, otherwise its row is skipped), drives each target with wrk (Debian package), rounds
# interleaved, median per target. Result table: bench/results/gateway.md
#   BENCH_DURATION (20s) BENCH_WARMUP (60s) BENCH_CONNECTIONS (32) BENCH_THREADS (2) BENCH_ROUNDS (3) BENCH_NO_BUILD=1 skips the build
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OFFSET=${BENCH_PORT_OFFSET:-22000}
DURATION=${BENCH_DURATION:-20s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-3}
# Long enough for the JIT: after 10 s a profile of the gateway still showed the C2 compiler at 40 % of its CPU in the
# first measured round (a gateway runs for days; its steady state is what the target is about).
WARMUP=${BENCH_WARMUP:-60s}
PATH_QUERY=${BENCH_PATH:-/api/v1/catalog/items?page=0&size=20}
WORK=$ROOT/bench/target/gateway
OUT=$ROOT/bench/results/gateway.md
DIRECT=http://127.0.0.1:$((8081 + OFFSET))
GATEWAY=http://127.0.0.1:$((8080 + OFFSET))
NGINX_PORT=$((8088 + OFFSET))
NGINX=http://127.0.0.1:$NGINX_PORT

need() { command -v "$1" >/dev/null 2>&1; }
install_debian() { # $1 package; only as root with apt-get
  if [ "$(id -u)" = 0 ] && need apt-get; then
    echo "Installing $1 (Debian package)…"; apt-get install -y -qq "$1" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$1" >/dev/null 2>&1; } || true
  fi
}
need wrk || install_debian wrk
need wrk || { echo "wrk is not installed and could not be installed (Debian package 'wrk'): cannot run this benchmark."; exit 1; }
need nginx || [ -x /usr/sbin/nginx ] || install_debian nginx-light
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX_BIN" ] || { NGINX_BIN=""; echo "nginx is not installed and could not be installed: its row is skipped."; }

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "Building (./run.sh --build-only)…"
  ./run.sh --build-only
fi

rm -rf "$WORK"; mkdir -p "$WORK/nginx/logs"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
STACK_PID=""; NGINX_STARTED=0
cleanup() {
  if [ "$NGINX_STARTED" = 1 ]; then "$NGINX_BIN" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null || true; fi
  if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then kill -TERM "$STACK_PID"; wait "$STACK_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# The gateway's rate limits are for callers, not for a load generator on loopback: raised for this run (the
# launcher's environment reaches every service it starts). Everything else is the gateway as configured.
export XIAONENG_GATEWAY_RATE_LIMIT_PER_IP_REQUESTS=1000000000
export XIAONENG_GATEWAY_RATE_LIMIT_PER_CLIENT_REQUESTS=1000000000
echo "Starting the stack (port offset $OFFSET)…"
"$JAVA" -cp "devstack/target/classes:devstack/target/lib/*" io.xiaoneng.devstack.DevStack \
  --project-dir "$ROOT" --data-dir "$WORK/stack" --port-offset "$OFFSET" --fresh >"$WORK/stack.out" 2>&1 &
STACK_PID=$!
for _ in $(seq 1 600); do
  grep -q "XIAONENG STACK READY" "$WORK/stack.out" && break
  kill -0 "$STACK_PID" 2>/dev/null || { cat "$WORK/stack.out"; echo "the stack did not start"; exit 1; }
  sleep 1
done
grep -q "XIAONENG STACK READY" "$WORK/stack.out" || { tail -50 "$WORK/stack.out"; echo "the stack did not start in 10 minutes"; exit 1; }
curl -fsS "$DIRECT$PATH_QUERY" >/dev/null || { echo "$DIRECT$PATH_QUERY does not answer 200"; exit 1; }

if [ -n "$NGINX_BIN" ]; then
  cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log $WORK/nginx/logs/access.log combined buffer=64k;
  client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fcgi; uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
  upstream approval { server 127.0.0.1:$((8081 + OFFSET)); keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://approval;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Request-Id \$request_id;
      add_header X-Request-Id \$request_id always;
    }
  }
}
NGINX
  "$NGINX_BIN" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" && NGINX_STARTED=1
fi

targets=(direct gateway); [ "$NGINX_STARTED" = 1 ] && targets+=(nginx)
url_of() { case $1 in direct) echo "$DIRECT$PATH_QUERY";; gateway) echo "$GATEWAY$PATH_QUERY";; nginx) echo "$NGINX$PATH_QUERY";; esac; }
to_ms() { # wrk latency like 812.00us / 1.23ms / 1.01s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
run() { # target round
  local out="$WORK/wrk-$1-$2.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$(url_of "$1")" >"$out"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$out" | tr '\n' ' ')
  echo "$1 $2 $rps $p50 $p99 ${errors:-}" | tee -a "$WORK/rounds.txt"
}

echo "Warm-up…"
for t in "${targets[@]}"; do wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$(url_of "$t")" >/dev/null; done
: >"$WORK/rounds.txt"
for r in $(seq 1 "$ROUNDS"); do for t in "${targets[@]}"; do run "$t" "$r"; done; done

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
col() { awk -v t="$1" -v c="$2" '$1 == t {print $c}' "$WORK/rounds.txt" | median; }
DIRECT_RPS=$(col direct 3)
{
  echo "# Gateway: catalog reads direct vs through the gateway vs through nginx"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) CPUs ($(lscpu 2>/dev/null | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')), $(free -m | awk '/Mem:/ {print $2}') MB RAM, $("$JAVA" -version 2>&1 | head -1), $(uname -sm); $("$NGINX_BIN" -v 2>&1 | tr -d '\n'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')."
  echo "Everything on one machine and loopback: wrk, the services (devstack, JVM -Xmx256m -XX:+UseSerialGC), PostgreSQL, Kafka, Keycloak, nginx share the CPUs."
  echo "\`GET $PATH_QUERY\` (public: no token), wrk -t$THREADS -c$CONNECTIONS -d$DURATION, keep-alive; median of $ROUNDS interleaved rounds after a $WARMUP warm-up of each target."
  echo "The gateway as configured (request id, traceparent, per-IP rate limit with raised limits, access log line per request, breaker, timeout); nginx with an upstream keep-alive pool, a request id, and a buffered access log."
  echo
  echo "| path | requests/s | p50 ms | p99 ms | ratio to direct |"
  echo "|---|---:|---:|---:|---:|"
  for t in "${targets[@]}"; do
    rps=$(col "$t" 3); p50=$(col "$t" 4); p99=$(col "$t" 5)
    name=$t; [ "$t" = direct ] && name="direct to approval-service"; [ "$t" = gateway ] && name="through the gateway"; [ "$t" = nginx ] && name="through nginx (reverse proxy)"
    echo "| $name | $(printf %.0f "$rps") | $p50 | $p99 | $(awk -v a="$rps" -v b="$DIRECT_RPS" 'BEGIN {printf "%.2f", a / b}') |"
  done
  [ "$NGINX_STARTED" = 1 ] || echo "| through nginx | skipped: nginx not installed | | | |"
  GW_RATIO=$(awk -v a="$(col gateway 3)" -v b="$DIRECT_RPS" 'BEGIN {printf "%.2f", a / b}')
  echo
  if awk -v r="$GW_RATIO" 'BEGIN {exit !(r >= 0.8)}'; then echo "Target: gateway ≥ 0.8 × direct — **met** ($GW_RATIO)."; else echo "Target: gateway ≥ 0.8 × direct — **NOT met** ($GW_RATIO)."; fi
  echo
  echo "| target | round | requests/s | p50 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|---|"
  awk '{e=""; for (i = 6; i <= NF; i++) e = e " " $i; printf "| %s | %s | %.0f | %s | %s |%s |\n", $1, $2, $3, $4, $5, e}' "$WORK/rounds.txt"
} >"$OUT"
cat "$OUT"
