-- gold.bar_features_daily: daily returns, volatility and dollar volume, point-in-time.
--
-- One row per symbol x session x knowledge instant. A row's available_at is the newest available_at
-- among the bar versions it used, and it uses only versions that were the newest at that instant; when
-- a bar in its window is revised later, a new row (a new version of the features) appears at the
-- revision's available_at and the old row stays. So a backtest at decision time T reads, per symbol and
-- session, the row with the greatest available_at <= T, and sees exactly what a live system saw at T.
--
-- Windows count NYSE sessions, not calendar days. ret_Nd = close_t / close_t-N - 1; vol_21d is the
-- sample standard deviation of the 21 daily log returns ending at t (NULL until all 21 are known).
--
-- The rows come from io.pitlake.features.BarFeaturesEngine (view bar_feature_rows): silver's
-- versions of each symbol applied in availability order, each instant emitting exactly the rows that
-- become valid then, with state bounded to the recent sessions a window needs. Its output is
-- insert-only, so this file writes plain appends in batch and streaming alike. Versions the engine
-- cannot place without changing a row already written (backdated ones, in streaming) go to
-- silver.quarantine with the reason and the fix (view bar_feature_rejects).

BEGIN STATEMENT SET;

INSERT INTO gold.bar_features_daily
SELECT
  symbol, session_date, available_at, session_index, event_time, ingested_at, bar_version,
  `close`, volume, dollar_volume, ret_1d, ret_5d, ret_21d, vol_21d, returns_in_window
FROM bar_feature_rows;

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'gold.bar_features_daily', symbol, CAST(session_date AS STRING),
    CAST(version AS STRING), CAST(available_at AS STRING))) AS quarantine_id,
  'silver.bars_daily' AS source,
  'gold' AS stage,
  reason,
  symbol,
  session_date,
  event_time,
  available_at,
  ingested_at,
  CAST(NULL AS STRING) AS request_url,
  JSON_OBJECT('symbol' VALUE symbol, 'session_date' VALUE CAST(session_date AS STRING),
    'version' VALUE version) AS payload
FROM bar_feature_rejects;

END;
