#!/usr/bin/env bash
# Benchmark: live intraday latency. The Polygon simulator's websocket replays the last session's minute
# bars for N symbols at SPEED; the live job (`pitlake live --intraday polygon`'s job, embedded) writes
# bronze.polygon_ws, silver.minute_bars and gold.bar_features_minute, committing every CHECKPOINT
# seconds. Prints p50/p99/max of (a) send -> receipt (available_at: the baseline, the same run), (b) send
# -> committed snapshot of silver.minute_bars and (c) send -> committed snapshot of the version's
# gold.bar_features_minute row (computed in-stream, after features.streaming.flush-delay). Issue 20's
# target: p99 <= checkpoint interval + 2 s. Then the top-of-minute burst (issue 20's throughput item: N
# symbols' bars of one minute sent within 1.5 s of session time, 0.75 s at speed 2): per complete minute,
# first send -> last receipt (baseline), -> last bar committed in silver, -> last row committed in gold.
#   bench/websocket.sh 5000 4 2 10    # the burst of 5,000 symbols, every 30 s for 4 minutes
#   bench/websocket.sh [symbols=20] [minutes=10] [speed=1] [checkpoint-seconds=10]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-websocket-XXXX)}"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
"$root/pitlake" --version > /dev/null  # build the jar first
mapfile -t opens < "$root/flink-jobs/src/main/cli/jvm-options"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of JVM flags
java -Xmx4g ${BENCH_JAVA_OPTS:-} "${opens[@]}" \
  -Dlog4j2.configurationFile="$root/flink-jobs/src/main/cli/log4j2.properties" \
  -Dpitlake.log.dir="$work/logs" \
  -cp "$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")" \
  "$root/bench/WebSocketLatency.java" "$work" "${1:-20}" "${2:-10}" "${3:-1}" "${4:-10}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
