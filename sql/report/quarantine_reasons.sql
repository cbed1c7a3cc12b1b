-- The coverage report's quarantine chart: refusals known by T in silver.quarantine, per source,
-- stage, reason and month (yyyymm, UTC) of what was refused (event_time, or available_at where the
-- refusal has none, e.g. a page that could not be read). Replace T
-- (TIMESTAMP '2024-06-20 00:00:00', once).
SELECT
  source,
  stage,
  reason,
  CAST(YEAR(COALESCE(event_time, available_at)) * 100 + MONTH(COALESCE(event_time, available_at))
    AS INT) AS event_month,
  COUNT(*) AS row_count
FROM silver.quarantine
WHERE available_at <= TIMESTAMP '2024-06-20 00:00:00'
GROUP BY
  source,
  stage,
  reason,
  YEAR(COALESCE(event_time, available_at)) * 100 + MONTH(COALESCE(event_time, available_at))
