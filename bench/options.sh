#!/usr/bin/env bash
# Benchmark: the options layer on the Polygon simulator's chains. N underlyings x a date range:
# contracts listed and option bars ingested per second (pitlake ingest of polygon.options_contracts and
# polygon.options_aggs_day, end to end through the simulator's HTTP), then the options layer's build
# (pitlake build --layer options: silver contracts, bars and links, gold.option_features_daily and
# gold.iv_surface_daily) in rows of gold.option_features_daily per second, against the same run's
# ceiling of that path (bench/OptionsCeiling.java: read the silver rows, solve IV + Greeks, append;
# nothing else, one thread). The stock bars and the dividends are backfilled first, untimed.
#   bench/options.sh [underlyings=50] [from=2024-01-01] [to=2024-12-31]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-50}"
from="${2:-2024-01-01}"
to="${3:-2024-12-31}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-options-XXXX)}"
# Letters only: an OCC root is letters (a digit marks an adjusted contract), so O001 would have no bars.
symbols=$(for i in $(seq 0 $((count - 1))); do printf 'Q%s%s,' "$(printf "\\$(printf '%03o' $((65 + i / 26)))")" "$(printf "\\$(printf '%03o' $((65 + i % 26)))")"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
# The key lookup points at a variable nobody sets, so the simulator always serves the benchmark; the
# simulator prices at 4%.
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\noptions.risk-free-rate=0.04\n' > "$work/bench.properties"
"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it
run() { "$root/pitlake" "$@" --warehouse "$work/lake" --config "$work/bench.properties"; }
count_of() { awk -v t="$1" '$1 == t {gsub(",", "", $2); print $2; exit}' "$2"; }

run backfill --symbols "$symbols" --from "$(date -d "$from -2 months" +%F)" --to "$to" > "$work/backfill.txt" 2>&1
run ingest --datasets polygon.dividends,polygon.splits --symbols "$symbols" --from "$from" --to "$to" > /dev/null 2>&1

start=$(date +%s.%N)
run ingest --datasets polygon.options_contracts,polygon.options_aggs_day --symbols "$symbols" \
  --from "$from" --to "$to" > "$work/ingest.txt" 2>&1
end=$(date +%s.%N)
"$root/pitlake" tables --warehouse "$work/lake" > "$work/tables.txt"
contracts=$(count_of bronze.polygon_options_contracts "$work/tables.txt")
bars=$(count_of bronze.polygon_options_aggs_day "$work/tables.txt")
awk -v c="$contracts" -v b="$bars" -v s="$start" -v e="$end" 'BEGIN { printf "ingest: %d contract listings + %d option bars in %.1f s = %.0f listings/s, %.0f bars/s (including JVM start)\n", c, b, e - s, c / (e - s), b / (e - s) }'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(date +%s.%N)
run build --layer options > "$work/build.txt" 2>&1
end=$(date +%s.%N)
"$root/pitlake" tables --warehouse "$work/lake" > "$work/tables.txt"
rows=$(count_of gold.option_features_daily "$work/tables.txt")
surface=$(count_of gold.iv_surface_daily "$work/tables.txt")
awk -v r="$rows" -v u="$surface" -v s="$start" -v e="$end" 'BEGIN { printf "build --layer options: %d gold.option_features_daily rows (IV + Greeks), %d surface rows in %.1f s = %.0f rows/s (the whole layer, silver included, and JVM start)\n", r, u, e - s, r / (e - s) }'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

java -Xmx2g -cp "$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")" \
  "$root/bench/OptionsCeiling.java" "$work/lake"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
