-- gold.bars_daily_adjusted: raw daily bars with split-adjusted and total-return-adjusted prices, as
-- known at each instant.
--
-- One row per symbol x session x knowledge instant. A row holds one version of the session's raw bar
-- (silver.bars_daily) under the session's factor from gold.adjustment_factors (1 where no row covers
-- the session); available_at = max(the bar version's available_at, the instant the factor took that
-- value), superseded_at = the earlier of the next bar version and the next change of the factor. A
-- split or dividend that becomes known later adds rows at that instant and never rewrites older
-- rows, so a backtest at T reads
--   available_at <= T AND (superseded_at IS NULL OR superseded_at > T)
-- and sees prices adjusted exactly as a live system could adjust them at T (the newest prices:
-- superseded_at IS NULL). split_adj_* = raw x split_factor (volume: raw / split_factor), total_adj_*
-- = raw x total_factor. The lookup is io.pitlake.adjustment.AdjustedBars, a pure function of a block
-- of bar lives and the symbol's factor rows, so batch and streaming agree bit for bit.

-- Sessions fall into blocks of 64, so a bar revision recomputes one block of one symbol.
CREATE TEMPORARY VIEW adjusted_bar_blocks AS
SELECT
  symbol,
  (session_index - MOD(session_index, 64)) / 64 AS block,
  ARRAY_AGG(ROW(session_index, session_date, version, `open`, high, low, `close`, volume,
                CAST(event_time AS TIMESTAMP_LTZ(3)), CAST(ingested_at AS TIMESTAMP_LTZ(3)),
                CAST(available_at AS TIMESTAMP_LTZ(3)),
                CAST(superseded_at AS TIMESTAMP_LTZ(3)))) AS bars
FROM bars_daily_lives
WHERE superseded_at IS NULL OR superseded_at > available_at
GROUP BY symbol, (session_index - MOD(session_index, 64)) / 64;

CREATE TEMPORARY VIEW adjusted_symbol_factors AS
SELECT
  symbol,
  ARRAY_AGG(ROW(ex_date, session_from, CAST(available_at AS TIMESTAMP_LTZ(3)),
                CAST(superseded_at AS TIMESTAMP_LTZ(3)), split_factor, total_factor,
                CAST(ingested_at AS TIMESTAMP_LTZ(3)))) AS factors
FROM gold.adjustment_factors
GROUP BY symbol;

CREATE TEMPORARY VIEW adjusted_bar_rows AS
SELECT j.symbol, f.*
FROM (
  SELECT b.symbol, b.bars, s.factors
  FROM adjusted_bar_blocks AS b
  LEFT JOIN adjusted_symbol_factors AS s ON b.symbol = s.symbol
) AS j
CROSS JOIN LATERAL TABLE(pitlake_adjusted_bars(j.bars, j.factors)) AS f;

-- Every key has exactly one row, so each SUM and MAX is that row's value; the grouping gives the
-- streaming changelog the table's key. Integers are summed (exact, constant state); doubles take MAX:
-- in streaming a key passes through the same row several times before retractions catch up, and
-- x + x + x - x - x is x only up to an ulp, while MAX of the rows still present is x exactly.
INSERT INTO gold.bars_daily_adjusted
SELECT
  symbol, session_date, available_at,
  TO_TIMESTAMP_LTZ(SUM(superseded_at_ms), 3) AS superseded_at,
  SUM(session_index) AS session_index,
  SUM(bar_version) AS bar_version,
  MAX(`open`) AS `open`,
  MAX(high) AS high,
  MAX(low) AS low,
  MAX(`close`) AS `close`,
  MAX(volume) AS volume,
  MAX(split_factor) AS split_factor,
  MAX(total_factor) AS total_factor,
  MAX(split_adj_open) AS split_adj_open,
  MAX(split_adj_high) AS split_adj_high,
  MAX(split_adj_low) AS split_adj_low,
  MAX(split_adj_close) AS split_adj_close,
  MAX(split_adj_volume) AS split_adj_volume,
  MAX(total_adj_open) AS total_adj_open,
  MAX(total_adj_high) AS total_adj_high,
  MAX(total_adj_low) AS total_adj_low,
  MAX(total_adj_close) AS total_adj_close,
  TO_TIMESTAMP_LTZ(SUM(event_time_ms), 3) AS event_time,
  TO_TIMESTAMP_LTZ(SUM(ingested_at_ms), 3) AS ingested_at
FROM adjusted_bar_rows
GROUP BY symbol, session_date, available_at;
