#!/usr/bin/env bash
# Benchmark: is a streaming run's memory bounded by what it needs, not by how much history it
# replays? (issue "Insert-only silver and gold that scale"). Runs the same streaming backfill of N
# symbols over a short and a long range, each a separate `pitlake` process with the same heap and
# checkpoints every few seconds, and prints per run: wall time, CPU seconds, bars, the process's
# peak RSS, the heap's peak size and its largest use after a GC (from the GC log), and the size of
# the largest and of the last checkpoint: the full state size from each one's _metadata (what
# Flink's web UI calls the full checkpoint data size: every SST file it references, each once),
# the largest broken down by operator (bench/CheckpointBreakdown.java). The checkpoint directory's
# size is not that: it also holds the files of a checkpoint being written and of subsumed ones not
# yet deleted. The last checkpoint of a bounded run can come after some tasks finished, which
# checkpoint no state (FLIP-147), so the largest is the one the bound is about.
# With LIVE=1 it also samples the live heap every 5 s (`jcmd GC.class_histogram`, which forces a
# full GC per sample, so that run's RSS and wall time are not the default run's) and prints its
# largest: what the run holds, as opposed to what G1 has committed, which grows with the run's
# length and allocation rate up to -Xmx whatever the run holds.
# JAVA_OPTS adds JVM flags after -Xmx (a heap policy to compare, e.g. JAVA_OPTS=-XX:GCTimeRatio=4;
# the launcher's own streaming policy applies unless PITLAKE_STREAMING_HEAP=false). NMT=1 adds
# Native Memory Tracking and prints its summary at each run's exit: the committed heap, class
# metadata, threads, code, GC and other native memory the JVM allocates (not RocksDB's, whose
# malloc the JVM does not see: RSS less NMT's total is mostly that).
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
nmt=""
if [ "${NMT:-0}" = 1 ]; then
  nmt="-XX:NativeMemoryTracking=summary -XX:+UnlockDiagnosticVMOptions -XX:+PrintNMTStatistics"
fi
echo "bounded memory: $count symbols, streaming, checkpoints every $interval, -Xmx$heap ${JAVA_OPTS:-} $nmt, under $work"
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
  PITLAKE_JAVA_OPTS="-Xmx$heap ${JAVA_OPTS:-} $nmt -Xlog:gc:file=$dir/gc.log" /usr/bin/time -f '%M %U %S' -o "$dir/rss" \
    "$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" --mode streaming \
    --warehouse "$dir/lake" --config "$dir/bench.properties" > "$dir/out.log" 2>&1 &
  local pid=$! checkpoints=0 live=0 tick=0
  # Flink deletes a subsumed checkpoint and, when the job finishes, may clean up: sample while
  # it runs and keep every checkpoint's metadata.
  while kill -0 "$pid" 2> /dev/null; do
    local job newest
    job=$(find "$dir/checkpoints" -mindepth 1 -maxdepth 1 -type d 2> /dev/null | head -1)
    if [ -n "$job" ]; then
      newest=$(find "$job" -maxdepth 1 -name 'chk-*' -type d 2> /dev/null | sort -t- -k2 -n | tail -1)
      if [ -n "$newest" ] && [ -f "$newest/_metadata" ] && [ "${newest##*chk-}" != "$checkpoints" ]; then
        local kept="$dir/checkpoint-metadata/$(basename "$newest")"
        mkdir -p "$kept"
        cp "$newest/_metadata" "$kept/_metadata.tmp" 2> /dev/null \
          && mv "$kept/_metadata.tmp" "$kept/_metadata" \
          && checkpoints="${newest##*chk-}"
      fi
    fi
    if [ "${LIVE:-0}" = 1 ] && [ $((tick % 5)) -eq 4 ]; then
      local java_pid bytes
      java_pid=$(pgrep -P "$pid" java | head -1)
      bytes=$(jcmd "$java_pid" GC.class_histogram 2> /dev/null | awk '/^Total/{print $3}')
      if [ -n "$bytes" ] && [ "$bytes" -gt "$live" ]; then live=$bytes; fi
    fi
    tick=$((tick + 1))
    sleep 1
  done
  wait "$pid" || { tail -20 "$dir/out.log" >&2; exit 1; }
  if [ "${LIVE:-0}" = 1 ]; then
    awk -v n="$name" -v b="$live" 'BEGIN {printf "%-6s live heap, largest sample: %6.0f MB\n", n, b / 1048576}'
  fi
  end=$(date +%s.%N)
  local bars heap sizes="" largest="" size=0 last=0
  bars=$(awk '/^bronze.polygon_aggs/{gsub(",","",$2); print $2}' "$dir/out.log")
  if [ -d "$dir/checkpoint-metadata" ]; then
    sizes=$(breakdown --totals $(ls "$dir"/checkpoint-metadata/chk-*/_metadata | xargs -n1 dirname \
      | awk -F'chk-' '{print $NF, $0}' | sort -n | cut -d' ' -f2))
    largest=$(sort -k2 -n <<< "$sizes" | tail -1 | cut -d' ' -f1)
    size=$(sort -k2 -n <<< "$sizes" | tail -1 | cut -d' ' -f2)
    last=$(tail -1 <<< "$sizes" | cut -d' ' -f2)
  fi
  # G1's lines end "Pause ... 812M->301M(1024M) 12.3ms": after-GC use and committed heap, in MB.
  heap=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$dir/gc.log" | sed 's/M->/ /; s/M(/ /; s/M)//' \
    | awk '{if ($2 > live) live = $2; if ($3 > committed) committed = $3} END {print live + 0, committed + 0}')
  awk -v n="$name" -v f="$from" -v s="$start" -v e="$end" -v b="$bars" -v r="$(tail -1 "$dir/rss")" \
      -v c="$size" -v g="${largest##*chk-}" -v z="$last" -v k="$checkpoints" -v h="$heap" \
      -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    split(r, t, " "); split(h, m, " ")
    printf "%-6s %s..: %8d bars in %6.1f s (%5.1f CPU s)  peak RSS %6.0f MB (heap: peak %5d MB, after GC %5d MB)  largest checkpoint (chk-%s) %6.2f MB, last (chk-%s) %6.2f MB  (load %s)\n",
      n, f, b, e - s, t[2] + t[3], t[1] / 1024, m[2], m[1], g, c / 1048576, k, z / 1048576, l
  }'
  if [ -n "$largest" ]; then
    breakdown "$largest"
  fi
  # NMT's summary at exit: "Total: reserved=…, committed=…" and "-  Java Heap (reserved=…,
  # committed=…)" per category, in bytes (or KB with a unit); the total's and the larger ones' MB.
  awk -v n="$name" '/^Total: reserved=/ || /^-  *[A-Za-z ]+ \(reserved=/ {
      line = $0; sub(/^-? */, "", line); sub(/^Total: /, "Total (", line)
      label = line; sub(/ \(.*/, "", label)
      match(line, /committed=[0-9]+(KB)?/); value = substr(line, RSTART + 10, RLENGTH - 10)
      mb = value ~ /KB$/ ? value / 1024 : value / 1048576
      if (mb >= 10) out = out sprintf("%s %d MB, ", label, mb)
    } END { if (out != "") printf "%-6s NMT committed at exit: %s\n", n, substr(out, 1, length(out) - 2) }' "$dir/out.log"
}

# The checkpoint's size and what holds it, from its metadata, on pitlake's own classpath.
breakdown() {
  java -cp "$(cat "$root/flink-jobs/target/flink-classpath.txt"):$root/flink-jobs/target/pitlake.jar" \
    "$root/bench/CheckpointBreakdown.java" "$@"
}

run short "$short_from"
run long "$long_from"
