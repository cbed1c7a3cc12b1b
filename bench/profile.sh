#!/usr/bin/env bash
# Benchmark: where a batch backfill's CPU goes. Backfills N symbols x Y years of daily bars from the
# built-in simulator (bronze, silver and gold in one job, as bench/backfill.sh does) under Java Flight
# Recorder, then charges every CPU sample to a component (bench/JfrBreakdown.java: Parquet encoding,
# the Iceberg delta writer's key map, JSON, HTTP, the simulator, Flink SQL operators, ...) and prints
# each component's share, CPU seconds and microseconds per bar, and the ceilings that the components
# every pipeline must run (simulator, HTTP, JSON, Parquet encoding) put on bars/s.
#   bench/profile.sh [symbols=500] [from=2015-01-01] [to=2024-12-31]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-500}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-profile-XXXX)}"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
cores=$(nproc)
echo "machine: $cores cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "profile: batch backfill of $count symbols, $from..$to, lake $work/lake, recording $work/backfill.jfr"
# The key lookup points at a variable nobody sets, so the simulator always serves the benchmark.
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\n' > "$work/bench.properties"
"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it

export PITLAKE_JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:StartFlightRecording=filename=$work/backfill.jfr,settings=profile"
TIMEFORMAT='%R %U %S'
{ time "$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" \
    --warehouse "$work/lake" --config "$work/bench.properties" \
    > "$work/summary.txt" 2> "$work/backfill.log"; } 2> "$work/time.txt" \
  || { cat "$work/backfill.log" >&2; exit 1; }
read -r wall user sys < "$work/time.txt"
bars=$(awk '/^bronze.polygon_aggs /{gsub(",", "", $2); print $2}' "$work/summary.txt")
cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
grep -E 'done in' "$work/backfill.log" || true
awk -v b="$bars" -v w="$wall" -v c="$cpu" -v n="$cores" 'BEGIN {
  printf "end to end: %d bars in %.1f s = %.0f bars/s; %.1f CPU s = %.0f%% of %d cores\n", b, w, b / w, c, 100 * c / (w * n), n
}'
java "$root/bench/JfrBreakdown.java" "$work/backfill.jfr" "$bars" "$cpu" "$cores"
