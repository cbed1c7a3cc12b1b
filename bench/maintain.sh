#!/usr/bin/env bash
# Benchmark: what `pitlake maintain` does to a lake that `pitlake live` filled with many small commits.
# A live run catches up `days` calendar days for N symbols from the built-in simulator, one request per
# symbol and day (backfill.split-days=1) paced at `rps`, committing every second: a month of sessions
# arrives as hundreds of small commits per table, as a month of live running leaves them. Then, timed:
#   1. pitlake maintain with the default options (snapshots younger than 7 days stay): compaction;
#   2. pitlake maintain with maintain.snapshot-retention=0s and maintain.orphan-age=1s (the live job
#      is stopped and its embedded checkpoints are gone): what expiry frees once the retention passes.
# Prints the data files and bytes of every bars table's current snapshot and the files and bytes
# stored under it, before and after each, with wall times. An as-of read of each bars table at the end
# of the catch-up (rows, sum of closes) and their files by content (data, deletes) are printed before
# and after each step, and the script fails if a read changed. expiry > 0 runs the live job with its
# own snapshot expiry (LiveExpiry) every `expiry` seconds at that retention; 0 leaves the defaults
# (every hour, 3 days: nothing expires in a run this short).
#   bench/maintain.sh [symbols=500] [days=31] [rps=100] [expiry=0]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-500}"
days="${2:-31}"
rps="${3:-100}"
expiry="${4:-0}"
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
if (( expiry > 0 )); then
  printf 'maintain.live-expiry-interval=%ss\nmaintain.live-snapshot-retention=%ss\nmaintain.orphan-age=%ss\n' \
    "$expiry" "$expiry" "$expiry" >> "$work/live.properties"
  echo "live snapshot expiry: every $expiry s, retention $expiry s"
fi
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

# The as-of read at the end of the catch-up, and each table's current files by content (0 data,
# 1 position deletes, 2 equality deletes): insert-only tables have no deletes.
as_of=$(date -u '+%Y-%m-%d %H:%M:%S')
reads=""
for t in bronze.polygon_aggs silver.bars_daily gold.bar_features_daily; do
  close=close
  [[ "$t" == bronze.* ]] && close=c
  reads+="${reads:+ UNION ALL }SELECT '$t' AS t, 'as-of' AS what, COUNT(*) AS n,"
  reads+=" ROUND(SUM($close), 4) AS x FROM $t WHERE available_at <= TIMESTAMP '$as_of'"
  reads+=" UNION ALL SELECT '$t', CONCAT('content ', CAST(content AS STRING)), COUNT(*),"
  reads+=" CAST(SUM(file_size_in_bytes) AS DOUBLE) FROM ${t%%.*}.\`${t#*.}\$files\` GROUP BY content"
done
snapshot_reads() {
  "$root/pitlake" query --warehouse "$lake" "$reads" 2>/dev/null | grep -E 'bronze|silver|gold' | sort
}
echo "== as-of $as_of: rows and sum of closes; current files by content (count, bytes) =="
snapshot_reads | tee "$work/reads.before"
grep 'as-of' "$work/reads.before" > "$work/as-of.before"

for step in default expire; do
  echo "== pitlake maintain ($step) =="
  config=()
  [[ "$step" == expire ]] && config=(--config "$work/expire.properties")
  t0=$(date +%s.%N)
  "$root/pitlake" maintain --warehouse "$lake" "${config[@]}" \
    --tables bronze.polygon_aggs,silver.bars_daily,gold.bar_features_daily,silver.quarantine
  t1=$(date +%s.%N)
  awk -v s="$t0" -v e="$t1" 'BEGIN { printf "maintain wall time %.1f s (including JVM start)\n", e - s }'
  snapshot_reads | tee "$work/reads.$step"
  grep 'as-of' "$work/reads.$step" | diff "$work/as-of.before" - \
    || { echo "the as-of read changed after maintain ($step)"; exit 1; }
done
echo "as-of reads unchanged; load $(cut -d' ' -f1-3 /proc/loadavg)"
