#!/usr/bin/env bash
# Benchmark: pitlake report on N symbols x Y years of simulated daily bars (the lake bench/backfill.sh
# makes, plus the adjusted layer, so gold.price_dq has findings), against a same-run baseline taken
# back to back: a plain Flink count over silver.bars_daily (one batch job: JVM start, catalog, cluster
# start, one scan) and pitlake tables. Prints wall times, the report's size and the machine's load.
#   bench/report.sh [symbols=500] [from=2015-01-01] [to=2024-12-31]
# BENCH_DIR=DIR works there, and reuses the lake an earlier run left in DIR/lake.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-500}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-report-XXXX)}"

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
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it
lake=(--warehouse "$work/lake" --config "$work/bench.properties")
if [[ -d "$work/lake" ]]; then
  echo "lake: reusing $work/lake"
else
  symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
  symbols="${symbols%,}"
  printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\n' > "$work/bench.properties"
  echo "lake: $count symbols, $from..$to in $work/lake"
  echo "backfill: $(seconds "$work/backfill.log" "$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" "${lake[@]}") s"
  echo "build --layer adjusted: $(seconds "$work/adjusted.log" "$root/pitlake" build --layer adjusted "${lake[@]}") s"
fi
count_sql="SELECT COUNT(*) AS bars, COUNT(DISTINCT symbol) AS symbols FROM silver.bars_daily"

echo "load before: $(load)"
base1=$(seconds "$work/count-1.log" "$root/pitlake" query "$count_sql" "${lake[@]}")
tables1=$(seconds "$work/tables-1.log" "$root/pitlake" tables "${lake[@]}")
rm -f "$work/report.html"
report=$(seconds "$work/report.log" "$root/pitlake" report --out "$work/report.html" "${lake[@]}")
base2=$(seconds "$work/count-2.log" "$root/pitlake" query "$count_sql" "${lake[@]}")
tables2=$(seconds "$work/tables-2.log" "$root/pitlake" tables "${lake[@]}")
echo "load after: $(load)"
grep -E '^ *[0-9]' "$work/count-1.log" | head -1 | awk '{ printf "lake: %s bars of %s symbols in silver.bars_daily\n", $1, $2 }'
echo "baseline query (count, one Flink job): ${base1} s, ${base2} s"
echo "baseline pitlake tables:               ${tables1} s, ${tables2} s"
echo "pitlake report:                        ${report} s, $(stat -c %s "$work/report.html") bytes: $work/report.html"
grep -h '^\[report\]\|^wrote' "$work/report.log"
