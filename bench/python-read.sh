#!/usr/bin/env bash
# Benchmark: point-in-time reads through the Python package (python/). Backfills N symbols x Y years
# from the simulator (skipped when the warehouse already has them), serves the lake with `pitlake
# catalog serve`, installs ./python into a venv and runs bench/python_read.py: a one-symbol year and an
# all-symbol one-session as-of read of silver.bars_daily and gold.bar_features_daily, with wall time and
# the bytes of the data files Iceberg's pruning left to open.
#   bench/python-read.sh [symbols=500] [from=2015-01-01] [to=2024-12-31] [runs=5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-500}"
from="${2:-2015-01-01}"
to="${3:-2024-12-31}"
runs="${4:-5}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-python-XXXX)}"
port="${BENCH_PORT:-18181}"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(python3 --version), $(java -version 2>&1 | head -1)"
if [[ ! -d "$work/lake" ]]; then
  echo "backfill: $count symbols, $from..$to, warehouse $work/lake"
  # The key lookup points at a variable nobody sets, so the simulator always serves the benchmark.
  printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\n' > "$work/bench.properties"
  "$root/pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" --warehouse "$work/lake" \
    --config "$work/bench.properties" 2>/dev/null | grep -E '^(silver.bars_daily|gold.bar_features_daily|wall time)'
fi
if [[ ! -x "$work/venv/bin/python" ]]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q --disable-pip-version-check "$root/python[pandas]"
fi
"$root/pitlake" catalog serve --warehouse "$work/lake" --port "$port" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server"' EXIT
until grep -qs 'clients set type=rest' "$work/serve.log"; do sleep 0.5; done
"$work/venv/bin/python" "$root/bench/python_read.py" "http://127.0.0.1:$port/" B0001 "${to:0:4}" "$to" "$runs"
