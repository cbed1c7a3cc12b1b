#!/usr/bin/env bash
# Benchmark: soak of the live intraday job (issue 20: "a 1-hour run at 60x (a week of sessions)
# with chaos on: checkpoint size and process RSS at the end within 20% of after the first simulated
# day; no settled bar missing"). The Polygon simulator's websocket replays the last N sessions in a
# row (N: as many as fit in the run; the replay clock jumps from after a close to before the next
# open) with malformed frames and dropped connections, REST faults for the gap fills; the live job
# runs embedded (bench/Soak.java) and checkpoints every CHECKPOINT seconds. Prints RSS and the
# newest checkpoint's full size (from its _metadata, bench/CheckpointBreakdown.java) over time,
# after the first simulated session and at the end, and their ratios; then the settled
# silver.minute_bars against the REST simulator's minute bars (missing, duplicated: must be 0) and
# the outages. Load with each figure.
#   bench/soak.sh [symbols=50] [minutes=60] [speed=60] [checkpoint-seconds=10] [heap=2g]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-soak-XXXX)}"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "soak under $work"
"$root/pitlake" --version > /dev/null  # build the jar first
classpath="$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")"
mapfile -t opens < "$root/flink-jobs/src/main/cli/jvm-options"
# The launcher's heap policy for streaming commands (`./pitlake live` gets it), from the same file;
# PITLAKE_STREAMING_HEAP=false leaves G1's defaults, as for the launcher.
heap_policy=()
if [[ "${PITLAKE_STREAMING_HEAP:-true}" == true ]]; then
  mapfile -t heap_policy < "$root/flink-jobs/src/main/cli/streaming-heap-options"
fi
echo "heap policy: ${heap_policy[*]:-G1 defaults}"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of JVM flags
/usr/bin/time -f '%e %U %S %M' -o "$work/time" java -Xmx"${5:-2g}" "${heap_policy[@]}" ${BENCH_JAVA_OPTS:-} "${opens[@]}" \
  -Dlog4j2.configurationFile="$root/flink-jobs/src/main/cli/log4j2.properties" \
  -Dpitlake.log.dir="$work/logs" -cp "$classpath" \
  "$root/bench/Soak.java" "$work" "${1:-50}" "${2:-60}" "${3:-60}" "${4:-10}"
read -r wall user sys peak < "$work/time"
awk -v w="$wall" -v u="$user" -v s="$sys" -v p="$peak" -v l="$(cut -d' ' -f1-3 /proc/loadavg)" \
  'BEGIN {printf "process: %.0f s wall, %.0f CPU s, peak RSS %.0f MB (load after: %s)\n", w, u + s, p / 1024, l}'

# Full sizes of every copied checkpoint, one JVM: "chk-N bytes".
java -cp "$classpath" "$root/bench/CheckpointBreakdown.java" --totals \
  $(ls -d "$work"/checkpoint-metadata/chk-* | awk -F'chk-' '{print $NF, $0}' | sort -n | cut -d' ' -f2) \
  | sed 's|.*/||' > "$work/sizes"
echo "over time (wall min, replay clock, RSS, newest checkpoint's full size, load):"
awk 'NR == FNR {size[$1] = $2; next} $1 != "mark" {
  printf "  %5.1f min  %s  RSS %5d MB  %-9s %7.2f MB  load %s\n", $1, $2, $3, $4, size[$4] / 1048576, $5
}' "$work/sizes" FS='\t' "$work/samples.tsv"
awk 'NR == FNR {size[$1] = $2; next} $1 == "mark" {
  rss[$2] = $4; chk[$2] = size[$5]
  printf "%-5s (%5.1f min): RSS %5d MB, checkpoint %s %7.2f MB (load %s)\n", $2, $3, $4, $5, size[$5] / 1048576, $6
} END {
  if (rss["day1"] > 0 && chk["day1"] > 0) {
    printf "end / day1: RSS %.2fx, checkpoint %.2fx (target: within 1.20x)\n", rss["end"] / rss["day1"], chk["end"] / chk["day1"]
  }
}' "$work/sizes" FS='\t' "$work/samples.tsv"

# Per replayed session: the samples taken while the replay clock was in a session (13:29-21:21 UTC
# covers every NYSE session with its 20-minute tail, in either offset), min / mean / max. A
# checkpoint's size is a sawtooth (RocksDB's data files grow between compactions and shrink at each),
# so two single samples can fall on a tooth's foot and its top; a session's maximum and mean compare
# like with like. The target's rule on them: the last session against the first (day 1).
awk 'NR == FNR {size[$1] = $2; next}
$1 != "mark" && ($4 in size) && substr($2, 12, 5) >= "13:29" && substr($2, 12, 5) <= "21:21" {
  day = substr($2, 1, 10)
  if (!(day in n)) {order[++days] = day; cmin[day] = 1e18; rmin[day] = 1e18}
  n[day]++
  c = size[$4] / 1048576; csum[day] += c; if (c > cmax[day]) cmax[day] = c; if (c < cmin[day]) cmin[day] = c
  r = $3; rsum[day] += r; if (r > rmax[day]) rmax[day] = r; if (r < rmin[day]) rmin[day] = r
}
END {
  print "per session (samples): checkpoint MB min / mean / max, RSS MB min / mean / max"
  for (i = 1; i <= days; i++) {
    d = order[i]
    printf "  %s (%2d): %5.2f / %5.2f / %5.2f   %5d / %5d / %5d\n", d, n[d], cmin[d], csum[d] / n[d], cmax[d], rmin[d], rsum[d] / n[d], rmax[d]
  }
  if (days >= 2) {
    f = order[1]; l = order[days]
    printf "last session / first: checkpoint max %.2fx, mean %.2fx; RSS max %.2fx, mean %.2fx (target: within 1.20x)\n", cmax[l] / cmax[f], (csum[l] / n[l]) / (csum[f] / n[f]), rmax[l] / rmax[f], (rsum[l] / n[l]) / (rsum[f] / n[f])
  }
}' "$work/sizes" FS='\t' "$work/samples.tsv"
