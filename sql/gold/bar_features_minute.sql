-- gold.bar_features_minute: intraday features of one-minute bars, point-in-time (TABLES.md
-- "gold.bar_features_minute" has every formula).
--
-- One row per symbol x vendor x minute x knowledge instant. The input is every version of
-- silver.minute_bars, both paths of a vendor together: at an instant T a minute's bar is its
-- version with the newest available_at <= T, whichever path brought it (a websocket bar, its
-- re-sends, a REST gap fill); a version with the same prices and volume as the bar in effect
-- changes nothing and writes no row. Vendors are not mixed: each vendor's minutes are a series of
-- their own (their volumes differ), so a reader picks a vendor.
--
-- A row's available_at is the instant it became valid; event_time the minute's window start;
-- ingested_at the newest ingested_at among the bars of its 60-minute window. A revised minute
-- writes, at the revision's available_at, a new version of its own row and of every later minute
-- of the day already known; a revision more than 60 minutes before the newest minute (or of an
-- earlier day) is refused to silver.quarantine with the fix (a batch build of this layer).
--
-- Windows are clock minutes of one New York day: ret_Nm = close_t / close_(t-N) - 1 (NULL when
-- minute t-N has no bar), vol_30m the sample standard deviation (ddof 1) of the 30 one-minute log
-- returns ending at t (NULL unless all 31 minutes have bars). The regular session is NYSE's,
-- 09:30 to 16:00 New York (13:00 on early-close days); its running values (session_open..vwap,
-- volume_share, vwap_dev) read only its minutes, and extended-hours minutes are kept with
-- regular_session = false.
--
-- The rows come from io.pitlake.features.minute.MinuteFeaturesEngine (view minute_feature_rows):
-- per symbol and vendor, the versions applied in availability order with state bounded to the
-- recent minutes of the current day. Its output is insert-only, so this file writes plain appends
-- in batch (pitlake build --layer intraday) and in the live job (pitlake live --intraday), where
-- silver.minute_bars is this job's own in-stream query.

CREATE TEMPORARY VIEW minute_feature_inputs AS
SELECT
  symbol, vendor, path, event_time, version, `open`, high, low, `close`, volume, vwap,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.minute_bars;

BEGIN STATEMENT SET;

INSERT INTO gold.bar_features_minute
SELECT
  symbol, vendor, new_york_date(event_time) AS session_date, event_time, available_at,
  ingested_at, path, bar_version, regular_session, `close`, volume, ret_1m, ret_5m, ret_15m,
  ret_60m, vol_30m, vwap_dev, volume_share, session_open, session_high, session_low,
  session_close, session_volume, session_vwap
FROM minute_feature_rows;

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'gold.bar_features_minute', symbol, vendor, path,
    CAST(event_time AS STRING), CAST(version AS STRING), CAST(available_at AS STRING)))
    AS quarantine_id,
  'silver.minute_bars' AS source,
  'gold' AS stage,
  reason,
  symbol,
  new_york_date(event_time) AS session_date,
  event_time,
  available_at,
  ingested_at,
  CAST(NULL AS STRING) AS request_url,
  JSON_OBJECT('symbol' VALUE symbol, 'vendor' VALUE vendor, 'path' VALUE path,
    'event_time' VALUE CAST(event_time AS STRING), 'version' VALUE version) AS payload
FROM minute_feature_rejects;

END;
