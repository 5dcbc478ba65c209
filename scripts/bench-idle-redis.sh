#!/usr/bin/env bash
# Counts that do not need a quiet machine (issue 15): Redis commands per request through `llmpool up`, and what
# `llmpool up` costs with nothing to do. On this machine, its own ports and data folder, stops what it starts:
#   1. `llmpool up` (simulator at 0 ms); WARMUP one-client requests (`llmpool bench`), not counted;
#   2. Redis commands per request: `INFO commandstats` before and after REQUESTS one-client requests (all commands,
#      the Lua scripts among them, and the commands the scripts ran; the busiest commands by name);
#   3. idle, after a SETTLE pause: CPU of the JVM and of its Redis server over IDLE seconds (utime+stime from /proc,
#      % of one core), the Redis commands it sent meanwhile, its RSS, its thread count, and the threads that used CPU
#      (from /proc/<pid>/task);
#   4. then what its embedded broker is asked while idle, per request type per second over BROKER_WINDOW seconds
#      (scripts/tools/BrokerRequests.java: Kafka's request counters, read over JMX; after the CPU window, since
#      attaching costs CPU itself).
# Usage: scripts/bench-idle-redis.sh        (about 3 minutes with the defaults)
# Env:   REQUESTS (1000), WARMUP (1000), IDLE (60), SETTLE (20), PORT_BASE (27700), WORK (/tmp/llmpool-bench-idle),
#        BROKER_WINDOW (30), LLMPOOL_HEAP, LLMPOOL_GC, LLMPOOL_JAVA_OPTS (passed on by ./llmpool).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/bench-lib.sh"
REQUESTS="${REQUESTS:-1000}"
WARMUP="${WARMUP:-1000}"
IDLE="${IDLE:-60}"
SETTLE="${SETTLE:-20}"
PORT_BASE="${PORT_BASE:-27700}"
BROKER_WINDOW="${BROKER_WINDOW:-30}"
. "$ROOT/scripts/java-home.sh"
llmpool_find_jdk || exit 1
WORK="${WORK:-/tmp/llmpool-bench-idle}"
bench_pool_ports "$PORT_BASE"
LLMPOOL="${LLMPOOL:-$ROOT/llmpool}"
HZ="$(getconf CLK_TCK)"

bench_ports_free "$GW_PORT" "$KAFKA_PORT" "$REDIS_PORT" "$SIM_PORT"
bench_prepare "$WORK" "$LLMPOOL"

bench_pool_up "$LLMPOOL" "$WORK"
bench_log "pool up (pid $UP_PID)"

rcli() {
  REDISCLI_AUTH="$(cat "$WORK/data/redis/redis.password")" redis-cli -p "$REDIS_PORT" "$@"
}
# "name calls" per command from INFO commandstats
stats() {
  rcli INFO commandstats | tr -d '\r' | sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),.*/\1 \2/p' | sort
}
# the difference of two stats files: "name calls" where calls grew
delta() {
  join -a 2 -e 0 -o 0,1.2,2.2 "$1" "$2" | awk '$3 - $2 > 0 { print $1, $3 - $2 }' | sort -k2,2nr
}
ticks() {
  [ -n "$1" ] && awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
bench() {
  "$LLMPOOL" bench --pool "http://127.0.0.1:$GW_PORT/v1" --direct '' --concurrency 1 --requests "$1" --warmup 0 \
    >"$2" 2>&1 || { cat "$2" >&2; exit 1; }
}

bench "$WARMUP" "$WORK/warmup.txt"
stats >"$WORK/redis-before.txt"
bench "$REQUESTS" "$WORK/requests.txt"
stats >"$WORK/redis-after.txt"
delta "$WORK/redis-before.txt" "$WORK/redis-after.txt" | grep -v '^info ' >"$WORK/redis-delta.txt" || true
ALL="$(awk '{ s += $2 } END { print s + 0 }' "$WORK/redis-delta.txt")"
LUA="$(awk '$1 ~ /^(evalsha|eval|evalsha_ro|eval_ro|fcall)$/ { s += $2 } END { print s + 0 }' "$WORK/redis-delta.txt")"

sleep "$SETTLE"
stats >"$WORK/redis-idle-before.txt"
ls "/proc/$UP_PID/task" >"$WORK/tasks.txt"
for t in $(cat "$WORK/tasks.txt"); do
  echo "$t $(awk '{ print $14 + $15 }' "/proc/$UP_PID/task/$t/stat" 2>/dev/null || echo 0)"
done >"$WORK/task-ticks-before.txt"
T0="$(ticks "$UP_PID")"
R0="$(ticks "$REDIS_PID")"
sleep "$IDLE"
T1="$(ticks "$UP_PID")"
R1="$(ticks "$REDIS_PID")"
for t in $(ls "/proc/$UP_PID/task"); do
  echo "$t $(awk '{ print $14 + $15 }' "/proc/$UP_PID/task/$t/stat" 2>/dev/null || echo 0) $(cat "/proc/$UP_PID/task/$t/comm" 2>/dev/null)"
done >"$WORK/task-ticks-after.txt"
stats >"$WORK/redis-idle-after.txt"
IDLE_CPU="$(awk -v d=$((T1 - T0)) -v hz="$HZ" -v s="$IDLE" 'BEGIN { printf "%.2f", 100 * d / hz / s }')"
IDLE_REDIS_CPU="$(awk -v d=$((R1 - R0)) -v hz="$HZ" -v s="$IDLE" 'BEGIN { printf "%.2f", 100 * d / hz / s }')"
IDLE_RSS="$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$UP_PID/status")"
THREADS="$(awk '/^Threads:/ { print $2 }' "/proc/$UP_PID/status")"
"$JAVA_HOME/bin/java" "$ROOT/scripts/tools/BrokerRequests.java" "$UP_PID" "$BROKER_WINDOW" >"$WORK/broker-idle.txt" 2>&1 \
  || echo "broker requests not read: $(tail -1 "$WORK/broker-idle.txt")" >"$WORK/broker-idle.txt"
IDLE_REDIS="$(delta "$WORK/redis-idle-before.txt" "$WORK/redis-idle-after.txt" | grep -v '^info ' \
  | awk '{ s += $2 } END { print s + 0 }')"

echo "== bench-idle-redis: llmpool up, simulator 0 ms, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), commit of the pool measured $(git -C "$(dirname "$LLMPOOL")" rev-parse --short HEAD)"
echo "one client, $REQUESTS requests after $WARMUP: $(grep '^pool ' "$WORK/requests.txt")"
awk -v a="$ALL" -v l="$LUA" -v n="$REQUESTS" 'BEGIN { printf "Redis commands per request: %.1f (Lua scripts among them %.1f; INFO commandstats, script-run commands included)\n", a / n, l / n }'
echo "busiest commands (calls per request):"
awk -v n="$REQUESTS" 'NR <= 12 { printf "  %-16s %6.2f\n", $1, $2 / n }' "$WORK/redis-delta.txt"
echo "idle ($IDLE s after $SETTLE s): CPU $IDLE_CPU% of one core (its Redis server $IDLE_REDIS_CPU%), RSS $IDLE_RSS MiB, $THREADS threads, $IDLE_REDIS Redis commands"
echo "threads that used CPU while idle (ticks of 1/$HZ s, name):"
join <(sort "$WORK/task-ticks-before.txt") <(sort "$WORK/task-ticks-after.txt") \
  | awk '$3 - $2 > 0 { printf "  %5d  %s\n", $3 - $2, substr($0, index($0, $4)) }' | sort -k1,1nr | head -15
echo "idle, what the embedded broker is asked (after the CPU window):"
cat "$WORK/broker-idle.txt"
