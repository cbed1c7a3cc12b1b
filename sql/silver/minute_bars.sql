-- silver.minute_bars: one-minute bars, one row per symbol x bar start x path x vendor x version, where path
-- says what brought the row: 'websocket' (a live feed's frame) or 'rest' (a backfill's request). Both
-- paths in one table, by the same file in batch and streaming, so a backtest on REST minutes and a live
-- strategy on the websocket read the same table the same way.
--
-- From bronze.polygon_ws, the AM (minute aggregate) elements of Polygon's websocket: event_time is the
-- window start s; available_at is bronze's, the instant the frame arrived; version is bronze's, so a
-- bar that Polygon re-sent with other values has a row per distinct content, each knowable from its
-- own arrival, and an identical re-send has none. Polygon's AM frames carry no trade count: trades
-- is NULL on those rows.
--
-- From bronze.alpaca_ws, the minute bars of Alpaca's websocket (channel 'bars': T = b, and T = u, the
-- updatedBars re-send ~30 s later with the same t): event_time is t; available_at and version are
-- bronze's as above, so an update with other values is the bar's next version, known from its own
-- arrival, and an identical update adds nothing. The fields are those of Alpaca's REST bars.
--
-- From bronze.polygon_aggs_minute and bronze.alpaca_bars_minute (pitlake ingest --datasets ...), keyed
-- SYMBOL|start: event_time is the start; available_at is bronze's, the window's end plus the vendor's
-- minute publication delay (default 2 s, the websocket's arrival, so a backtest sees each minute when
-- the live job did; TABLES.md "silver.minute_bars" has the trade-off and the conservative setting).
--
-- A live feed's gap fill (docs/live.md "Gap fill and outages") writes the minutes its websocket missed
-- into the same bronze.<vendor>_ws, as the elements the websocket would have sent, with split_id
-- ending '/gapfill' and available_at the fetch time: those rows are path 'rest'.
--
-- A bar as known at T is its row with the newest available_at <= T within a path (TABLES.md
-- "silver.minute_bars").
--
-- The price rules are every silver bar table's (bar_price_rule): a bar that breaks one lands in
-- silver.quarantine with the rule and its raw element instead of here.
--
-- The minutes of a symbol-day an audit's quarantine withholds (pitlake_dq_withheld(symbol, day): a
-- daily bar version of that symbol and New York day is withheld) are left out with the daily bar, and
-- come back when the audit releases it (DESIGN.md, "Quarantine: withheld symbol-days").

CREATE TEMPORARY VIEW rest_minute_bronze AS
SELECT * FROM bronze.polygon_aggs_minute
UNION ALL
SELECT * FROM bronze.alpaca_bars_minute;

-- The minute bars of every websocket feed; the other channels (trades, ...) are no bars.
CREATE TEMPORARY VIEW ws_minute_bronze AS
SELECT * FROM bronze.polygon_ws WHERE channel = 'AM'
UNION ALL
SELECT * FROM bronze.alpaca_ws WHERE channel = 'bars';

CREATE TEMPORARY VIEW minute_typed AS
SELECT
  b.vendor,
  -- A live feed's gap fill (its split id ends '/gapfill') brought the bar by REST.
  CASE WHEN b.split_id LIKE '%/gapfill' THEN 'rest' ELSE 'websocket' END AS path,
  CONCAT(b.vendor, '.ws') AS source,
  b.symbol AS vendor_symbol,
  b.event_time,
  b.version,
  b.session_date,
  f.o, f.h, f.l, f.c, f.v, f.vw, f.n,
  b.available_at,
  b.ingested_at,
  b.endpoint AS request_url,
  b.payload,
  b.payload_hash
FROM ws_minute_bronze AS b,
  LATERAL TABLE(bar_fields(b.payload)) AS f(o, h, l, c, v, vw, n)
UNION ALL
SELECT
  b.vendor,
  'rest' AS path,
  -- bronze names a dataset by its id (polygon.aggs_minute), as silver.quarantine's source does.
  b.dataset AS source,
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
FROM rest_minute_bronze AS b,
  LATERAL TABLE(bar_fields(b.payload)) AS f(o, h, l, c, v, vw, n);

CREATE TEMPORARY VIEW minute_checked AS
SELECT
  *,
  COALESCE(
    CASE WHEN vendor_symbol IS NULL OR event_time IS NULL THEN 'missing symbol or bar start t' END,
    bar_price_rule(o, h, l, c, v)) AS reject_reason
FROM minute_typed;

BEGIN STATEMENT SET;

INSERT INTO silver.minute_bars
SELECT
  pitlake_symbols(ARRAY[b.vendor_symbol])[1] AS symbol,
  b.event_time,
  b.version,
  b.path,
  b.vendor,
  b.vendor_symbol,
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
FROM minute_checked AS b
WHERE b.reject_reason IS NULL
  AND NOT pitlake_dq_withheld(pitlake_symbols(ARRAY[b.vendor_symbol])[1], b.session_date);

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'silver', vendor, path, vendor_symbol, CAST(event_time AS STRING),
    CAST(version AS STRING), payload_hash))
    AS quarantine_id,
  source,
  'silver' AS stage,
  reject_reason AS reason,
  vendor_symbol AS symbol,
  session_date,
  event_time,
  available_at,
  ingested_at,
  request_url,
  payload
FROM minute_checked
WHERE reject_reason IS NOT NULL;

END;
