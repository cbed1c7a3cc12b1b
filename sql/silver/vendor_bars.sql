-- silver.vendor_bars: Polygon grouped daily aggregates and Alpaca daily bars in one shape, one row per
-- vendor x dataset x vendor symbol x bar start x version. The vendors' minute bars are
-- silver.minute_bars' (path 'rest'), beside the websocket's, so a backtest and a live strategy read
-- minutes from one table.
--
-- bronze keys every bar as SYMBOL|start (the vendor's symbol and its window's start instant); event_time
-- is that start, available_at is bronze's (the window's end plus the vendor's publication delay,
-- docs/vendors.md "Datasets"). session_date is the New York date of the start. symbol is pitlake's spelling (BRK-B and BRK/B become BRK.B), vendor_symbol the
-- vendor's. The table is insert-only, as silver.bars_daily: a bar as known at T is its highest version with
-- available_at <= T (TABLES.md "silver.vendor_bars").
--
-- The price rules are silver.bars_daily's (bar_price_rule): a bar that breaks one lands in
-- silver.quarantine with the rule and its raw payload instead of here.
--
-- The bars of a symbol-day an audit's quarantine withholds (pitlake_dq_withheld(symbol, day): a
-- daily bar version of that symbol and New York day is withheld) are left out with silver.bars_daily's,
-- and come back when the audit releases it (DESIGN.md, "Quarantine: withheld symbol-days").

-- The price fields of a bar's payload in one parse (seven JSON_VALUE calls would parse it seven times).
CREATE TEMPORARY VIEW bronze_bars AS
SELECT * FROM bronze.polygon_grouped_daily
UNION ALL
SELECT * FROM bronze.alpaca_bars_day;

CREATE TEMPORARY VIEW bars_typed AS
SELECT
  b.vendor,
  -- bronze names a dataset by its id (alpaca.bars_day); silver keeps the vendor apart.
  SPLIT_INDEX(b.dataset, '.', 1) AS dataset,
  SPLIT_INDEX(b.observation_key, '|', 0) AS vendor_symbol,
  b.event_time,
  b.version,
  new_york_date(b.event_time) AS session_date,
  f.o, f.h, f.l, f.c, f.v, f.vw, f.n,
  b.available_at,
  b.ingested_at,
  b.request_url,
  b.payload,
  b.payload_hash
FROM bronze_bars AS b,
  LATERAL TABLE(bar_fields(b.payload)) AS f(o, h, l, c, v, vw, n);

CREATE TEMPORARY VIEW bars_checked AS
SELECT
  *,
  COALESCE(
    CASE WHEN vendor_symbol IS NULL OR event_time IS NULL THEN 'missing symbol or bar start t' END,
    bar_price_rule(o, h, l, c, v)) AS reject_reason
FROM bars_typed;

CREATE TEMPORARY VIEW bars_valid AS
SELECT * FROM bars_checked WHERE reject_reason IS NULL;

BEGIN STATEMENT SET;

INSERT INTO silver.vendor_bars
SELECT
  b.vendor,
  b.dataset,
  b.vendor_symbol,
  b.event_time,
  b.version,
  pitlake_symbols(ARRAY[b.vendor_symbol])[1] AS symbol,
  b.session_date,
  b.o AS `open`,
  b.h AS high,
  b.l AS low,
  b.c AS `close`,
  b.v AS volume,
  b.vw AS vwap,
  b.n AS trades,
  b.available_at,
  b.ingested_at,
  b.payload_hash
FROM bars_valid AS b
WHERE NOT pitlake_dq_withheld(pitlake_symbols(ARRAY[b.vendor_symbol])[1], b.session_date);

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'silver', vendor, dataset, vendor_symbol, CAST(event_time AS STRING),
    CAST(version AS STRING), payload_hash))
    AS quarantine_id,
  CONCAT(vendor, '.', dataset) AS source,
  'silver' AS stage,
  reject_reason AS reason,
  vendor_symbol AS symbol,
  session_date,
  event_time,
  available_at,
  ingested_at,
  request_url,
  payload
FROM bars_checked
WHERE reject_reason IS NOT NULL;

END;
