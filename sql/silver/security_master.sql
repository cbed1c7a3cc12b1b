-- silver.security_master: what pitlake knows about each security, as a slowly-changing dimension.
--
-- One row per vendor x security x attribute state: from valid_from on (until valid_to) the security
-- traded as ticker under that name, exchange, type, CIK, FIGIs, listing and delisting. security_id is
-- silver.ticker_history's: 'figi:' || composite FIGI, else 'cik:' || CIK, else 'name:' || name.
--
-- Sources: Polygon ticker details (one snapshot per ticker per month-end session, observation_key
-- TICKER|date) and Polygon ticker events (ticker changes with their dates).
--   * A state is a run of consecutive snapshots of a security with the same attributes: only a change
--     makes a row. On a date with several snapshots of one security (the old ticker, now inactive, and
--     the new one) the active one wins, then the smaller ticker.
--   * valid_from: the date of a ticker change to the state's ticker that falls after the previous
--     snapshot and by this one (Polygon's event date, 2024-09-03 for OLDC -> NEWC); else, for an
--     inactive state, its delisting date in New York; else, for a security's first state, its
--     ticker's latest change on or before the snapshot, else its list_date; else the first snapshot's
--     date (the change happened after the previous snapshot; which day is unknown).
--   * valid_to is the next state's valid_from, valid_to_available_at when that state became known.
--
-- Point in time: available_at is the first snapshot's (details as of D are known at the end of D in
-- New York, DESIGN.md "Datasets"); a ticker event moves valid_from only if it was known by then. A
-- reader at T takes rows with available_at <= T and treats a row as open while valid_to IS NULL OR
-- valid_to_available_at > T. Each snapshot counts with its first bronze version.

CREATE TEMPORARY VIEW master_details_typed AS
SELECT
  vendor,
  COALESCE(
    'figi:' || JSON_VALUE(payload, '$.composite_figi'),
    'cik:' || JSON_VALUE(payload, '$.cik'),
    'name:' || JSON_VALUE(payload, '$.name')) AS security_id,
  new_york_date(event_time) AS as_of,
  JSON_VALUE(payload, '$.ticker') AS vendor_ticker,
  JSON_VALUE(payload, '$.name') AS name,
  JSON_VALUE(payload, '$.primary_exchange') AS primary_exchange,
  JSON_VALUE(payload, '$.type') AS security_type,
  JSON_VALUE(payload, '$.cik') AS cik,
  JSON_VALUE(payload, '$.composite_figi') AS composite_figi,
  JSON_VALUE(payload, '$.share_class_figi') AS share_class_figi,
  TRY_CAST(JSON_VALUE(payload, '$.list_date') AS DATE) AS list_date,
  COALESCE(TRY_CAST(JSON_VALUE(payload, '$.active') AS BOOLEAN), TRUE) AS active,
  CAST(TRY_CAST(REPLACE(REPLACE(JSON_VALUE(payload, '$.delisted_utc'), 'T', ' '), 'Z', '')
    AS TIMESTAMP(3)) AS TIMESTAMP_LTZ(3)) AS delisted_at,
  observation_key, version, event_time, available_at, ingested_at, request_url, payload, payload_hash
FROM bronze.polygon_ticker_details;

-- A snapshot counts with its first bronze version: the state it showed when it became known.
CREATE TEMPORARY VIEW master_details AS
SELECT
  d.*,
  new_york_date(d.delisted_at) AS delist_date,
  CONCAT(CASE WHEN d.active THEN '0|' ELSE '1|' END, d.vendor_ticker) AS pick_key,
  CONCAT_WS('|',
    d.vendor_ticker,
    COALESCE(d.name, '-'),
    COALESCE(d.primary_exchange, '-'),
    COALESCE(d.security_type, '-'),
    COALESCE(d.cik, '-'),
    COALESCE(d.composite_figi, '-'),
    COALESCE(d.share_class_figi, '-'),
    COALESCE(CAST(d.list_date AS STRING), '-'),
    CAST(d.active AS STRING),
    COALESCE(CAST(new_york_date(d.delisted_at) AS STRING), '-')) AS state
FROM master_details_typed AS d
JOIN (
  SELECT observation_key, MIN(version) AS version
  FROM master_details_typed
  GROUP BY observation_key
) AS first_version
  ON d.observation_key = first_version.observation_key AND d.version = first_version.version
WHERE d.security_id IS NOT NULL AND d.vendor_ticker IS NOT NULL AND d.as_of IS NOT NULL;

-- One snapshot per security and date: the active one, then the smaller ticker.
CREATE TEMPORARY VIEW master_snapshots AS
SELECT d.*
FROM master_details AS d
JOIN (
  SELECT vendor, security_id, as_of, MIN(pick_key) AS pick_key
  FROM master_details
  GROUP BY vendor, security_id, as_of
) AS picked
  ON d.vendor = picked.vendor AND d.security_id = picked.security_id AND d.as_of = picked.as_of
    AND d.pick_key = picked.pick_key;

CREATE TEMPORARY VIEW master_previous_snapshot AS
SELECT a.vendor, a.security_id, a.as_of, MAX(b.as_of) AS previous_as_of
FROM master_snapshots AS a
JOIN master_snapshots AS b
  ON a.vendor = b.vendor AND a.security_id = b.security_id AND b.as_of < a.as_of
GROUP BY a.vendor, a.security_id, a.as_of;

-- The snapshots that start a state: a security's first, and every one that differs from the one before.
CREATE TEMPORARY VIEW master_state_starts AS
SELECT s.*, p.previous_as_of
FROM master_snapshots AS s
LEFT JOIN master_previous_snapshot AS p
  ON s.vendor = p.vendor AND s.security_id = p.security_id AND s.as_of = p.as_of
LEFT JOIN master_snapshots AS earlier
  ON p.vendor = earlier.vendor AND p.security_id = earlier.security_id
    AND p.previous_as_of = earlier.as_of
WHERE p.previous_as_of IS NULL OR earlier.state <> s.state;

CREATE TEMPORARY VIEW master_ticker_changes AS
SELECT
  vendor,
  COALESCE(
    'figi:' || JSON_VALUE(payload, '$.composite_figi'),
    'cik:' || JSON_VALUE(payload, '$.cik'),
    'name:' || JSON_VALUE(payload, '$.name')) AS security_id,
  JSON_VALUE(payload, '$.ticker_change.ticker') AS vendor_ticker,
  TRY_CAST(JSON_VALUE(payload, '$.date') AS DATE) AS change_date,
  available_at
FROM bronze.polygon_ticker_events
WHERE JSON_VALUE(payload, '$.type') = 'ticker_change';

-- The latest change to the state's ticker known by the state's first snapshot and dated by it, and
-- whether it falls after the previous snapshot.
CREATE TEMPORARY VIEW master_state_change AS
SELECT s.vendor, s.security_id, s.as_of, MAX(c.change_date) AS change_date
FROM master_state_starts AS s
JOIN master_ticker_changes AS c
  ON s.vendor = c.vendor AND s.security_id = c.security_id AND s.vendor_ticker = c.vendor_ticker
    AND c.change_date <= s.as_of AND c.available_at <= s.available_at
GROUP BY s.vendor, s.security_id, s.as_of;

CREATE TEMPORARY VIEW master_states AS
SELECT
  s.*,
  CASE
    WHEN c.change_date IS NOT NULL
      AND (s.previous_as_of IS NULL OR c.change_date > s.previous_as_of) THEN c.change_date
    WHEN NOT s.active AND s.delist_date <= s.as_of
      AND (s.previous_as_of IS NULL OR s.delist_date > s.previous_as_of) THEN s.delist_date
    WHEN s.previous_as_of IS NULL AND s.list_date <= s.as_of THEN s.list_date
    ELSE s.as_of
  END AS valid_from
FROM master_state_starts AS s
LEFT JOIN master_state_change AS c
  ON s.vendor = c.vendor AND s.security_id = c.security_id AND s.as_of = c.as_of;

CREATE TEMPORARY VIEW master_next_state AS
SELECT a.vendor, a.security_id, a.as_of, MIN(b.as_of) AS next_as_of
FROM master_states AS a
JOIN master_states AS b
  ON a.vendor = b.vendor AND a.security_id = b.security_id AND b.as_of > a.as_of
GROUP BY a.vendor, a.security_id, a.as_of;

BEGIN STATEMENT SET;

INSERT INTO silver.security_master
SELECT
  s.vendor,
  s.security_id,
  s.valid_from,
  pitlake_symbols(ARRAY[s.vendor_ticker])[1] AS ticker,
  s.vendor_ticker,
  s.name,
  s.primary_exchange,
  s.security_type,
  s.cik,
  s.composite_figi,
  s.share_class_figi,
  s.list_date,
  s.active,
  s.delisted_at,
  s.delist_date,
  nxt.valid_from AS valid_to,
  nxt.available_at AS valid_to_available_at,
  s.as_of AS observed_from,
  s.event_time,
  s.available_at,
  s.ingested_at,
  s.payload_hash
FROM master_states AS s
LEFT JOIN master_next_state AS n
  ON s.vendor = n.vendor AND s.security_id = n.security_id AND s.as_of = n.as_of
LEFT JOIN master_states AS nxt
  ON n.vendor = nxt.vendor AND n.security_id = nxt.security_id AND n.next_as_of = nxt.as_of;

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'silver', vendor, 'ticker_details', observation_key,
    CAST(version AS STRING), payload_hash)) AS quarantine_id,
  CONCAT(vendor, '.ticker_details') AS source,
  'silver' AS stage,
  CASE
    WHEN vendor_ticker IS NULL THEN 'missing field ticker'
    WHEN as_of IS NULL THEN 'missing event_time (the as-of date of the snapshot)'
    ELSE 'no company id: none of composite_figi, cik, name'
  END AS reason,
  vendor_ticker AS symbol,
  as_of AS session_date,
  event_time,
  available_at,
  ingested_at,
  request_url,
  payload
FROM master_details_typed
WHERE security_id IS NULL OR vendor_ticker IS NULL OR as_of IS NULL;

END;
