#!/usr/bin/env bash
# Benchmark: what write-audit-publish costs a daily `pitlake update`. One lake of N symbols from the
# built-in simulator, backfilled to `to`; then four updates of one week each, back to back on that
# lake, alternately without and with --audit in the order plain, audit, audit, plain (so a drift of
# the machine over the run weighs on both sides alike). Each update fetches a week of bars for every
# symbol and rebuilds silver and gold bars. Prints each update's wall time and, for the audited ones,
# the audit's own share from its "[audit] ID in X s: gates Y s, results and publish Z s" lines (the
# bars job's audit and the build's, summed), and its CPU seconds (user + system of the update's
# process and its children, /usr/bin/time), with the machine's load before each run.
#   bench/audit.sh [symbols=200] [from=2024-01-02] [to=2024-10-31]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-200}"
from="${2:-2024-01-02}"
to="${3:-2024-10-31}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-audit-XXXX)}"
pitlake="$root/pitlake"

symbols=$(for i in $(seq 1 "$count"); do printf 'B%04d,' "$i"; done)
symbols="${symbols%,}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "audit: $count symbols backfilled $from..$to, then weekly updates; under $work"
# The key lookup points at a variable nobody sets, so the simulator always serves the benchmark.
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\n' > "$work/bench.properties"

echo "== setup: backfill $from..$to (load $(cut -d' ' -f1-3 /proc/loadavg)) =="
"$pitlake" backfill --symbols "$symbols" --from "$from" --to "$to" --warehouse "$work/lake" \
  --config "$work/bench.properties" 2>/dev/null | grep -E '^wall'

# Fridays after `to`: each update brings the week to it.
weeks=()
day=$(date -u -d "$to + 1 day" +%Y-%m-%d)
while (( ${#weeks[@]} < 4 )); do
  [[ $(date -u -d "$day" +%u) == 5 ]] && weeks+=("$day")
  day=$(date -u -d "$day + 1 day" +%Y-%m-%d)
done

printf '%-6s %-11s %-16s %10s %10s %10s %10s\n' run "to" load wall cpu "audit" gates
i=0
for mode in plain audit audit plain; do
  week="${weeks[$i]}"
  i=$((i + 1))
  flag=()
  [[ "$mode" == audit ]] && flag=(--audit)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  t0=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$work/$mode-$week.cpu" \
    "$pitlake" update "${flag[@]}" --to "$week" --warehouse "$work/lake" \
    --config "$work/bench.properties" > "$work/$mode-$week.out" 2> "$work/$mode-$week.err"
  t1=$(date +%s.%N)
  cpu=$(awk 'END { printf "%.1f", $1 + $2 }' "$work/$mode-$week.cpu")
  # "[audit] 20261207-... in 3.2 s: gates 2.9 s, results and publish 0.3 s"
  read -r audit gates < <(awk '/^\[audit\] [0-9-]+ in / { a += $4; g += $7 } END { printf "%.1f %.1f\n", a, g }' \
    "$work/$mode-$week.err")
  awk -v m="$mode" -v w="$week" -v l="$load" -v s="$t0" -v e="$t1" -v c="$cpu" -v a="$audit" \
    -v g="$gates" \
    'BEGIN { printf "%-6s %-11s %-16s %8.1f s %8.1f s %8.1f s %8.1f s\n", m, w, l, e - s, c, a, g }'
done
