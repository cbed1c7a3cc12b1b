-- silver.fundamental_facts: every reported value of every fundamental fact, SEC and FMP in one shape.
--
-- One row per vendor x fact x bronze version. For SEC a fact is one value as one filing reported it:
-- bronze.sec_companyfacts keys it by (cik, taxonomy, concept, unit, start, end, accn), so a
-- comparative repeated in a later filing and a restated value are separate rows, each dated by its
-- own filing. The period comes from the fact's own start and end, never from fy/fp, which describe
-- the filing (sec-edgar.md).
--
-- available_at, SEC (available_basis says which rule applied):
--   'acceptance'  the filing's acceptance instant from bronze.sec_submissions (joined on accn), which
--                 ingest read as New York wall clock ignoring EDGAR's misleading 'Z', plus
--                 sec.publication-delay (io.pitlake.vendor.sec.SecFilingAvailability);
--   'filed'       no submission known for the accn: the open of the first NYSE session after the
--                 filing date, conservative by up to a day (EDGAR dates a filing accepted after the
--                 17:30 cut-off on the next business day, never earlier);
--   'revision'    bronze version > 1 (EDGAR changed a value already served for the same filing):
--                 known only from when pitlake first saw it, bronze's available_at.
-- FMP statements keep bronze's available_at (acceptedDate as New York time plus
-- fmp.statements.publication-delay, else the session after filingDate; revisions from when seen).
--
-- FMP line items become facts under the us-gaap concept they correspond to (fmp_statements below),
-- so SEC and FMP can be compared. FMP gives only the period end (date) and its length (period: FY is
-- twelve months, Q1..Q4 three): flows get period_start = the day after date, minus that length (a
-- quarter ending 2024-06-30 starts 2024-04-01, as SEC reports it; the end minus three months plus a
-- day would give 2024-03-31, and the check against SEC would never meet it), balances none. FMP
-- writes 0 for "not reported" (fmp.md): a 0 becomes no fact; bronze keeps the row.
--
-- Insert-only: a row is written once and never changed, so it has no superseded_at (a value learns
-- it was superseded only when the next one arrives). As of T, per vendor, cik, taxonomy, concept,
-- unit and period, the value in effect is the row with the greatest available_at <= T (ties: the
-- greater fact_id, then version; TABLES.md gives the query). The acceptance lookup is the keyed
-- view sec_facts_accepted (io.pitlake.fundamentals.FactAcceptance), computed once per accession
-- after its input ended, so the streaming plan has no join that retracts. Values that cannot be
-- read go to silver.quarantine with the rule they broke and the raw payload.

-- Every companyfacts row with its accession number, and every submission's acceptance, in one
-- shape: the input of sec_facts_accepted, keyed by accession_number.
CREATE TEMPORARY VIEW sec_facts_and_filings AS
SELECT
  'fact' AS kind,
  JSON_VALUE(payload, '$.accn') AS accession_number,
  vendor, dataset, observation_key, version, event_time, available_at, ingested_at, payload_hash,
  request_url, payload
FROM bronze.sec_companyfacts
UNION ALL
SELECT
  'filing' AS kind,
  observation_key AS accession_number,
  CAST(NULL AS STRING) AS vendor,
  CAST(NULL AS STRING) AS dataset,
  CAST(NULL AS STRING) AS observation_key,
  CAST(NULL AS INT) AS version,
  CAST(NULL AS TIMESTAMP_LTZ(6)) AS event_time,
  available_at,
  CAST(NULL AS TIMESTAMP_LTZ(6)) AS ingested_at,
  CAST(NULL AS STRING) AS payload_hash,
  CAST(NULL AS STRING) AS request_url,
  CAST(NULL AS STRING) AS payload
FROM bronze.sec_submissions;

CREATE TEMPORARY VIEW sec_facts_read AS
SELECT
  f.vendor,
  f.dataset,
  f.observation_key AS fact_id,
  f.version,
  TRY_CAST(JSON_VALUE(f.payload, '$.cik') AS BIGINT) AS cik,
  JSON_VALUE(f.payload, '$.taxonomy') AS taxonomy,
  JSON_VALUE(f.payload, '$.concept') AS concept,
  JSON_VALUE(f.payload, '$.unit') AS unit,
  TRY_CAST(JSON_VALUE(f.payload, '$.start') AS DATE) AS period_start,
  JSON_VALUE(f.payload, '$.start') AS start_text,
  TRY_CAST(JSON_VALUE(f.payload, '$.end') AS DATE) AS period_end,
  TRY_CAST(JSON_VALUE(f.payload, '$.val') AS DOUBLE) AS `value`,
  JSON_VALUE(f.payload, '$.accn') AS accession_number,
  JSON_VALUE(f.payload, '$.form') AS form,
  JSON_VALUE(f.payload, '$.fp') AS fiscal_period,
  TRY_CAST(JSON_VALUE(f.payload, '$.filed') AS DATE) AS filed,
  CASE
    WHEN f.version > 1 THEN 'revision'
    WHEN f.accepted_available_at IS NOT NULL THEN 'acceptance'
    ELSE 'filed'
  END AS available_basis,
  CAST(NULL AS STRING) AS symbol,
  f.event_time,
  CASE
    WHEN f.version = 1 AND f.accepted_available_at IS NOT NULL THEN f.accepted_available_at
    ELSE f.available_at
  END AS available_at,
  f.ingested_at,
  f.payload_hash,
  f.request_url,
  f.payload
FROM sec_facts_accepted AS f;

-- FMP's statements, each with its mapped line items as an array: field -> us-gaap concept, unit,
-- whether a flow, and the value. Unnested below, so each line item becomes a fact without a join.
CREATE TEMPORARY VIEW fmp_statements AS
SELECT
  vendor, dataset, observation_key, version, event_time, available_at, ingested_at, payload_hash,
  payload, request_url,
  ARRAY[
    ROW(CAST('Revenues' AS STRING), CAST('USD' AS STRING), TRUE,
      TRY_CAST(JSON_VALUE(payload, '$.revenue') AS DOUBLE)),
    ROW(CAST('NetIncomeLoss' AS STRING), CAST('USD' AS STRING), TRUE,
      TRY_CAST(JSON_VALUE(payload, '$.netIncome') AS DOUBLE)),
    ROW(CAST('EarningsPerShareDiluted' AS STRING), CAST('USD/shares' AS STRING), TRUE,
      TRY_CAST(JSON_VALUE(payload, '$.epsDiluted') AS DOUBLE)),
    ROW(CAST('WeightedAverageNumberOfDilutedSharesOutstanding' AS STRING),
      CAST('shares' AS STRING), TRUE,
      TRY_CAST(JSON_VALUE(payload, '$.weightedAverageShsOutDil') AS DOUBLE))
  ] AS line_items
FROM bronze.fmp_income_statement
UNION ALL
SELECT
  vendor, dataset, observation_key, version, event_time, available_at, ingested_at, payload_hash,
  payload, request_url,
  ARRAY[
    ROW(CAST('Assets' AS STRING), CAST('USD' AS STRING), FALSE,
      TRY_CAST(JSON_VALUE(payload, '$.totalAssets') AS DOUBLE)),
    ROW(CAST('Liabilities' AS STRING), CAST('USD' AS STRING), FALSE,
      TRY_CAST(JSON_VALUE(payload, '$.totalLiabilities') AS DOUBLE)),
    ROW(CAST('StockholdersEquity' AS STRING), CAST('USD' AS STRING), FALSE,
      TRY_CAST(JSON_VALUE(payload, '$.totalStockholdersEquity') AS DOUBLE)),
    ROW(CAST('CashAndCashEquivalentsAtCarryingValue' AS STRING), CAST('USD' AS STRING), FALSE,
      TRY_CAST(JSON_VALUE(payload, '$.cashAndCashEquivalents') AS DOUBLE))
  ] AS line_items
FROM bronze.fmp_balance_sheet
UNION ALL
SELECT
  vendor, dataset, observation_key, version, event_time, available_at, ingested_at, payload_hash,
  payload, request_url,
  ARRAY[
    ROW(CAST('NetCashProvidedByUsedInOperatingActivities' AS STRING), CAST('USD' AS STRING), TRUE,
      TRY_CAST(JSON_VALUE(payload, '$.operatingCashFlow') AS DOUBLE))
  ] AS line_items
FROM bronze.fmp_cash_flow;

CREATE TEMPORARY VIEW fmp_facts_read AS
SELECT
  s.vendor,
  s.dataset,
  CONCAT(s.observation_key, '|', m.concept) AS fact_id,
  s.version,
  TRY_CAST(JSON_VALUE(s.payload, '$.cik') AS BIGINT) AS cik,
  'us-gaap' AS taxonomy,
  m.concept,
  m.unit,
  CASE
    WHEN NOT m.is_flow THEN CAST(NULL AS DATE)
    WHEN JSON_VALUE(s.payload, '$.period') = 'FY'
      THEN CAST(TRY_CAST(JSON_VALUE(s.payload, '$.date') AS DATE) + INTERVAL '1' DAY
        - INTERVAL '1' YEAR AS DATE)
    ELSE CAST(TRY_CAST(JSON_VALUE(s.payload, '$.date') AS DATE) + INTERVAL '1' DAY
      - INTERVAL '3' MONTH AS DATE)
  END AS period_start,
  CAST(NULL AS STRING) AS start_text,
  TRY_CAST(JSON_VALUE(s.payload, '$.date') AS DATE) AS period_end,
  m.`value`,
  CAST(NULL AS STRING) AS accession_number,
  CAST(NULL AS STRING) AS form,
  JSON_VALUE(s.payload, '$.period') AS fiscal_period,
  TRY_CAST(JSON_VALUE(s.payload, '$.filingDate') AS DATE) AS filed,
  CASE WHEN s.version > 1 THEN 'revision' ELSE 'acceptance' END AS available_basis,
  JSON_VALUE(s.payload, '$.symbol') AS symbol,
  s.event_time,
  s.available_at,
  s.ingested_at,
  s.payload_hash,
  s.request_url,
  s.payload
FROM fmp_statements AS s
CROSS JOIN UNNEST(s.line_items) AS m (concept, unit, is_flow, `value`);

CREATE TEMPORARY VIEW facts_checked AS
SELECT
  r.*,
  CASE
    WHEN r.cik IS NULL THEN 'missing or non-numeric field cik'
    WHEN r.taxonomy IS NULL THEN 'missing field taxonomy'
    WHEN r.concept IS NULL THEN 'missing field concept'
    WHEN r.unit IS NULL THEN 'missing field unit'
    WHEN r.period_end IS NULL THEN 'missing or unreadable period end (end / date, YYYY-MM-DD)'
    WHEN r.start_text IS NOT NULL AND r.period_start IS NULL
      THEN 'unreadable field start (YYYY-MM-DD)'
    WHEN r.period_start > r.period_end THEN 'period start after period end'
    WHEN r.filed IS NULL THEN 'missing or unreadable filing date (filed / filingDate)'
    WHEN r.vendor = 'sec' AND r.accession_number IS NULL THEN 'missing field accn'
    WHEN r.vendor = 'sec' AND r.`value` IS NULL THEN 'missing or non-numeric field val'
  END AS reject_reason
FROM (
  SELECT * FROM sec_facts_read
  UNION ALL
  SELECT * FROM fmp_facts_read WHERE `value` IS NULL OR `value` <> 0
) AS r
WHERE r.vendor = 'sec' OR r.`value` IS NOT NULL;

BEGIN STATEMENT SET;

INSERT INTO silver.fundamental_facts
SELECT
  f.vendor,
  f.fact_id,
  f.version,
  f.cik,
  f.taxonomy,
  f.concept,
  f.unit,
  f.period_start,
  f.period_end,
  f.`value`,
  f.accession_number,
  f.form,
  f.fiscal_period,
  f.filed,
  f.available_basis,
  f.symbol,
  f.event_time,
  f.available_at,
  f.ingested_at,
  f.payload_hash
FROM facts_checked AS f
WHERE f.reject_reason IS NULL;

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'silver', vendor, dataset, fact_id, CAST(version AS STRING), payload_hash))
    AS quarantine_id,
  dataset AS source,
  'silver' AS stage,
  reject_reason AS reason,
  symbol,
  CAST(NULL AS DATE) AS session_date,
  event_time,
  COALESCE(available_at, ingested_at) AS available_at,
  ingested_at,
  request_url,
  payload
FROM facts_checked
WHERE reject_reason IS NOT NULL;

END;
