-- gold.option_features_daily: every listed option contract priced at each session's close, one row per
-- option ticker x session x knowledge instant (TABLES.md "gold.option_features_daily", docs/options.md
-- "Options data"). Insert-only: a row once written never changes.
--
-- In the contract's own basis: the underlying's raw close of the session (silver.bars_daily, never a
-- price adjusted for later actions) times shares_per_contract / 100, with that day's strike. From it,
-- by the pricing library (io.pitlake.options.pricing, docs/options.md "Options: pricing conventions"):
-- moneyness K/S and ln(K/F), years to expiry (ACT/365 from the session's close, 16:00 New York or
-- 13:00 on an early close), the implied volatility of the option's close by Black-Scholes-Merton on
-- the escrowed-dividend spot (S less the present value of the cash dividends known at the row's
-- instant going ex after the session and on or before expiry, each times the ratio of the splits
-- going ex after the session and on or before its ex date), delta, gamma, vega, theta. European:
-- American early exercise is ignored. Where no IV exists, iv_reason says why (NO_TRADE: listed that
-- day without a bar; EXPIRED: the expiration day, every feature NULL; BELOW_INTRINSIC, ...). stale:
-- fewer than 5 trades that day (Polygon's day bars have no last-trade time, only the trade count n).
--
-- Which terms, bar, close and dividends a row uses are the newest versions known at its available_at:
-- a contract's terms come from its newest listing as of the session or earlier (the chain of D-1 at
-- D's bar, a new series from its first listing), and a row gets a new version at every instant one
-- of them changes value (a revised bar, a dividend declared after the session, new terms). Those
-- are other rows' facts, as SQL joins that retract in streaming, so two pure keyed computations
-- build the rows: io.pitlake.options.OptionBarTerms (view option_bar_terms, per option ticker: each
-- bar with its terms) and io.pitlake.options.OptionFeatureRows (view option_feature_rows, per
-- underlying), each computed once per key from its rows below.

-- Per option ticker, every listing ('listing') and every bar ('bar'). Insert-only: UNION ALL.
CREATE TEMPORARY VIEW option_bar_terms_inputs AS
SELECT
  option_ticker, CAST('listing' AS STRING) AS kind, underlying, as_of AS session_date, version,
  expiration_date, contract_type, strike, shares_per_contract,
  CAST(NULL AS DOUBLE) AS `close`, CAST(NULL AS DOUBLE) AS volume, CAST(NULL AS BIGINT) AS trades,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.option_contracts
UNION ALL
SELECT
  option_ticker, CAST('bar' AS STRING) AS kind, CAST(NULL AS STRING) AS underlying, session_date,
  version, CAST(NULL AS DATE) AS expiration_date, CAST(NULL AS STRING) AS contract_type,
  CAST(NULL AS DOUBLE) AS strike, CAST(NULL AS DOUBLE) AS shares_per_contract,
  `close`, volume, trades,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.option_bars_daily;

-- Per underlying, every bar with its terms ('option'), every version of the underlying's daily bars
-- ('stock') and of its cash dividends and splits ('action': a dividend going ex after a split that
-- follows the session is re-based to the session's shares). Insert-only: projections and UNION ALL.
CREATE TEMPORARY VIEW option_features_inputs AS
SELECT
  underlying, CAST('option' AS STRING) AS kind, option_ticker, session_date, bar_version AS version,
  `close`, volume, trades, expiration_date, contract_type, strike, shares_per_contract,
  CAST(NULL AS STRING) AS action_id, CAST(NULL AS DATE) AS ex_date,
  CAST(NULL AS DOUBLE) AS cash_amount, CAST(NULL AS DOUBLE) AS split_from,
  CAST(NULL AS DOUBLE) AS split_to, available_at, event_time, ingested_at
FROM option_bar_terms
UNION ALL
SELECT
  symbol AS underlying, CAST('stock' AS STRING) AS kind, CAST(NULL AS STRING) AS option_ticker,
  session_date, version, `close`, CAST(NULL AS DOUBLE) AS volume, CAST(NULL AS BIGINT) AS trades,
  CAST(NULL AS DATE) AS expiration_date, CAST(NULL AS STRING) AS contract_type,
  CAST(NULL AS DOUBLE) AS strike, CAST(NULL AS DOUBLE) AS shares_per_contract,
  CAST(NULL AS STRING) AS action_id, CAST(NULL AS DATE) AS ex_date,
  CAST(NULL AS DOUBLE) AS cash_amount, CAST(NULL AS DOUBLE) AS split_from,
  CAST(NULL AS DOUBLE) AS split_to,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.bars_daily
UNION ALL
SELECT
  symbol AS underlying, CAST('action' AS STRING) AS kind, CAST(NULL AS STRING) AS option_ticker,
  CAST(NULL AS DATE) AS session_date, version, CAST(NULL AS DOUBLE) AS `close`,
  CAST(NULL AS DOUBLE) AS volume, CAST(NULL AS BIGINT) AS trades,
  CAST(NULL AS DATE) AS expiration_date, CAST(NULL AS STRING) AS contract_type,
  CAST(NULL AS DOUBLE) AS strike, CAST(NULL AS DOUBLE) AS shares_per_contract,
  action_id, ex_date, cash_amount, split_from, split_to,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.corporate_actions
WHERE vendor = 'polygon'
  AND action_type IN ('forward_split', 'reverse_split', 'cash_dividend')
  AND ex_date IS NOT NULL;

INSERT INTO gold.option_features_daily
SELECT *
FROM option_feature_rows;
