#!/usr/bin/env bash
# The batch benchmark (issue 13; results in docs/benchmarks.md, "Batches and summarization"). On this machine, bounded
# in time, its own ports and data folder, stops what it starts:
#   1. `llmpool up` with the simulator at SIM_LATENCY (1 s) per call and a provider limit of RPM requests per minute
#      for openai, in the pool (llmpool.workers.limits.openai.rpm) and at the simulator (its own 429s above it);
#   2. a warm-up (WARM_LINES, 1000, batch lines with the interactive client beside them), unmeasured;
#      interactive latency alone: `llmpool bench --rate RATE` against /v1/chat/completions (one steady client);
#   3. a LINES-line batch (generated here), and while it runs the same interactive client again;
#   4. the batch's goodput: lines completed per minute over the lane's share of the RPM limit (1 - batch-reserve);
#   5. interactive latency alone again, after the batch;
#   6. the RSS of the `up` JVM (the gateway is in it) while curl uploads an UPLOAD_MB file (generated here), then the
#      same for a `llmpool gateway` process of its own with a 128 MiB heap.
# Before each measured step it waits for a quiet machine (1-minute load average below QUIET_LOAD, 1.0, for at most
# QUIET_MAX seconds, 1800) and prints the load before and after.
# Usage: scripts/bench-batch.sh                      (about 20 minutes with the defaults, plus any waiting)
# Env:   LINES (10000), RPM (1500), RATE (2 interactive requests/s), INTERACTIVE (240 measured requests per run),
#        WARMUP (60), SIM_LATENCY (1s), UPLOAD_MB (200; 0 skips the upload), PORT_BASE (27100: gateway +80, Kafka +92,
#        Redis +79, simulator +90), WORK (/tmp/llmpool-bench-batch: inputs, logs, results), QUIET_LOAD, QUIET_MAX,
#        UP_OPTS (more options for `llmpool up`, e.g. "-D llmpool.workers.lanes.batch-poll-records=4"),
#        SKIP_BATCH=1 (only the upload).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/bench-lib.sh"
LINES="${LINES:-10000}"
RPM="${RPM:-1500}"
RATE="${RATE:-2}"
INTERACTIVE="${INTERACTIVE:-240}"
WARMUP="${WARMUP:-60}"
WARM_LINES="${WARM_LINES:-1000}"
SIM_LATENCY="${SIM_LATENCY:-1s}"
UPLOAD_MB="${UPLOAD_MB:-200}"
PORT_BASE="${PORT_BASE:-27100}"
WORK="${WORK:-/tmp/llmpool-bench-batch}"
RESERVE=0.2   # llmpool.workers.lanes.batch-reserve, the pool's default
GW_PORT=$((PORT_BASE + 80)); KAFKA_PORT=$((PORT_BASE + 92)); REDIS_PORT=$((PORT_BASE + 79)); SIM_PORT=$((PORT_BASE + 90))
GW="http://127.0.0.1:$GW_PORT"
SIM="http://127.0.0.1:$SIM_PORT"
LLMPOOL="$ROOT/llmpool"

bench_ports_free "$GW_PORT" "$KAFKA_PORT" "$REDIS_PORT" "$SIM_PORT"
trap bench_stop_all EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK"
rm -rf "$WORK/data" "$WORK"/*.txt "$WORK"/*.json "$WORK"/*.log
"$LLMPOOL" --version >/dev/null   # builds the jar first when the sources changed

# one request per line, each prompt its own (no cache hit), OpenAI's batch format
awk -v n="$LINES" 'BEGIN { for (i = 0; i < n; i++) printf "{\"custom_id\":\"line-%d\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Batch benchmark line %d: name a river and say where it flows.\"}]}}\n", i, i }' >"$WORK/input.jsonl"

bench_wait_quiet "start"
# shellcheck disable=SC2086
bench_start "$WORK/up.log" "$LLMPOOL" up --port "$GW_PORT" --kafka-port "$KAFKA_PORT" --redis-port "$REDIS_PORT" \
  --simulator-port "$SIM_PORT" --sim-latency "$SIM_LATENCY" --data-dir "$WORK/data" \
  -D "llmpool.workers.limits.openai.rpm=$RPM" ${UP_OPTS:-}
UP_PID=$BENCH_PID
bench_await_line "$WORK/up.log" "llmpool is up" "$UP_PID" 300
curl -sf -X POST "$SIM/_sim/settings" -H 'Content-Type: application/json' -d "{\"rpm\":$RPM}" >/dev/null
bench_log "pool up (pid $UP_PID), openai limited to $RPM RPM in the pool and at the simulator, simulator latency $SIM_LATENCY"

interactive() {   # $1: file name; one steady client, no calibration run
  bench_log "interactive $1: load before $(bench_load)"
  "$LLMPOOL" bench --pool "$GW/v1" --direct '' --rate "$RATE" --requests "$INTERACTIVE" --warmup "$WARMUP" \
    --pid "$UP_PID" --timeout 60s >"$WORK/$1.txt" 2>&1 || true
  bench_log "interactive $1: load after $(bench_load)"
  cat "$WORK/$1.txt"
}

if [ "${SKIP_BATCH:-0}" != 1 ]; then
# warm-up, unmeasured: a small batch with an interactive client beside it (a fresh JVM compiles for minutes)
if [ "$WARM_LINES" -gt 0 ]; then
  head -n "$WARM_LINES" "$WORK/input.jsonl" | sed 's/"custom_id":"line-/"custom_id":"warm-/; s/Batch benchmark line/Warm-up line/' >"$WORK/warm.jsonl"
  bench_log "warm-up: a $WARM_LINES-line batch and $((WARMUP * 2)) interactive requests"
  "$LLMPOOL" bench --pool "$GW/v1" --direct '' --rate "$RATE" --requests "$((WARMUP * 2))" --warmup 0 --timeout 60s \
    >"$WORK/warm-interactive.txt" 2>&1 &
  WARM_CLIENT=$!
  "$LLMPOOL" batch submit "$WORK/warm.jsonl" --wait --progress plain --log-interval 30s --gateway "$GW" \
    >"$WORK/warm-batch.txt" 2>&1 || true
  wait "$WARM_CLIENT" || true
  tail -3 "$WORK/warm-batch.txt" >&2
fi

bench_wait_quiet "interactive alone"
interactive interactive-alone

bench_wait_quiet "batch"
LOAD_BATCH_BEFORE="$(bench_load)"
FILE_ID=$(curl -sf "$GW/v1/files" -F purpose=batch -F "file=@$WORK/input.jsonl" | jq -r .id)
BATCH_ID=$(curl -sf "$GW/v1/batches" -H 'Content-Type: application/json' \
  -d "{\"input_file_id\":\"$FILE_ID\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"job\":\"bench\"}}" | jq -r .id)
bench_log "batch $BATCH_ID created ($LINES lines, load $LOAD_BATCH_BEFORE)"
: >"$WORK/batch-progress.txt"
(
  while :; do
    b=$(curl -sf "$GW/v1/batches/$BATCH_ID" || echo '{}')
    echo "$(date +%s) $(echo "$b" | jq -r '"\(.request_counts.completed // 0) \(.request_counts.failed // 0) \(.status)"')" >>"$WORK/batch-progress.txt"
    case "$(echo "$b" | jq -r .status)" in completed|failed|expired|cancelled) break ;; esac
    sleep 5
  done
) &
PROGRESS_PID=$!
# the interactive client once the batch is in its steady state (5% of its lines done)
while [ "$(tail -1 "$WORK/batch-progress.txt" 2>/dev/null | awk '{ print $2 + 0 }')0" -lt $((LINES / 20))0 ]; do sleep 2; done
interactive interactive-with-batch
BATCH_STATUS_AFTER_CLIENT="$(tail -1 "$WORK/batch-progress.txt" | awk '{ print $4 }')"
wait "$PROGRESS_PID" || true
LOAD_BATCH_AFTER="$(bench_load)"
bench_log "batch ended: $(tail -1 "$WORK/batch-progress.txt"), load $LOAD_BATCH_AFTER"
"$LLMPOOL" batch status "$BATCH_ID" --gateway "$GW" >"$WORK/batch-status.txt" 2>&1 || true
cat "$WORK/batch-status.txt"
curl -sf "$GW/v1/batches/$BATCH_ID" >"$WORK/batch.json"

bench_wait_quiet "interactive alone, after the batch"
interactive interactive-after

fi

curl -sf "$SIM/_sim/stats" >"$WORK/simulator-stats.json"
curl -sf "$GW/actuator/prometheus" | grep -E '^llmpool_(lanes|worker_quota|worker_pauses|worker_retries)' >"$WORK/metrics.txt" || true

if [ "$UPLOAD_MB" -gt 0 ]; then
  # lines of ~4 KB (the file stays under the 50,000-line limit), one prompt each; just under UPLOAD_MB x 10^6 bytes
  BIG="$WORK/big.jsonl"
  if [ ! -f "$BIG" ] || [ "$(stat -c %s "$BIG")" -gt $((UPLOAD_MB * 1000000)) ] || [ "$(stat -c %s "$BIG")" -lt $((UPLOAD_MB * 990000)) ]; then
    awk -v total="$((UPLOAD_MB * 1000000))" 'BEGIN {
      pad = ""; while (length(pad) < 4000) pad = pad "the river flows past the old mill and on to the sea ";
      for (i = 0; bytes < total - 8192; i++) {
        line = sprintf("{\"custom_id\":\"big-%d\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"%d %s\"}]}}", i, i, pad);
        print line; bytes += length(line) + 1
      } }' >"$BIG"
  fi
  # $1: name, $2: gateway URL, $3: pid of the JVM serving it; RSS sampled every 100 ms while curl uploads
  upload() {
    bench_wait_quiet "upload to $1"
    local before after load_before id
    load_before="$(bench_load)"
    before=$(bench_rss_kib "$3")
    rm -f "$WORK/upload-$1-rss.txt" "$WORK/upload.done"
    bench_sample_rss "$3" 0.1 "$WORK/upload-$1-rss.txt" "$WORK/upload.done" &
    local sampler=$!
    curl -s -o "$WORK/upload-$1.json" -w '%{http_code} %{time_total} %{size_upload}' "$2/v1/files" -F purpose=batch \
      -F "file=@$BIG" >"$WORK/upload-$1-curl.txt" || true
    touch "$WORK/upload.done"
    wait "$sampler" || true
    sleep 5
    after=$(bench_rss_kib "$3")
    echo "upload of $(stat -c %s "$BIG") bytes ($(wc -l <"$BIG") lines) to $1: curl $(cat "$WORK/upload-$1-curl.txt") (HTTP status, seconds, bytes sent); RSS of pid $3: before $((before / 1024)) MiB, peak during $(bench_peak_mib "$WORK/upload-$1-rss.txt") MiB ($(wc -l <"$WORK/upload-$1-rss.txt") samples), 5 s after $((after / 1024)) MiB; load before $load_before, after $(bench_load)" >>"$WORK/upload.txt"
    id=$(jq -r '.id // empty' "$WORK/upload-$1.json")
    if [ -n "$id" ]; then curl -sf -X DELETE "$2/v1/files/$id" >/dev/null || true; fi
  }
  : >"$WORK/upload.txt"
  upload up "$GW" "$UP_PID"
  # the same upload to a gateway process of its own with a 128 MiB heap, in which a 200 MB file cannot sit whole
  bench_start "$WORK/gateway.log" env LLMPOOL_HEAP=128m "$LLMPOOL" gateway --port "$((PORT_BASE + 81))" \
    --kafka "127.0.0.1:$KAFKA_PORT" --redis "redis://127.0.0.1:$REDIS_PORT" --data-dir "$WORK/data" -D "llmpool.files.local.dir=$WORK/gateway-files"
  GW2_PID=$BENCH_PID
  bench_await_line "$WORK/gateway.log" "Started LlmPoolCli" "$GW2_PID" 300
  upload "gateway-128m-heap" "http://127.0.0.1:$((PORT_BASE + 81))" "$GW2_PID"
  bench_stop "$GW2_PID"
fi

if [ "${SKIP_BATCH:-0}" = 1 ]; then
  cat "$WORK/upload.txt" | tee "$WORK/summary.txt"
  exit 0
fi
# --- the figures
pool_row() { awk '$1 == "pool" { print $3, $5, $10 }' "$WORK/$1.txt"; }   # p50 p99 errors
http429() { local n; n=$(grep -o 'HTTP 429=[0-9]*' "$WORK/$1.txt" | cut -d= -f2 || true); echo "${n:-0}"; }
read -r A50 A99 AERR <<<"$(pool_row interactive-alone)"
read -r B50 B99 BERR <<<"$(pool_row interactive-with-batch)"
read -r C50 C99 CERR <<<"$(pool_row interactive-after)"
IN_PROGRESS_AT=$(jq -r .in_progress_at "$WORK/batch.json")
COMPLETED_AT=$(jq -r '.completed_at // .failed_at // .expired_at // .cancelled_at' "$WORK/batch.json")
DONE=$(jq -r .request_counts.completed "$WORK/batch.json")
FAILED=$(jq -r .request_counts.failed "$WORK/batch.json")
LANE_RPM=$(awk -v r="$RPM" -v s="$RESERVE" 'BEGIN { printf "%.0f", r * (1 - s) }')
{
  echo "== bench-batch: $LINES lines, openai $RPM RPM (lane share $LANE_RPM/min), simulator $SIM_LATENCY, interactive $RATE req/s, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD)"
  echo "interactive p50/p99 ms: alone $A50/$A99, with the batch $B50/$B99 ($(awk -v a="$A50" -v b="$B50" 'BEGIN { printf "%+.1f%%", (b / a - 1) * 100 }') / $(awk -v a="$A99" -v b="$B99" 'BEGIN { printf "%+.1f%%", (b / a - 1) * 100 }')), alone after $C50/$C99"
  echo "interactive errors (alone / with the batch / after): $AERR/$BERR/$CERR, of them HTTP 429: $(http429 interactive-alone)/$(http429 interactive-with-batch)/$(http429 interactive-after)"
  echo "  the batch was '$BATCH_STATUS_AFTER_CLIENT' when the interactive run with it ended"
  echo "batch: $DONE completed, $FAILED failed, in_progress_at $IN_PROGRESS_AT, ended $COMPLETED_AT: $((COMPLETED_AT - IN_PROGRESS_AT)) s"
  awk -v lines="$LINES" -v lane="$LANE_RPM" -v start="$IN_PROGRESS_AT" -v end="$COMPLETED_AT" -v done="$DONE" '
    { t[NR] = $1; c[NR] = $2 }
    END {
      whole = done / ((end - start) / 60);
      printf "goodput over the whole batch: %.1f lines/min = %.1f%% of the lane'\''s %d/min\n", whole, whole / lane * 100, lane;
      for (i = 1; i <= NR; i++) { if (!a && c[i] >= lines * 0.1) a = i; if (!b && c[i] >= lines * 0.9) b = i }
      if (a && b && t[b] > t[a]) {
        steady = (c[b] - c[a]) / ((t[b] - t[a]) / 60);
        printf "goodput from 10%% to 90%% of the lines: %.1f lines/min = %.1f%% of the lane'\''s %d/min\n", steady, steady / lane * 100, lane
      } }' "$WORK/batch-progress.txt"
  echo "batch load average: before $LOAD_BATCH_BEFORE, after $LOAD_BATCH_AFTER"
  echo "provider (simulator): $(jq -c '{requests, completed, rateLimited, errorsByStatus}' "$WORK/simulator-stats.json")"
  [ "$UPLOAD_MB" -gt 0 ] && cat "$WORK/upload.txt"
  echo "VmHWM of the up JVM since it started: $(( $(bench_hwm_kib "$UP_PID") / 1024 )) MiB"
} | tee "$WORK/summary.txt"
