-- silver.sec_filings: EDGAR's filings of each company (submissions, all pages), one row per filing x version.
--
-- bronze.sec_submissions keeps one element per filing, as EDGAR's parallel arrays give it, keyed by the
-- accession number and stamped by SecFilingAvailability: available_at is the acceptance instant (EDGAR's
-- acceptanceDateTime is New York wall clock despite its trailing Z) plus sec.publication-delay, else the
-- conservative instant of the filing date. This file types the element. accepted_new_york keeps EDGAR's
-- wall clock as a TIMESTAMP without zone; event_time is bronze's instant. An amendment (10-K/A) is its
-- own filing with its own accession number, not a version of the original: a later restatement never
-- hides the original from a reader at T. The table is insert-only: a filing as known at T is its highest
-- version with available_at <= T (TABLES.md "silver.sec_filings").

CREATE TEMPORARY VIEW filing_versions AS
SELECT
  CAST(JSON_VALUE(payload, '$.cik') AS BIGINT) AS cik,
  observation_key AS accession_number,
  version,
  JSON_VALUE(payload, '$.form') AS form,
  TRY_CAST(JSON_VALUE(payload, '$.filingDate') AS DATE) AS filing_date,
  TRY_CAST(NULLIF(JSON_VALUE(payload, '$.reportDate'), '') AS DATE) AS report_date,
  TO_TIMESTAMP(
    SUBSTRING(NULLIF(JSON_VALUE(payload, '$.acceptanceDateTime'), '') FROM 1 FOR 19),
    'yyyy-MM-dd''T''HH:mm:ss') AS accepted_new_york,
  NULLIF(JSON_VALUE(payload, '$.primaryDocument'), '') AS primary_document,
  NULLIF(JSON_VALUE(payload, '$.primaryDocDescription'), '') AS primary_document_description,
  NULLIF(JSON_VALUE(payload, '$.items'), '') AS items,
  NULLIF(JSON_VALUE(payload, '$.fileNumber'), '') AS file_number,
  TRY_CAST(JSON_VALUE(payload, '$.size') AS BIGINT) AS size_bytes,
  JSON_VALUE(payload, '$.isXBRL') = '1' AS is_xbrl,
  event_time,
  available_at,
  ingested_at,
  payload_hash
FROM bronze.sec_submissions;

BEGIN STATEMENT SET;

INSERT INTO silver.sec_filings
SELECT
  f.cik,
  f.accession_number,
  f.version,
  f.form,
  f.form LIKE '%/A' AS is_amendment,
  f.filing_date,
  f.report_date,
  f.accepted_new_york,
  f.primary_document,
  f.primary_document_description,
  f.items,
  f.file_number,
  f.size_bytes,
  COALESCE(f.is_xbrl, FALSE) AS is_xbrl,
  COALESCE(f.event_time, f.available_at) AS event_time,
  f.available_at,
  f.ingested_at,
  f.payload_hash
FROM filing_versions AS f;

END;
