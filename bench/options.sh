#!/usr/bin/env bash
# Benchmark: the options layer on the Polygon simulator's chains. N underlyings x a date range:
# contracts listed and option bars ingested per second (pitlake ingest of polygon.options_contracts and
# polygon.options_aggs_day, end to end through the simulator's HTTP); the options layer's build
# (pitlake build --layer options: silver contracts, bars and links, gold.option_features_daily and
# gold.iv_surface_daily); then the gold step alone: the two gold tables rebuilt on that lake (their
# build records removed by bench/ForgetBuild.java, so the planner skips the unchanged silver tables),
# in rows of gold.option_features_daily (IV + Greeks) per second, against the same run's ceiling of
# that path (bench/OptionsCeiling.java: read the silver rows, solve IV + Greeks, append; nothing else,
# one thread; the median of three passes after a warm-up), and the share of it the gold step reaches.
# Wall and CPU seconds of each step; the stock bars and the dividends are backfilled first, untimed.
# PROFILE=1 records the gold step with Java Flight Recorder and prints where its CPU
# goes (bench/JfrBreakdown.java).
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

cp="$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")"
# timed NAME COMMAND...: runs the command with its wall, user and sys seconds in $work/NAME.time.
timed() {
  local name="$1"
  shift
  { TIMEFORMAT='%R %U %S'; time "$@" > "$work/$name.txt" 2> "$work/$name.log"; } 2> "$work/$name.time" \
    || { tail -20 "$work/$name.log" >&2; exit 1; }
}
seconds() { awk '{ printf "%.1f s, %.1f CPU s", $1, $2 + $3 }' "$work/$1.time"; }
wall() { awk '{ print $1 }' "$work/$1.time"; }

timed ingest run ingest --datasets polygon.options_contracts,polygon.options_aggs_day --symbols "$symbols" \
  --from "$from" --to "$to"
"$root/pitlake" tables --warehouse "$work/lake" > "$work/tables.txt"
contracts=$(count_of bronze.polygon_options_contracts "$work/tables.txt")
bars=$(count_of bronze.polygon_options_aggs_day "$work/tables.txt")
awk -v c="$contracts" -v b="$bars" -v s="$(wall ingest)" -v t="$(seconds ingest)" 'BEGIN { printf "ingest: %d contract listings + %d option bars in %s = %.0f listings/s, %.0f bars/s (JVM start included)\n", c, b, t, c / s, b / s }'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

timed layer run build --layer options
"$root/pitlake" tables --warehouse "$work/lake" > "$work/tables.txt"
rows=$(count_of gold.option_features_daily "$work/tables.txt")
surface=$(count_of gold.iv_surface_daily "$work/tables.txt")
awk -v r="$rows" -v u="$surface" -v s="$(wall layer)" -v t="$(seconds layer)" 'BEGIN { printf "build --layer options: %d gold.option_features_daily rows (IV + Greeks), %d surface rows in %s = %.0f rows/s (the whole layer, silver included, and JVM start)\n", r, u, t, r / s }'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

java -cp "$cp" "$root/bench/ForgetBuild.java" "$work/lake" gold.option_features_daily gold.iv_surface_daily
if [[ "${PROFILE:-0}" == 1 ]]; then
  export PITLAKE_JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:StartFlightRecording=filename=$work/gold.jfr,settings=profile"
fi
timed gold run build --layer options
unset PITLAKE_JAVA_OPTS
grep -E '^\[build\].*(skipped|one batch job)' "$work/gold.log" | sed 's/^/  /' || true
job=$(sed -n 's/^\[build\] job .* done in \([0-9.,]*\) *s.*/\1/p' "$work/gold.log" | tail -1)
awk -v r="$rows" -v s="$(wall gold)" -v t="$(seconds gold)" -v j="${job//,/}" 'BEGIN { printf "gold step alone (both gold tables rebuilt, silver skipped): %d rows in %s = %.0f rows/s; the job alone %.1f s = %.0f rows/s\n", r, t, r / s, j, (j > 0 ? r / j : 0) }'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

java -Xmx2g -cp "$cp" "$root/bench/OptionsCeiling.java" "$work/lake" | tee "$work/ceiling.txt"
ceiling=$(sed -n 's/^ceiling (.*median.* = \([0-9,]*\) rows\/s$/\1/p' "$work/ceiling.txt")
awk -v r="$rows" -v s="$(wall gold)" -v j="${job//,/}" -v c="${ceiling//,/}" 'BEGIN { printf "share of the ceiling: %.0f%% end to end, %.0f%% for the job alone\n", 100 * r / s / c, (j > 0 ? 100 * r / j / c : 0) }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "${PROFILE:-0}" == 1 ]]; then
  java "$root/bench/JfrBreakdown.java" "$work/gold.jfr" "$rows" "$(awk '{ print $2 + $3 }' "$work/gold.time")" "$(nproc)"
fi
