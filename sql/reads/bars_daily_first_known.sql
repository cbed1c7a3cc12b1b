-- Adjusted daily bars as first known: each symbol x session as it was known at its own first instant,
-- the training set a backtest would really have had (pitlake export --first-known reads it).
--
-- sql/reads/bars_daily_adjusted.sql gives every session as known at one instant T, so a revision or
-- a split learned later reaches back into history. Here each session s has its own instant
-- known_at = the later of its bar's first available_at and s's decision instant: its close (16:00
-- New York, 13:00 on an early close) plus the panel's option panel.decision-offset (default 0),
-- as gold.panel_daily places it (session_decision_at(session_date)). That is the first instant
-- gold.panel_daily has a row for s. The row is what the documented read returns for s at
-- T = known_at: the newest bar version known then and the symbol's newest factor set known then.
-- An action adjusts only sessions before its ex date, and only from that date on, so first-known
-- factors are 1. Same columns as the documented read, plus known_at. Replace T
-- (TIMESTAMP '2024-06-20 00:00:00', once; UTC in pitlake query): only sessions first known by T.
WITH firsts AS (
  SELECT symbol, session_date,
    GREATEST(MIN(available_at), session_decision_at(session_date)) AS known_at
  FROM silver.bars_daily
  GROUP BY symbol, session_date
),
known AS (
  SELECT * FROM firsts WHERE known_at <= TIMESTAMP '2024-06-20 00:00:00'
),
b AS (
  SELECT *
  FROM (
    SELECT bars.*, k.known_at,
      ROW_NUMBER() OVER (PARTITION BY bars.symbol, bars.session_date ORDER BY bars.version DESC)
        AS newest
    FROM silver.bars_daily AS bars
    JOIN known AS k ON k.symbol = bars.symbol AND k.session_date = bars.session_date
    WHERE bars.available_at <= k.known_at
  ) AS versions
  WHERE newest = 1
),
s AS (
  SELECT k.symbol, k.session_date, MAX(f.available_at) AS factors_at
  FROM known AS k
  JOIN (SELECT DISTINCT symbol, available_at FROM gold.adjustment_factors) AS f
    ON f.symbol = k.symbol AND f.available_at <= k.known_at
  GROUP BY k.symbol, k.session_date
)
SELECT
  b.symbol, b.session_date, b.version AS bar_version,
  b.`open`, b.high, b.low, b.`close`, b.volume,
  COALESCE(f.split_factor, 1) AS split_factor,
  COALESCE(f.total_factor, 1) AS total_factor,
  b.`open` * COALESCE(f.split_factor, 1) AS split_adj_open,
  b.high * COALESCE(f.split_factor, 1) AS split_adj_high,
  b.low * COALESCE(f.split_factor, 1) AS split_adj_low,
  b.`close` * COALESCE(f.split_factor, 1) AS split_adj_close,
  b.volume / COALESCE(f.split_factor, 1) AS split_adj_volume,
  b.`open` * COALESCE(f.total_factor, 1) AS total_adj_open,
  b.high * COALESCE(f.total_factor, 1) AS total_adj_high,
  b.low * COALESCE(f.total_factor, 1) AS total_adj_low,
  b.`close` * COALESCE(f.total_factor, 1) AS total_adj_close,
  b.available_at AS bar_available_at,
  s.factors_at,
  b.known_at
FROM b
LEFT JOIN s
  ON s.symbol = b.symbol AND s.session_date = b.session_date
LEFT JOIN gold.adjustment_factors AS f
  ON f.symbol = b.symbol AND f.available_at = s.factors_at
    AND b.session_date < f.ex_date
    AND (f.session_from IS NULL OR f.session_from <= b.session_date)
