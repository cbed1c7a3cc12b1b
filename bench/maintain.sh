#!/usr/bin/env bash
# Benchmark: what `pitlake maintain` does to a lake that `pitlake live` filled with many small commits.
# A live run catches up `days` calendar days for N symbols from the built-in simulator, one request per
# symbol and day (backfill.split-days=1) paced at `rps`, committing every second: a month of sessions
# arrives as hundreds of small commits per table, as a month of live running leaves them. Then, timed:
#   1. pitlake maintain with the default options (snapshots younger than 7 days stay): compaction;
#   2. pitlake maintain with maintain.snapshot-retention=0s and maintain.orphan-age=1s (the live job
#      is stopped and its embedded checkpoints are gone): what expiry frees once the retention passes.
# Prints the data files and bytes of every bars table's current snapshot and the files and bytes
# stored under it, before and after each, with wall times. The as-of reads are unchanged by design
# (MaintenanceITCase checks it); this measures files and time.
#   bench/maintain.sh [symbols=500] [days=31] [rps=100]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-500}"
days="${2:-31}"
rps="${3:-100}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-XXXX)}"
lake="$work/lake"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
from=$(date -u -d "$days days ago" +%Y-%m-%d)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "live: $count symbols from $from, one request per symbol and day at $rps/s, a commit every second; lake $lake"
cat > "$work/live.properties" <<EOF
polygon.api-key-env=PITLAKE_BENCH_NO_KEY
backfill.split-days=1
rest.requests-per-second=$rps
streaming.checkpoint-interval=1s
live.poll-interval=PT10S
EOF
printf 'maintain.snapshot-retention=0s\nmaintain.orphan-age=1s\n' > "$work/expire.properties"

bronze_rows() {
  "$root/pitlake" tables --warehouse "$lake" 2>/dev/null | awk '/^bronze.polygon_aggs /{gsub(",","",$2); print $2}'
}

start=$(date +%s.%N)
"$root/pitlake" live --symbols "$symbols" --from "$from" --warehouse "$lake" \
  --config "$work/live.properties" > "$work/live.out" 2> "$work/live.err" &
live=$!
# Caught up once bronze has stopped growing for three polls in a row.
last=-1
steady=0
while (( steady < 3 )); do
  sleep 10
  kill -0 "$live" 2>/dev/null || { echo "live run ended early:"; tail -5 "$work/live.err"; exit 1; }
  rows=$(bronze_rows || echo 0)
  rows=${rows:-0}
  if [[ "$rows" == "$last" && "$rows" != 0 ]]; then steady=$((steady + 1)); else steady=0; fi
  last=$rows
done
# A background job ignores SIGINT, and the launcher waits for its JVM: stop the JVM itself.
pkill -TERM -P "$live" || true
wait "$live" || true
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v b="$last" \
  'BEGIN { printf "live catch-up: %d bars in %.1f s (including the polls that found nothing new)\n", b, e - s }'
"$root/pitlake" tables --warehouse "$lake" | grep -E '^(table|bronze.polygon_aggs |silver.bars_daily |gold.bar_features_daily )'

for step in default expire; do
  echo "== pitlake maintain ($step) =="
  config=()
  [[ "$step" == expire ]] && config=(--config "$work/expire.properties")
  t0=$(date +%s.%N)
  "$root/pitlake" maintain --warehouse "$lake" "${config[@]}" \
    --tables bronze.polygon_aggs,silver.bars_daily,gold.bar_features_daily,silver.quarantine
  t1=$(date +%s.%N)
  awk -v s="$t0" -v e="$t1" 'BEGIN { printf "maintain wall time %.1f s (including JVM start)\n", e - s }'
done
