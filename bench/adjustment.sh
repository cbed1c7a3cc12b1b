#!/usr/bin/env bash
# Benchmark: point-in-time price adjustment over N symbols x Y years of simulated daily bars with about
# 3 generated splits and dividends per symbol-year (simulator.actions-per-year). It backfills bars,
# ingests Polygon's splits and dividends, builds silver.corporate_actions, then times the unadjusted
# gold build (pitlake build --layer gold) against the adjusted one (pitlake build --layer adjusted:
# gold.adjustment_factors and gold.price_dq) on the same lake, prints rows/s of each and the
# adjusted/unadjusted time ratio, then times the documented adjusted-prices read
# (sql/reads/bars_daily_adjusted.sql) for one symbol's whole history with pitlake query.
#   bench/adjustment.sh [symbols=500] [from=2015-01-01] [to=2024-12-31] [actions-per-year=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-500}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
per_year="${4:-3}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-adjustment-XXXX)}"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "adjustment: $count symbols, $from..$to, $per_year actions per symbol-year, lake $work/lake"
# Key lookups point at variables nobody sets, so the simulators always serve the benchmark.
cat > "$work/bench.properties" <<PROPS
polygon.api-key-env=PITLAKE_BENCH_NO_KEY
alpaca.api-key-id-env=PITLAKE_BENCH_NO_KEY
alpaca.api-secret-key-env=PITLAKE_BENCH_NO_KEY
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
rows() { "$root/pitlake" tables "${lake[@]}" 2>/dev/null | awk -v t="$1" '$1 == t { gsub(",", "", $2); print $2 }'; }

"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it
echo "backfill: $(seconds "$work/backfill.log" "$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" "${lake[@]}") s"
echo "ingest polygon.splits,polygon.dividends: $(seconds "$work/ingest.log" "$root/pitlake" ingest --datasets polygon.splits,polygon.dividends --symbols "$symbols" --from "$from" --to "$to" "${lake[@]}") s"
echo "build --layer reference: $(seconds "$work/reference.log" "$root/pitlake" build --layer reference "${lake[@]}") s"
gold=$(seconds "$work/gold.log" "$root/pitlake" build --layer gold "${lake[@]}")
adjusted=$(seconds "$work/adjusted.log" "$root/pitlake" build --layer adjusted "${lake[@]}")
bars=$(rows silver.bars_daily)
actions=$(rows silver.corporate_actions)
features=$(rows gold.bar_features_daily)
factors=$(rows gold.adjustment_factors)
# The read: every session of B0001 as known now (the query's instant moved to 2100, the symbol
# filtered in both halves).
read_sql=$(sed -e "s/TIMESTAMP '2024-06-20 00:00:00'/TIMESTAMP '2100-01-01 00:00:00'/g" \
  -e "s/WHERE available_at <= /WHERE symbol = 'B0001' AND available_at <= /" \
  "$root/sql/reads/bars_daily_adjusted.sql" | grep -v '^--')
read=$(seconds "$work/read.log" "$root/pitlake" query "$read_sql" --max-rows 100000 "${lake[@]}")
read_rows=$(grep -Eo '^\(?[0-9,]+ rows' "$work/read.log" | tr -dc '0-9' || true)
awk -v b="$bars" -v a="$actions" -v f="$features" -v fa="$factors" -v r="$read" -v rr="$read_rows" \
    -v g="$gold" -v d="$adjusted" 'BEGIN {
  printf "inputs: %d bars, %d actions\n", b, a
  printf "build --layer gold:     %6.1f s  %9d rows  %8.0f rows/s  (%.0f bars/s)\n", g, f, f / g, b / g
  printf "build --layer adjusted: %6.1f s  %9d factor rows  (%.0f bars/s)\n", d, fa, b / d
  printf "adjusted / unadjusted wall time: %.2f (each includes the CLI JVM start and job submission)\n", d / g
  printf "read: adjusted prices of B0001 as known now, pitlake query: %.1f s (%s rows, CLI JVM start included)\n", r, rr
}'
