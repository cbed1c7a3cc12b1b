-- The coverage report's profile of one table: its rows known by T, per month of event_time (UTC) and
-- per bucket of the lag available_at - event_time, the time between a thing happening and a live
-- system being able to know it. pitlake report runs this once per table of the lake with rows,
-- the table named below replaced by each one's name, all in one job; every table has both
-- columns. Rows with a NULL event_time count in month NULL and bucket NULL (undated).
-- The buckets, in order (io.pitlake.report.LagBucket names them): 0 before the event, 1 under an
-- hour, 2 under a day, 3 under 2 days, 4 under a week, 5 under 30 days, 6 under 90 days,
-- 7 under a year, 8 a year or more. Replace T (TIMESTAMP '2024-06-20 00:00:00', once).
SELECT
  'silver.bars_daily' AS table_name,
  event_month,
  lag_bucket,
  COUNT(*) AS row_count
FROM (
  SELECT
    CAST(YEAR(event_time) * 100 + MONTH(event_time) AS INT) AS event_month,
    CASE
      WHEN event_time IS NULL THEN CAST(NULL AS INT)
      WHEN available_at < event_time THEN 0
      WHEN TIMESTAMPDIFF(MINUTE, event_time, available_at) < 60 THEN 1
      WHEN TIMESTAMPDIFF(MINUTE, event_time, available_at) < 1440 THEN 2
      WHEN TIMESTAMPDIFF(MINUTE, event_time, available_at) < 2880 THEN 3
      WHEN TIMESTAMPDIFF(MINUTE, event_time, available_at) < 10080 THEN 4
      WHEN TIMESTAMPDIFF(MINUTE, event_time, available_at) < 43200 THEN 5
      WHEN TIMESTAMPDIFF(MINUTE, event_time, available_at) < 129600 THEN 6
      WHEN TIMESTAMPDIFF(MINUTE, event_time, available_at) < 525600 THEN 7
      ELSE 8
    END AS lag_bucket
  FROM silver.bars_daily
  WHERE available_at <= TIMESTAMP '2024-06-20 00:00:00'
)
GROUP BY event_month, lag_bucket
