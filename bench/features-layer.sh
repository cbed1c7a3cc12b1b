#!/usr/bin/env bash
# Benchmark: the features layer (pitlake build --layer features) of this checkout against another
# checkout's, back to back on one lake, in batch and in streaming: what a change to the layer costs
# (e.g. gold.cross_section_daily, against the commit before it). It backfills N symbols x Y years of
# simulated daily bars with this checkout, builds the adjusted layer, then per mode runs the other
# checkout's build and this one's, alternately, ROUNDS times each. A batch build never skips here: the
# two jars differ, so every build's fingerprint differs from the last one's. Every build starts from a
# copy of the lake as the adjusted layer left it, so each writes the whole table: its bytes per row on
# disk are printed with it, and so is, per round, this checkout's build of layer gold (the five-feature
# gold.bar_features_daily of issue 19's target) and the features build's ratio to it, in wall
# and in CPU seconds, with the features build's rows/s and µs per row. Without BASELINE only this
# checkout's features and gold builds run (the features layer's cost against the five-feature
# gold). A BENCH_DIR that
# holds an earlier run's adjusted/ is reused without a backfill (the catalog stores absolute paths,
# so a lake is only ever copied back to where it was made, BENCH_DIR/lake).
#   [BASELINE=/path/to/other/checkout] bench/features-layer.sh [symbols=100] [from=2015-01-01] [to=2024-12-31]
# e.g. git worktree add --detach /tmp/base HEAD~1 && BASELINE=/tmp/base bench/features-layer.sh 100
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
baseline="${BASELINE:-}"
count="${1:-100}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
rounds="${ROUNDS:-2}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-features-XXXX)}"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "features layer: $count symbols, $from..$to, this checkout $root${baseline:+ vs $baseline}, lake $work/lake"
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\n' > "$work/bench.properties"
lake=(--warehouse "$work/lake" --config "$work/bench.properties")

# seconds <log> <command...>: runs the command, keeps its output, prints its wall time; its CPU time
# (user + system, every thread of the JVM: on a shared machine the steadier figure) goes to
# <log>.cpu.
seconds() {
  local log="$1"
  shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$log.time" "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  awk '{ printf "%.1f", $1 + $2 }' "$log.time" > "$log.cpu"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}
cpu() { cat "$1.cpu"; }
rows() { "$root/pitlake" tables "${lake[@]}" 2>/dev/null | awk -v t="$1" '$1 == t { print $2 }'; }

"$root/pitlake" --version > /dev/null  # build both jars first, so no timing includes a build
[[ -z "$baseline" ]] || "$baseline/pitlake" --version > /dev/null
if [[ ! -d "$work/adjusted" ]]; then
  # Assigned before printed: a failed run stops the script (set -e sees an assignment's status).
  backfill=$(seconds "$work/backfill.log" "$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" "${lake[@]}")
  echo "backfill: $backfill s"
  adjusted=$(seconds "$work/adjusted.log" "$root/pitlake" build --layer adjusted "${lake[@]}")
  echo "build --layer adjusted: $adjusted s"
  mv "$work/lake" "$work/adjusted"
fi
# build <log> <checkout> <layer> <mode>: the layer's build on a fresh copy of the adjusted lake.
build() {
  rm -rf "$work/lake"
  cp -r "$work/adjusted" "$work/lake"
  seconds "$1" "$2/pitlake" build --layer "$3" --mode "$4" "${lake[@]}"
}
# bytes per row of gold.features_daily's data files, as the last build wrote them.
bytes_per_row() {
  local bytes
  bytes=$(du -sb "$work/lake/gold/features_daily/data" | cut -f1)
  awk -v b="$bytes" -v r="$(rows gold.features_daily | tr -d ,)" 'BEGIN { printf "%.0f", b / r }'
}
# per_row <log> <seconds> <rows>: the build's rows/s and µs per row, wall and CPU.
per_row() {
  awk -v w="$2" -v c="$(cpu "$1")" -v r="$3" 'BEGIN { printf "%.0f rows/s, %.1f µs/row wall, %.1f µs/row CPU", r / w, 1e6 * w / r, 1e6 * c / r }'
}
ratio() { awk -v f="$1" -v g="$2" 'BEGIN { printf "%.1f", f / g }'; }
done_in() { grep -o 'done in [0-9.,]* s' "$1" | tail -1; }
for mode in batch streaming; do
  for round in $(seq 1 "$rounds"); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [[ -n "$baseline" ]]; then
      base=$(build "$work/base-$mode-$round.log" "$baseline" features "$mode")
      base_bytes=$(bytes_per_row)
    fi
    this=$(build "$work/this-$mode-$round.log" "$root" features "$mode")
    this_bytes=$(bytes_per_row)
    features_rows=$(rows gold.features_daily | tr -d ,)
    cross_section_rows=$(rows gold.cross_section_daily | tr -d ,)
    gold=$(build "$work/gold-$mode-$round.log" "$root" gold "$mode")
    this_cpu=$(cpu "$work/this-$mode-$round.log")
    gold_cpu=$(cpu "$work/gold-$mode-$round.log")
    if [[ -n "$baseline" ]]; then
      base_cpu=$(cpu "$work/base-$mode-$round.log")
      echo "$mode round $round: baseline $base s ($base_bytes B/row, $(ratio "$base" "$gold")x gold), this checkout $this s ($this_bytes B/row, $(ratio "$this" "$gold")x gold), layer gold $gold s (load $load, then $(cut -d' ' -f1 /proc/loadavg)); job: $(done_in "$work/base-$mode-$round.log") vs $(done_in "$work/this-$mode-$round.log") vs $(done_in "$work/gold-$mode-$round.log")"
      echo "$mode round $round CPU s: baseline $base_cpu ($(ratio "$base_cpu" "$gold_cpu")x gold), this checkout $this_cpu ($(ratio "$this_cpu" "$gold_cpu")x gold), layer gold $gold_cpu"
    else
      echo "$mode round $round: features $this s ($this_bytes B/row, $(ratio "$this" "$gold")x gold), layer gold $gold s (load $load, then $(cut -d' ' -f1 /proc/loadavg)); job: $(done_in "$work/this-$mode-$round.log") vs $(done_in "$work/gold-$mode-$round.log")"
      echo "$mode round $round CPU s: features $this_cpu ($(ratio "$this_cpu" "$gold_cpu")x gold), layer gold $gold_cpu"
    fi
    echo "$mode round $round features build: $(per_row "$work/this-$mode-$round.log" "$this" "$features_rows") (gold.features_daily rows)"
  done
done
echo "rows (this checkout's features build): gold.features_daily $features_rows, gold.cross_section_daily $cross_section_rows"
