-- The coverage report's known gaps: per symbol, each run of NYSE sessions without a bar in
-- silver.bars_daily known by T, between the symbol's first bar and the lake's last session (the
-- newest session any symbol has): inside its history, and after its last bar. A session counts by
-- its index in the NYSE calendar (nyse_session_index), so weekends and holidays are never gaps.
-- Replace T (TIMESTAMP '2024-06-20 00:00:00', once).
WITH known AS (
  SELECT DISTINCT symbol, nyse_session_index(session_date) AS idx
  FROM silver.bars_daily
  WHERE available_at <= TIMESTAMP '2024-06-20 00:00:00'
),
steps AS (
  SELECT symbol, idx, LAG(idx) OVER (PARTITION BY symbol ORDER BY idx) AS previous_idx
  FROM known
),
lake_end AS (
  SELECT MAX(idx) AS last_idx FROM known
),
symbol_end AS (
  SELECT symbol, MAX(idx) AS last_idx FROM known GROUP BY symbol
)
SELECT
  symbol,
  nyse_session_date(previous_idx + 1) AS first_missing,
  nyse_session_date(idx - 1) AS last_missing,
  idx - previous_idx - 1 AS sessions,
  FALSE AS after_last
FROM steps
WHERE idx - previous_idx > 1
UNION ALL
SELECT
  s.symbol,
  nyse_session_date(s.last_idx + 1) AS first_missing,
  nyse_session_date(e.last_idx) AS last_missing,
  e.last_idx - s.last_idx AS sessions,
  TRUE AS after_last
FROM symbol_end AS s
CROSS JOIN lake_end AS e
WHERE s.last_idx < e.last_idx
