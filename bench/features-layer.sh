#!/usr/bin/env bash
# Benchmark: the features layer (pitlake build --layer features) of this checkout against another
# checkout's, back to back on one lake, in batch and in streaming: what a change to the layer costs
# (e.g. gold.cross_section_daily, against the commit before it). It backfills N symbols x Y years of
# simulated daily bars with this checkout, builds the adjusted layer, then per mode runs the other
# checkout's build and this one's, alternately, ROUNDS times each. A batch build never skips here: the
# two jars differ, so every build's fingerprint differs from the last one's.
#   BASELINE=/path/to/other/checkout bench/features-layer.sh [symbols=100] [from=2015-01-01] [to=2024-12-31]
# e.g. git worktree add --detach /tmp/base HEAD~1 && BASELINE=/tmp/base bench/features-layer.sh 100
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
baseline="${BASELINE:?set BASELINE to the checkout to compare with (its ./pitlake is run)}"
count="${1:-100}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
rounds="${ROUNDS:-2}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-features-XXXX)}"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "features layer: $count symbols, $from..$to, this checkout $root vs $baseline, lake $work/lake"
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\n' > "$work/bench.properties"
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
rows() { "$root/pitlake" tables "${lake[@]}" 2>/dev/null | awk -v t="$1" '$1 == t { print $2 }'; }

"$root/pitlake" --version > /dev/null  # build both jars first, so no timing includes a build
"$baseline/pitlake" --version > /dev/null
echo "backfill: $(seconds "$work/backfill.log" "$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" "${lake[@]}") s"
echo "build --layer adjusted: $(seconds "$work/adjusted.log" "$root/pitlake" build --layer adjusted "${lake[@]}") s"
for mode in batch streaming; do
  for round in $(seq 1 "$rounds"); do
    base=$(seconds "$work/base-$mode-$round.log" "$baseline/pitlake" build --layer features --mode "$mode" "${lake[@]}")
    load=$(cut -d' ' -f1 /proc/loadavg)
    this=$(seconds "$work/this-$mode-$round.log" "$root/pitlake" build --layer features --mode "$mode" "${lake[@]}")
    echo "$mode round $round: baseline $base s, this checkout $this s (load $load, then $(cut -d' ' -f1 /proc/loadavg)); job: $(grep -o 'done in [0-9.,]* s' "$work/base-$mode-$round.log" | tail -1) vs $(grep -o 'done in [0-9.,]* s' "$work/this-$mode-$round.log" | tail -1)"
  done
done
echo "rows: gold.features_daily $(rows gold.features_daily), gold.cross_section_daily $(rows gold.cross_section_daily)"
