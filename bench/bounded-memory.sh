#!/usr/bin/env bash
# Benchmark: is a streaming run's memory bounded by what it needs, not by how much history it
# replays? (issue "Insert-only silver and gold that scale"). Runs the same streaming backfill of N
# symbols over a short and a long range, each a separate `pitlake` process with the same heap and
# checkpoints every few seconds, and prints per run: wall time, bars, the process's peak RSS, and
# the state of the last checkpoint taken (the job's checkpoint directory: RocksDB's shared files
# plus the newest chk-N, sampled every second while the job runs).
#   bench/bounded-memory.sh [symbols=200] [short-from=2020-01-01] [long-from=2015-01-01]
#                           [to=2024-12-31] [checkpoint=5s] [heap=2g]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-200}"
short_from="${2:-2020-01-01}"
long_from="${3:-2015-01-01}"
to="${4:-2024-12-31}"
interval="${5:-5s}"
heap="${6:-2g}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-memory-XXXX)}"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "bounded memory: $count symbols, streaming, checkpoints every $interval, -Xmx$heap, under $work"
"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it

run() {
  local name="$1" from="$2" dir="$work/$1"
  mkdir -p "$dir/checkpoints"
  cat > "$dir/bench.properties" <<PROPS
polygon.api-key-env=PITLAKE_BENCH_NO_KEY
streaming.checkpoint-interval=$interval
streaming.checkpoint-dir=file://$dir/checkpoints
PROPS
  local start end
  start=$(date +%s.%N)
  PITLAKE_JAVA_OPTS="-Xmx$heap" /usr/bin/time -f '%M' -o "$dir/rss" \
    "$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" --mode streaming \
    --warehouse "$dir/lake" --config "$dir/bench.properties" > "$dir/out.log" 2>&1 &
  local pid=$! last=0 checkpoints=0
  # Flink deletes a subsumed checkpoint and, when the job finishes, may clean up: sample while
  # it runs and keep the size at the newest checkpoint seen.
  while kill -0 "$pid" 2> /dev/null; do
    local job newest
    job=$(find "$dir/checkpoints" -mindepth 1 -maxdepth 1 -type d 2> /dev/null | head -1)
    if [ -n "$job" ]; then
      newest=$(find "$job" -maxdepth 1 -name 'chk-*' -type d 2> /dev/null | sort -t- -k2 -n | tail -1)
      if [ -n "$newest" ] && [ -f "$newest/_metadata" ]; then
        last=$(du -sb "$job/shared" "$newest" 2> /dev/null | awk '{s += $1} END {print s + 0}')
        checkpoints="${newest##*chk-}"
      fi
    fi
    sleep 1
  done
  wait "$pid" || { tail -20 "$dir/out.log" >&2; exit 1; }
  end=$(date +%s.%N)
  local bars
  bars=$(awk '/^bronze.polygon_aggs/{gsub(",","",$2); print $2}' "$dir/out.log")
  awk -v n="$name" -v f="$from" -v s="$start" -v e="$end" -v b="$bars" -v r="$(tail -1 "$dir/rss")" \
      -v c="$last" -v k="$checkpoints" -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    printf "%-6s %s..: %8d bars in %6.1f s  peak RSS %6.0f MB  newest checkpoint (chk-%s) %7.1f MB  (load %s)\n",
      n, f, b, e - s, r / 1024, k, c / 1048576, l
  }'
}

run short "$short_from"
run long "$long_from"
