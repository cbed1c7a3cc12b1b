-- gold.fundamentals_pit: curated fundamentals of each security as known at each knowledge instant.
--
-- One row per vendor x CIK x knowledge instant, an instant being each distinct available_at of the
-- security's curated values (a filing's acceptance, usually). A row holds what was known at its
-- instant: per (line item, period) the value with the greatest available_at not after it, so a
-- restatement replaces the original value exactly from its own availability on (SNOW's cash
-- equivalents at 2023-01-31 read 398,346,000 until the 10-Q accepted 2023-06-01 18:02 New York,
-- 539,390,000 after). Insert-only: a row is written once and never changed, so it has no
-- superseded_at; a backtest at decision time T reads, per vendor and CIK, the row with the greatest
-- available_at <= T (TABLES.md gives the query; the next row's available_at, LEAD at read, is when
-- it stopped being the newest).
--
-- Line items (curated_concepts): flows get the latest fiscal quarter (_q) and the trailing twelve
-- months (_ttm); balances the latest-dated value. How a quarter and a TTM are derived from 10-K and
-- 10-Q facts (years, year-to-dates, four quarters) is io.pitlake.fundamentals.PointInTimeFundamentals,
-- documented in TABLES.md ("gold.fundamentals_pit"); periods are classified by their own length,
-- never by fy/fp. When several concepts feed one item for one period at one instant, the lower
-- priority number wins.
--
-- The fold is the keyed view fundamentals_snapshots (io.pitlake.fundamentals.FundamentalsSnapshots),
-- run once per vendor and CIK after all its values arrived: batch and streaming agree, nothing is
-- dropped as late, and the streaming plan only inserts.

-- Which concepts feed a curated item, with their priority (1 first): taxonomy|concept|unit ->
-- item:priority. A CASE, not a joined table of concepts, so the input stays a projection.
CREATE TEMPORARY VIEW curated_facts AS
SELECT
  f.*,
  CASE CONCAT_WS('|', f.taxonomy, f.concept, f.unit)
    WHEN 'us-gaap|Revenues|USD' THEN 'revenue:1'
    WHEN 'us-gaap|RevenueFromContractWithCustomerExcludingAssessedTax|USD' THEN 'revenue:2'
    WHEN 'us-gaap|SalesRevenueNet|USD' THEN 'revenue:3'
    WHEN 'us-gaap|NetIncomeLoss|USD' THEN 'net_income:1'
    WHEN 'us-gaap|EarningsPerShareDiluted|USD/shares' THEN 'eps_diluted:1'
    WHEN 'us-gaap|NetCashProvidedByUsedInOperatingActivities|USD' THEN 'operating_cash_flow:1'
    WHEN 'us-gaap|Assets|USD' THEN 'total_assets:1'
    WHEN 'us-gaap|Liabilities|USD' THEN 'total_liabilities:1'
    WHEN 'us-gaap|StockholdersEquity|USD' THEN 'stockholders_equity:1'
    WHEN 'us-gaap|StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest|USD'
      THEN 'stockholders_equity:2'
    WHEN 'us-gaap|CashAndCashEquivalentsAtCarryingValue|USD' THEN 'cash:1'
    WHEN 'us-gaap|CashEquivalentsAtCarryingValue|USD' THEN 'cash_equivalents:1'
    WHEN 'dei|EntityCommonStockSharesOutstanding|shares' THEN 'shares_outstanding:1'
  END AS curated
FROM silver.fundamental_facts AS f;

-- Every version of every curated fact, superseded ones included: the function picks per instant.
-- A flow item needs a period start and a balance none; a fact that breaks this is no value of the
-- item (it stays in silver).
CREATE TEMPORARY VIEW curated_values AS
SELECT
  vendor,
  cik,
  item,
  CAST(SPLIT_INDEX(curated, ':', 1) AS INT) AS priority,
  period_start,
  period_end,
  `value`,
  available_at,
  ingested_at,
  accession_number,
  form
FROM (SELECT *, SPLIT_INDEX(curated, ':', 0) AS item FROM curated_facts)
WHERE curated IS NOT NULL
  AND (item IN ('revenue', 'net_income', 'eps_diluted', 'operating_cash_flow'))
    = (period_start IS NOT NULL);

INSERT INTO gold.fundamentals_pit
SELECT * FROM fundamentals_snapshots;
