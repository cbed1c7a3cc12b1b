-- silver.option_contracts: every option contract as Polygon listed it on each day, one row per vendor x
-- option ticker x as-of day x bronze version, the OCC ticker parsed into its terms.
--
-- bronze.polygon_options_contracts holds one answer per underlying and session (as_of=D, expired=false):
-- the chain as it stood on D, contracts that have expired since included, so the contracts of any past
-- day are known without survivorship. A contract appears from the first as-of day that lists it, never
-- before. Point in time: available_at is bronze's, the end of the as-of day in New York (the listing
-- may gain series during the day; docs/options.md "Options data"). The table is insert-only: the chain of day
-- D as known at T is, per option ticker, the highest version of as_of = D with available_at <= T.
--
-- The OCC ticker O:ROOT YYMMDD C|P STRIKE (strike x 1000 in 8 digits) gives root, expiry, type and
-- strike; the vendor's own fields give the underlying, shares per contract and any other deliverable
-- (additional_underlyings). A contract whose root is not its underlying or whose deliverable is not 100
-- shares was adjusted by a corporate action (standard = FALSE). A ticker that does not parse, or whose
-- terms contradict the vendor's fields, lands in silver.quarantine with its raw payload. The payload is
-- parsed once per listing (option_contract_fields), not once per field, and the ticker matched once
-- (occ_ticker_parts), not once per part.

CREATE TEMPORARY VIEW option_contracts_typed AS
SELECT
  b.vendor,
  f.ticker AS option_ticker,
  new_york_date(b.event_time) AS as_of,
  o.root,
  TO_DATE(CONCAT('20', o.expiry_yymmdd), 'yyyyMMdd') AS expiration_date,
  CASE o.call_put
    WHEN 'C' THEN 'call'
    WHEN 'P' THEN 'put'
  END AS contract_type,
  CAST(o.strike_digits AS DOUBLE) / 1000 AS strike,
  f.underlying_ticker AS vendor_underlying,
  CAST(f.expiration_date AS DATE) AS vendor_expiration_date,
  f.contract_type AS vendor_contract_type,
  CAST(f.strike_price AS DOUBLE) AS vendor_strike,
  CAST(f.shares_per_contract AS DOUBLE) AS shares_per_contract,
  f.additional_underlyings AS deliverable,
  f.exercise_style,
  f.primary_exchange,
  b.version, b.event_time, b.available_at, b.ingested_at, b.request_url, b.payload, b.payload_hash
FROM bronze.polygon_options_contracts b,
  LATERAL TABLE(option_contract_fields(b.payload)) AS f(ticker, underlying_ticker, expiration_date,
    contract_type, strike_price, shares_per_contract, additional_underlyings, exercise_style,
    primary_exchange),
  LATERAL TABLE(occ_ticker_parts(f.ticker)) AS o(root, expiry_yymmdd, call_put, strike_digits);

CREATE TEMPORARY VIEW option_contracts_checked AS
SELECT
  *,
  CASE
    WHEN option_ticker IS NULL THEN 'missing field ticker'
    WHEN root IS NULL OR expiration_date IS NULL
      THEN 'ticker is not an OCC option ticker: O:<root><YYMMDD><C|P><strike x 1000, 8 digits>'
    WHEN vendor_expiration_date IS NOT NULL AND vendor_expiration_date <> expiration_date
      THEN 'ticker expiry differs from field expiration_date'
    WHEN vendor_contract_type IS NOT NULL AND vendor_contract_type <> contract_type
      THEN 'ticker call/put differs from field contract_type'
    WHEN vendor_strike IS NOT NULL AND ABS(vendor_strike - strike) > 0.0005
      THEN 'ticker strike differs from field strike_price'
    WHEN shares_per_contract IS NULL OR shares_per_contract <= 0
      THEN 'missing or non-positive field shares_per_contract'
  END AS reject_reason
FROM option_contracts_typed;

BEGIN STATEMENT SET;

INSERT INTO silver.option_contracts
SELECT
  vendor,
  option_ticker,
  as_of,
  version,
  pitlake_symbols(ARRAY[COALESCE(vendor_underlying, root)])[1] AS underlying,
  root,
  expiration_date,
  contract_type,
  strike,
  shares_per_contract,
  deliverable,
  exercise_style,
  primary_exchange,
  shares_per_contract = 100 AND root = COALESCE(vendor_underlying, root)
    AND (deliverable IS NULL OR deliverable = '[]') AS standard,
  event_time,
  available_at,
  ingested_at,
  payload_hash
FROM option_contracts_checked
WHERE reject_reason IS NULL;

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'silver', vendor, 'options_contracts', CAST(as_of AS STRING),
    CAST(version AS STRING), payload_hash)) AS quarantine_id,
  CONCAT(vendor, '.options_contracts') AS source,
  'silver' AS stage,
  reject_reason AS reason,
  option_ticker AS symbol,
  as_of AS session_date,
  event_time,
  available_at,
  ingested_at,
  request_url,
  payload
FROM option_contracts_checked
WHERE reject_reason IS NOT NULL;

END;
