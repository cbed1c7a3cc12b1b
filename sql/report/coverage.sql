-- The coverage report's heatmap: per symbol and month (yyyymm, New York session dates), the NYSE
-- sessions with a bar in silver.bars_daily known by T, and the month's first and last of them.
-- pitlake report divides by the month's NYSE sessions (io.pitlake.time.NyseCalendar) within the
-- lake's first and last session. Replace T (TIMESTAMP '2024-06-20 00:00:00', once).
SELECT
  symbol,
  CAST(YEAR(session_date) * 100 + MONTH(session_date) AS INT) AS session_month,
  COUNT(DISTINCT session_date) AS sessions,
  MIN(session_date) AS first_session,
  MAX(session_date) AS last_session
FROM silver.bars_daily
WHERE available_at <= TIMESTAMP '2024-06-20 00:00:00'
GROUP BY symbol, YEAR(session_date) * 100 + MONTH(session_date)
