-- gold.fundamentals_dq: data-quality findings on the fundamentals, one row per check x subject x instant.
--
-- A finding is information like any other: it is dated by the instant it became knowable
-- (available_at), so a backtest can ask which findings were known at T, and a build on the inputs
-- known by T gives exactly the findings known by T. Checks:
--   balance_sheet_identity  a balance-sheet date whose Assets differ from Liabilities +
--                           StockholdersEquity (else the equity including noncontrolling interest)
--                           by more than 1% of Assets, all three of that one date as known at an
--                           instant: each instant a value of that date became known, the newest
--                           known value of each. Not gold.fundamentals_pit's snapshot, whose
--                           balances are each the latest-dated one: a 10-Q that reports assets
--                           but not liabilities would pair this quarter's assets with last year's
--                           liabilities;
--   late_filing             a 10-K or 10-Q (not an amendment) dated more than 90 days after the
--                           period it reports, EDGAR's reportDate in bronze.sec_submissions (10-K
--                           deadlines are 60 to 90 days, 10-Q 40 to 45), known at its acceptance.
--                           Not the facts' period ends: a filing repeats older comparatives and
--                           dates its cover-page share count after the period, and an amendment
--                           has no deadline of its own;
--   missing_line_items      a snapshot without one of revenue_ttm, net_income_ttm, total_assets,
--                           total_liabilities, stockholders_equity (listed), or, for SEC, without
--                           shares_outstanding (FMP's statements carry no share count: requiring
--                           it would flag every FMP snapshot);
--   sec_fmp_disagreement    an SEC and an FMP value of one concept and period that were both the
--                           newest known at some instant and differ by more than 1% of SEC's.
-- Like every table, a finding has event_time (what it is about: the balance-sheet date's facts, the
-- filing, the snapshot, SEC's fact) and ingested_at (the newest fetch among the inputs that date it).
--
-- Insert-only: "the newest known value at an instant" (the greatest available_at <= the instant,
-- ties: the greater fact_id, then version, silver's as-of rule) is computed by the keyed views
-- balance_sheets_known (io.pitlake.fundamentals.BalanceSheetsKnown) and sec_fmp_pairs_known
-- (SecFmpPairsKnown), once per key after its input ended, so the streaming plan only inserts.

-- The three balances of the identity, every version of each: the input of balance_sheets_known,
-- keyed by vendor, cik and balance-sheet date (period_end).
CREATE TEMPORARY VIEW identity_values AS
SELECT
  vendor,
  cik,
  period_end,
  CASE concept
    WHEN 'Assets' THEN 'assets'
    WHEN 'Liabilities' THEN 'liabilities'
    WHEN 'StockholdersEquity' THEN 'equity'
    ELSE 'equity_with_nci'
  END AS item,
  fact_id,
  version,
  `value`,
  event_time,
  available_at,
  ingested_at,
  accession_number
FROM silver.fundamental_facts
WHERE taxonomy = 'us-gaap' AND unit = 'USD' AND period_start IS NULL
  AND concept IN ('Assets', 'Liabilities', 'StockholdersEquity',
    'StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest');

-- Every SEC and FMP value: the input of sec_fmp_pairs_known, keyed by cik, taxonomy, concept, unit
-- and period.
CREATE TEMPORARY VIEW sec_fmp_values AS
SELECT
  vendor, cik, taxonomy, concept, unit, period_start, period_end, fact_id, version, `value`,
  event_time, available_at, ingested_at, accession_number
FROM silver.fundamental_facts
WHERE vendor IN ('sec', 'fmp');

-- Each 10-K and 10-Q as EDGAR first described it (version 1), known at its acceptance.
CREATE TEMPORARY VIEW periodic_filings AS
SELECT
  vendor,
  TRY_CAST(JSON_VALUE(payload, '$.cik') AS BIGINT) AS cik,
  observation_key AS accession_number,
  JSON_VALUE(payload, '$.form') AS form,
  TRY_CAST(JSON_VALUE(payload, '$.filingDate') AS DATE) AS filed,
  TRY_CAST(NULLIF(JSON_VALUE(payload, '$.reportDate'), '') AS DATE) AS period_end,
  event_time,
  available_at,
  ingested_at
FROM bronze.sec_submissions
WHERE version = 1 AND JSON_VALUE(payload, '$.form') IN ('10-K', '10-Q', '10-KT', '10-QT');

INSERT INTO gold.fundamentals_dq
SELECT
  'balance_sheet_identity' AS check_name,
  vendor,
  cik,
  CAST(period_end AS STRING) AS subject,
  available_at,
  'total_assets is not total_liabilities + stockholders_equity within 1%' AS detail,
  assets AS observed,
  liabilities + equity AS expected,
  event_time,
  ingested_at
FROM balance_sheets_known
WHERE ABS(assets - (liabilities + equity)) > 0.01 * ABS(assets)
UNION ALL
SELECT
  'late_filing' AS check_name,
  vendor,
  cik,
  accession_number AS subject,
  available_at,
  CONCAT(form, ' filed ', CAST(filed AS STRING), ', period ended ', CAST(period_end AS STRING))
    AS detail,
  CAST(TIMESTAMPDIFF(DAY, CAST(period_end AS TIMESTAMP), CAST(filed AS TIMESTAMP)) AS DOUBLE)
    AS observed,
  CAST(90 AS DOUBLE) AS expected,
  event_time,
  ingested_at
FROM periodic_filings
WHERE TIMESTAMPDIFF(DAY, CAST(period_end AS TIMESTAMP), CAST(filed AS TIMESTAMP)) > 90
UNION ALL
SELECT
  'missing_line_items' AS check_name,
  vendor,
  cik,
  'snapshot' AS subject,
  available_at,
  TRIM(CONCAT(
    CASE WHEN revenue_ttm IS NULL THEN 'revenue_ttm ' ELSE '' END,
    CASE WHEN net_income_ttm IS NULL THEN 'net_income_ttm ' ELSE '' END,
    CASE WHEN total_assets IS NULL THEN 'total_assets ' ELSE '' END,
    CASE WHEN total_liabilities IS NULL THEN 'total_liabilities ' ELSE '' END,
    CASE WHEN stockholders_equity IS NULL THEN 'stockholders_equity ' ELSE '' END,
    CASE WHEN shares_outstanding IS NULL AND vendor = 'sec' THEN 'shares_outstanding' ELSE '' END))
    AS detail,
  CAST(NULL AS DOUBLE) AS observed,
  CAST(NULL AS DOUBLE) AS expected,
  event_time,
  ingested_at
FROM gold.fundamentals_pit
WHERE revenue_ttm IS NULL OR net_income_ttm IS NULL OR total_assets IS NULL
  OR total_liabilities IS NULL OR stockholders_equity IS NULL
  OR (shares_outstanding IS NULL AND vendor = 'sec')
UNION ALL
SELECT
  'sec_fmp_disagreement' AS check_name,
  'sec' AS vendor,
  cik,
  CONCAT(concept, ' ', COALESCE(CAST(period_start AS STRING), ''), '..',
    CAST(period_end AS STRING)) AS subject,
  available_at,
  CONCAT('SEC ', sec_accession_number, ' vs FMP ', fmp_fact_id) AS detail,
  fmp_value AS observed,
  sec_value AS expected,
  sec_event_time AS event_time,
  ingested_at
FROM sec_fmp_pairs_known
WHERE ABS(sec_value - fmp_value) > 0.01 * ABS(sec_value);
