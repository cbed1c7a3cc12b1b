-- gold.fundamentals_pit: curated fundamentals of each security as known at each knowledge instant.
--
-- One row per vendor x CIK x knowledge instant, an instant being each distinct available_at of the
-- security's curated values (a filing's acceptance, usually). A row holds what was known at its
-- instant: per (line item, period) the value with the greatest available_at not after it, so a
-- restatement replaces the original value exactly from its own availability on (SNOW's cash
-- equivalents at 2023-01-31 read 398,346,000 until the 10-Q accepted 2023-06-01 18:02 New York,
-- 539,390,000 after). superseded_at is the security's next knowledge instant: a backtest at decision
-- time T reads, per vendor and CIK, the row with available_at <= T AND (superseded_at IS NULL OR
-- superseded_at > T).
--
-- Line items (curated_concepts): flows get the latest fiscal quarter (_q) and the trailing twelve
-- months (_ttm); balances the latest-dated value. How a quarter and a TTM are derived from 10-K and
-- 10-Q facts (years, year-to-dates, four quarters) is io.pitlake.fundamentals.PointInTimeFundamentals,
-- documented in DESIGN.md ("gold.fundamentals_pit"); periods are classified by their own length,
-- never by fy/fp. When several concepts feed one item for one period at one instant, the lower
-- priority number wins.
--
-- Like gold.bar_features_daily: a regular aggregation and a pure table function, so batch and
-- streaming agree and nothing is dropped as late; the grouping gives streaming the table key.

CREATE TEMPORARY VIEW curated_concepts (taxonomy, concept, unit, item, priority, is_flow) AS
VALUES
  ('us-gaap', 'Revenues', 'USD', 'revenue', 1, TRUE),
  ('us-gaap', 'RevenueFromContractWithCustomerExcludingAssessedTax', 'USD', 'revenue', 2, TRUE),
  ('us-gaap', 'SalesRevenueNet', 'USD', 'revenue', 3, TRUE),
  ('us-gaap', 'NetIncomeLoss', 'USD', 'net_income', 1, TRUE),
  ('us-gaap', 'EarningsPerShareDiluted', 'USD/shares', 'eps_diluted', 1, TRUE),
  ('us-gaap', 'NetCashProvidedByUsedInOperatingActivities', 'USD', 'operating_cash_flow', 1,
    TRUE),
  ('us-gaap', 'Assets', 'USD', 'total_assets', 1, FALSE),
  ('us-gaap', 'Liabilities', 'USD', 'total_liabilities', 1, FALSE),
  ('us-gaap', 'StockholdersEquity', 'USD', 'stockholders_equity', 1, FALSE),
  ('us-gaap', 'StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest', 'USD',
    'stockholders_equity', 2, FALSE),
  ('us-gaap', 'CashAndCashEquivalentsAtCarryingValue', 'USD', 'cash', 1, FALSE),
  ('us-gaap', 'CashEquivalentsAtCarryingValue', 'USD', 'cash_equivalents', 1, FALSE),
  ('dei', 'EntityCommonStockSharesOutstanding', 'shares', 'shares_outstanding', 1, FALSE);

-- Every version of every curated fact, superseded ones included: the function picks per instant.
-- A flow concept needs a period start and a balance none; a fact that breaks this is no value of
-- the item (it stays in silver).
CREATE TEMPORARY VIEW curated_values AS
SELECT
  f.vendor,
  f.cik,
  c.item,
  c.priority,
  f.period_start,
  f.period_end,
  f.`value`,
  CAST(f.available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(f.ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at,
  f.accession_number,
  f.form
FROM silver.fundamental_facts AS f
JOIN curated_concepts AS c
  ON f.taxonomy = c.taxonomy AND f.concept = c.concept AND f.unit = c.unit
WHERE (c.is_flow AND f.period_start IS NOT NULL) OR (NOT c.is_flow AND f.period_start IS NULL);

CREATE TEMPORARY VIEW security_snapshots AS
SELECT g.vendor, g.cik, p.*
FROM (
  SELECT
    vendor, cik,
    ARRAY_AGG(ROW(item, priority, period_start, period_end, `value`, available_at, ingested_at,
                  accession_number, form)) AS vals
  FROM curated_values
  GROUP BY vendor, cik
) AS g
CROSS JOIN LATERAL TABLE(fundamentals_pit(g.vals)) AS p;

-- Every key has exactly one row, so each SUM and MAX below is that row's value. The grouping gives
-- the streaming changelog the table's key; instants (integers) are summed, values take MAX, which
-- is exact however often a key's row passes before retractions catch up
-- (gold/bars_daily_adjusted.sql).
INSERT INTO gold.fundamentals_pit
SELECT
  vendor,
  cik,
  available_at,
  TO_TIMESTAMP_LTZ(SUM(superseded_at_ms), 3) AS superseded_at,
  TO_TIMESTAMP_LTZ(SUM(event_time_ms), 3) AS event_time,
  TO_TIMESTAMP_LTZ(SUM(ingested_at_ms), 3) AS ingested_at,
  MAX(accession_number) AS accession_number,
  MAX(form) AS form,
  MAX(fiscal_quarter_end) AS fiscal_quarter_end,
  MAX(balance_sheet_date) AS balance_sheet_date,
  MAX(revenue_q) AS revenue_q,
  MAX(revenue_ttm) AS revenue_ttm,
  MAX(revenue_ttm_year_ago) AS revenue_ttm_year_ago,
  MAX(net_income_q) AS net_income_q,
  MAX(net_income_ttm) AS net_income_ttm,
  MAX(eps_diluted_q) AS eps_diluted_q,
  MAX(eps_diluted_ttm) AS eps_diluted_ttm,
  MAX(operating_cash_flow_q) AS operating_cash_flow_q,
  MAX(operating_cash_flow_ttm) AS operating_cash_flow_ttm,
  MAX(total_assets) AS total_assets,
  MAX(total_liabilities) AS total_liabilities,
  MAX(stockholders_equity) AS stockholders_equity,
  MAX(cash) AS cash,
  MAX(cash_equivalents) AS cash_equivalents,
  MAX(shares_outstanding) AS shares_outstanding
FROM security_snapshots
GROUP BY vendor, cik, available_at;
