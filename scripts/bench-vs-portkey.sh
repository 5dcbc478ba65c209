#!/usr/bin/env bash
# The pool side by side with a Node proxy on the same machine, in one run (issue 15; results in docs/benchmarks.md).
# On this machine, its own ports and data folder, stops what it starts:
#   1. `llmpool up` with the simulator at 0 ms (the one simulator every leg calls; it runs inside the pool's JVM);
#   2. when `node` is present, the Portkey gateway from npm (@portkey-ai/gateway, PORTKEY_VERSION) in front of that
#      simulator (x-portkey-provider: openai, x-portkey-custom-host: the simulator);
#   3. the same `wrk` load (POST /v1/chat/completions, a sampled request: no cache) against direct (the simulator),
#      Portkey and the pool, each leg warmed for BENCH_WARMUP seconds at 50 clients, then measured for
#      BENCH_DURATION seconds with 1 client and with 50 clients: p50/p99 (wrk --latency), requests/s, and the CPU of
#      each process per request (utime+stime from /proc/<pid>/stat over the measured window);
#   4. idle: CPU of `llmpool up` over BENCH_IDLE seconds with nothing to do (% of one core) and its RSS;
#   5. Kafka mode (`llmpool bench --mode kafka`, jobs on llm.requests, results from llm.results, no HTTP), 50 producers.
# The pool's CPU includes the simulator's share (same JVM): the direct leg measures that share alone, and the summary
# subtracts it. Before each measured step it waits for a quiet machine (1-minute load below QUIET_LOAD, 1.0).
# Usage: scripts/bench-vs-portkey.sh       (about 40 minutes with the defaults)
# Env:   BENCH_WARMUP (240 s), BENCH_DURATION (60 s), BENCH_IDLE (60 s), KAFKA_REQUESTS (20000), PORT_BASE (27600),
#        WORK (/tmp/llmpool-bench-vs-portkey), PORTKEY_VERSION (1.15.2), QUIET_LOAD, QUIET_MAX.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/bench-lib.sh"
BENCH_WARMUP="${BENCH_WARMUP:-240}"
BENCH_DURATION="${BENCH_DURATION:-60}"
BENCH_IDLE="${BENCH_IDLE:-60}"
KAFKA_REQUESTS="${KAFKA_REQUESTS:-20000}"
PORT_BASE="${PORT_BASE:-27600}"
WORK="${WORK:-/tmp/llmpool-bench-vs-portkey}"
PORTKEY_VERSION="${PORTKEY_VERSION:-1.15.2}"
bench_pool_ports "$PORT_BASE"; PORTKEY_PORT=$((PORT_BASE + 87))
LLMPOOL="${LLMPOOL:-$ROOT/llmpool}"
HZ="$(getconf CLK_TCK)"

command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 1; }
bench_ports_free "$GW_PORT" "$KAFKA_PORT" "$REDIS_PORT" "$SIM_PORT" "$PORTKEY_PORT"
bench_prepare "$WORK" "$LLMPOOL"

# utime + stime of a process, in clock ticks (0 for no process)
ticks() {
  [ -n "$1" ] && awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# the wrk script: the same request to every target; extra headers from BENCH_HEADERS ("Name: value|Name: value")
cat >"$WORK/chat.lua" <<'EOF'
wrk.method = "POST"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello to the benchmark."}],"max_tokens":16}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
local extra = os.getenv("BENCH_HEADERS") or ""
for name, value in string.gmatch(extra, "([^:|]+):%s*([^|]+)") do
  wrk.headers[name] = value
end
EOF

bench_wait_quiet "start"
bench_pool_up "$LLMPOOL" "$WORK"
bench_log "pool up (pid $UP_PID)"

PORTKEY_PID=""
if command -v node >/dev/null; then
  if [ ! -e "$WORK/portkey/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
    bench_log "installing @portkey-ai/gateway@$PORTKEY_VERSION from npm into $WORK/portkey"
    npm install --silent --no-audit --no-fund --prefix "$WORK/portkey" "@portkey-ai/gateway@$PORTKEY_VERSION" \
      >"$WORK/npm.log" 2>&1 || { cat "$WORK/npm.log" >&2; exit 1; }
  fi
  bench_start "$WORK/portkey.log" node "$WORK/portkey/node_modules/@portkey-ai/gateway/build/start-server.js" \
    --port="$PORTKEY_PORT" --headless
  PORTKEY_PID=$BENCH_PID
  for _ in $(seq 1 60); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORTKEY_PORT") 2>/dev/null && break
    kill -0 "$PORTKEY_PID" 2>/dev/null || { cat "$WORK/portkey.log" >&2; exit 1; }
    sleep 1
  done
  bench_log "Portkey gateway up (pid $PORTKEY_PID, node $(node --version))"
else
  bench_log "no node: the Portkey leg is left out"
fi

# target name -> URL, the process whose CPU is counted, extra headers
url() {
  case "$1" in
    direct) echo "http://127.0.0.1:$SIM_PORT/v1/chat/completions" ;;
    portkey) echo "http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions" ;;
    pool) echo "http://127.0.0.1:$GW_PORT/v1/chat/completions" ;;
  esac
}
pid_of() {
  case "$1" in
    portkey) echo "$PORTKEY_PID" ;;
    *) echo "$UP_PID" ;;
  esac
}
headers() {
  case "$1" in
    portkey) echo "x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$SIM_PORT/v1" ;;
    *) echo "" ;;
  esac
}

# wrk's figures in ms: "p50 p99 req/s requests errors"
wrk_figures() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50.000%" || ($1 == "50%") { p50 = ms($2) }
    $1 == "99.000%" || ($1 == "99%") { p99 = ms($2) }
    /requests in/ { n = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { err += $NF }
    /Socket errors:/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    END { printf "%.2f %.2f %.0f %d %d\n", p50, p99, rps, n, err + 0 }' "$1"
}

# one measured leg: target $1, clients $2; wrk output in $WORK/<target>-<clients>.txt, figures in .fig
leg() {
  local target="$1" clients="$2" out="$WORK/$1-$2.txt" pid t0 t1 r0 r1 redis="" figures
  pid="$(pid_of "$target")"
  [ "$target" = pool ] && redis="$REDIS_PID"
  bench_wait_quiet "$target, $clients clients"
  local before; before="$(bench_load)"
  t0="$(ticks "$pid")"
  r0="$(ticks "$redis")"
  BENCH_HEADERS="$(headers "$target")" wrk -t1 -c"$clients" -d"${BENCH_DURATION}s" --latency -s "$WORK/chat.lua" \
    "$(url "$target")" >"$out" 2>&1
  t1="$(ticks "$pid")"
  r1="$(ticks "$redis")"
  figures="$(wrk_figures "$out")"
  # + CPU ms per request of the counted process, and of the pool's Redis server (0 for the others)
  echo "$figures $(awk -v d=$((t1 - t0)) -v r=$((r1 - r0)) -v hz="$HZ" -v n="$(echo "$figures" | awk '{print $4}')" \
    'BEGIN { printf "%.3f %.3f", (n > 0 ? d * 1000 / hz / n : 0), (n > 0 ? r * 1000 / hz / n : 0) }')" \
    >"$WORK/$target-$clients.fig"
  bench_log "$target, $clients clients: $(cat "$WORK/$target-$clients.fig") (p50 ms, p99 ms, req/s, requests, errors, CPU ms/request of pid $pid, of its Redis server); load before $before, after $(bench_load)"
}

TARGETS="direct"
[ -n "$PORTKEY_PID" ] && TARGETS="$TARGETS portkey"
TARGETS="$TARGETS pool"
for target in $TARGETS; do
  bench_log "$target: warming for $BENCH_WARMUP s at 50 clients"
  BENCH_HEADERS="$(headers "$target")" wrk -t1 -c50 -d"${BENCH_WARMUP}s" -s "$WORK/chat.lua" "$(url "$target")" \
    >"$WORK/$target-warmup.txt" 2>&1
  leg "$target" 1
  leg "$target" 50
done

# idle: nothing to do for BENCH_IDLE seconds
bench_wait_quiet "idle"
sleep 10
T0="$(ticks "$UP_PID")"
R0="$(ticks "$REDIS_PID")"
sleep "$BENCH_IDLE"
T1="$(ticks "$UP_PID")"
R1="$(ticks "$REDIS_PID")"
IDLE_CPU="$(awk -v d=$((T1 - T0)) -v hz="$HZ" -v s="$BENCH_IDLE" 'BEGIN { printf "%.2f", 100 * d / hz / s }')"
IDLE_REDIS_CPU="$(awk -v d=$((R1 - R0)) -v hz="$HZ" -v s="$BENCH_IDLE" 'BEGIN { printf "%.2f", 100 * d / hz / s }')"
IDLE_RSS="$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$UP_PID/status")"
bench_log "idle llmpool up: $IDLE_CPU% of a core over $BENCH_IDLE s (its Redis server $IDLE_REDIS_CPU%), RSS $IDLE_RSS MiB"

# Kafka mode
bench_wait_quiet "kafka mode"
"$LLMPOOL" bench --mode kafka --bootstrap "127.0.0.1:$KAFKA_PORT" --direct '' --concurrency 50 \
  --requests "$KAFKA_REQUESTS" --warmup $((KAFKA_REQUESTS / 4)) --pid "$UP_PID" >"$WORK/kafka.txt" 2>&1 \
  || { cat "$WORK/kafka.txt" >&2; exit 1; }
KAFKA_RPS="$(awk '$1 == "kafka" { print $8 }' "$WORK/kafka.txt")"
bench_log "kafka mode, 50 producers: $KAFKA_RPS jobs/s"

fig() { # target clients field(1-6)
  [ -e "$WORK/$1-$2.fig" ] && awk -v f="$3" '{ print $f }' "$WORK/$1-$2.fig" || echo "-"
}
SIM1="$(fig direct 1 6)"; SIM50="$(fig direct 50 6)"
echo "== bench-vs-portkey: wrk ${BENCH_DURATION} s a leg after ${BENCH_WARMUP} s warm-up, simulator 0 ms, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), commit of the pool measured $(git -C "$(dirname "$LLMPOOL")" rev-parse --short HEAD)"
printf '%-44s %12s %12s %12s\n' "" direct portkey llm-pool
printf '%-44s %12s %12s %12s\n' "1 client, p50 / p99 (ms)" "$(fig direct 1 1)/$(fig direct 1 2)" \
  "$(fig portkey 1 1)/$(fig portkey 1 2)" "$(fig pool 1 1)/$(fig pool 1 2)"
printf '%-44s %12s %12s %12s\n' "1 client, requests/s" "$(fig direct 1 3)" "$(fig portkey 1 3)" "$(fig pool 1 3)"
printf '%-44s %12s %12s %12s\n' "50 clients, p50 / p99 (ms)" "$(fig direct 50 1)/$(fig direct 50 2)" \
  "$(fig portkey 50 1)/$(fig portkey 50 2)" "$(fig pool 50 1)/$(fig pool 50 2)"
printf '%-44s %12s %12s %12s\n' "50 clients, requests/s" "$(fig direct 50 3)" "$(fig portkey 50 3)" "$(fig pool 50 3)"
printf '%-44s %12s %12s %12s\n' "errors (1 / 50 clients)" "$(fig direct 1 5)/$(fig direct 50 5)" \
  "$(fig portkey 1 5)/$(fig portkey 50 5)" "$(fig pool 1 5)/$(fig pool 50 5)"
printf '%-44s %12s %12s %12s\n' "CPU ms/request, 1 client (process)" "$SIM1" "$(fig portkey 1 6)" "$(fig pool 1 6)"
printf '%-44s %12s %12s %12s\n' "CPU ms/request, 50 clients (process)" "$SIM50" "$(fig portkey 50 6)" "$(fig pool 50 6)"
[ "$(fig pool 50 6)" != "-" ] && awk -v p="$(fig pool 50 6)" -v s="$SIM50" -v p1="$(fig pool 1 6)" -v s1="$SIM1" \
  'BEGIN { printf "%-44s %12s %12s %12.3f\n%-44s %12s %12s %12.3f\n", "pool CPU ms/request less the simulator, 1", "", "", p1 - s1, "pool CPU ms/request less the simulator, 50", "", "", p - s }'
printf '%-44s %12s %12s %12s\n' "the pool's Redis server, CPU ms/request 1 / 50" "" "" "$(fig pool 1 7)/$(fig pool 50 7)"
[ "$(fig pool 50 6)" != "-" ] && awk -v p="$(fig pool 50 6)" -v s="$SIM50" -v r="$(fig pool 50 7)" \
  'BEGIN { printf "%-44s %12s %12s %12.3f\n", "pool + its Redis, less the simulator, 50", "", "", p - s + r }'
printf '%-44s %12s %12s %12s\n' "idle llmpool up, CPU (% of a core)" "" "" "$IDLE_CPU"
printf '%-44s %12s %12s %12s\n' "idle, its Redis server (% of a core)" "" "" "$IDLE_REDIS_CPU"
printf '%-44s %12s %12s %12s\n' "idle llmpool up, RSS (MiB)" "" "" "$IDLE_RSS"
printf '%-44s %12s %12s %12s\n' "Kafka mode, 50 producers, jobs/s" "" "" "$KAFKA_RPS"
echo "wrk output, the pool's log and llmpool bench's report: $WORK"
