#!/usr/bin/env bash
# Benchmark: µs per row of each feature family of gold.features_daily (bench/FeatureFamilies.java),
# on the simulator's daily bars of N symbols, through the layer's own FeatureVector on one warm
# thread: the whole row (the same-run baseline), the row's series alone, and each family alone less
# the series; their sum against the whole row shows what the families share. No I/O: the
# computation's ceiling, not the build's (bench/features-layer.sh times the build).
#   bench/feature-families.sh [symbols=20] [from=2015-01-01] [to=2024-12-31] [rounds=5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java -Xmx1g \
  -cp "$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")" \
  "$root/bench/FeatureFamilies.java" "${1:-20}" "${2:-2015-01-01}" "${3:-2024-12-31}" "${4:-5}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
