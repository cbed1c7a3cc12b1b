-- silver.ticker_history: every ticker a security has traded under, from Polygon's ticker events.
--
-- One row per vendor x security x change date x bronze version: from valid_from on, the security trades
-- as ticker (FB became META on 2022-06-09). security_id is pitlake's stable id of the company behind the
-- tickers: its composite FIGI, else its CIK, else its name, so a query by either ticker finds the whole
-- history (WHERE security_id IN (SELECT security_id FROM silver.ticker_history WHERE ticker = 'FB')).
--
-- Point in time: available_at is bronze's (Polygon dates the change, not its announcement: the start of
-- the change's date in New York). The table is insert-only: the ticker on day D as known at T is the row
-- with the greatest valid_from <= D, then the highest version, among rows with available_at <= T; the
-- change that ends it is the next valid_from known at T (TABLES.md "silver.ticker_history").
--
-- Events of other types stay in bronze; a ticker change without a ticker or a company id is quarantined.

CREATE TEMPORARY VIEW ticker_events AS
SELECT
  vendor,
  COALESCE(
    'figi:' || JSON_VALUE(payload, '$.composite_figi'),
    'cik:' || JSON_VALUE(payload, '$.cik'),
    'name:' || JSON_VALUE(payload, '$.name')) AS security_id,
  JSON_VALUE(payload, '$.composite_figi') AS composite_figi,
  JSON_VALUE(payload, '$.cik') AS cik,
  JSON_VALUE(payload, '$.name') AS name,
  JSON_VALUE(payload, '$.ticker_change.ticker') AS vendor_ticker,
  CAST(JSON_VALUE(payload, '$.date') AS DATE) AS valid_from,
  version, event_time, available_at, ingested_at, request_url, payload, payload_hash
FROM bronze.polygon_ticker_events
WHERE JSON_VALUE(payload, '$.type') = 'ticker_change';

CREATE TEMPORARY VIEW ticker_changes AS
SELECT * FROM ticker_events
WHERE security_id IS NOT NULL AND vendor_ticker IS NOT NULL AND valid_from IS NOT NULL;

BEGIN STATEMENT SET;

INSERT INTO silver.ticker_history
SELECT
  c.vendor,
  c.security_id,
  c.valid_from,
  c.version,
  pitlake_symbols(ARRAY[c.vendor_ticker])[1] AS ticker,
  c.vendor_ticker,
  c.composite_figi,
  c.cik,
  c.name,
  c.event_time,
  c.available_at,
  c.ingested_at,
  c.payload_hash
FROM ticker_changes AS c;

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'silver', vendor, 'ticker_events', CAST(version AS STRING), payload_hash))
    AS quarantine_id,
  CONCAT(vendor, '.ticker_events') AS source,
  'silver' AS stage,
  CASE
    WHEN vendor_ticker IS NULL THEN 'missing field ticker_change.ticker (the new ticker)'
    WHEN valid_from IS NULL THEN 'missing or unreadable field date (YYYY-MM-DD)'
    ELSE 'no company id: none of composite_figi, cik, name'
  END AS reason,
  vendor_ticker AS symbol,
  valid_from AS session_date,
  event_time,
  available_at,
  ingested_at,
  request_url,
  payload
FROM ticker_events
WHERE security_id IS NULL OR vendor_ticker IS NULL OR valid_from IS NULL;

END;
