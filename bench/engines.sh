#!/usr/bin/env bash
# Benchmark: the engines that read the lake. Builds the 3-symbol x 2-year lake (plus its prefix lake) with
# pitlake, serves both with `pitlake catalog serve`, then starts Trino 476 (on a JDK 22+) and a local
# Spark 4.0.1 session and times the same point-in-time query through each and through `pitlake query`.
# Prints the [bench] lines of the engine tests (the figures come from the same runs that assert results).
#   bench/engines.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
log="$(mktemp -t pitlake-bench-engines-XXXX.log)"
if ! ./mvnw -B -ntp -Dspotless.check.skip=true -DskipTests=false -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test='TrinoITCase,SparkITCase' -Dfailsafe.failIfNoSpecifiedTests=false verify >"$log" 2>&1; then
  echo "engine tests failed; see $log" >&2
  exit 1
fi
grep -h '\[bench\]' engine-tests/target/failsafe-reports/*-output.txt 2>/dev/null || grep '\[bench\]' "$log"
