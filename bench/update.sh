#!/usr/bin/env bash
# Benchmark: the daily `pitlake update` after a multi-year backfill (one new session), against the
# full re-backfill of the same range that a daily job without it would run, back to back, from the
# built-in simulator. With datasets=all the lake also holds Polygon's splits, dividends and news
# (simulator.actions-per-year generated actions and their articles), which both sides fetch too.
#   bench/update.sh [symbols=500] [from=2015-01-02] [to=2024-12-30] [next=2024-12-31] [datasets=bars]
# Steps: backfill symbols x from..to (and ingest the reference datasets to `to`), copy the lake
# twice, then on copy A `pitlake update --to next` and on copy B `pitlake backfill --to next` (and
# `pitlake ingest --to next`): wall time, simulator requests, rows added. Then the update again on
# A (nothing new), and the bars chain of both copies, which must hold the same rows.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-500}"
from="${2:-2015-01-02}"
to="${3:-2024-12-30}"
next="${4:-2024-12-31}"
datasets="${5:-bars}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-update-XXXX)}"
pitlake="$root/pitlake"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
reference=polygon.splits,polygon.dividends,polygon.news
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "update: $count symbols, backfilled $from..$to, one new session $next, datasets $datasets; under $work"
# The key lookup points at a variable nobody sets, so the simulator always serves the benchmark.
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\nsimulator.actions-per-year=3\n' > "$work/bench.properties"
quiet() { grep -Ev '^\[[a-z]+\] [0-9.,]+ s \|' >&2; }

echo "== setup: backfill $from..$to =="
"$pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" --warehouse "$work/lake" \
  --config "$work/bench.properties" 2> >(quiet) | grep -E '^(stage|ingest|silver|gold|wall|simulator)'
if [[ "$datasets" == all ]]; then
  "$pitlake" ingest --datasets "$reference" --symbols "$symbols" --to "$to" --warehouse "$work/lake" \
    --config "$work/bench.properties" 2> >(quiet) | grep -E '^(bronze|wall)'
fi
rm -rf "$work/update" "$work/rebackfill"
cp -r "$work/lake" "$work/update"
cp -r "$work/lake" "$work/rebackfill"

timed() { # label, log, command...
  local label="$1" log="$2"
  shift 2
  local load start end
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s.%N)
  "$@" > "$log" 2> >(tee "$log.err" | quiet)
  end=$(date +%s.%N)
  awk -v l="$label" -v s="$start" -v e="$end" -v load="$load" \
    'BEGIN { printf "%-34s %8.1f s  (load %s)\n", l, e - s, load }'
}
# The requests of every job a command ran, from the last progress line of each ("done: ..." or,
# when a job stored nothing, "nothing new (...)").
requests() { grep -hE 'done:|nothing new \(' "$@" | grep -Eo 'requests [0-9,]+' | grep -Eo '[0-9,]+' | tr -d , | awk '{ s += $1 } END { print s + 0 }'; }

echo "== one new session, back to back =="
timed "pitlake update --to $next" "$work/update.txt" \
  "$pitlake" update --to "$next" --warehouse "$work/update" --config "$work/bench.properties"
timed "pitlake backfill --to $next" "$work/rebackfill.txt" \
  "$pitlake" backfill --symbols "$symbols" --from "$from" --to "$next" --warehouse "$work/rebackfill" \
  --config "$work/bench.properties"
if [[ "$datasets" == all ]]; then
  timed "pitlake ingest --to $next" "$work/reingest.txt" \
    "$pitlake" ingest --datasets "$reference" --symbols "$symbols" --to "$next" \
    --warehouse "$work/rebackfill" --config "$work/bench.properties"
fi
timed "pitlake update again (nothing new)" "$work/again.txt" \
  "$pitlake" update --to "$next" --warehouse "$work/update" --config "$work/bench.properties"

echo "== requests =="
echo "update:      $(requests "$work/update.txt.err")"
echo "re-backfill: $(requests "$work"/rebackfill.txt.err "$work"/reingest.txt.err 2>/dev/null)"
echo "again:       $(requests "$work/again.txt.err")"
echo "== what the update added =="
grep -E '^(stage|ingest|silver|gold|bronze)' "$work/update.txt" || true
echo "== the bars chain of both copies =="
for lake in update rebackfill; do
  echo "-- $lake"
  "$pitlake" tables --warehouse "$work/$lake" | grep -E '^(bronze.polygon_aggs|silver.bars_daily|gold.bar_features_daily) '
done
