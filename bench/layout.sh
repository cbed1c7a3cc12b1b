#!/usr/bin/env bash
# Benchmark: the layout of the bars chain's tables and what a backtest's two common reads cost.
# Backfills N symbols x Y years from the simulator (timed: bars/s end to end), then bench/Layout.java
# reports per table the bytes per row (and per column), how many symbols each data file and row group
# spans, and the files planned and bytes read for one symbol over one year and for every symbol on
# one session. With another checkout (e.g. the commit before, built), it runs that checkout's
# backfill first, then this one's, back to back, and reports both lakes. With READS=1 each lake is
# also read through PyIceberg and Trino by bench/python-read.sh (the same two reads as engines see them:
# rows, wall time, bytes planned and read, Trino's physical input).
#   READS=1 bench/layout.sh [symbols=500] [from=2015-01-01] [to=2024-12-31] [modes=batch] [other-checkout]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-500}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
modes="${4:-batch}"
other="${5:-}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-layout-XXXX)}"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
middle=$(printf 'B%04d' $(( (count + 1) / 2 )))
year=$(( (${from:0:4} + ${to:0:4}) / 2 ))
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "layout: $count symbols, $from..$to, modes $modes, warehouses under $work"
# The key lookup points at a variable nobody sets, so the simulator always serves the benchmark.
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\n' > "$work/bench.properties"
"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it
checkouts=("$root")
if [[ -n "$other" ]]; then
  "$other/pitlake" --version > /dev/null
  checkouts=("$other" "$root")
fi

mapfile -t opens < "$root/flink-jobs/src/main/cli/jvm-options"
for mode in $modes; do
  for checkout in "${checkouts[@]}"; do
    label="$(basename "$checkout")-$mode"
    lake="$work/lake-$label"
    echo "== $checkout, $mode (load $(cut -d' ' -f1-3 /proc/loadavg)) =="
    start=$(date +%s.%N)
    "$checkout/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" --mode "$mode" \
      --warehouse "$lake" --config "$work/bench.properties" \
      > "$work/summary-$label.txt" 2> "$work/backfill-$label.log" \
      || { cat "$work/backfill-$label.log" >&2; exit 1; }
    end=$(date +%s.%N)
    bars=$(awk '/^bronze.polygon_aggs /{gsub(",", "", $2); print $2}' "$work/summary-$label.txt")
    awk -v b="$bars" -v s="$start" -v e="$end" -v m="$mode" \
      'BEGIN { printf "%s backfill end to end: %d bars in %.1f s = %.0f bars/s (including JVM start)\n", m, b, e - s, b / (e - s) }'
    java -XX:MaxRAMPercentage=50 "${opens[@]}" \
      -Dlog4j2.configurationFile="$root/flink-jobs/src/main/cli/log4j2.properties" \
      -Dpitlake.log.dir="$work/logs" \
      -cp "$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")" \
      "$root/bench/Layout.java" "$lake" "$count" "$middle" "$year" "$year-06-15"
    if [[ "${READS:-0}" == 1 ]]; then
      mkdir -p "$work/reads-$label"
      ln -sfn "$lake" "$work/reads-$label/lake"
      BENCH_DIR="$work/reads-$label" "$root/bench/python-read.sh" "$count" "$from" "$to" 5
    fi
  done
done
