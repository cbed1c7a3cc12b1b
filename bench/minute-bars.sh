#!/usr/bin/env bash
# Benchmark: minute bars. Ingests Polygon minute aggregates (one request per symbol and session) for N
# symbols over a date range from the built-in simulator into bronze.polygon_aggs_minute, then types them
# into silver.minute_bars with `pitlake build --layer intraday`, in a fresh warehouse. Prints each
# step's rows, wall time and rows/s.
#   bench/minute-bars.sh [symbols=20] [from=2024-10-01] [to=2024-12-31]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-20}"
from="${2:-2024-10-01}"
to="${3:-2024-12-31}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-minute-XXXX)}"

symbols=$(for i in $(seq 1 "$count"); do printf 'M%03d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "minute bars: $count symbols, $from..$to, warehouse under $work"
# The key lookup points at a variable nobody sets, so the simulator always serves the benchmark.
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\n' > "$work/bench.properties"
lake=(--warehouse "$work/lake" --config "$work/bench.properties")
# Build the job jar first (if sources changed), so that no timing below includes it.
"$root/pitlake" --version > /dev/null

timed() { # label, rows-table, command...
  local label="$1" table="$2"; shift 2
  local start end rows
  start=$(date +%s.%N)
  "$@" | tee "$work/$label.txt"
  end=$(date +%s.%N)
  rows=$(awk -v t="$table" '$1 == t {gsub(",", "", $2); print $2}' "$work/$label.txt")
  awk -v r="$rows" -v s="$start" -v e="$end" -v l="$label" \
    'BEGIN { printf "%s: %d rows in %.1f s = %.0f rows/s (including JVM start)\n", l, r, e - s, r / (e - s) }'
}

timed ingest bronze.polygon_aggs_minute \
  "$root/pitlake" ingest --datasets polygon.aggs_minute --symbols "$symbols" --from "$from" --to "$to" "${lake[@]}"
"$root/pitlake" build --layer intraday "${lake[@]}" 2>&1 | tee "$work/build.txt" | grep -Ev '\| rows read|preparing the job'
awk '/minute_bars.sql: / {print "silver.minute_bars:", $0}' "$work/build.txt"
