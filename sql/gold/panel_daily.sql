-- gold.panel_daily: the research panel, one row per security x session x knowledge instant.
--
-- Each row joins a session's bar features (gold.bar_features_daily: close, returns, volatility) with
-- the SEC fundamentals a strategy knew at that session's decision instant (gold.fundamentals_pit),
-- plus ratios derived from both:
--   market_cap      = shares_outstanding (latest known, dei cover page) x close
--   book_to_market  = stockholders_equity / market_cap
--   earnings_yield  = net_income_ttm / market_cap
--   roe             = net_income_ttm / stockholders_equity
--   sales_growth    = revenue_ttm / revenue_ttm_year_ago - 1
--   days_since_filing = New York calendar days from the day the fundamentals became known
-- Ratios are NULL where a denominator is missing or not positive. close is the vendor's unadjusted
-- close, which is what reported shares outstanding multiply to a market value.
--
-- Decision instant: the session's close (16:00 New York; 13:00 on early closes) plus
-- decision_offset_minutes from panel_settings below; edit that one value to decide, say, 30
-- minutes before the close (-30). The fundamentals are the snapshot valid at that instant
-- (available_at <= decision_at < superseded_at), so a filing accepted after the decision instant,
-- including one accepted the evening before the next session, is never in that session's row.
--
-- available_at is the newest of the bar row's and the fundamentals snapshot's available_at, and
-- never before the decision instant (the row states what was known then). A revised bar gives a new
-- row at the revision's instant; earlier rows stay.
--
-- Symbol -> CIK: symbol_ciks, from SEC's company_tickers.json (bronze.sec_company_tickers). That
-- file is a snapshot of today's tickers, not a history: a ticker that moved to another company
-- would join today's owner, and its availability is not counted in available_at (it would date
-- every row at the ingest). Replace the view by a point-in-time security master when one exists.
--
-- Like the other gold files: regular joins, a pure table function and a grouping on the table key,
-- so batch and streaming agree.

CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS pitlake_symbols
  AS 'io.pitlake.vendor.SymbolsFunction';

CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS decision_sessions
  AS 'io.pitlake.panel.DecisionSessionsFunction';

-- The decision instant of a session, in minutes after its close (negative: before the close).
CREATE TEMPORARY VIEW panel_settings (decision_offset_minutes) AS
VALUES (0);

-- The newest ticker of each CIK as SEC lists it today; one CIK per pitlake symbol.
CREATE TEMPORARY VIEW symbol_ciks AS
SELECT symbol, MIN(cik) AS cik
FROM (
  SELECT
    pitlake_symbols(ARRAY[JSON_VALUE(t.payload, '$.ticker')])[1] AS symbol,
    CAST(t.observation_key AS BIGINT) AS cik
  FROM bronze.sec_company_tickers AS t
  JOIN (
    SELECT observation_key, MAX(version) AS version
    FROM bronze.sec_company_tickers
    GROUP BY observation_key
  ) AS newest
    ON t.observation_key = newest.observation_key AND t.version = newest.version
)
WHERE symbol IS NOT NULL
GROUP BY symbol;

-- Each SEC fundamentals snapshot, once per session whose decision instant it was valid at.
CREATE TEMPORARY VIEW fundamentals_by_session AS
SELECT
  f.cik,
  s.session_date,
  s.decision_at,
  s.days_since_filing,
  CAST(f.available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(f.ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at,
  f.fiscal_quarter_end,
  f.revenue_ttm,
  f.revenue_ttm_year_ago,
  f.net_income_ttm,
  f.eps_diluted_ttm,
  f.stockholders_equity,
  f.total_assets,
  f.total_liabilities,
  f.shares_outstanding
FROM gold.fundamentals_pit AS f
CROSS JOIN panel_settings AS p
CROSS JOIN LATERAL TABLE(
  decision_sessions(
    CAST(f.available_at AS TIMESTAMP_LTZ(3)),
    CAST(f.superseded_at AS TIMESTAMP_LTZ(3)),
    p.decision_offset_minutes)) AS s
WHERE f.vendor = 'sec';

CREATE TEMPORARY VIEW panel_rows AS
SELECT
  b.symbol,
  b.session_date,
  GREATEST(
    CAST(b.available_at AS TIMESTAMP_LTZ(3)),
    COALESCE(f.available_at, CAST(b.available_at AS TIMESTAMP_LTZ(3))),
    COALESCE(f.decision_at, CAST(b.available_at AS TIMESTAMP_LTZ(3)))) AS available_at,
  c.cik,
  f.decision_at,
  b.session_index,
  CAST(b.event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  GREATEST(
    CAST(b.ingested_at AS TIMESTAMP_LTZ(3)),
    COALESCE(f.ingested_at, CAST(b.ingested_at AS TIMESTAMP_LTZ(3)))) AS ingested_at,
  b.`close`,
  b.volume,
  b.dollar_volume,
  b.ret_1d,
  b.ret_5d,
  b.ret_21d,
  b.vol_21d,
  CAST(b.available_at AS TIMESTAMP_LTZ(3)) AS bar_available_at,
  f.available_at AS fundamentals_available_at,
  f.fiscal_quarter_end,
  f.revenue_ttm,
  f.net_income_ttm,
  f.eps_diluted_ttm,
  f.stockholders_equity,
  f.total_assets,
  f.total_liabilities,
  f.shares_outstanding,
  f.shares_outstanding * b.`close` AS market_cap,
  CASE WHEN f.shares_outstanding * b.`close` > 0
    THEN f.stockholders_equity / (f.shares_outstanding * b.`close`) END AS book_to_market,
  CASE WHEN f.shares_outstanding * b.`close` > 0
    THEN f.net_income_ttm / (f.shares_outstanding * b.`close`) END AS earnings_yield,
  CASE WHEN f.stockholders_equity > 0
    THEN f.net_income_ttm / f.stockholders_equity END AS roe,
  CASE WHEN f.revenue_ttm_year_ago > 0
    THEN f.revenue_ttm / f.revenue_ttm_year_ago - 1 END AS sales_growth,
  f.days_since_filing
FROM gold.bar_features_daily AS b
LEFT JOIN symbol_ciks AS c
  ON b.symbol = c.symbol
LEFT JOIN fundamentals_by_session AS f
  ON c.cik = f.cik AND b.session_date = f.session_date;

-- Every key has exactly one row, so each SUM and MAX below is that row's value (see
-- gold/bar_features_daily.sql for why the grouping is there).
INSERT INTO gold.panel_daily
SELECT
  symbol,
  session_date,
  available_at,
  SUM(cik) AS cik,
  MAX(decision_at) AS decision_at,
  SUM(session_index) AS session_index,
  MAX(event_time) AS event_time,
  MAX(ingested_at) AS ingested_at,
  SUM(`close`) AS `close`,
  SUM(volume) AS volume,
  SUM(dollar_volume) AS dollar_volume,
  SUM(ret_1d) AS ret_1d,
  SUM(ret_5d) AS ret_5d,
  SUM(ret_21d) AS ret_21d,
  SUM(vol_21d) AS vol_21d,
  MAX(bar_available_at) AS bar_available_at,
  MAX(fundamentals_available_at) AS fundamentals_available_at,
  MAX(fiscal_quarter_end) AS fiscal_quarter_end,
  SUM(revenue_ttm) AS revenue_ttm,
  SUM(net_income_ttm) AS net_income_ttm,
  SUM(eps_diluted_ttm) AS eps_diluted_ttm,
  SUM(stockholders_equity) AS stockholders_equity,
  SUM(total_assets) AS total_assets,
  SUM(total_liabilities) AS total_liabilities,
  SUM(shares_outstanding) AS shares_outstanding,
  SUM(market_cap) AS market_cap,
  SUM(book_to_market) AS book_to_market,
  SUM(earnings_yield) AS earnings_yield,
  SUM(roe) AS roe,
  SUM(sales_growth) AS sales_growth,
  SUM(days_since_filing) AS days_since_filing
FROM panel_rows
GROUP BY symbol, session_date, available_at;
