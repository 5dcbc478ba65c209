#!/usr/bin/env bash
# Chaos run, repeatable on this machine (loopback only, bounded in time, cleans up after itself):
#   1. the provider simulator on its own (300 ms a call, so jobs stay in flight; its call count survives the kills),
#      `llmpool up` with its in-pool workers off on a fresh data folder, and one `llmpool worker --provider openai`;
#   2. `llmpool bench --mode kafka` publishes JOBS jobs to llm.requests at RATE a second and waits for their results;
#   3. along the way, each with kill -9 and one at a time: the worker (another one is started at once), the `up` JVM
#      once the new worker consumes (started again on the same data folder: the embedded Kafka log and Redis
#      survive), and once `up` is back the embedded Redis process (its pid is in the data folder; `up` restarts it);
#   4. `llmpool chaos-check` counts, from Kafka itself: completed, failed, lost (sent, no result on llm.results),
#      duplicate results, provider calls against jobs (repeated calls), and for each kill the time to the first
#      result, and to the first result of a job sent after it. Exits 1 when a job was lost or has two results.
# Build the jar first (./mvnw -o -q -DskipTests -pl launcher -am package); the script runs a copy of it.
# Usage: scripts/chaos.sh          (ports 38180 38190 38191 39192 36479; override with GATEWAY_PORT etc.)
# Env:   JOBS (1000), RATE (5 a second), SIM_LATENCY (300ms), KILL_WORKER_AT (15 s into the run), KILL_UP_AT (60
#        s, and not before the second worker consumes), KILL_REDIS_AFTER (30 s after `up` is back), KEEP_LOGS=1 to
#        keep the work folder, LLMPOOL_JAR (another jar).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/java-home.sh"
llmpool_find_jdk || exit 1
GATEWAY_PORT="${GATEWAY_PORT:-38180}"
SIM_PORT="${SIM_PORT:-38190}"
UP_SIM_PORT="${UP_SIM_PORT:-38191}"
KAFKA_PORT="${KAFKA_PORT:-39192}"
REDIS_PORT="${REDIS_PORT:-36479}"
JOBS="${JOBS:-1000}"
RATE="${RATE:-5}"
SIM_LATENCY="${SIM_LATENCY:-300ms}"
KILL_WORKER_AT="${KILL_WORKER_AT:-15}"
KILL_UP_AT="${KILL_UP_AT:-60}"
KILL_REDIS_AFTER="${KILL_REDIS_AFTER:-30}"
WORK="$(mktemp -d /tmp/llmpool-chaos.XXXXXX)"
KILLS="$WORK/kills.txt"
: >"$KILLS"
PIDS=()

for port in "$GATEWAY_PORT" "$SIM_PORT" "$UP_SIM_PORT" "$KAFKA_PORT" "$REDIS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "chaos: port $port is in use; choose others (GATEWAY_PORT, SIM_PORT, UP_SIM_PORT, KAFKA_PORT, REDIS_PORT)" >&2
    exit 2
  fi
done

# the JVMs run a copy of the jar: a build of the sources meanwhile cannot pull classes from under them
SOURCE_JAR="${LLMPOOL_JAR:-$ROOT/launcher/target/llmpool.jar}"
if [ ! -f "$SOURCE_JAR" ]; then
  echo "chaos: building the launcher jar…" >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl launcher -am package >&2)
fi
JAR="$WORK/llmpool.jar"
cp "$SOURCE_JAR" "$JAR"
JAVA=("$JAVA_HOME/bin/java" -Xss512k --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
# providers are simulated: no API key of the environment reaches these processes
NO_KEYS=()
while IFS= read -r name; do NO_KEYS+=(-u "$name"); done < <(env | awk -F= '/_API_KEY=|_BASE_URL=/ {print $1}')

redis_pid() {
  cat "$WORK/data/redis/redis.pid" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 40); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  pid="$(redis_pid)"   # a Redis whose `up` was killed and not started again
  if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$WORK/data/redis" ]; then
    kill -TERM "$pid" 2>/dev/null || true
  fi
  if [ "${KEEP_LOGS:-0}" = 1 ]; then echo "chaos: logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
stamp() { echo "== $(date +%T) $*"; }
killed() { echo "$(now_ms) $*" >>"$KILLS"; stamp "kill -9: $*"; }

# waits until file $1 has a line matching $2, or $3 seconds pass
await_line() {
  local i
  for i in $(seq 1 "$3"); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "chaos: '$2' did not appear in $1 within $3 s:" >&2
  tail -20 "$1" >&2
  exit 1
}

start_up() {
  env "${NO_KEYS[@]}" "${JAVA[@]}" -Xmx1g -XX:+UseZGC -jar "$JAR" up --port "$GATEWAY_PORT" --kafka-port "$KAFKA_PORT" \
    --redis-port "$REDIS_PORT" --simulator-port "$UP_SIM_PORT" --data-dir "$WORK/data" \
    -D llmpool.workers.enabled=false >"$WORK/$1.log" 2>&1 &
  UP_PID=$!
  disown "$UP_PID" # killed on purpose: no "Killed" line from the shell
  PIDS+=("$UP_PID")
}

start_worker() {
  env "${NO_KEYS[@]}" "${JAVA[@]}" -Xmx256m -XX:+UseG1GC -jar "$JAR" worker --provider openai \
    --kafka "127.0.0.1:$KAFKA_PORT" --redis "redis://127.0.0.1:$REDIS_PORT" --data-dir "$WORK/data" \
    --simulator-url "http://127.0.0.1:$SIM_PORT/v1" -D "llmpool.instance-id=$1" >"$WORK/$1.log" 2>&1 &
  WORKER_PID=$!
  disown "$WORKER_PID"
  PIDS+=("$WORKER_PID")
  stamp "worker $1 started (pid $WORKER_PID)"
}

stamp "work folder $WORK; $(nproc) cores; $(uptime)"
"${JAVA[@]}" -Xmx256m -jar "$JAR" simulator --port="$SIM_PORT" --latency="$SIM_LATENCY" >"$WORK/simulator.log" 2>&1 &
PIDS+=($!)
start_up up1
await_line "$WORK/up1.log" "llmpool is up" 300
stamp "llmpool up (pid $UP_PID), workers off; simulator at $SIM_LATENCY a call on port $SIM_PORT"
start_worker w1
await_line "$WORK/w1.log" "Provider workers for 'openai'.* consuming" 180

stamp "publishing $JOBS jobs at $RATE a second (llmpool bench --mode kafka)"
"${JAVA[@]}" -Xmx384m -jar "$JAR" bench --mode kafka --bootstrap "127.0.0.1:$KAFKA_PORT" --direct "" \
  --requests "$JOBS" --warmup 0 --rate "$RATE" --timeout 400s >"$WORK/bench.log" 2>&1 &
BENCH_PID=$!
PIDS+=("$BENCH_PID")
RUN_START=$(date +%s)
at() { while [ $(($(date +%s) - RUN_START)) -lt "$1" ]; do sleep 0.2; done; }

at "$KILL_WORKER_AT"
kill -KILL "$WORKER_PID"
killed "worker w1 (pid $WORKER_PID)"
start_worker w2
# each kill on its own: `up` dies only once the new worker consumes (its recovery is measured apart from this one)
await_line "$WORK/w2.log" "Provider workers for 'openai'.* consuming" 180

at "$KILL_UP_AT"
kill -KILL "$UP_PID"
killed "llmpool up (pid $UP_PID)"
start_up up2
await_line "$WORK/up2.log" "llmpool is up" 300
stamp "llmpool up again on the same data (pid $UP_PID)"

sleep "$KILL_REDIS_AFTER"
REDIS="$(redis_pid)"
if [ -n "$REDIS" ] && kill -KILL "$REDIS" 2>/dev/null; then
  killed "embedded Redis (pid $REDIS)"
else
  stamp "no embedded Redis process to kill (pid file: '$REDIS')"
fi

stamp "waiting for the bench to end"
set +e
wait "$BENCH_PID"
BENCH_STATUS=$?
set -e
stamp "bench exit $BENCH_STATUS; its summary:"
grep -v -E ' (WARN|INFO|DEBUG) ' "$WORK/bench.log" | tail -15
stamp "redeliveries logged by the worker w2: $(grep -c 'redelivered' "$WORK/w2.log" || true)"

stamp "llmpool chaos-check"
set +e
"${JAVA[@]}" -Xmx384m -jar "$JAR" chaos-check --kafka "127.0.0.1:$KAFKA_PORT" \
  --simulator "http://127.0.0.1:$SIM_PORT" \
  --redis "redis://:$(cat "$WORK/data/redis/redis.password")@127.0.0.1:$REDIS_PORT" --kills "$KILLS" --wait 300s \
  2> >(grep -v -E ' (WARN|INFO|DEBUG) ' >&2)
STATUS=$?
set -e
stamp "$(uptime)"
exit "$STATUS"
