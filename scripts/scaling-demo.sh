#!/usr/bin/env bash
# Independent scaling, shown on real processes on this machine (loopback only, bounded in time, cleans up):
#   1. `llmpool up` with its in-pool workers off and the simulator at 200 ms per call;
#   2. one, two, then three `llmpool worker --provider openai` JVMs (instance ids w1, w2, w3), each allowed 8 calls
#      at once, so the workers are the bottleneck; after each one joins, `llmpool bench --mode kafka` measures the
#      throughput and counts the attempt outcomes by worker id (the share group spreads the work, no repartitioning);
#   3. a fourth run during which w1 is killed with SIGKILL: the bench exits 0 only if every job got its result.
# Usage: scripts/scaling-demo.sh            (ports 38080 38090 39092 36379; override with GATEWAY_PORT etc.)
# Env:   LLMPOOL_JAR (default launcher/target/llmpool.jar), REQUESTS (400), CONCURRENCY (64), SIM_LATENCY (200ms),
#        MAX_IN_FLIGHT (8), KEEP_LOGS=1 to keep the work folder.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/java-home.sh"
llmpool_find_jdk || exit 1
JAR="${LLMPOOL_JAR:-$ROOT/launcher/target/llmpool.jar}"
if [ ! -f "$JAR" ]; then
  echo "scaling-demo: building the launcher jar…" >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests install >&2)
fi
GATEWAY_PORT="${GATEWAY_PORT:-38080}"
SIM_PORT="${SIM_PORT:-38090}"
KAFKA_PORT="${KAFKA_PORT:-39092}"
REDIS_PORT="${REDIS_PORT:-36379}"
REQUESTS="${REQUESTS:-400}"
CONCURRENCY="${CONCURRENCY:-64}"
SIM_LATENCY="${SIM_LATENCY:-200ms}"
MAX_IN_FLIGHT="${MAX_IN_FLIGHT:-8}"
DIRECT="http://127.0.0.1:$SIM_PORT/v1"
WORK="$(mktemp -d /tmp/llmpool-scaling.XXXXXX)"
JAVA=("$JAVA_HOME/bin/java" -XX:+UseZGC -Xss512k --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
PIDS=()

for port in "$GATEWAY_PORT" "$SIM_PORT" "$KAFKA_PORT" "$REDIS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "scaling-demo: port $port is in use; choose others (GATEWAY_PORT, SIM_PORT, KAFKA_PORT, REDIS_PORT)" >&2
    exit 2
  fi
done

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 30); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  if [ "${KEEP_LOGS:-0}" = 1 ]; then echo "scaling-demo: logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# waits until file $1 has a line matching $2, or $3 seconds pass
await_line() {
  local i
  for i in $(seq 1 "$3"); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "scaling-demo: '$2' did not appear in $1 within $3 s:" >&2
  tail -20 "$1" >&2
  exit 1
}

start_worker() {
  "${JAVA[@]}" -jar "$JAR" worker --provider openai --kafka "127.0.0.1:$KAFKA_PORT" \
    --redis "redis://127.0.0.1:$REDIS_PORT" --simulator-url "http://127.0.0.1:$SIM_PORT/v1" \
    -D "llmpool.instance-id=$1" -D "llmpool.workers.max-in-flight=$MAX_IN_FLIGHT" \
    -D llmpool.workers.max-poll-records=4 -D llmpool.workers.record-lock-duration=15s \
    >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$1=$!"
  await_line "$WORK/$1.log" "Provider workers for 'openai'.* consuming" 180
  sleep 3 # the share group hands the new member its partitions on its next heartbeat
  echo "== worker $1 joined (pid $!)"
}

# bench <requests> <warm-up> <simulator URL for the calibration, or ""> [more bench options]
bench() {
  local requests="$1" warmup="$2" direct="$3"
  shift 3
  "${JAVA[@]}" -jar "$JAR" bench --mode kafka --bootstrap "127.0.0.1:$KAFKA_PORT" \
    --direct "$direct" --requests "$requests" --warmup "$warmup" \
    --concurrency "$CONCURRENCY" "$@" 2>&1 | grep -v ' WARN '
  return "${PIPESTATUS[0]}"
}

echo "== llmpool up: in-pool workers off, simulator at $SIM_LATENCY per call (work folder $WORK)"
UNSET_KEYS=$(env | awk -F= '/_API_KEY=|_BASE_URL=/ {print "-u " $1}')
# shellcheck disable=SC2086
env $UNSET_KEYS "${JAVA[@]}" -jar "$JAR" up --port "$GATEWAY_PORT" --kafka-port "$KAFKA_PORT" \
  --redis-port "$REDIS_PORT" --simulator-port "$SIM_PORT" --data-dir "$WORK/data" --sim-latency "$SIM_LATENCY" \
  -D llmpool.workers.enabled=false >"$WORK/pool.log" 2>&1 &
PIDS+=($!)
POOL_PID=$!
await_line "$WORK/pool.log" "llmpool is up" 240
echo "== pool up (pid $POOL_PID); $(nproc) cores; each worker: max-in-flight $MAX_IN_FLIGHT, so at most" \
  "$MAX_IN_FLIGHT calls / $SIM_LATENCY per worker JVM"

start_worker w1
echo "== 1 worker JVM"
bench "$REQUESTS" 64 "$DIRECT" --pid "$PID_w1"

start_worker w2
echo "== 2 worker JVMs"
bench "$REQUESTS" 64 "$DIRECT" --pid "$PID_w1,$PID_w2"

start_worker w3
echo "== 3 worker JVMs"
bench "$REQUESTS" 64 "$DIRECT" --pid "$PID_w1,$PID_w2,$PID_w3"

echo "== 3 worker JVMs, w1 (pid $PID_w1) killed with SIGKILL 8 s into the run"
( sleep 8; kill -KILL "$PID_w1" && echo "== $(date +%T) kill -9 $PID_w1 (w1)" ) &
set +e
bench $((REQUESTS * 2)) 0 "" --pid "$PID_w2,$PID_w3"
status=$?
set -e
echo "== redeliveries logged by the survivors: w2 $(grep -c 'redelivered (delivery #' "$WORK/w2.log" || true)," \
  "w3 $(grep -c 'redelivered (delivery #' "$WORK/w3.log" || true)"
if [ "$status" = 0 ]; then
  echo "== every job of the run with the kill ended with its result (bench exit 0)"
else
  echo "== the run with the kill had errors (bench exit $status)"
fi
exit "$status"
