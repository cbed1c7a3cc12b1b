-- silver.ticker_history: every ticker a security has traded under, from Polygon's ticker events.
--
-- One row per vendor x security x change date x bronze version: from valid_from on, the security trades
-- as ticker (FB became META on 2022-06-09). security_id is pitlake's stable id of the company behind the
-- tickers: its composite FIGI, else its CIK, else its name, so a query by either ticker finds the whole
-- history (WHERE security_id IN (SELECT security_id FROM silver.ticker_history WHERE ticker = 'FB')).
--
-- Point in time: available_at is bronze's (Polygon dates the change, not its announcement: the start of
-- the change's date in New York). valid_to is the next change's date as the lake knows it now, and
-- valid_to_available_at says since when; a reader at T treats a row as open while valid_to IS NULL OR
-- valid_to_available_at > T. The general rule, exact for any T: the ticker on day D as known at T is the
-- row with the greatest valid_from <= D among rows with available_at <= T (and not superseded by T).
--
-- Events of other types stay in bronze; a ticker change without a ticker or a company id is quarantined.

CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS pitlake_symbols
  AS 'io.pitlake.vendor.SymbolsFunction';

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

-- When each change was first known, and the change that follows it.
CREATE TEMPORARY VIEW change_known AS
SELECT vendor, security_id, valid_from, MIN(available_at) AS known_at
FROM ticker_changes
GROUP BY vendor, security_id, valid_from;

CREATE TEMPORARY VIEW next_change AS
SELECT a.vendor, a.security_id, a.valid_from, MIN(b.valid_from) AS valid_to
FROM change_known AS a
JOIN change_known AS b
  ON a.vendor = b.vendor AND a.security_id = b.security_id AND b.valid_from > a.valid_from
GROUP BY a.vendor, a.security_id, a.valid_from;

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
  n.valid_to,
  k.known_at AS valid_to_available_at,
  c.event_time,
  c.available_at,
  c.ingested_at,
  s.superseded_at,
  c.payload_hash
FROM ticker_changes AS c
LEFT JOIN next_change AS n
  ON c.vendor = n.vendor AND c.security_id = n.security_id AND c.valid_from = n.valid_from
LEFT JOIN change_known AS k
  ON n.vendor = k.vendor AND n.security_id = k.security_id AND n.valid_to = k.valid_from
LEFT JOIN (
  SELECT a.vendor, a.security_id, a.valid_from, a.version, MIN(b.available_at) AS superseded_at
  FROM ticker_changes AS a
  JOIN ticker_changes AS b
    ON a.vendor = b.vendor AND a.security_id = b.security_id AND a.valid_from = b.valid_from
      AND b.version > a.version
  GROUP BY a.vendor, a.security_id, a.valid_from, a.version
) AS s
  ON c.vendor = s.vendor AND c.security_id = s.security_id AND c.valid_from = s.valid_from
    AND c.version = s.version;

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
