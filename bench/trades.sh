#!/usr/bin/env bash
# Benchmark: the live trades channel's throughput. The Polygon simulator's websocket (in the same JVM,
# on the same cores) replays a session of SYMBOLS x PER_MINUTE trades at SPEED, faster than the jobs
# take them; first through the ceiling (the same websocket source and parse, then a plain Iceberg
# append), then through the live job (`pitlake live --intraday polygon --channels trades`: dedup,
# bronze.polygon_ws, silver.trades in-stream). Prints trades/s into each table from the first send to
# the commit holding the last trade, and the live job's share of the ceiling. Issue 20's target: >= 50%
# of the ceiling and >= 20,000 trades/s. The machine is shared: the load is printed with each figure.
#   bench/trades.sh [symbols=4] [per-minute=300] [speed=2000] [checkpoint-seconds=2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-trades-XXXX)}"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
"$root/pitlake" --version > /dev/null  # build the jar first
mapfile -t opens < "$root/flink-jobs/src/main/cli/jvm-options"
classpath="$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")"
# Compiled, not run as a source file: Flink loads the ceiling job's functions by name from the class
# path, which a single-file program's in-memory classes are not on.
javac -nowarn -d "$work/classes" -cp "$classpath" "$root/bench/TradesThroughput.java"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of JVM flags
java -Xmx4g ${BENCH_JAVA_OPTS:-} "${opens[@]}" \
  -Dlog4j2.configurationFile="$root/flink-jobs/src/main/cli/log4j2.properties" \
  -Dpitlake.log.dir="$work/logs" \
  -cp "$work/classes:$classpath" \
  TradesThroughput "$work" "${1:-4}" "${2:-300}" "${3:-2000}" "${4:-2}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
