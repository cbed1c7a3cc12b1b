#!/usr/bin/env bash
# Benchmark: pitlake export qlib (and parquet) of N symbols x Y years of simulated daily bars with about
# 3 generated splits and dividends per symbol-year, with every feature column of gold.bar_features_daily.
# It backfills bars (unless BENCH_DIR's warehouse has them), ingests Polygon's splits and dividends,
# builds the adjustment factors, then times each export as of now and prints its wall time, rows, bytes
# written and MB/s (the CLI JVM start and Flink job submission included, as a user waits for them).
# With library=1 it also builds the features layer and times, back to back ROUNDS (default 2) times,
# the Qlib export with 20 gold.features_daily fields against the one with the six above: what the
# feature library's fields cost. A warehouse with gold.features_daily is reused as is.
#   bench/export.sh [symbols=100] [from=2015-01-01] [to=2024-12-31] [actions-per-year=3] [library=0]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-100}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
per_year="${4:-3}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-export-XXXX)}"
library="${5:-0}"
fields=dollar_volume,ret_1d,ret_5d,ret_21d,vol_21d,returns_in_window
# 20 of gold.features_daily's columns: Alpha158's candle, rolling and volume families and the technical set.
library_fields=kmid,klen,ksft,roc5,roc20,roc60,ma20,std20,beta20,rsqr20,corr20,cntd20,vstd20,rsi_14,macd,bb_pctb_20,natr_14,mom_12_1,amihud_21,features_daily.vol_21d

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
if [[ ! -d "$work/lake/gold/features_daily/data" ]]; then
  echo "ingest polygon.splits,polygon.dividends: $(seconds "$work/ingest.log" "$root/pitlake" ingest --datasets polygon.splits,polygon.dividends --symbols "$symbols" --from "$from" --to "$to" "${lake[@]}") s"
  echo "build --layer reference: $(seconds "$work/reference.log" "$root/pitlake" build --layer reference "${lake[@]}") s"
  echo "build --layer adjusted: $(seconds "$work/adjusted.log" "$root/pitlake" build --layer adjusted "${lake[@]}") s"
  if [[ "$library" == 1 ]]; then
    echo "build --layer features: $(seconds "$work/features.log" "$root/pitlake" build --layer features "${lake[@]}") s"
  fi
fi

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

# qlib_export <fields> <log>: one Qlib export as of now with the fields; prints wall time, rows, MB, MB/s.
qlib_export() {
  rm -rf "$work/qlib-fields"
  local wall bytes rows
  wall=$(seconds "$2" "$root/pitlake" export qlib --out "$work/qlib-fields" --fields "$1" "${lake[@]}")
  bytes=$(du -sb "$work/qlib-fields" | cut -f1)
  rows=$(grep -Eo 'exported [0-9,]+ rows' "$2" | tr -dc '0-9')
  awk -v w="$wall" -v b="$bytes" -v r="$rows" 'BEGIN { printf "%6.1f s  %9d rows  %7.1f MB  %6.2f MB/s", w, r, b / 1e6, b / 1e6 / w }'
}
if [[ "$library" == 1 ]]; then
  for round in $(seq 1 "${ROUNDS:-2}"); do
    echo "round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "  qlib, 6 bar_features_daily fields:  $(qlib_export "$fields" "$work/qlib-six-$round.log")"
    echo "  qlib, 20 features_daily fields:     $(qlib_export "$library_fields" "$work/qlib-library-$round.log")"
  done
fi
