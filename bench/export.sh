#!/usr/bin/env bash
# Benchmark: pitlake export qlib (and parquet) of N symbols x Y years of simulated daily bars with about
# 3 generated splits and dividends per symbol-year, with every feature column of gold.bar_features_daily.
# It backfills bars (unless BENCH_DIR's warehouse has them), ingests Polygon's splits and dividends,
# builds the adjustment factors, then times each export as of now and prints its wall time, rows, bytes
# written and MB/s (the CLI JVM start and Flink job submission included, as a user waits for them).
#   bench/export.sh [symbols=100] [from=2015-01-01] [to=2024-12-31] [actions-per-year=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-100}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
per_year="${4:-3}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-export-XXXX)}"
fields=dollar_volume,ret_1d,ret_5d,ret_21d,vol_21d,returns_in_window

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "export: $count symbols, $from..$to, $per_year actions per symbol-year, fields $fields, lake $work/lake"
# Key lookups point at a variable nobody sets, so the simulators always serve the benchmark.
cat > "$work/bench.properties" <<PROPS
polygon.api-key-env=PITLAKE_BENCH_NO_KEY
simulator.actions-per-year=$per_year
PROPS
lake=(--warehouse "$work/lake" --config "$work/bench.properties")

# seconds <log> <command...>: runs the command, keeps its output, prints its wall time.
seconds() {
  local log="$1"
  shift
  local start end
  start=$(date +%s.%N)
  "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}

"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it
# A warehouse that already has the bars (BENCH_DIR of an earlier run, or bench/python-read.sh's) is reused.
if [[ ! -d "$work/lake/silver/bars_daily" ]]; then
  echo "backfill: $(seconds "$work/backfill.log" "$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" "${lake[@]}") s"
fi
echo "ingest polygon.splits,polygon.dividends: $(seconds "$work/ingest.log" "$root/pitlake" ingest --datasets polygon.splits,polygon.dividends --symbols "$symbols" --from "$from" --to "$to" "${lake[@]}") s"
echo "build --layer reference: $(seconds "$work/reference.log" "$root/pitlake" build --layer reference "${lake[@]}") s"
echo "build --layer adjusted: $(seconds "$work/adjusted.log" "$root/pitlake" build --layer adjusted "${lake[@]}") s"

rm -rf "$work/qlib" "$work/panel.parquet"
qlib=$(seconds "$work/qlib.log" "$root/pitlake" export qlib --out "$work/qlib" --fields "$fields" "${lake[@]}")
parquet=$(seconds "$work/parquet.log" "$root/pitlake" export parquet --out "$work/panel.parquet" --fields "$fields" "${lake[@]}")
qlib_bytes=$(du -sb "$work/qlib" | cut -f1)
parquet_bytes=$(stat -c %s "$work/panel.parquet")
qlib_rows=$(grep -Eo 'exported [0-9,]+ rows' "$work/qlib.log" | tr -dc '0-9')
parquet_rows=$(grep -Eo 'exported [0-9,]+ rows' "$work/parquet.log" | tr -dc '0-9')
awk -v q="$qlib" -v qb="$qlib_bytes" -v qr="$qlib_rows" -v p="$parquet" -v pb="$parquet_bytes" -v pr="$parquet_rows" 'BEGIN {
  printf "export qlib:    %6.1f s  %9d rows  %7.1f MB  %6.2f MB/s  %8.0f rows/s\n", q, qr, qb / 1e6, qb / 1e6 / q, qr / q
  printf "export parquet: %6.1f s  %9d rows  %7.1f MB  %6.2f MB/s  %8.0f rows/s\n", p, pr, pb / 1e6, pb / 1e6 / p, pr / p
}'
grep -h '^\[export\]' "$work/qlib.log" | tail -3
