-- gold.bar_features_daily: daily returns, volatility and dollar volume, point-in-time.
--
-- One row per symbol x session x knowledge instant. A row's available_at is the newest available_at
-- among the bar versions it used, and it uses only versions that were the newest at that instant; when
-- a bar in its window is revised later, a new row (a new version of the features) appears at the
-- revision's available_at and the old row stays. So a backtest at decision time T reads, per symbol and
-- session, the row with the greatest available_at <= T, and sees exactly what a live system saw at T.
--
-- Windows count NYSE sessions (nyse_session_index), not calendar days. ret_Nd = close_t / close_{t-N} - 1;
-- vol_21d is the sample standard deviation of the 21 daily log returns ending at t (NULL until all 21
-- are known). The per-session logic is io.pitlake.features.BarFeatures (bar_features below): a pure
-- function of the set of bar lives it is given.
--
-- Like silver, this uses only regular aggregations and a table function, so batch and streaming agree
-- and nothing is dropped as late; the table is an upsert table keyed by (symbol, session_date,
-- available_at).

CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS nyse_session_date
  AS 'io.pitlake.time.NyseSessionDateFunction';

CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS bar_features
  AS 'io.pitlake.features.BarFeaturesFunction';

-- The life of each bar version: [valid_from, valid_to) in availability time, while it was the newest.
CREATE TEMPORARY VIEW bar_lives AS
SELECT
  symbol, session_index, version, `close`, volume, vwap,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS valid_from,
  CAST(superseded_at AS TIMESTAMP_LTZ(3)) AS valid_to
FROM silver.bars_daily
WHERE superseded_at IS NULL OR superseded_at > available_at;

-- Sessions fall into blocks of 64. A block's features read its own bars and the 21 sessions before it,
-- so the last 21 sessions of every block are also given to the next one: each bar is read ~1.3 times.
CREATE TEMPORARY VIEW block_lives AS
SELECT
  l.symbol,
  (l.session_index - MOD(l.session_index, 64)) / 64 + b.next_block AS block,
  l.session_index, l.version, l.`close`, l.volume, l.vwap, l.event_time, l.ingested_at,
  l.valid_from, l.valid_to
FROM bar_lives AS l
CROSS JOIN UNNEST(ARRAY[0, 1]) AS b (next_block)
WHERE b.next_block = 0 OR MOD(l.session_index, 64) >= 64 - 21;

CREATE TEMPORARY VIEW block_features AS
SELECT g.symbol, nyse_session_date(f.session_index) AS session_date, f.*
FROM (
  SELECT
    symbol, block,
    ARRAY_AGG(ROW(session_index, version, `close`, volume, vwap, event_time, ingested_at,
                  valid_from, valid_to)) AS lives
  FROM block_lives
  GROUP BY symbol, block
) AS g
CROSS JOIN LATERAL TABLE(bar_features(g.block * 64, g.block * 64 + 63, g.lives)) AS f;

-- Every key has exactly one row (a session belongs to one block), so each SUM below is that row's
-- value. The grouping exists for streaming: it makes the table key the changelog's key, drops a key
-- whose row went away, and (with mini-batches) absorbs a block's recomputed but unchanged rows. SUM,
-- unlike MAX, retracts with constant state.
INSERT INTO gold.bar_features_daily
SELECT
  symbol, session_date, available_at,
  SUM(session_index) AS session_index,
  TO_TIMESTAMP_LTZ(SUM(event_time_ms), 3) AS event_time,
  TO_TIMESTAMP_LTZ(SUM(ingested_at_ms), 3) AS ingested_at,
  SUM(bar_version) AS bar_version,
  SUM(`close`) AS `close`,
  SUM(volume) AS volume,
  SUM(dollar_volume) AS dollar_volume,
  SUM(ret_1d) AS ret_1d,
  SUM(ret_5d) AS ret_5d,
  SUM(ret_21d) AS ret_21d,
  SUM(vol_21d) AS vol_21d,
  SUM(returns_in_window) AS returns_in_window
FROM block_features
GROUP BY symbol, session_date, available_at;
