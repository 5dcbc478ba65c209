# Sourced by scripts/bench-*.sh: starting and stopping the pool, waiting for a quiet machine, sampling memory.
# Every process a script starts is remembered in BENCH_PIDS and stopped on exit (SIGTERM, then SIGKILL after 60 s).

BENCH_PIDS=()

bench_log() {
  echo "[$(date -u +%H:%M:%S)] $*" >&2
}

# the load average as uptime prints it ("0.42, 0.51, 0.60")
bench_load() {
  uptime | sed 's/.*load average: //'
}

# Waits until the 1-minute load average is below QUIET_LOAD (1.0), polling every 30 s, at most QUIET_MAX seconds
# (1800); says which it was. QUIET_LOAD=none skips the wait.
bench_wait_quiet() {
  local what="$1" limit="${QUIET_LOAD:-1.0}" max="${QUIET_MAX:-1800}" waited=0 one
  [ "$limit" = none ] && { bench_log "$what: not waiting for a quiet machine (QUIET_LOAD=none), load $(bench_load)"; return 0; }
  while :; do
    one="$(bench_load | cut -d, -f1)"
    if awk -v l="$one" -v m="$limit" 'BEGIN { exit !(l < m) }'; then
      bench_log "$what: machine quiet after ${waited} s of waiting, load average $(bench_load)"
      return 0
    fi
    if [ "$waited" -ge "$max" ]; then
      bench_log "$what: gave up waiting for a quiet machine after ${waited} s; measuring anyway, load average $(bench_load)"
      return 0
    fi
    sleep 30
    waited=$((waited + 30))
  done
}

# Fails when any of the given ports answers on loopback.
bench_ports_free() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is in use; choose another PORT_BASE" >&2
      return 1
    fi
  done
}

# Starts a command in the background with its output in a log file; its pid (the JVM's: ./llmpool execs java) is in
# BENCH_PID afterwards. Not in $(…): the pid must be remembered by this shell, which stops it on exit.
bench_start() {
  local log="$1"
  shift
  "$@" >"$log" 2>&1 &
  BENCH_PID=$!
  BENCH_PIDS+=("$BENCH_PID")
}

# Waits until file $1 has a line matching $2 while process $3 lives, at most $4 seconds.
bench_await_line() {
  local file="$1" pattern="$2" pid="$3" max="$4" i
  for i in $(seq 1 "$max"); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited; see $file" >&2; return 1; }
    sleep 1
  done
  echo "no '$pattern' in $file after $max s" >&2
  return 1
}

# SIGTERM, then SIGKILL after 60 s.
bench_stop() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

bench_stop_all() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do bench_stop "$pid"; done
}

# Resident set size of a process in KiB (0 when it is gone).
bench_rss_kib() {
  ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || echo 0
}

# VmHWM (peak resident set size since the process started) in KiB.
bench_hwm_kib() {
  awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# Samples the RSS of process $1 every $2 seconds into file $3 ("<epoch s> <KiB>") until the file $4 exists.
bench_sample_rss() {
  local pid="$1" every="$2" out="$3" until="$4"
  while [ ! -e "$until" ] && kill -0 "$pid" 2>/dev/null; do
    echo "$(date +%s.%N | cut -c1-14) $(bench_rss_kib "$pid")" >>"$out"
    sleep "$every"
  done
}

# The largest second column of a samples file, in MiB with one decimal.
bench_peak_mib() {
  awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { printf "%.1f", m / 1024 }' "$1"
}

# The ports of a pool a bench script starts, from its PORT_BASE $1: gateway +80, Redis +79, simulator +90, Kafka +92.
bench_pool_ports() {
  GW_PORT=$(($1 + 80)); KAFKA_PORT=$(($1 + 92)); REDIS_PORT=$(($1 + 79)); SIM_PORT=$(($1 + 90))
}

# Before a bench script starts anything: whatever it starts is stopped when it ends; the folder $1 loses an earlier
# run's data and logs; the launcher $2 builds its jar first when the sources changed.
bench_prepare() {
  local work="$1" llmpool="$2"
  trap bench_stop_all EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$work"
  rm -rf "$work/data" "$work"/*.txt "$work"/*.log
  "$llmpool" --version >/dev/null
}

# Starts `llmpool up` (launcher $1) on the bench_pool_ports ports, the simulator at 0 ms, its data in $2/data and its
# log in $2/up.log, and waits until it is up; its pid in UP_PID, its Redis server's in REDIS_PID.
bench_pool_up() {
  local llmpool="$1" work="$2"
  bench_start "$work/up.log" "$llmpool" up --port "$GW_PORT" --kafka-port "$KAFKA_PORT" --redis-port "$REDIS_PORT" \
    --simulator-port "$SIM_PORT" --sim-latency 0ms --data-dir "$work/data"
  UP_PID=$BENCH_PID
  bench_await_line "$work/up.log" "llmpool is up" "$UP_PID" 300
  # the Redis server it started (a child process of its own): its CPU is the pool's too
  REDIS_PID="$(pgrep -f "redis-server.* 127.0.0.1:$REDIS_PORT" | head -1 || true)"
}
