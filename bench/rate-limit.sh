#!/usr/bin/env bash
# Benchmark: staying just under a vendor's rate limit. The built-in simulator enforces a per-key limit
# (429 beyond it); pitlake paces its requests at 99% of that limit across all parallel readers. Runs two
# backfills of about five minutes each, one against 200 requests/minute and one against 10 requests/s,
# with one bar per page so that every bar costs a request. Prints the sustained request rate the
# simulator saw, the 429s it sent (must be 0), the client's request count, retries and p99 latency, and
# records/s.
#   bench/rate-limit.sh [minutes=5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-5}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-rate-XXXX)}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"

run() { # name, limit per minute
  local name="$1" per_minute="$2"
  local per_second pages symbols
  per_second=$(awk -v m="$per_minute" 'BEGIN { printf "%.4f", m / 60 * 0.99 }')
  # Pages needed for the run. Eight symbols keep both readers busy to the end, so the rate is
  # sustained whichever rest.rate-limit-scope applies (the CLI's embedded default shares one bucket;
  # READER gives each reader half the rate, and an idle reader would leave its half unused).
  pages=$(awk -v m="$per_minute" -v t="$minutes" 'BEGIN { printf "%d", m * 0.99 * t }')
  symbols=8
  local list days
  list=$(for i in $(seq 1 "$symbols"); do printf 'R%03d,' "$i"; done); list="${list%,}"
  # Trim the date range so the run lasts about $minutes minutes.
  days=$(awk -v p="$pages" -v s="$symbols" 'BEGIN { printf "%d", p / s * 365.25 / 252 }')
  local from to
  to=2024-12-31
  from=$(date -d "$to - $days days" +%F)
  printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\nsimulator.requests-per-minute=%s\nrest.requests-per-second=%s\npolygon.aggs.page-size=1\n' \
    "$per_minute" "$per_second" > "$work/$name.properties"
  echo "== $name: limit $per_minute/min, client paced at $per_second/s, $symbols symbols $from..$to =="
  "$root/pitlake" backfill --symbols "$list" --from "$from" --to "$to" \
    --warehouse "$work/lake-$name" --config "$work/$name.properties" 2> "$work/$name.err" | tee "$work/$name.out"
  grep -E '^\[backfill\] (done|nothing new)' "$work/$name.err" || true
}

run per-minute-200 200
run per-second-10 600
