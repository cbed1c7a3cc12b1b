-- gold.panel_daily: the research panel, one row per security x session x knowledge instant.
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
-- Returns are total returns: ret_Nd and vol_21d are gold.bar_features_daily's, computed by the same
-- function (bar_features) from silver.bars_daily, but with every previous close put in the
-- session's basis by the splits and dividends of gold.adjustment_factors known at the row's
-- instant. A 4-for-1 split is not a -75% day; a split or dividend that becomes known after a row
-- gives a new row at that instant (for the sessions whose window it changes) and never rewrites the
-- old one.
--
-- Decision instant: the session's close (16:00 New York; 13:00 on early closes) plus
-- decision_offset_minutes from panel_settings below; edit that one value to decide, say, 30
-- minutes before the close (-30). The fundamentals are the snapshot valid at that instant
-- (available_at <= decision_at < the next snapshot's available_at, fundamentals_lives), so a filing accepted after the decision instant,
-- including one accepted the evening before the next session, is never in that session's row.
--
-- available_at is the newest of the bar row's and the fundamentals snapshot's available_at, and
-- never before the decision instant (the row states what was known then). A revised bar gives a new
-- row at the revision's instant; earlier rows stay.
--
-- Symbol -> CIK, point in time: the active silver.security_master state (Polygon ticker details)
-- that had the symbol as its ticker on the session date, as known when the bar row became known;
-- so a renamed company keeps its CIK, and its fundamentals, under the old ticker and the new one,
-- and a reused ticker joins whoever held it that day. Where the master knows no such state, the
-- CIK is SEC's company_tickers.json (bronze.sec_company_tickers): a snapshot of today's tickers,
-- taken as a timeless identity by declaration (a ticker that moved to another company would join
-- today's owner).
--
-- Like the other gold files: regular joins, pure table functions and a grouping on the table key,
-- so batch and streaming agree.

-- The decision instant of a session, in minutes after its close (negative: before the close).
CREATE TEMPORARY VIEW panel_settings (decision_offset_minutes) AS
VALUES (0);

-- Total-return bar features: gold/bar_features_daily.sql's blocks of 64 sessions (each with the 21
-- before it), each block with its symbol's adjustment factors (NULL: none).
CREATE TEMPORARY VIEW panel_bar_lives AS
SELECT
  symbol, session_index, version, `close`, volume, vwap,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS valid_from,
  CAST(superseded_at AS TIMESTAMP_LTZ(3)) AS valid_to
FROM bars_daily_lives
WHERE superseded_at IS NULL OR superseded_at > available_at;

CREATE TEMPORARY VIEW panel_bar_blocks AS
SELECT
  symbol, block,
  ARRAY_AGG(ROW(session_index, version, `close`, volume, vwap, event_time, ingested_at,
                valid_from, valid_to)) AS lives
FROM (
  SELECT
    l.symbol,
    (l.session_index - MOD(l.session_index, 64)) / 64 + b.next_block AS block,
    l.session_index, l.version, l.`close`, l.volume, l.vwap, l.event_time, l.ingested_at,
    l.valid_from, l.valid_to
  FROM panel_bar_lives AS l
  CROSS JOIN UNNEST(ARRAY[0, 1]) AS b (next_block)
  WHERE b.next_block = 0 OR MOD(l.session_index, 64) >= 64 - 21
)
GROUP BY symbol, block;

CREATE TEMPORARY VIEW panel_symbol_factors AS
SELECT
  symbol,
  ARRAY_AGG(ROW(ex_date, session_from, CAST(available_at AS TIMESTAMP_LTZ(3)), split_factor,
                total_factor, CAST(ingested_at AS TIMESTAMP_LTZ(3)))) AS factors
FROM gold.adjustment_factors
GROUP BY symbol;

CREATE TEMPORARY VIEW panel_bars AS
SELECT
  j.symbol,
  nyse_session_date(f.session_index) AS session_date,
  f.session_index,
  f.available_at,
  TO_TIMESTAMP_LTZ(f.event_time_ms, 3) AS event_time,
  TO_TIMESTAMP_LTZ(f.ingested_at_ms, 3) AS ingested_at,
  f.`close`, f.volume, f.dollar_volume, f.ret_1d, f.ret_5d, f.ret_21d, f.vol_21d
FROM (
  SELECT b.symbol, b.block, b.lives, s.factors
  FROM panel_bar_blocks AS b
  LEFT JOIN panel_symbol_factors AS s ON b.symbol = s.symbol
) AS j
CROSS JOIN LATERAL TABLE(bar_features(j.block * 64, j.block * 64 + 63, j.lives, j.factors)) AS f;

-- The CIK of the company that traded as the symbol on the session date, as the security master
-- knew it when the bar row became known: an active state with that ticker, known by then, that no
-- state of the same security known by then had followed by the session date (the master is
-- insert-only: a state ends where the next one known begins). A consistent master has one such
-- state; MIN keeps a row unique if it has not.
CREATE TEMPORARY VIEW panel_master_ciks AS
SELECT b.symbol, b.session_index, b.available_at, MIN(CAST(m.cik AS BIGINT)) AS cik
FROM panel_bars AS b
JOIN silver.security_master AS m
  ON m.ticker = b.symbol
WHERE m.vendor = 'polygon'
  AND m.active
  AND m.cik IS NOT NULL
  AND CAST(m.available_at AS TIMESTAMP_LTZ(3)) <= b.available_at
  AND m.valid_from <= b.session_date
  AND NOT EXISTS (
    SELECT 1
    FROM silver.security_master AS n
    WHERE n.vendor = m.vendor
      AND n.security_id = m.security_id
      AND n.valid_from > m.valid_from
      AND n.valid_from <= b.session_date
      AND CAST(n.available_at AS TIMESTAMP_LTZ(3)) <= b.available_at)
GROUP BY b.symbol, b.session_index, b.available_at;

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

-- Each SEC snapshot of gold.fundamentals_pit with the instant it stopped being the newest: the
-- next snapshot's available_at of the same CIK (NULL for the newest). The table is insert-only, so
-- it has no such column; this is its documented as-of rule spelled as an end.
CREATE TEMPORARY VIEW fundamentals_lives AS
SELECT v.*, nxt.superseded_at
FROM (SELECT * FROM gold.fundamentals_pit WHERE vendor = 'sec') AS v
LEFT JOIN (
  SELECT a.cik, a.available_at, MIN(b.available_at) AS superseded_at
  FROM gold.fundamentals_pit AS a
  JOIN gold.fundamentals_pit AS b
    ON a.cik = b.cik AND b.available_at > a.available_at
  WHERE a.vendor = 'sec' AND b.vendor = 'sec'
  GROUP BY a.cik, a.available_at
) AS nxt
  ON v.cik = nxt.cik AND v.available_at = nxt.available_at;

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
FROM fundamentals_lives AS f
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
    b.available_at,
    COALESCE(f.available_at, b.available_at),
    COALESCE(f.decision_at, b.available_at)) AS available_at,
  b.cik,
  f.decision_at,
  b.session_index,
  b.event_time,
  GREATEST(b.ingested_at, COALESCE(f.ingested_at, b.ingested_at)) AS ingested_at,
  b.`close`,
  b.volume,
  b.dollar_volume,
  b.ret_1d,
  b.ret_5d,
  b.ret_21d,
  b.vol_21d,
  b.available_at AS bar_available_at,
  f.available_at AS fundamentals_available_at,
  f.fiscal_quarter_end,
  f.revenue_ttm,
  f.net_income_ttm,
  f.eps_diluted_ttm,
  f.stockholders_equity,
  f.total_assets,
  f.total_liabilities,
  f.shares_outstanding,
  f.revenue_ttm_year_ago,
  f.days_since_filing
FROM (
  SELECT bars.*, COALESCE(m.cik, t.cik) AS cik
  FROM panel_bars AS bars
  LEFT JOIN panel_master_ciks AS m
    ON bars.symbol = m.symbol AND bars.session_index = m.session_index
      AND bars.available_at = m.available_at
  LEFT JOIN symbol_ciks AS t
    ON bars.symbol = t.symbol
) AS b
LEFT JOIN fundamentals_by_session AS f
  ON b.cik = f.cik AND b.session_date = f.session_date;

-- Every key has exactly one row, so each SUM and MAX below is that row's value. The grouping is
-- there for streaming: it gives the changelog the table's key and turns a row that went away into a
-- delete. Integers are summed (exact, constant state); doubles take MAX, since in streaming a key
-- passes through the same row several times before retractions catch up, and x + x + x - x - x is x
-- only up to an ulp, while MAX of the rows still present is x exactly. The ratios are computed after
-- the grouping, from its values.
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
FROM (
  SELECT
    symbol,
    session_date,
    available_at,
    SUM(cik) AS cik,
    MAX(decision_at) AS decision_at,
    SUM(session_index) AS session_index,
    MAX(event_time) AS event_time,
    MAX(ingested_at) AS ingested_at,
    MAX(`close`) AS `close`,
    MAX(volume) AS volume,
    MAX(dollar_volume) AS dollar_volume,
    MAX(ret_1d) AS ret_1d,
    MAX(ret_5d) AS ret_5d,
    MAX(ret_21d) AS ret_21d,
    MAX(vol_21d) AS vol_21d,
    MAX(bar_available_at) AS bar_available_at,
    MAX(fundamentals_available_at) AS fundamentals_available_at,
    MAX(fiscal_quarter_end) AS fiscal_quarter_end,
    MAX(revenue_ttm) AS revenue_ttm,
    MAX(revenue_ttm_year_ago) AS revenue_ttm_year_ago,
    MAX(net_income_ttm) AS net_income_ttm,
    MAX(eps_diluted_ttm) AS eps_diluted_ttm,
    MAX(stockholders_equity) AS stockholders_equity,
    MAX(total_assets) AS total_assets,
    MAX(total_liabilities) AS total_liabilities,
    MAX(shares_outstanding) AS shares_outstanding,
    SUM(days_since_filing) AS days_since_filing
  FROM panel_rows
  GROUP BY symbol, session_date, available_at
);
