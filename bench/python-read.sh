#!/usr/bin/env bash
# Benchmark: point-in-time reads through the Python package (python/), against the same reads through
# Trino on the same lake. Backfills N symbols x Y years from the simulator (skipped when the warehouse
# already has them), serves the lake with `pitlake catalog serve`, installs ./python into a venv, starts
# Trino 476 on a JDK 22+ when one exists (the engine tests' unpacked server under ~/.cache/pitlake, or
# the tarball Maven fetched) and runs bench/python_read.py: a one-symbol year and an all-symbol
# one-session as-of read of silver.bars_daily and gold.bar_features_daily, with wall time, the bytes of
# the data files Iceberg's pruning left to open, and Trino's physical input for the same read.
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
pids=($!)
trap 'kill "${pids[@]}"' EXIT
until grep -qs 'clients set type=rest' "$work/serve.log"; do sleep 0.5; done

# Trino on the same served catalog, as TrinoITCase configures it (no auth: this catalog has no clients).
jdk=""
for release in /usr/lib/jvm/*/release /opt/java/*/release; do
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null || true)
  if [[ -n "$major" && "$major" -ge 22 ]]; then jdk="$(dirname "$release")"; fi
done
trino_home="$HOME/.cache/pitlake/trino-server-476"
tarball="$HOME/.m2/repository/io/trino/trino-server/476/trino-server-476.tar.gz"
if [[ ! -f "$trino_home/.pitlake-unpacked" && -f "$tarball" && ! -d "$work/trino-server-476" ]]; then
  tar -xzf "$tarball" -C "$work"
fi
[[ -f "$trino_home/.pitlake-unpacked" ]] || trino_home="$work/trino-server-476"
trino_url=""
if [[ -n "$jdk" && -x "$trino_home/bin/launcher" ]]; then
  trino_port=$((port + 1))
  mkdir -p "$work/trino/etc/catalog" "$work/trino/data"
  printf 'node.environment=bench\nnode.id=bench\nnode.data-dir=%s\n' "$work/trino/data" > "$work/trino/etc/node.properties"
  printf 'coordinator=true\nnode-scheduler.include-coordinator=true\nhttp-server.http.port=%s\ndiscovery.uri=http://127.0.0.1:%s\nquery.max-memory=1GB\nquery.max-memory-per-node=1GB\n' \
    "$trino_port" "$trino_port" > "$work/trino/etc/config.properties"
  printf -- '-server\n-Xmx2G\n-XX:+UseG1GC\n-XX:+ExitOnOutOfMemoryError\n-Djdk.attach.allowAttachSelf=true\n' > "$work/trino/etc/jvm.config"
  printf 'io.trino=WARN\n' > "$work/trino/etc/log.properties"
  printf 'connector.name=iceberg\niceberg.catalog.type=rest\niceberg.rest-catalog.uri=http://127.0.0.1:%s/\nfs.native-local.enabled=true\nlocal.location=/\n' \
    "$port" > "$work/trino/etc/catalog/lake.properties"
  "$trino_home/bin/launcher" run --etc-dir="$work/trino/etc" --data-dir="$work/trino/data" --jvm-dir="$jdk" \
    > "$work/trino.log" 2>&1 &
  pids+=($!)
  trino_url="http://127.0.0.1:$trino_port"
  until curl -fs -H 'X-Trino-User: bench' "$trino_url/v1/info" | grep -q '"starting":false'; do sleep 1; done
  echo "Trino 476 on $(basename "$jdk"): $trino_url"
else
  echo "no JDK 22+ or Trino 476 server: Python reads only"
fi
echo "load before the reads: $(cut -d' ' -f1-3 /proc/loadavg)"
"$work/venv/bin/python" "$root/bench/python_read.py" "http://127.0.0.1:$port/" B0001 "${to:0:4}" "$to" "$runs" $trino_url
echo "load after the reads: $(cut -d' ' -f1-3 /proc/loadavg)"
