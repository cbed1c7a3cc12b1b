#!/usr/bin/env bash
# Benchmark: the highest bars/s any backfill of bronze, silver and gold can reach on this machine.
# Runs a batch backfill of N symbols x Y years (timed, for comparison), then bench/Ceiling.java times
# alone, on all cores, the two halves every pipeline producing these tables must run: the vendor
# path (simulator, HTTP, JSON, normaliser) and the write path (Iceberg's Flink writers re-writing the
# rows the backfill left, as the sink writes them and as plain appends). bars / (vendor time + write
# time) is the ceiling: what a job would reach if nothing else ran.
#   bench/ceiling.sh [symbols=500] [from=2015-01-01] [to=2024-12-31]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-500}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-ceiling-XXXX)}"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "ceiling: batch backfill of $count symbols, $from..$to, lake $work/lake"
# The key lookup points at a variable nobody sets, so the simulator always serves the benchmark.
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\n' > "$work/bench.properties"
"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it

start=$(date +%s.%N)
"$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" \
  --warehouse "$work/lake" --config "$work/bench.properties" \
  > "$work/summary.txt" 2> "$work/backfill.log" || { cat "$work/backfill.log" >&2; exit 1; }
end=$(date +%s.%N)
bars=$(awk '/^bronze.polygon_aggs /{gsub(",", "", $2); print $2}' "$work/summary.txt")
grep -E 'done in' "$work/backfill.log" || true
awk -v b="$bars" -v s="$start" -v e="$end" \
  'BEGIN { printf "backfill end to end: %d bars in %.1f s = %.0f bars/s (including JVM start)\n", b, e - s, b / (e - s) }'

mapfile -t opens < "$root/flink-jobs/src/main/cli/jvm-options"
java -XX:MaxRAMPercentage=50 "${opens[@]}" \
  -Dlog4j2.configurationFile="$root/flink-jobs/src/main/cli/log4j2.properties" \
  -Dpitlake.log.dir="$work/logs" \
  -cp "$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")" \
  "$root/bench/Ceiling.java" "$work/lake" "$count" "$from" "$to"
