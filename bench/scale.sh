#!/usr/bin/env bash
# Benchmark: the whole market on one machine with a fixed heap (issue "Insert-only silver and gold
# that scale"). Backfills N symbols x Y years of simulated daily bars (silver and gold included),
# ingests Polygon's splits and dividends (simulator.actions-per-year per symbol-year), then builds
# the reference and adjusted layers, each step a separate `pitlake` process with the same heap.
# Per step it prints wall time, rows/s, the process's peak RSS and the heap's peak occupancy (from
# the GC log), and at the end the lake's size on disk per layer.
#   bench/scale.sh [symbols=5000] [from=2010-01-01] [to=2024-12-31] [heap=4g] [actions-per-year=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-5000}"
from="${2:-2010-01-01}"
to="${3:-2024-12-31}"
heap="${4:-4g}"
per_year="${5:-3}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-scale-XXXX)}"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "scale: $count symbols, $from..$to, $per_year actions per symbol-year, -Xmx$heap, lake $work/lake"
cat > "$work/bench.properties" <<PROPS
polygon.api-key-env=PITLAKE_BENCH_NO_KEY
simulator.actions-per-year=$per_year
PROPS
lake=(--warehouse "$work/lake" --config "$work/bench.properties")
"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it

rows() { "$root/pitlake" tables "${lake[@]}" 2>/dev/null | awk -v t="$1" '$1 == t { gsub(",", "", $2); print $2 }'; }

# step <name> <rows-table> <command args...>: one pitlake process with the fixed heap and a GC log;
# prints wall time, the table's rows and rows/s, peak RSS and peak heap occupancy.
step() {
  local name="$1" table="$2"
  shift 2
  local log="$work/$name.log" gc="$work/$name.gc.log" start end rss
  start=$(date +%s.%N)
  PITLAKE_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$gc" /usr/bin/time -f '%M' -o "$work/$name.rss" \
    "$root/pitlake" "$@" "${lake[@]}" > "$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  rss=$(tail -1 "$work/$name.rss")
  # G1's lines read "... 1234M->567M(4096M) 12.3ms": the peak occupancy is the largest "before".
  local peak_heap
  peak_heap=$(grep -Eo '[0-9]+M->[0-9]+M' "$gc" | cut -dM -f1 | sort -n | tail -1)
  awk -v n="$name" -v s="$start" -v e="$end" -v r="$(rows "$table")" -v t="$table" -v rss="$rss" \
      -v h="${peak_heap:-0}" -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    printf "%-22s %8.1f s  %12d rows of %s  %9.0f rows/s  peak RSS %5.2f GB  peak heap %5.2f GB  (load %s)\n",
      n, e - s, r, t, r / (e - s), rss / 1048576, h / 1024, l
  }'
}

step backfill silver.bars_daily backfill --symbols "$symbols" --from "$from" --to "$to"
step ingest-actions bronze.polygon_splits ingest --datasets polygon.splits,polygon.dividends \
  --symbols "$symbols" --from "$from" --to "$to"
step build-reference silver.corporate_actions build --layer reference
step build-adjusted gold.adjustment_factors build --layer adjusted
echo "rows: $(rows gold.bar_features_daily) gold.bar_features_daily, $(rows bronze.polygon_dividends) bronze.polygon_dividends"
for layer in bronze silver gold; do
  printf 'on disk: %-6s %s\n' "$layer" "$(du -sh "$work/lake/$layer" 2>/dev/null | cut -f1)"
done
echo "on disk: total  $(du -sh "$work/lake" | cut -f1)"
