#!/usr/bin/env bash
# The summarization benchmark (issue 14; results in docs/benchmarks.md, "Batches and summarization"). On this
# machine, its own ports and data folder, stops what it starts:
#   1. DOCS documents (1000) of MIN_TOKENS to MAX_TOKENS tokens (5k-100k, log-uniform), generated deterministically
#      from the public-domain fixtures (test-support/src/main/resources/fixtures/summarize) by concatenating slices of
#      whole sentences; written under WORK/docs, never committed;
#   2. `llmpool up` with the simulator at SIM_LATENCY (500ms) plus SIM_TPS (300) tokens per second of answer (answers
#      of SIM_TOKENS, 300, tokens: ~1.5 s a call) and openai limited to RPM / TPM in the pool (the simulator enforces
#      the RPM too);
#   3. `llmpool summarize --dry-run`: its calls and tokens give the bound the quotas set, with the batch lane's share
#      (1 - batch-reserve) of each limit: max(calls / lane RPM, tokens / lane TPM);
#   4. interactive latency alone (`llmpool bench --rate RATE`, one steady client), then `llmpool summarize` for real
#      with the same client beside it; wall time against the bound, peak RSS of the CLI (/usr/bin/time) and of the
#      `up` JVM (VmHWM), the calls the provider saw against the dry run's.
# Before each measured step it waits for a quiet machine (1-minute load average below QUIET_LOAD, 1.0, for at most
# QUIET_MAX seconds, 1800) and prints the load before and after.
# Usage: scripts/bench-summarize.sh                   (about 20 minutes with the defaults, plus any waiting)
# Env:   DOCS (1000), MIN_TOKENS (5000), MAX_TOKENS (100000), RPM (1400), TPM (6000000), RATE (1), SIM_LATENCY (500ms),
#        SIM_TPS (300), SIM_TOKENS (300), PORT_BASE (27300: gateway +80, Kafka +92, Redis +79, simulator +90),
#        WORK (/tmp/llmpool-bench-summarize), SUMMARIZE_OPTS (more options for `llmpool summarize`), UP_OPTS,
#        QUIET_LOAD, QUIET_MAX.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/bench-lib.sh"
DOCS="${DOCS:-1000}"
MIN_TOKENS="${MIN_TOKENS:-5000}"
MAX_TOKENS="${MAX_TOKENS:-100000}"
RPM="${RPM:-1400}"
TPM="${TPM:-6000000}"
RATE="${RATE:-1}"
SIM_LATENCY="${SIM_LATENCY:-500ms}"
SIM_TPS="${SIM_TPS:-300}"
SIM_TOKENS="${SIM_TOKENS:-300}"
PORT_BASE="${PORT_BASE:-27300}"
WORK="${WORK:-/tmp/llmpool-bench-summarize}"
RESERVE=0.2   # llmpool.workers.lanes.batch-reserve, the pool's default
GW_PORT=$((PORT_BASE + 80)); KAFKA_PORT=$((PORT_BASE + 92)); REDIS_PORT=$((PORT_BASE + 79)); SIM_PORT=$((PORT_BASE + 90))
GW="http://127.0.0.1:$GW_PORT"
SIM="http://127.0.0.1:$SIM_PORT"
LLMPOOL="$ROOT/llmpool"
FIXTURES="$ROOT/test-support/src/main/resources/fixtures/summarize"

bench_ports_free "$GW_PORT" "$KAFKA_PORT" "$REDIS_PORT" "$SIM_PORT"
trap bench_stop_all EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK"
rm -rf "$WORK/data" "$WORK"/*.txt "$WORK"/*.json "$WORK"/*.log "$WORK"/summaries.jsonl* "$WORK/summarize.end"
"$LLMPOOL" --version >/dev/null   # builds the jar first when the sources changed

# --- the documents: the fixtures as one list of sentences; each document runs of 3-22 sentences (a paragraph) from
# random places until its length, log-uniform between MIN and MAX tokens at ~4.4 characters a token. A Park-Miller
# generator (exact in awk's doubles), so every awk writes the same files.
GEN_KEY="$DOCS $MIN_TOKENS $MAX_TOKENS $(cat "$FIXTURES"/*.txt | sha256sum | cut -c1-16)"
if [ "$(cat "$WORK/docs.key" 2>/dev/null)" != "$GEN_KEY" ]; then
  rm -rf "$WORK/docs" && mkdir -p "$WORK/docs"
  awk -v DOCS="$DOCS" -v MIN="$MIN_TOKENS" -v MAX="$MAX_TOKENS" -v CHARS=4.4 -v DIR="$WORK/docs" '
    function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
    { text = text $0 "\n" }
    END {
      gsub(/\n\n+/, "\n", text); gsub(/\. /, ".\n", text); gsub(/\? /, "?\n", text); gsub(/! /, "!\n", text)
      n = split(text, s, "\n"); k = 0
      for (i = 1; i <= n; i++) if (length(s[i]) > 1) sentence[++k] = s[i]
      n = k; seed = 20261206
      for (d = 1; d <= DOCS; d++) {
        target = int(MIN * exp(rnd() * log(MAX / MIN)) * CHARS)
        file = sprintf("%s/doc-%04d.txt", DIR, d); len = 0
        while (len < target) {
          start = 1 + int(rnd() * n); count = 3 + int(rnd() * 20); para = ""
          for (j = 0; j < count && len + length(para) < target; j++)
            para = para (j ? " " : "") sentence[1 + (start + j - 1) % n]
          printf "%s\n\n", para > file
          len += length(para) + 2
        }
        close(file)
      } }' "$FIXTURES/moby-dick-chapters-1-20.txt" "$FIXTURES/sotu-1946-truman.txt" \
    "$FIXTURES/sotu-1801-jefferson.txt" "$FIXTURES/sotu-1790-washington.txt"
  echo "$GEN_KEY" >"$WORK/docs.key"
fi
bench_log "documents: $(ls "$WORK/docs" | wc -l) files, $(du -sh "$WORK/docs" | cut -f1), digest $(cat "$WORK"/docs/*.txt | sha256sum | cut -c1-16)"

bench_wait_quiet "start"
# shellcheck disable=SC2086
bench_start "$WORK/up.log" "$LLMPOOL" up --port "$GW_PORT" --kafka-port "$KAFKA_PORT" --redis-port "$REDIS_PORT" \
  --simulator-port "$SIM_PORT" --sim-latency "$SIM_LATENCY" --sim-tps "$SIM_TPS" --data-dir "$WORK/data" \
  -D "llmpool.workers.limits.openai.rpm=$RPM" -D "llmpool.workers.limits.openai.tpm=$TPM" ${UP_OPTS:-}
UP_PID=$BENCH_PID
bench_await_line "$WORK/up.log" "llmpool is up" "$UP_PID" 300
curl -sf -X POST "$SIM/_sim/settings" -H 'Content-Type: application/json' \
  -d "{\"rpm\":$RPM,\"defaultCompletionTokens\":$SIM_TOKENS}" >/dev/null
bench_log "pool up (pid $UP_PID): openai $RPM RPM / $TPM TPM, simulator $SIM_LATENCY + $SIM_TOKENS tokens at $SIM_TPS/s"

# shellcheck disable=SC2086
SUMMARIZE=("$LLMPOOL" summarize "$WORK/docs" --kafka "127.0.0.1:$KAFKA_PORT" --redis "redis://127.0.0.1:$REDIS_PORT" --data-dir "$WORK/data" ${SUMMARIZE_OPTS:-})
bench_log "dry run"
/usr/bin/time -f '%e s, max RSS %M KiB' -o "$WORK/dry-run-time.txt" "${SUMMARIZE[@]}" --dry-run >"$WORK/dry-run.txt" 2>&1
cat "$WORK/dry-run.txt" "$WORK/dry-run-time.txt"
CALLS=$(awk '$1 == "calls" && $2 ~ /:$/ { sub(/:/, "", $2); print $2 }' "$WORK/dry-run.txt")
PROMPT=$(awk '$1 == "tokens" && $2 == "(exp.)" { print $3 }' "$WORK/dry-run.txt")
COMPLETION=$(awk '$1 == "tokens" && $2 == "(exp.)" { print $5 }' "$WORK/dry-run.txt")

interactive() {   # $1: file name, $2: measured requests; one steady client, no calibration run
  "$LLMPOOL" bench --pool "$GW/v1" --direct '' --rate "$RATE" --requests "$2" --warmup "${3:-0}" --timeout 60s \
    >"$WORK/$1.txt" 2>&1 || true
}

bench_wait_quiet "interactive alone"
bench_log "interactive alone: load before $(bench_load)"
interactive interactive-alone 120 60
bench_log "interactive alone: load after $(bench_load)"
cat "$WORK/interactive-alone.txt"

BOUND_S=$(awk -v c="$CALLS" -v p="$PROMPT" -v o="$COMPLETION" -v r="$RPM" -v t="$TPM" -v s="$RESERVE" 'BEGIN {
  a = c / (r * (1 - s)) * 60; b = (p + o) / (t * (1 - s)) * 60; printf "%.0f", (a > b ? a : b) }')
bench_wait_quiet "summarize"
LOAD_BEFORE="$(bench_load)"
curl -sf -X DELETE "$SIM/_sim/stats" >/dev/null
START=$(date +%s.%N)
(
  /usr/bin/time -f '%e s, max RSS %M KiB' -o "$WORK/summarize-time.txt" "${SUMMARIZE[@]}" --out "$WORK/summaries.jsonl" 2>&1 \
    | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N | cut -c1-14)" "$line"; done >"$WORK/summarize.txt"
  date +%s.%N >"$WORK/summarize.end"
) &
RUN=$!
# the interactive client once the documents are read and the calls started ("run sum_…"), for about 80% of the bound
until grep -q ' run sum_' "$WORK/summarize.txt" 2>/dev/null || ! kill -0 "$RUN" 2>/dev/null; do sleep 1; done
DURING=$((BOUND_S * RATE * 8 / 10)); [ "$DURING" -ge 30 ] || DURING=30
bench_log "summarize: $(grep ' run sum_' "$WORK/summarize.txt" | cut -d' ' -f2-); interactive client for $DURING requests"
interactive interactive-during "$DURING"
bench_log "interactive client done; the run: $(tail -1 "$WORK/summarize.txt" | cut -d' ' -f2-)"
wait "$RUN" || true
END=$(cat "$WORK/summarize.end")
tail -4 "$WORK/summarize.txt"
LOAD_AFTER="$(bench_load)"
cat "$WORK/interactive-during.txt"
curl -sf "$SIM/_sim/stats" >"$WORK/simulator-stats.json"
curl -sf "$GW/actuator/prometheus" | grep -E '^llmpool_(lanes|worker_quota|worker_pauses|worker_retries)' >"$WORK/metrics.txt" || true
UP_HWM=$(( $(bench_hwm_kib "$UP_PID") / 1024 ))

# --- the figures
FIRST_CALL=$(awk '$2 == "run" && $3 ~ /^sum_/ { print $1; exit }' "$WORK/summarize.txt")
read -r A50 A99 AERR <<<"$(awk '$1 == "pool" { print $3, $5, $10 }' "$WORK/interactive-alone.txt")"
read -r B50 B99 BERR <<<"$(awk '$1 == "pool" { print $3, $5, $10 }' "$WORK/interactive-during.txt")"
{
  echo "== bench-summarize: $DOCS documents ($MIN_TOKENS-$MAX_TOKENS tokens), openai $RPM RPM / $TPM TPM (lane $(awk -v r="$RPM" -v s="$RESERVE" 'BEGIN { printf "%.0f", r * (1 - s) }') RPM / $(awk -v r="$TPM" -v s="$RESERVE" 'BEGIN { printf "%.0f", r * (1 - s) }') TPM), simulator $SIM_LATENCY + $SIM_TOKENS tokens at $SIM_TPS/s, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD)"
  echo "dry run: $CALLS calls, $PROMPT prompt + $COMPLETION completion tokens expected; $(cat "$WORK/dry-run-time.txt")"
  awk -v c="$CALLS" -v p="$PROMPT" -v o="$COMPLETION" -v r="$RPM" -v t="$TPM" -v s="$RESERVE" -v start="$START" -v end="$END" -v first="$FIRST_CALL" 'BEGIN {
    a = c / (r * (1 - s)) * 60; b = (p + o) / (t * (1 - s)) * 60; bound = a > b ? a : b; wall = end - start;
    printf "bound: %.0f s by the lane'\''s RPM, %.0f s by its TPM: %.0f s\n", a, b, bound;
    printf "wall time: %.0f s from the command'\''s start (%.1f%% of the bound reached); %.0f s from its first line (scan done, run announced): %.1f%%\n",
      wall, bound / wall * 100, end - first, bound / (end - first) * 100 }'
  echo "provider (simulator): $(jq -c '{requests, completed, rateLimited, promptTokens, completionTokens, errorsByStatus}' "$WORK/simulator-stats.json") against $CALLS calls planned"
  echo "run: $(grep -E ' done:' "$WORK/summarize.txt" | cut -d' ' -f2-)"
  echo "peak RSS: CLI $(cat "$WORK/summarize-time.txt"), up JVM VmHWM $UP_HWM MiB"
  echo "interactive p50/p99 ms: alone $A50/$A99, during the run $B50/$B99 ($(awk -v a="$A50" -v b="$B50" 'BEGIN { printf "%+.1f%%", (b / a - 1) * 100 }') / $(awk -v a="$A99" -v b="$B99" 'BEGIN { printf "%+.1f%%", (b / a - 1) * 100 }')); errors $AERR / $BERR"
  echo "load average: before $LOAD_BEFORE, after $LOAD_AFTER"
} | tee "$WORK/summary.txt"
