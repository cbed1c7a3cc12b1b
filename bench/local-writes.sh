#!/usr/bin/env bash
# Benchmark: a file created in a local lake through Hadoop's local file system (one chmod process per
# file without Hadoop's native library) against pitlake's ForklessLocalFileSystem, alternately, in
# one JVM (bench/LocalWrites.java). The README's first `pitlake update` creates about 500 files.
#   bench/local-writes.sh [files=300] [rounds=2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files="${1:-300}"
rounds="${2:-2}"
"$root/pitlake" --version > /dev/null  # build the jar first
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java -Xmx1g -cp "$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")" \
  "$root/bench/LocalWrites.java" "$files" "$rounds" 2> /dev/null
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
