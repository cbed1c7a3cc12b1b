#!/usr/bin/env bash
# Benchmark: how long a newcomer waits for an answer. Wall time of the README's first query and of
# `pitlake tables` on the README's 3-symbol lake, `runs` times each, back to back, for this checkout
# and, if given, another pitlake checkout (e.g. a worktree of an older commit) on its own copy of
# the same lake. Each checkout builds its own lake first (not timed).
#   bench/startup.sh [runs=5] [other-checkout]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
other="${2:-}"
work="$(mktemp -d -t pitlake-bench-startup-XXXX)"
query="SELECT symbol, session_date, close, ret_1d, vol_21d FROM gold.bar_features_daily WHERE symbol='AAPL' ORDER BY session_date DESC LIMIT 5"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"

checkouts=("$root")
[[ -n "$other" ]] && checkouts+=("$(cd "$other" && pwd)")
for i in "${!checkouts[@]}"; do
  lake="$work/lake-$i"
  echo "== ${checkouts[$i]} ($(git -C "${checkouts[$i]}" rev-parse --short HEAD 2>/dev/null || echo '?')): building $lake"
  "${checkouts[$i]}/pitlake" backfill --symbols AAPL,MSFT,NVDA --from 2023-01-01 --to 2024-12-31 \
    --warehouse "$lake" >/dev/null 2>"$work/backfill-$i.err" || { cat "$work/backfill-$i.err" >&2; exit 1; }
  # One untimed run of each, so one-time work (the launcher's class-data archive) is not measured.
  "${checkouts[$i]}/pitlake" tables --warehouse "$lake" >/dev/null 2>&1
  "${checkouts[$i]}/pitlake" query --warehouse "$lake" "$query" >/dev/null 2>&1
done

seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", e - s }'; }
# Runs alternate between the checkouts, so a machine whose speed drifts slows both alike.
for command in query tables; do
  for ((run = 1; run <= runs; run++)); do
    for i in "${!checkouts[@]}"; do
      args=(tables --warehouse "$work/lake-$i")
      [[ "$command" == query ]] && args=(query --warehouse "$work/lake-$i" "$query")
      start=$(date +%s.%N)
      "${checkouts[$i]}/pitlake" "${args[@]}" >/dev/null 2>&1
      seconds "$start" "$(date +%s.%N)" >>"$work/times-$command-$i"
      echo >>"$work/times-$command-$i"
    done
  done
  for i in "${!checkouts[@]}"; do
    printf '%-6s %-28s %s s, median %s s\n' "$command" "$(basename "${checkouts[$i]}")" \
      "$(paste -sd' ' "$work/times-$command-$i")" \
      "$(sort -n "$work/times-$command-$i" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  done
done
rm -rf "$work"
