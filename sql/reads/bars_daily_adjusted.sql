-- Adjusted daily bars as known at T: the documented read of gold.adjustment_factors.
--
-- pitlake stores no adjusted prices: a split or dividend learned later would rewrite every earlier
-- session (bars x actions rows). A backtest joins each session's newest raw bar known at T
-- (silver.bars_daily) to the newest set of factors its symbol had at T (gold.adjustment_factors
-- gives a symbol's whole set at every instant it changes): the set's row whose sessions
-- [session_from, ex_date) hold the session, factor 1 where none does. The cost grows with bars +
-- actions. Replace T (TIMESTAMP '2024-06-20 00:00:00', twice; UTC in pitlake query) and add symbol
-- or session filters to both halves. The same query runs in Trino and Spark with the catalog's
-- prefix (lake.silver.bars_daily), double quotes for backticks and a zoned literal
-- (TIMESTAMP '2024-06-20 00:00:00 UTC').
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
  s.factors_at
FROM (
  SELECT *
  FROM (
    SELECT bars.*,
      ROW_NUMBER() OVER (PARTITION BY symbol, session_date ORDER BY version DESC) AS newest
    FROM silver.bars_daily AS bars
    WHERE available_at <= TIMESTAMP '2024-06-20 00:00:00'
  ) AS known
  WHERE newest = 1
) AS b
LEFT JOIN (
  SELECT symbol, MAX(available_at) AS factors_at
  FROM gold.adjustment_factors
  WHERE available_at <= TIMESTAMP '2024-06-20 00:00:00'
  GROUP BY symbol
) AS s
  ON s.symbol = b.symbol
LEFT JOIN gold.adjustment_factors AS f
  ON f.symbol = b.symbol AND f.available_at = s.factors_at
    AND b.session_date < f.ex_date
    AND (f.session_from IS NULL OR f.session_from <= b.session_date)
