#!/usr/bin/env bash
# Benchmark: implied-volatility solves per second (bench/IvSolver.java) on a generated chain of N
# underlyings, against the same run's baseline of pricing alone (Black-Scholes-Merton price calls per
# second), rounds alternating back to back; also IV + Greeks per contract. Single-threaded, no I/O:
# the solver's own ceiling, not the gold build's.
#   bench/iv-solver.sh [underlyings=50] [rounds=7]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
underlyings="${1:-50}"
rounds="${2:-7}"
"$root/pitlake" --version > /dev/null  # build the jar first, so no timing includes it
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java -Xmx1g \
  -cp "$root/flink-jobs/target/pitlake.jar:$(cat "$root/flink-jobs/target/flink-classpath.txt")" \
  "$root/bench/IvSolver.java" "$underlyings" "$rounds"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
