-- silver.trades: the trades of the live websocket feeds, one row per event: a trade, a correction or a
-- cancel, by the same file in batch and streaming.
--
-- From bronze.polygon_ws, the trades of Polygon's websocket (ev = 'T'; Polygon sends no corrections or
-- cancels there), and from bronze.alpaca_ws, Alpaca's trades (T = 't'), corrections ('c') and cancels
-- ('x'): event_time is the SIP time; available_at is bronze's, the instant the frame arrived.
--
-- Trades are immutable events with ids: bronze keeps each once, by its identity (vendor, symbol, day,
-- exchange, id, and whether it cancels; TradeDeduplicator), whichever path brought it first, and its
-- payload_hash is that identity's SHA-256, not a content hash: no versions. A live feed's gap fill
-- (its split id ends '/gapfill') fetched the trade by REST after an outage: path 'rest', available_at
-- the fetch time.
--
-- A correction is a row of its own: trade_id is the corrected trade's new id, price, size and
-- conditions are the corrected values, refers_to the id it corrects. A cancel names the cancelled id
-- in trade_id and refers_to. The tape as known at T keeps the trades and corrections known at T that
-- no correction or cancel known at T refers to (TABLES.md "silver.trades" has the query).
--
-- An element that is not a trade of its vendor, or a trade or correction without a positive price and
-- size, lands in silver.quarantine with the reason and its raw element.

CREATE TEMPORARY VIEW ws_trade_bronze AS
SELECT * FROM bronze.polygon_ws WHERE channel = 'T'
UNION ALL
SELECT * FROM bronze.alpaca_ws WHERE channel IN ('t', 'c', 'x');

CREATE TEMPORARY VIEW trades_typed AS
SELECT
  b.vendor,
  CASE WHEN b.split_id LIKE '%/gapfill' THEN 'rest' ELSE 'websocket' END AS path,
  CONCAT(b.vendor, '.ws') AS source,
  b.symbol AS vendor_symbol,
  b.event_time,
  b.session_date,
  f.kind,
  f.trade_id,
  f.refers_to,
  f.exchange,
  f.price,
  f.size,
  f.conditions,
  f.tape,
  b.available_at,
  b.ingested_at,
  b.endpoint AS request_url,
  b.payload,
  b.payload_hash
FROM ws_trade_bronze AS b,
  LATERAL TABLE(trade_fields(b.vendor, b.payload))
    AS f(kind, trade_id, refers_to, exchange, price, size, conditions, tape);

-- trade_checks is read as trades_checked and trade_rejects as trades_rejected, each computed as
-- written (FencedView): so both INSERTs read one typing of each trade, and the quarantine's id is
-- hashed for rejects only (the planner pushed it below the typing, onto every trade).
CREATE TEMPORARY VIEW trade_checks AS
SELECT
  *,
  CASE
    WHEN kind IS NULL THEN 'not a trade, correction or cancel of the vendor'
    WHEN kind <> 'cancel' AND (price IS NULL OR price <= 0) THEN 'price missing or not positive'
    WHEN kind <> 'cancel' AND (size IS NULL OR size <= 0) THEN 'size missing or not positive'
  END AS reject_reason
FROM trades_typed;

CREATE TEMPORARY VIEW trade_rejects AS
SELECT * FROM trades_checked WHERE reject_reason IS NOT NULL;

BEGIN STATEMENT SET;

INSERT INTO silver.trades
SELECT
  pitlake_symbols(ARRAY[vendor_symbol])[1] AS symbol,
  event_time,
  kind AS event_kind,
  trade_id,
  refers_to,
  path,
  vendor,
  vendor_symbol,
  session_date,
  exchange,
  price,
  size,
  conditions,
  tape,
  available_at,
  ingested_at,
  payload_hash
FROM trades_checked
WHERE reject_reason IS NULL;

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'silver', vendor, path, vendor_symbol, CAST(event_time AS STRING),
    payload_hash))
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
FROM trades_rejected;

END;
