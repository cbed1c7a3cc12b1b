#!/usr/bin/env bash
# Benchmark: what gold.features_daily's Parquet write properties cost, in writer CPU per row and
# bytes per row on disk (bench/ParquetWrites.java). Reads the table's rows from a lake that holds it
# (e.g. one bench/features-layer.sh built) and rewrites the first ROWS of them under each set of
# properties, alternately, ROUNDS times. The default sets are the table's layout before and now and
# the steps between (TABLES.md, "gold.features_daily", has the figures).
#   bench/parquet-writes.sh LAKE [rows=25000] [rounds=2] [sets]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lake="${1:?give a lake that holds gold.features_daily}"
rows="${2:-25000}"
rounds="${3:-2}"
sets="${4:-1000,write.parquet.row-group-size-bytes=131072;1000,write.parquet.row-group-size-bytes=131072,parquet.enable.dictionary=false;1000,write.parquet.row-group-size-bytes=1048576;1000,write.parquet.row-group-size-bytes=1048576,parquet.enable.dictionary=false}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-parquet-XXXX)}"
"$root/pitlake" --version > /dev/null  # build the jar first
metadata=$(ls "$lake"/gold/features_daily/metadata/*.metadata.json | sort | tail -1)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java -Xmx4g -cp "$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")" \
  "$root/bench/ParquetWrites.java" "$metadata" "$lake/gold/features_daily/data" "$work/out" \
  "$rows" "$rounds" "$sets" 2> "$work/stderr.log"
