#!/usr/bin/env bash
# What keys, limits and budgets add to a request (issue 17; results in docs/benchmarks.md, "Keys, limits and
# budgets"). On this machine, its own ports and data folder, stops what it starts:
#   1. `llmpool up` with the simulator at 0 ms, no key: the pool is open (no authentication, no admission);
#   2. ROUNDS rounds of one closed-loop client (`llmpool bench --concurrency 1`), alternating three callers:
#        open   - before any key exists (round 1 only: creating a key closes the pool for good);
#        plain  - a key without limits or budget (authentication: the key looked up, the tenant scoped);
#        full   - a key with RPM, TPM and a daily budget set far above what the run spends (authentication plus
#                 two Bucket4j buckets and a budget reservation settled when the job ends: Lua scripts in Redis);
#   3. the p50/p99 of each, and the differences plain - open and full - plain.
# Before each measured step it waits for a quiet machine (1-minute load average below QUIET_LOAD, 1.0).
# Usage: scripts/bench-tenancy.sh          (about 10 minutes with the defaults)
# Env:   REQUESTS (2000), WARMUP (500), ROUNDS (3), PORT_BASE (27400), WORK (/tmp/llmpool-bench-tenancy), QUIET_LOAD,
#        QUIET_MAX.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/bench-lib.sh"
REQUESTS="${REQUESTS:-2000}"
WARMUP="${WARMUP:-500}"
ROUNDS="${ROUNDS:-3}"
PORT_BASE="${PORT_BASE:-27400}"
WORK="${WORK:-/tmp/llmpool-bench-tenancy}"
bench_pool_ports "$PORT_BASE"
GW="http://127.0.0.1:$GW_PORT"
LLMPOOL="$ROOT/llmpool"

bench_ports_free "$GW_PORT" "$KAFKA_PORT" "$REDIS_PORT" "$SIM_PORT"
bench_prepare "$WORK" "$LLMPOOL"

bench_wait_quiet "start"
bench_pool_up "$LLMPOOL" "$WORK"
bench_log "pool up (pid $UP_PID), open: no key exists"

# one measured run of caller $1 (key $2, empty for none); its bench output in $WORK/<caller>-<round>.txt
run() {
  local caller="$1" key="$2" round="$3" out="$WORK/$1-$3.txt"
  bench_wait_quiet "$caller round $round"
  local before; before="$(bench_load)"
  LLMPOOL_API_KEY="$key" "$LLMPOOL" bench --pool "$GW/v1" --direct '' --concurrency 1 --requests "$REQUESTS" \
    --warmup "$WARMUP" --pid "$UP_PID" >"$out" 2>&1 || { cat "$out" >&2; exit 1; }
  bench_log "$caller round $round: $(grep '^pool ' "$out" | awk '{print "p50 " $3 " ms, p99 " $5 " ms, errors " $10}'); load before $before, after $(bench_load)"
}

run open "" 1
# the keys, straight into the pool's Redis (its password is in the data folder)
REDIS="redis://127.0.0.1:$REDIS_PORT"
PLAIN="$("$LLMPOOL" keys create --tenant bench-plain --redis "$REDIS" --data-dir "$WORK/data" | tail -1)"
FULL="$("$LLMPOOL" keys create --tenant bench-full --redis "$REDIS" --data-dir "$WORK/data" \
  --rpm 1000000 --tpm 1000000000 --budget-usd 100000 --budget-period day | tail -1)"
for round in $(seq 1 "$ROUNDS"); do
  run plain "$PLAIN" "$round"
  run full "$FULL" "$round"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
OPEN50="$(grep -h '^pool ' "$WORK"/open-1.txt | awk '{print $3}')"
OPEN99="$(grep -h '^pool ' "$WORK"/open-1.txt | awk '{print $5}')"
PLAIN50="$(grep -h '^pool ' "$WORK"/plain-*.txt | awk '{print $3}' | median)"
PLAIN99="$(grep -h '^pool ' "$WORK"/plain-*.txt | awk '{print $5}' | median)"
FULL50="$(grep -h '^pool ' "$WORK"/full-*.txt | awk '{print $3}' | median)"
FULL99="$(grep -h '^pool ' "$WORK"/full-*.txt | awk '{print $5}' | median)"
echo "== bench-tenancy: $REQUESTS requests a run ($WARMUP warm-up), 1 client, simulator 0 ms, $ROUNDS rounds, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD)"
echo "open  (no key, round 1 only)        p50 $OPEN50 ms  p99 $OPEN99 ms"
echo "plain (a key, no limits; median)    p50 $PLAIN50 ms  p99 $PLAIN99 ms"
echo "full  (RPM, TPM, budget; median)    p50 $FULL50 ms  p99 $FULL99 ms"
awk -v o="$OPEN50" -v p="$PLAIN50" -v f="$FULL50" 'BEGIN {
  printf "added p50: authentication %+.2f ms (plain - open), limits and budget %+.2f ms (full - plain), all %+.2f ms (full - open)\n", p - o, f - p, f - o }'
for f in "$WORK"/open-1.txt "$WORK"/plain-*.txt "$WORK"/full-*.txt; do
  printf '%-10s %s\n' "$(basename "$f" .txt)" "$(grep -h '^pool ' "$f")"
done
