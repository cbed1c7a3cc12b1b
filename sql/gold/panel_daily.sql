-- gold.panel_daily: the research panel, one row per symbol x session x knowledge instant.
-- Insert-only: a row once written never changes.
--
-- Each row joins a session's bar and total-return features with the SEC fundamentals a strategy knew
-- at that session's decision instant (gold.fundamentals_pit), plus ratios derived from both:
--   market_cap      = shares_outstanding (latest known, dei cover page) x close
--   book_to_market  = stockholders_equity / market_cap
--   earnings_yield  = net_income_ttm / market_cap
--   roe             = net_income_ttm / stockholders_equity
--   sales_growth    = revenue_ttm / revenue_ttm_year_ago - 1
--   days_since_filing = New York calendar days from the day the fundamentals became known
-- Ratios are NULL where a denominator is missing or not positive. close is the vendor's unadjusted
-- close, which is what reported shares outstanding multiply to a market value.
--
-- Returns are total returns: ret_Nd and vol_21d are gold.bar_features_daily's arithmetic
-- (io.pitlake.features.BarFeatures) over silver.bars_daily, but with every previous close put in
-- the session's basis by the splits and dividends of gold.adjustment_factors known at the row's
-- instant. A 4-for-1 split is not a -75% day; a split or dividend that becomes known after a row
-- gives a new row at that instant (for the sessions whose window it changes) and never rewrites the
-- old one.
--
-- Decision instant: the session's close (16:00 New York; 13:00 on early closes) plus the option
-- panel.decision-offset (default 0; -PT30M decides 30 minutes before the close). The fundamentals
-- are the CIK's snapshot valid at that instant (available_at <= decision_at < the next snapshot's
-- available_at), so a filing accepted after the decision instant, including one accepted the
-- evening before the next session, is never in that session's row.
--
-- available_at is the newest of the bar row's and the fundamentals snapshot's available_at, and
-- never before the decision instant (the row states what was known then). A revised bar gives a new
-- row at the revision's instant; earlier rows stay. Two bar rows of a session that the decision
-- instant lifts to the same available_at are one row: the newer bar row's.
--
-- Symbol -> CIK, point in time: the active silver.security_master state (Polygon ticker details)
-- that had the symbol as its ticker on the session date, as known when the bar row became known;
-- so a renamed company keeps its CIK, and its fundamentals, under the old ticker and the new one,
-- and a reused ticker joins whoever held it that day. Where the master knows no such state, the
-- CIK is SEC's company_tickers.json (bronze.sec_company_tickers): a snapshot of today's tickers,
-- taken as a timeless identity by declaration (a ticker that moved to another company would join
-- today's owner).
--
-- Which bar version was the newest when, which factor set and master state were in effect and
-- which snapshot was valid at a decision instant depend on other rows: as SQL joins and groupings
-- they retract in streaming. The rows are io.pitlake.panel.PanelRows (view panel_rows), a pure
-- function of a symbol's inputs below computed once per symbol. The inputs reach their symbol
-- through inner joins of insert-only tables, so the plan stays insert-only.

-- Polygon's security master states and SEC's company_tickers.json versions, in the panel's types.
CREATE TEMPORARY VIEW panel_master AS
SELECT
  security_id, valid_from, ticker, active, CAST(cik AS BIGINT) AS cik,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.security_master
WHERE vendor = 'polygon';

CREATE TEMPORARY VIEW panel_listings AS
SELECT
  CAST(observation_key AS BIGINT) AS cik, version,
  pitlake_symbols(ARRAY[JSON_VALUE(payload, '$.ticker')])[1] AS ticker,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM bronze.sec_company_tickers;

CREATE TEMPORARY VIEW panel_snapshots AS
SELECT
  cik, fiscal_quarter_end, revenue_ttm, revenue_ttm_year_ago, net_income_ttm, eps_diluted_ttm,
  stockholders_equity, total_assets, total_liabilities, shares_outstanding,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM gold.fundamentals_pit
WHERE vendor = 'sec';

-- Per symbol, one row per input, told apart by kind: every bar version ('bar'), every row of the
-- symbol's factor sets ('factor'), every state of each security that ever had the symbol as its
-- ticker ('master'), every company_tickers.json version of each CIK that ever listed the symbol
-- ('listing'), and every SEC snapshot of each CIK that the master or SEC's list ever gave the
-- symbol ('fundamentals').
CREATE TEMPORARY VIEW panel_inputs AS
SELECT
  symbol, 'bar' AS kind, session_date, version, `close`, volume, vwap,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(NULL AS DATE) AS ex_date, CAST(NULL AS DATE) AS session_from,
  CAST(NULL AS DOUBLE) AS split_factor, CAST(NULL AS DOUBLE) AS total_factor,
  CAST(NULL AS STRING) AS security_id, CAST(NULL AS DATE) AS valid_from,
  CAST(NULL AS BOOLEAN) AS active, CAST(NULL AS STRING) AS ticker, CAST(NULL AS BIGINT) AS cik,
  CAST(NULL AS DATE) AS fiscal_quarter_end, CAST(NULL AS DOUBLE) AS revenue_ttm,
  CAST(NULL AS DOUBLE) AS revenue_ttm_year_ago, CAST(NULL AS DOUBLE) AS net_income_ttm,
  CAST(NULL AS DOUBLE) AS eps_diluted_ttm, CAST(NULL AS DOUBLE) AS stockholders_equity,
  CAST(NULL AS DOUBLE) AS total_assets, CAST(NULL AS DOUBLE) AS total_liabilities,
  CAST(NULL AS DOUBLE) AS shares_outstanding,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.bars_daily
UNION ALL
SELECT
  symbol, 'factor' AS kind, CAST(NULL AS DATE) AS session_date, CAST(NULL AS INT) AS version,
  CAST(NULL AS DOUBLE) AS `close`, CAST(NULL AS DOUBLE) AS volume, CAST(NULL AS DOUBLE) AS vwap,
  CAST(NULL AS TIMESTAMP_LTZ(3)) AS event_time,
  ex_date, session_from, split_factor, total_factor,
  CAST(NULL AS STRING) AS security_id, CAST(NULL AS DATE) AS valid_from,
  CAST(NULL AS BOOLEAN) AS active, CAST(NULL AS STRING) AS ticker, CAST(NULL AS BIGINT) AS cik,
  CAST(NULL AS DATE) AS fiscal_quarter_end, CAST(NULL AS DOUBLE) AS revenue_ttm,
  CAST(NULL AS DOUBLE) AS revenue_ttm_year_ago, CAST(NULL AS DOUBLE) AS net_income_ttm,
  CAST(NULL AS DOUBLE) AS eps_diluted_ttm, CAST(NULL AS DOUBLE) AS stockholders_equity,
  CAST(NULL AS DOUBLE) AS total_assets, CAST(NULL AS DOUBLE) AS total_liabilities,
  CAST(NULL AS DOUBLE) AS shares_outstanding,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM gold.adjustment_factors
UNION ALL
SELECT
  held.ticker AS symbol, 'master' AS kind, CAST(NULL AS DATE) AS session_date,
  CAST(NULL AS INT) AS version, CAST(NULL AS DOUBLE) AS `close`, CAST(NULL AS DOUBLE) AS volume,
  CAST(NULL AS DOUBLE) AS vwap, CAST(NULL AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(NULL AS DATE) AS ex_date, CAST(NULL AS DATE) AS session_from,
  CAST(NULL AS DOUBLE) AS split_factor, CAST(NULL AS DOUBLE) AS total_factor,
  s.security_id, s.valid_from, s.active, s.ticker, s.cik,
  CAST(NULL AS DATE) AS fiscal_quarter_end, CAST(NULL AS DOUBLE) AS revenue_ttm,
  CAST(NULL AS DOUBLE) AS revenue_ttm_year_ago, CAST(NULL AS DOUBLE) AS net_income_ttm,
  CAST(NULL AS DOUBLE) AS eps_diluted_ttm, CAST(NULL AS DOUBLE) AS stockholders_equity,
  CAST(NULL AS DOUBLE) AS total_assets, CAST(NULL AS DOUBLE) AS total_liabilities,
  CAST(NULL AS DOUBLE) AS shares_outstanding,
  s.available_at, s.ingested_at
FROM panel_master AS held
JOIN panel_master AS s
  ON s.security_id = held.security_id
UNION ALL
SELECT
  listed.ticker AS symbol, 'listing' AS kind, CAST(NULL AS DATE) AS session_date, l.version,
  CAST(NULL AS DOUBLE) AS `close`, CAST(NULL AS DOUBLE) AS volume, CAST(NULL AS DOUBLE) AS vwap,
  CAST(NULL AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(NULL AS DATE) AS ex_date, CAST(NULL AS DATE) AS session_from,
  CAST(NULL AS DOUBLE) AS split_factor, CAST(NULL AS DOUBLE) AS total_factor,
  CAST(NULL AS STRING) AS security_id, CAST(NULL AS DATE) AS valid_from,
  CAST(NULL AS BOOLEAN) AS active, l.ticker, l.cik,
  CAST(NULL AS DATE) AS fiscal_quarter_end, CAST(NULL AS DOUBLE) AS revenue_ttm,
  CAST(NULL AS DOUBLE) AS revenue_ttm_year_ago, CAST(NULL AS DOUBLE) AS net_income_ttm,
  CAST(NULL AS DOUBLE) AS eps_diluted_ttm, CAST(NULL AS DOUBLE) AS stockholders_equity,
  CAST(NULL AS DOUBLE) AS total_assets, CAST(NULL AS DOUBLE) AS total_liabilities,
  CAST(NULL AS DOUBLE) AS shares_outstanding,
  l.available_at, l.ingested_at
FROM panel_listings AS listed
JOIN panel_listings AS l
  ON l.cik = listed.cik
WHERE listed.ticker IS NOT NULL
UNION ALL
SELECT
  k.ticker AS symbol, 'fundamentals' AS kind, CAST(NULL AS DATE) AS session_date,
  CAST(NULL AS INT) AS version, CAST(NULL AS DOUBLE) AS `close`, CAST(NULL AS DOUBLE) AS volume,
  CAST(NULL AS DOUBLE) AS vwap, CAST(NULL AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(NULL AS DATE) AS ex_date, CAST(NULL AS DATE) AS session_from,
  CAST(NULL AS DOUBLE) AS split_factor, CAST(NULL AS DOUBLE) AS total_factor,
  CAST(NULL AS STRING) AS security_id, CAST(NULL AS DATE) AS valid_from,
  CAST(NULL AS BOOLEAN) AS active, CAST(NULL AS STRING) AS ticker, f.cik,
  f.fiscal_quarter_end, f.revenue_ttm, f.revenue_ttm_year_ago, f.net_income_ttm, f.eps_diluted_ttm,
  f.stockholders_equity, f.total_assets, f.total_liabilities, f.shares_outstanding,
  f.available_at, f.ingested_at
FROM panel_snapshots AS f
JOIN (
  SELECT cik, ticker FROM panel_master WHERE cik IS NOT NULL
  UNION ALL
  SELECT cik, ticker FROM panel_listings WHERE ticker IS NOT NULL
) AS k
  ON k.cik = f.cik;

INSERT INTO gold.panel_daily
SELECT
  symbol, session_date, available_at, cik, decision_at, session_index, event_time, ingested_at,
  `close`, volume, dollar_volume, ret_1d, ret_5d, ret_21d, vol_21d, bar_available_at,
  fundamentals_available_at, fiscal_quarter_end, revenue_ttm, net_income_ttm, eps_diluted_ttm,
  stockholders_equity, total_assets, total_liabilities, shares_outstanding,
  shares_outstanding * `close` AS market_cap,
  CASE WHEN shares_outstanding * `close` > 0
    THEN stockholders_equity / (shares_outstanding * `close`) END AS book_to_market,
  CASE WHEN shares_outstanding * `close` > 0
    THEN net_income_ttm / (shares_outstanding * `close`) END AS earnings_yield,
  CASE WHEN stockholders_equity > 0 THEN net_income_ttm / stockholders_equity END AS roe,
  CASE WHEN revenue_ttm_year_ago > 0 THEN revenue_ttm / revenue_ttm_year_ago - 1 END
    AS sales_growth,
  days_since_filing
FROM panel_rows;
