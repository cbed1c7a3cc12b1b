#!/usr/bin/env bash
# Benchmark: backfill N symbols x Y years of daily bars from the built-in simulator through bronze,
# silver and gold, in batch mode and then in streaming mode, each into a fresh warehouse.
# Prints the CLI's per-stage rows/s and the end-to-end bars/s.
#   bench/backfill.sh [symbols=500] [from=2015-01-01] [to=2024-12-31] [modes="batch streaming"]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-500}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
modes="${4:-batch streaming}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-XXXX)}"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "backfill: $count symbols, $from..$to, warehouse under $work"
# The key lookup points at a variable nobody sets, so the simulator always serves the benchmark.
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\n' > "$work/bench.properties"
for mode in $modes; do
  echo "== $mode =="
  start=$(date +%s.%N)
  "$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" --mode "$mode" \
    --warehouse "$work/lake-$mode" --config "$work/bench.properties" 2> >(grep -Ev '^\[(backfill|ingest)\] [0-9.,]+ s \|' >&2) \
    | tee "$work/summary-$mode.txt"
  end=$(date +%s.%N)
  bars=$(awk '/^bronze.polygon_aggs/{gsub(",","",$2); print $2}' "$work/summary-$mode.txt")
  awk -v b="$bars" -v s="$start" -v e="$end" -v m="$mode" \
    'BEGIN { printf "%s end to end: %d bars in %.1f s = %.0f bars/s (including JVM start)\n", m, b, e - s, b / (e - s) }'
done
