#!/usr/bin/env bash
# Benchmark: SEC companyfacts for C companies from the SEC simulator's synthetic filers into bronze and
# silver.fundamental_facts (facts/s, MB/s of fact JSON), then gold.panel_daily for S securities x the
# years from..to (rows/s), each through the real CLI into a fresh warehouse. The panel's inputs are
# those of a real run: bars, about 3 splits and dividends per symbol-year (simulator.actions-per-year)
# through the reference and adjusted layers, so its returns are total returns.
#   bench/fundamentals.sh [companies=100] [securities=500] [from=2015-01-01] [to=2024-12-31]
# The first three synthetic filers are AAPL, MSFT and NVDA, the rest SY0003, SY0004, ...; securities
# beyond the companies get bars but no fundamentals.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
companies="${1:-100}"
securities="${2:-500}"
from="${3:-2015-01-01}"
to="${4:-2024-12-31}"
work="${BENCH_DIR:-$(mktemp -d -t pitlake-bench-XXXX)}"
filers=$(( companies > securities ? companies : securities ))

tickers() { # the synthetic filers' tickers 0..n-1
  local n="$1" out="AAPL,MSFT,NVDA" i
  for ((i = 3; i < n; i++)); do out+=$(printf ',SY%04d' "$i"); done
  echo "$out" | cut -d, -f1-"$n"
}
ciks() {
  local n="$1" out="320193,789019,1045810" i
  for ((i = 3; i < n; i++)); do out+=",$((9000000 + i))"; done
  echo "$out" | cut -d, -f1-"$n"
}
seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "fundamentals: $companies companies; panel: $securities securities, $from..$to; warehouse under $work"
printf 'polygon.api-key-env=PITLAKE_BENCH_NO_KEY\nsimulator.sec.synthetic-filers=%d\nsimulator.actions-per-year=3\n' \
  "$filers" > "$work/bench.properties"
lake=(--warehouse "$work/lake" --config "$work/bench.properties")

echo "== ingest SEC companyfacts, submissions, tickers ($companies companies) =="
start=$(date +%s.%N)
"$root/pitlake" ingest --datasets sec.company_tickers,sec.submissions,sec.companyfacts \
  --ciks "$(ciks "$companies")" "${lake[@]}" | tee "$work/ingest.txt"
end=$(date +%s.%N)
ingest_s=$(seconds "$start" "$end")
"$root/pitlake" query "SELECT COUNT(*) AS facts, SUM(CHAR_LENGTH(payload)) AS json_bytes FROM bronze.sec_companyfacts" \
  "${lake[@]}" | tee "$work/facts.txt"
read -r facts bytes < <(awk '$1 ~ /^[0-9,]+$/ && $2 ~ /^[0-9,]+$/ { gsub(",", ""); print $1, $2; exit }' "$work/facts.txt")
awk -v f="$facts" -v b="$bytes" -v s="$ingest_s" 'BEGIN {
  printf "ingest: %d facts, %.1f MB of fact JSON in %.1f s = %.0f facts/s, %.2f MB/s (simulator at 10 req/s, JVM start included)\n",
    f, b / 1e6, s, f / s, b / 1e6 / s }'

echo "== build silver.fundamental_facts and gold.fundamentals_pit =="
start=$(date +%s.%N)
"$root/pitlake" build --layer fundamentals "${lake[@]}"
end=$(date +%s.%N)
awk -v f="$facts" -v s="$(seconds "$start" "$end")" \
  'BEGIN { printf "fundamentals build: %d bronze facts in %.1f s = %.0f facts/s (JVM start included)\n", f, s, f / s }'

echo "== backfill bars ($securities securities) =="
"$root/pitlake" backfill --symbols "$(tickers "$securities")" --from "$from" --to "$to" "${lake[@]}" \
  2> >(grep -Ev '^\[(backfill|ingest)\] [0-9.,]+ s \|' >&2) > "$work/backfill.txt"
tail -3 "$work/backfill.txt"

echo "== ingest splits and dividends, build the reference and adjusted layers =="
"$root/pitlake" ingest --datasets polygon.splits,polygon.dividends --symbols "$(tickers "$securities")" \
  --from "$from" --to "$to" "${lake[@]}" 2> >(grep -Ev '^\[(backfill|ingest)\] [0-9.,]+ s \|' >&2) > "$work/actions.txt"
tail -1 "$work/actions.txt"
"$root/pitlake" build --layer reference "${lake[@]}" 2>&1 | grep -Ev '\| rows read|preparing the job' | tail -2
"$root/pitlake" build --layer adjusted "${lake[@]}" 2>&1 | grep -Ev '\| rows read|preparing the job' | tail -2

echo "== build gold.panel_daily =="
start=$(date +%s.%N)
"$root/pitlake" build --layer panel "${lake[@]}" 2>&1 | tee "$work/panel.txt" | grep -Ev '\| rows read|preparing the job' || true
end=$(date +%s.%N)
grep 'panel_daily.sql: ' "$work/panel.txt" || true
awk -v s="$(seconds "$start" "$end")" -v r="$(grep -o 'panel_daily.sql: [0-9,]*' "$work/panel.txt" | grep -o '[0-9,]*$' | tr -d ,)" \
  'BEGIN { printf "panel build: %d rows in %.1f s = %.0f rows/s (JVM start included)\n", r, s, r / s }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
