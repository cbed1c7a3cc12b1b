-- silver.corporate_actions: Polygon's splits and dividends and Alpaca's corporate actions (every type)
-- in one shape, one row per vendor x action x bronze version.
--
-- bronze keeps each action's payload as delivered and numbers its versions; this file types them.
-- action_type uses Alpaca's singular names (forward_split, reverse_split, cash_dividend, name_change,
-- ...); a Polygon split is forward or reverse by split_from vs split_to, and every Polygon dividend is
-- a cash_dividend (dividend_type CD, SC, LT or ST says which kind). split_from/split_to are old and
-- new shares (4-for-1: 1 and 4), cash_amount is per share. effective_date is the first day the action
-- affects prices or the ticker (ex date, else a merger's effective_date, else process_date).
--
-- Point in time: available_at is bronze's, i.e. the vendor rule of CorporateActionAvailability
-- (docs/vendors.md, "Availability rules and their evidence"): the end of Polygon's declaration_date in New York when given,
-- else 00:00 New York of the effective date (Polygon splits, Alpaca actions); a later version no
-- earlier than its first fetch. The table is insert-only: an action as known at T is its highest version
-- with available_at <= T. The files that pair actions with bars (adjustment factors, price checks)
-- find when each version stopped being the newest in their keyed views, from all the versions.
--
-- An action that parses but cannot be used goes to silver.quarantine with the rule it broke: no
-- symbol, a split ratio that is missing or not positive, a missing or negative cash amount, a
-- declaration after the ex date. (Payloads that do not parse at all are quarantined at ingest.)

CREATE TEMPORARY VIEW corporate_action_versions AS
SELECT
  vendor,
  'polygon.splits' AS source,
  observation_key AS action_id,
  version,
  CASE
    WHEN TRY_CAST(JSON_VALUE(payload, '$.split_from') AS DOUBLE)
      > TRY_CAST(JSON_VALUE(payload, '$.split_to') AS DOUBLE) THEN 'reverse_split'
    ELSE 'forward_split'
  END AS action_type,
  JSON_VALUE(payload, '$.ticker') AS vendor_symbol,
  CAST(NULL AS STRING) AS old_symbol,
  CAST(NULL AS DATE) AS declaration_date,
  TRY_CAST(JSON_VALUE(payload, '$.execution_date') AS DATE) AS ex_date,
  CAST(NULL AS DATE) AS record_date,
  CAST(NULL AS DATE) AS pay_date,
  CAST(NULL AS DATE) AS process_date,
  TRY_CAST(JSON_VALUE(payload, '$.execution_date') AS DATE) AS effective_date,
  TRY_CAST(JSON_VALUE(payload, '$.split_from') AS DOUBLE) AS split_from,
  TRY_CAST(JSON_VALUE(payload, '$.split_to') AS DOUBLE) AS split_to,
  CAST(NULL AS DOUBLE) AS cash_amount,
  CAST(NULL AS STRING) AS currency,
  CAST(NULL AS STRING) AS dividend_type,
  CAST(NULL AS BOOLEAN) AS special,
  CAST(NULL AS STRING) AS cusip,
  event_time, available_at, ingested_at, request_url, payload, payload_hash
FROM bronze.polygon_splits
UNION ALL
SELECT
  vendor,
  'polygon.dividends' AS source,
  observation_key AS action_id,
  version,
  'cash_dividend' AS action_type,
  JSON_VALUE(payload, '$.ticker') AS vendor_symbol,
  CAST(NULL AS STRING) AS old_symbol,
  TRY_CAST(JSON_VALUE(payload, '$.declaration_date') AS DATE) AS declaration_date,
  TRY_CAST(JSON_VALUE(payload, '$.ex_dividend_date') AS DATE) AS ex_date,
  TRY_CAST(JSON_VALUE(payload, '$.record_date') AS DATE) AS record_date,
  TRY_CAST(JSON_VALUE(payload, '$.pay_date') AS DATE) AS pay_date,
  CAST(NULL AS DATE) AS process_date,
  TRY_CAST(JSON_VALUE(payload, '$.ex_dividend_date') AS DATE) AS effective_date,
  CAST(NULL AS DOUBLE) AS split_from,
  CAST(NULL AS DOUBLE) AS split_to,
  TRY_CAST(JSON_VALUE(payload, '$.cash_amount') AS DOUBLE) AS cash_amount,
  JSON_VALUE(payload, '$.currency') AS currency,
  JSON_VALUE(payload, '$.dividend_type') AS dividend_type,
  JSON_VALUE(payload, '$.dividend_type') = 'SC' AS special,
  CAST(NULL AS STRING) AS cusip,
  event_time, available_at, ingested_at, request_url, payload, payload_hash
FROM bronze.polygon_dividends
UNION ALL
SELECT
  vendor,
  'alpaca.corporate_actions' AS source,
  observation_key AS action_id,
  version,
  JSON_VALUE(payload, '$.ca_type') AS action_type,
  COALESCE(
    JSON_VALUE(payload, '$.symbol'),
    JSON_VALUE(payload, '$.new_symbol'),
    JSON_VALUE(payload, '$.acquirer_symbol')) AS vendor_symbol,
  JSON_VALUE(payload, '$.old_symbol') AS old_symbol,
  CAST(NULL AS DATE) AS declaration_date,
  TRY_CAST(JSON_VALUE(payload, '$.ex_date') AS DATE) AS ex_date,
  TRY_CAST(JSON_VALUE(payload, '$.record_date') AS DATE) AS record_date,
  TRY_CAST(JSON_VALUE(payload, '$.payable_date') AS DATE) AS pay_date,
  TRY_CAST(JSON_VALUE(payload, '$.process_date') AS DATE) AS process_date,
  COALESCE(
    TRY_CAST(JSON_VALUE(payload, '$.ex_date') AS DATE),
    TRY_CAST(JSON_VALUE(payload, '$.effective_date') AS DATE),
    TRY_CAST(JSON_VALUE(payload, '$.process_date') AS DATE)) AS effective_date,
  CASE WHEN JSON_VALUE(payload, '$.ca_type') LIKE '%split'
    THEN TRY_CAST(JSON_VALUE(payload, '$.old_rate') AS DOUBLE) END AS split_from,
  CASE WHEN JSON_VALUE(payload, '$.ca_type') LIKE '%split'
    THEN TRY_CAST(JSON_VALUE(payload, '$.new_rate') AS DOUBLE) END AS split_to,
  CASE WHEN JSON_VALUE(payload, '$.ca_type') = 'cash_dividend'
    THEN TRY_CAST(JSON_VALUE(payload, '$.rate') AS DOUBLE) END AS cash_amount,
  CAST(NULL AS STRING) AS currency,
  CAST(NULL AS STRING) AS dividend_type,
  TRY_CAST(JSON_VALUE(payload, '$.special') AS BOOLEAN) AS special,
  COALESCE(JSON_VALUE(payload, '$.cusip'), JSON_VALUE(payload, '$.new_cusip')) AS cusip,
  event_time, available_at, ingested_at, request_url, payload, payload_hash
FROM bronze.alpaca_corporate_actions;

CREATE TEMPORARY VIEW corporate_actions_checked AS
SELECT
  a.*,
  CASE
    WHEN a.vendor_symbol IS NULL THEN 'missing symbol (ticker, symbol, new_symbol or acquirer_symbol)'
    WHEN a.effective_date IS NULL THEN 'missing or unreadable effective date (ex, effective or process date)'
    WHEN a.action_type LIKE '%split' AND (a.split_from IS NULL OR a.split_to IS NULL)
      THEN 'split without a ratio: split_from/split_to (Polygon) or old_rate/new_rate (Alpaca)'
    WHEN a.action_type LIKE '%split' AND (a.split_from <= 0 OR a.split_to <= 0)
      THEN 'split ratio not positive: split_from and split_to (old_rate, new_rate) must be > 0'
    WHEN a.action_type = 'cash_dividend' AND a.cash_amount IS NULL
      THEN 'cash dividend without an amount: cash_amount (Polygon) or rate (Alpaca)'
    WHEN a.action_type = 'cash_dividend' AND a.cash_amount < 0
      THEN 'negative cash dividend amount'
    WHEN a.declaration_date > a.ex_date THEN 'declaration_date after the ex date'
  END AS reject_reason
FROM corporate_action_versions AS a;

BEGIN STATEMENT SET;

INSERT INTO silver.corporate_actions
SELECT
  a.vendor,
  a.action_id,
  a.version,
  a.action_type,
  pitlake_symbols(ARRAY[a.vendor_symbol])[1] AS symbol,
  a.vendor_symbol,
  CASE WHEN a.old_symbol IS NOT NULL THEN pitlake_symbols(ARRAY[a.old_symbol])[1] END AS old_symbol,
  a.declaration_date,
  a.ex_date,
  a.record_date,
  a.pay_date,
  a.process_date,
  a.effective_date,
  a.split_from,
  a.split_to,
  a.cash_amount,
  a.currency,
  a.dividend_type,
  a.special,
  a.cusip,
  a.event_time,
  a.available_at,
  a.ingested_at,
  a.payload_hash
FROM corporate_actions_checked AS a
WHERE a.reject_reason IS NULL;

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'silver', source, action_id, CAST(version AS STRING), payload_hash))
    AS quarantine_id,
  source,
  'silver' AS stage,
  reject_reason AS reason,
  vendor_symbol AS symbol,
  effective_date AS session_date,
  event_time,
  available_at,
  ingested_at,
  request_url,
  payload
FROM corporate_actions_checked
WHERE reject_reason IS NOT NULL;

END;
