-- silver.option_bars_daily: Polygon daily bars of option contracts, typed and validated, one row per
-- option ticker x session x bronze version.
--
-- bronze.polygon_options_aggs_day keys every bar as TICKER|start (the OCC ticker and 00:00 New York of
-- the session); available_at is the stock daily bars' rule (the session's extended close plus
-- polygon.aggs-day.publication-delay, docs/options.md "Options data"). Prices are the contract's own, never
-- adjusted: a contract adjusted by a split is another ticker (silver.option_contracts). The table is
-- insert-only, as silver.bars_daily: a bar as known at T is its highest version with available_at <= T.
--
-- The rules are silver.bars_daily's: the price rules (bar_price_rule) and a bar on a day the NYSE was
-- closed; besides, a ticker that is not an OCC option ticker. A bar that breaks one lands in
-- silver.quarantine with the rule and its raw payload instead of here.

CREATE TEMPORARY VIEW option_bars_typed AS
SELECT
  b.vendor,
  SPLIT_INDEX(b.observation_key, '|', 0) AS option_ticker,
  REGEXP_EXTRACT(SPLIT_INDEX(b.observation_key, '|', 0),
    '^O:([A-Z][A-Z0-9.]{0,5})([0-9]{6})([CP])([0-9]{8})$', 1) AS root,
  new_york_date(b.event_time) AS session_date,
  f.o, f.h, f.l, f.c, f.v, f.vw, f.n,
  b.version, b.event_time, b.available_at, b.ingested_at, b.request_url, b.payload, b.payload_hash
FROM bronze.polygon_options_aggs_day AS b,
  LATERAL TABLE(bar_fields(b.payload)) AS f(o, h, l, c, v, vw, n);

CREATE TEMPORARY VIEW option_bars_checked AS
SELECT
  *,
  nyse_session_index(session_date) AS session_index,
  COALESCE(
    CASE WHEN event_time IS NULL THEN 'missing field t (bar start)' END,
    CASE WHEN root IS NULL
      THEN 'ticker is not an OCC option ticker: O:<root><YYMMDD><C|P><strike x 1000, 8 digits>' END,
    bar_price_rule(o, h, l, c, v),
    CASE WHEN nyse_session_index(session_date) IS NULL THEN 'bar on a day the NYSE was closed' END)
    AS reject_reason
FROM option_bars_typed;

BEGIN STATEMENT SET;

INSERT INTO silver.option_bars_daily
SELECT
  option_ticker,
  session_date,
  version,
  root,
  session_index,
  o AS `open`,
  h AS high,
  l AS low,
  c AS `close`,
  v AS volume,
  vw AS vwap,
  n AS trades,
  event_time,
  available_at,
  ingested_at,
  vendor,
  payload_hash
FROM option_bars_checked
WHERE reject_reason IS NULL;

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'silver', vendor, 'options_aggs_day', option_ticker,
    CAST(event_time AS STRING), CAST(version AS STRING), payload_hash)) AS quarantine_id,
  CONCAT(vendor, '.options_aggs_day') AS source,
  'silver' AS stage,
  reject_reason AS reason,
  option_ticker AS symbol,
  session_date,
  event_time,
  COALESCE(available_at, ingested_at) AS available_at,
  ingested_at,
  request_url,
  payload
FROM option_bars_checked
WHERE reject_reason IS NOT NULL;

END;
