-- silver.security_master: what pitlake knows about each security, as a slowly-changing dimension.
--
-- One row per vendor x security x attribute state: from valid_from on (until the next state's
-- valid_from) the security traded as ticker under that name, exchange, type, CIK, FIGIs, listing and
-- delisting. security_id is silver.ticker_history's: 'figi:' || composite FIGI, else 'cik:' || CIK,
-- else 'name:' || name.
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
--   * Both need a security's snapshots in date order: the per-security computation
--     security_master_states (io.pitlake.reference.SecurityMasterStates, run once per security after
--     all its rows arrived) does it, so the streaming plan is insert-only. This file only types bronze
--     into its input, security_master_inputs, details and ticker changes in one shape told apart by
--     kind.
--
-- Point in time: available_at is the first snapshot's (details as of D are known at the end of D in
-- New York, docs/vendors.md "Datasets"); a ticker event moves valid_from only if it was known by then. Each
-- snapshot counts with its first bronze version (version 1, the one known at the rule's time). The
-- table is insert-only: as of T, read the rows with available_at <= T; a state ends at the next
-- valid_from among them, LEAD(valid_from) OVER (PARTITION BY security_id ORDER BY valid_from).

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

-- The computation's input: each snapshot's first bronze version and each ticker change, per security.
CREATE TEMPORARY VIEW security_master_inputs AS
SELECT
  CAST('details' AS STRING) AS kind,
  vendor,
  security_id,
  as_of,
  CAST(NULL AS DATE) AS change_date,
  pitlake_symbols(ARRAY[vendor_ticker])[1] AS ticker,
  vendor_ticker,
  name,
  primary_exchange,
  security_type,
  cik,
  composite_figi,
  share_class_figi,
  list_date,
  active,
  delisted_at,
  new_york_date(delisted_at) AS delist_date,
  event_time,
  available_at,
  ingested_at,
  payload_hash
FROM master_details_typed
WHERE version = 1
  AND security_id IS NOT NULL AND vendor_ticker IS NOT NULL AND as_of IS NOT NULL
UNION ALL
SELECT
  CAST('ticker_change' AS STRING) AS kind,
  vendor,
  COALESCE(
    'figi:' || JSON_VALUE(payload, '$.composite_figi'),
    'cik:' || JSON_VALUE(payload, '$.cik'),
    'name:' || JSON_VALUE(payload, '$.name')) AS security_id,
  CAST(NULL AS DATE) AS as_of,
  TRY_CAST(JSON_VALUE(payload, '$.date') AS DATE) AS change_date,
  CAST(NULL AS STRING) AS ticker,
  JSON_VALUE(payload, '$.ticker_change.ticker') AS vendor_ticker,
  CAST(NULL AS STRING) AS name,
  CAST(NULL AS STRING) AS primary_exchange,
  CAST(NULL AS STRING) AS security_type,
  CAST(NULL AS STRING) AS cik,
  CAST(NULL AS STRING) AS composite_figi,
  CAST(NULL AS STRING) AS share_class_figi,
  CAST(NULL AS DATE) AS list_date,
  CAST(NULL AS BOOLEAN) AS active,
  CAST(NULL AS TIMESTAMP_LTZ(3)) AS delisted_at,
  CAST(NULL AS DATE) AS delist_date,
  event_time,
  available_at,
  ingested_at,
  payload_hash
FROM bronze.polygon_ticker_events
WHERE JSON_VALUE(payload, '$.type') = 'ticker_change'
  AND COALESCE(
    JSON_VALUE(payload, '$.composite_figi'), JSON_VALUE(payload, '$.cik'),
    JSON_VALUE(payload, '$.name')) IS NOT NULL
  AND JSON_VALUE(payload, '$.ticker_change.ticker') IS NOT NULL
  AND TRY_CAST(JSON_VALUE(payload, '$.date') AS DATE) IS NOT NULL;

BEGIN STATEMENT SET;

INSERT INTO silver.security_master
SELECT * FROM security_master_states;

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
