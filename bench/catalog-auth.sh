#!/usr/bin/env bash
# Benchmark: the latency authentication adds to a REST catalog request. Serves one embedded lake
# (pitlake's tables, empty) over loopback without auth and with --clients (a writer and ten readers),
# and times 10,000 loadTable calls of Iceberg's REST client per variant: no auth, a reader's token,
# a reader's OAuth2 credential. The variants take turns in 10 rounds, back to back, so the machine's
# drift does not favour one; p50 and p99 per variant, and the difference to no auth.
#   bench/catalog-auth.sh [calls=10000] [rounds=10]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
calls="${1:-10000}"
rounds="${2:-10}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-catalog-auth-XXXX)}"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
"$root/pitlake" --version > /dev/null  # build the jar first
mapfile -t opens < "$root/flink-jobs/src/main/cli/jvm-options"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of JVM flags
java -Xmx1g ${BENCH_JAVA_OPTS:-} "${opens[@]}" \
  -Dlog4j2.configurationFile="$root/flink-jobs/src/main/cli/log4j2.properties" \
  -Dpitlake.log.dir="$work/logs" \
  -cp "$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")" \
  "$root/bench/CatalogAuthLatency.java" "$work" "$calls" "$rounds"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
